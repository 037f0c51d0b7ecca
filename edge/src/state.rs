use std::sync::Arc;

use preflight_core::config::DeploymentConfig;

use crate::static_files::StaticFiles;

/// What every handler may read. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<DeploymentConfig>,
    /// The static pages and the built widget (`www/` natively, the asset store on Workers).
    pub static_files: Arc<dyn StaticFiles>,
    /// The edge clock in ms since the Unix epoch; replaceable so tests can fix time.
    pub now_ms: fn() -> f64,
}

impl AppState {
    /// The native edge: pages from the `www_dir` folder.
    #[cfg(feature = "native")]
    pub fn new(config: DeploymentConfig, www_dir: std::path::PathBuf) -> Self {
        Self::with_static_files(config, Arc::new(crate::static_files::WwwDir::new(www_dir)))
    }

    /// Any host: pages from wherever it keeps them.
    pub fn with_static_files(config: DeploymentConfig, static_files: Arc<dyn StaticFiles>) -> Self {
        Self { config: Arc::new(config), static_files, now_ms }
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
