use std::sync::Arc;

use preflight_core::config::DeploymentConfig;
use preflight_core::time::UnixMs;

use crate::helpdesk::gate::{HelpdeskGate, SessionKey};
use crate::rate_limits::RateLimits;
use crate::reports::store::{ReportStore, StoreQuota};
use crate::static_files::StaticFiles;

/// What every handler may read. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<DeploymentConfig>,
    /// The static pages and the built widget (`www/` natively, the asset store on Workers).
    pub static_files: Arc<dyn StaticFiles>,
    /// The edge clock's reading in ms since the Unix epoch, fractional (the time probe keeps the
    /// microseconds); everything else reads [`AppState::now`]. Replaceable so tests can fix time.
    pub clock: fn() -> f64,
    /// Helpdesk reports: in memory unless the host brings durable storage ([`AppState::with_report_store`]).
    pub reports: Arc<dyn ReportStore>,
    /// The helpdesk token and the key of viewer sessions.
    pub helpdesk: Arc<HelpdeskGate>,
    /// Per-client budgets (uploads, helpdesk attempts): in memory natively, the platform's on Workers.
    pub rate_limits: Arc<dyn RateLimits>,
    /// Who else may read `GET /metrics` (native): whoever sends this bearer token.
    pub metrics_token: Option<Arc<str>>,
    /// The statistics page's token and sessions (`/stats`), apart from the helpdesk's.
    pub statistics_gate: Arc<HelpdeskGate>,
    /// The friction statistics' de-duplication and pending counts (memory only).
    pub statistics: Arc<crate::statistics::Recorder>,
    /// Where statistics cells are kept: in memory natively unless the host brings a store (SQLite);
    /// none on wasm until the host brings one (D1).
    pub statistics_store: Arc<dyn crate::statistics::store::StatisticsStore>,
    /// The phishing-clone canary's sightings, where they are kept, and where alerts go.
    pub canary: Arc<crate::canary::Canary>,
    pub clone_store: Arc<dyn crate::canary::CloneStore>,
    pub alerts: Arc<dyn crate::canary::AlertSink>,
}

impl AppState {
    /// The native edge: pages from the `www_dir` folder.
    #[cfg(feature = "native")]
    pub fn new(config: DeploymentConfig, www_dir: std::path::PathBuf) -> Self {
        Self::with_static_files(config, Arc::new(crate::static_files::WwwDir::new(www_dir)))
    }

    /// Any host: pages from wherever it keeps them; the config's helpdesk token, if any (see
    /// [`AppState::with_helpdesk_token`]); reports in memory until [`AppState::with_report_store`].
    pub fn with_static_files(config: DeploymentConfig, static_files: Arc<dyn StaticFiles>) -> Self {
        let token = config.helpdesk.config_token().map(str::to_owned);
        // Until the host gives its server secret, sessions are signed with a key of this process
        // alone; without randomness there is no key, and no helpdesk.
        let mut secret = [0; 32];
        let helpdesk = match getrandom::fill(&mut secret) {
            Ok(()) => HelpdeskGate::new(token, SessionKey::derive(&secret)),
            Err(_) => HelpdeskGate::new(None, SessionKey::derive(&secret)),
        };
        Self {
            canary: Arc::new(crate::canary::Canary::new(&config)),
            clone_store: Arc::new(crate::canary::MemoryClones),
            alerts: crate::canary::default_alerts(&config),
            config: Arc::new(config),
            static_files,
            clock: read_clock,
            reports: default_store(),
            helpdesk: Arc::new(helpdesk),
            rate_limits: default_rate_limits(),
            metrics_token: None,
            statistics: Arc::default(),
            statistics_gate: Arc::new(HelpdeskGate::for_statistics(None, SessionKey::derive(&secret))),
            statistics_store: default_statistics_store(),
        }
    }

    /// The statistics page's token (`None` disables it) and the server secret its sessions' key is
    /// derived from.
    pub fn with_statistics_token(mut self, token: Option<String>, server_secret: &[u8]) -> Self {
        self.statistics_gate = Arc::new(HelpdeskGate::for_statistics(token, SessionKey::derive(server_secret)));
        self
    }

