//! The deployment config on Workers: the `PREFLIGHT_CONFIG` var (TOML text) when set, else the
//! city-portal example embedded at build time. Parsed once per isolate.

use std::cell::OnceCell;

use axum::http::StatusCode;
use preflight_core::config::{CITY_PORTAL_EXAMPLE, DeploymentConfig};
use preflight_edge::Problem;
use worker::{Env, console_error};

const CONFIG_VAR: &str = "PREFLIGHT_CONFIG";

thread_local! {
    static PARSED: OnceCell<Result<DeploymentConfig, String>> = const { OnceCell::new() };
}

/// The config, or the 500 every request gets while it is invalid (the errors are logged once).
pub fn deployment(env: &Env) -> Result<DeploymentConfig, Problem> {
    PARSED
        .with(|cell| {
            cell.get_or_init(|| {
                let text = env.var(CONFIG_VAR).map(|v| v.to_string()).ok();
                let parsed = DeploymentConfig::parse(text.as_deref().unwrap_or(CITY_PORTAL_EXAMPLE));
                parsed.map_err(|errors| {
                    let lines: Vec<String> = errors.0.iter().map(|e| format!("{CONFIG_VAR}:{e}")).collect();
                    let message = format!("invalid config, fix the {CONFIG_VAR} var:\n{}", lines.join("\n"));
                    console_error!("preflight-edge: {message}");
                    message
                })
            })
            .clone()
        })
        .map_err(|_| {
            Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "The edge's config is invalid: see the worker's logs.")
        })
}
