//! The edge on Cloudflare Workers: the same `preflight_edge::app(state)` Router as the native binary,
//! with Workers' adapters — pages from the `[assets]` binding, the client address from
//! `CF-Connecting-IP`, the deployment config validated and embedded at build time, helpdesk
//! reports in the `REPORTS` KV namespace, the helpdesk token from the `PREFLIGHT_HELPDESK_TOKEN` secret.
//!
//! wasm32 only; `cargo xtask worker` builds it into `edge/build/` for wrangler.
#![cfg(target_arch = "wasm32")]

mod assets;
mod config;
mod reports_kv;

use std::net::IpAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use preflight_edge::{AppState, PeerAddress, app};
use tower::ServiceExt;
use worker::{Context, Env, HttpRequest, console_error, event};

#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Cloudflare sets this header itself on every request that reaches a worker; a client cannot forge it.
const CLIENT_ADDRESS_HEADER: &str = "cf-connecting-ip";

/// Helpdesk reports, written with `expirationTtl` so that KV deletes them when they expire.
const REPORTS_BINDING: &str = "REPORTS";
/// The helpdesk token (`wrangler secret put`), as the native edge's environment variable.
const HELPDESK_TOKEN: &str = "PREFLIGHT_HELPDESK_TOKEN";

thread_local! {
    /// Built on the isolate's first request and kept: the parsed config, the helpdesk token and the
    /// per-client limits (upload and helpdesk attempts), which must outlive a request to limit anything.
    static ISOLATE_STATE: std::cell::OnceCell<AppState> = const { std::cell::OnceCell::new() };
}

/// The isolate's state, with this request's bindings (assets, KV).
fn state_for(env: &Env) -> Result<AppState, preflight_edge::Problem> {
    let assets: Arc<dyn preflight_edge::StaticFiles> = Arc::new(assets::AssetsBinding::from_env(env)?);
    let mut state = match ISOLATE_STATE.with(|cell| cell.get().cloned()) {
        Some(state) => state,
        None => {
            let state = isolate_state(env, assets.clone())?;
            ISOLATE_STATE.with(|cell| cell.get_or_init(|| state.clone()).clone())
        }
    };
    state.static_files = assets;
    match env.kv(REPORTS_BINDING) {
        Ok(kv) => state.reports = Arc::new(reports_kv::KvReportStore::new(kv)),
        Err(e) => console_error!("preflight-edge: no KV namespace {REPORTS_BINDING}, reports stay in memory: {e}"),
    }
    Ok(state)
}

fn isolate_state(env: &Env, assets: Arc<dyn preflight_edge::StaticFiles>) -> Result<AppState, preflight_edge::Problem> {
    let mut state = AppState::with_static_files(config::deployment()?, assets);
    if let Ok(token) = env.secret(HELPDESK_TOKEN).map(|t| t.to_string()) {
        match preflight_core::config::helpdesk::token_problem(&token) {
            None => state = state.with_helpdesk_token(token),
            Some(problem) => console_error!("preflight-edge: {HELPDESK_TOKEN}: {problem}"),
        }
    }
    Ok(state)
}

#[event(fetch)]
async fn fetch(request: HttpRequest, env: Env, _ctx: Context) -> worker::Result<Response> {
    let state = match state_for(&env) {
        Ok(state) => state,
        Err(problem) => return Ok(problem.into_response()),
    };
    let mut request = request.map(Body::new);
    let peer = request.headers().get(CLIENT_ADDRESS_HEADER).and_then(|v| v.to_str().ok()?.parse::<IpAddr>().ok());
    if let Some(address) = peer {
        request.extensions_mut().insert(PeerAddress(address));
    }
    match app(state).oneshot(request).await {
        Ok(response) => Ok(response),
        Err(never) => match never {},
    }
}
