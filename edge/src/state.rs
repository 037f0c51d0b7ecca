use std::path::PathBuf;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use preflight_core::config::DeploymentConfig;

/// What every handler may read. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<DeploymentConfig>,
    /// The static pages and the built widget (`www/`).
    pub www_dir: PathBuf,
    /// The edge clock in ms since the Unix epoch; replaceable so tests can fix time.
    pub now_ms: fn() -> f64,
}

impl AppState {
    pub fn new(config: DeploymentConfig, www_dir: PathBuf) -> Self {
        Self { config: Arc::new(config), www_dir, now_ms }
    }
}

impl AppState {
    /// The edge clock as a timestamp, for opening hours.
    pub fn now(&self) -> jiff::Timestamp {
        jiff::Timestamp::from_millisecond((self.now_ms)() as i64).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
    }
}

/// The system clock, with microseconds.
pub fn now_ms() -> f64 {
    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    since_epoch.as_micros() as f64 / 1_000.0
}