    pub fn with_statistics_store(mut self, store: Arc<dyn crate::statistics::store::StatisticsStore>) -> Self {
        self.statistics_store = store;
        self
    }

    pub fn with_clone_store(mut self, store: Arc<dyn crate::canary::CloneStore>) -> Self {
        self.clone_store = store;
        self
    }

    pub fn with_alerts(mut self, alerts: Arc<dyn crate::canary::AlertSink>) -> Self {
        self.alerts = alerts;
        self
    }

    pub fn with_report_store(mut self, store: Arc<dyn ReportStore>) -> Self {
        self.reports = store;
        self
    }

    /// The helpdesk's token (`None` disables the viewer) and the server secret its sessions' key is
    /// derived from. The token from the environment wins over the config's.
    pub fn with_helpdesk(mut self, token: Option<String>, server_secret: &[u8]) -> Self {
        self.helpdesk = Arc::new(HelpdeskGate::new(token, SessionKey::derive(server_secret)));
        self
    }

    /// The config's helpdesk token, if any (hosts that read theirs elsewhere ignore it).
    pub fn config_helpdesk_token(&self) -> Option<String> {
        self.config.helpdesk.config_token().map(str::to_owned)
    }

    pub fn with_metrics_token(mut self, token: Option<String>) -> Self {
        self.metrics_token = token.map(Arc::from);
        self
    }

    pub fn with_rate_limits(mut self, limits: Arc<dyn RateLimits>) -> Self {
        self.rate_limits = limits;
        self
    }

    /// How much the report store may hold, from `[limits]`.
    pub fn store_quota(&self) -> StoreQuota {
        let limits = &self.config.limits;
        StoreQuota { max_reports: limits.max_stored_reports(), max_bytes: limits.max_store_bytes() }
    }

    /// The edge clock's instant: what reports, sessions and checks are stamped with.
    pub fn now(&self) -> UnixMs {
        UnixMs::from_clock_reading((self.clock)())
    }

    /// The edge clock for calendars: opening hours in the sites' time zone.
    pub fn now_timestamp(&self) -> jiff::Timestamp {
        self.now().timestamp().unwrap_or(jiff::Timestamp::UNIX_EPOCH)
    }
}

/// Reports in memory natively (tests; the binary brings SQLite). A wasm host always brings its own
/// store (KV, or one that says why there is none), so it carries no memory store.
fn default_store() -> Arc<dyn ReportStore> {
    #[cfg(feature = "native")]
    return Arc::new(crate::reports::store::MemoryStore::default());
    #[cfg(not(feature = "native"))]
    Arc::new(crate::reports::store::UnavailableStore("this host has set no report store".to_owned()))
}

/// Cells in memory natively (tests; the binary brings SQLite); a wasm host brings D1, or says why not.
fn default_statistics_store() -> Arc<dyn crate::statistics::store::StatisticsStore> {
    #[cfg(feature = "native")]
    return Arc::new(crate::statistics::store::MemoryStatistics::default());
    #[cfg(not(feature = "native"))]
    Arc::new(crate::statistics::store::NoStatistics("this host has set no statistics store".to_owned()))
}

/// Token buckets natively; fixed windows elsewhere, lighter for the Workers bundle (whose host
/// brings the platform's limits anyway).
fn default_rate_limits() -> Arc<dyn RateLimits> {
    #[cfg(feature = "native")]
    return Arc::new(crate::rate_limits::InMemoryRateLimits::default());
    #[cfg(not(feature = "native"))]
    Arc::new(crate::rate_limits::FixedWindowRateLimits::default())
}

/// The system clock, with microseconds.
#[cfg(not(target_arch = "wasm32"))]
pub fn read_clock() -> f64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    since_epoch.as_micros() as f64 / 1_000.0
}

/// The host's clock (`Date.now()`): `SystemTime` panics on wasm32. On Workers it stands still
/// during a request; see `time_probe` for why the probe stays correct.
#[cfg(target_arch = "wasm32")]
pub fn read_clock() -> f64 {
    js_sys::Date::now()
}
