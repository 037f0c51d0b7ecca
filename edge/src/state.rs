use std::sync::Arc;

use preflight_core::config::DeploymentConfig;

use crate::client_limit::ClientLimit;
use crate::helpdesk::gate::HelpdeskGate;
use crate::reports::store::{MemoryStore, ReportStore};
use crate::static_files::StaticFiles;

/// What every handler may read. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<DeploymentConfig>,
    /// The static pages and the built widget (`www/` natively, the asset store on Workers).
    pub static_files: Arc<dyn StaticFiles>,
    /// The edge clock in ms since the Unix epoch; replaceable so tests can fix time.
    pub now_ms: fn() -> f64,
    /// Helpdesk reports: in memory unless the host brings durable storage ([`AppState::with_report_store`]).
    pub reports: Arc<dyn ReportStore>,
    /// The helpdesk token, viewer sessions and the per-client lookup limit.
    pub helpdesk: Arc<HelpdeskGate>,
    /// Report uploads per client, so that nobody fills the store.
    pub uploads: Arc<ClientLimit>,
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
        Self {
            config: Arc::new(config),
            static_files,
            now_ms,
            reports: Arc::new(MemoryStore::default()),
            helpdesk: Arc::new(HelpdeskGate::new(token)),
            uploads: Arc::new(ClientLimit::new(crate::reports::UPLOAD_BURST, crate::reports::UPLOAD_REFILL)),
        }
    }

    pub fn with_report_store(mut self, store: Arc<dyn ReportStore>) -> Self {
        self.reports = store;
        self
    }

    /// The token from the environment wins over the config's.
    pub fn with_helpdesk_token(mut self, token: String) -> Self {
        self.helpdesk = Arc::new(HelpdeskGate::new(Some(token)));
        self
    }

    /// The edge clock as a timestamp, for opening hours.
    pub fn now(&self) -> jiff::Timestamp {
        jiff::Timestamp::from_millisecond((self.now_ms)() as i64).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
    }
}

/// The system clock, with microseconds.
#[cfg(not(target_arch = "wasm32"))]
pub fn now_ms() -> f64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    since_epoch.as_micros() as f64 / 1_000.0
}

/// The host's clock (`Date.now()`): `SystemTime` panics on wasm32. On Workers it stands still
/// during a request; see `time_probe` for why the probe stays correct.
#[cfg(target_arch = "wasm32")]
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
