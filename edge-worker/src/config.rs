//! The deployment config on Workers: validated and turned into JSON at build time (`build.rs`, from
//! the `PREFLIGHT_CONFIG` file or the city-portal example; values only, see `Spanned`), read here
//! once per isolate.

use std::cell::OnceCell;

use axum::http::StatusCode;
use preflight_core::config::DeploymentConfig;
use preflight_edge::Problem;
use worker::console_error;

const CONFIG_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/config.json"));

thread_local! {
    static PARSED: OnceCell<Option<DeploymentConfig>> = const { OnceCell::new() };
}

/// The config, or a 500 if the embedded JSON does not read back (a build bug: it was written from
/// the same types; the error is logged once).
pub fn deployment() -> Result<DeploymentConfig, Problem> {
    PARSED
        .with(|cell| {
            cell.get_or_init(|| {
                serde_json::from_str(CONFIG_JSON)
                    .map_err(|e| console_error!("preflight-edge: the embedded config does not read back: {e}"))
                    .ok()
            })
            .clone()
        })
        .ok_or_else(|| {
            Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "The edge's config is unreadable: see the worker's logs.")
        })
}
