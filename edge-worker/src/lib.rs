//! The edge on Cloudflare Workers: the same `preflight_edge::app(state)` Router as the native binary,
//! with Workers' adapters — pages from the `[assets]` binding, the client address from
//! `CF-Connecting-IP`, the deployment config validated and embedded at build time, helpdesk
//! reports in the `REPORTS` KV namespace, per-client limits through the Rate Limiting bindings, the
//! helpdesk token and the session secret from Workers secrets only, and the friction statistics in
//! the `STATISTICS` D1 database, written once each answer is sent (`statistics_d1`).
//!
//! wasm32 only; `cargo xtask worker` builds it into `edge/build/` for wrangler.
#![cfg(target_arch = "wasm32")]

mod alerts;
mod assets;
mod config;
mod rate_limits;
mod reports_kv;
mod statistics_d1;

use std::net::IpAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use preflight_edge::canary::AlertQueue;
use preflight_edge::reports::store::UnavailableStore;
use preflight_edge::{AppState, PeerAddress, app, helpdesk_from_secrets, secret_problem};
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
/// The secret helpdesk session keys are derived from: every isolate must sign alike.
const SESSION_SECRET: &str = "PREFLIGHT_SESSION_SECRET";

thread_local! {
    /// Built on the isolate's first request and kept: the parsed config, the helpdesk and statistics
    /// tokens, the per-client limits (upload and helpdesk attempts), which must outlive a request to
    /// limit anything, and the statistics' hourly de-duplication (so each isolate de-duplicates alone).
    static ISOLATE_STATE: std::cell::OnceCell<AppState> = const { std::cell::OnceCell::new() };
    /// The clone alerts this isolate's requests made due, delivered after each answer.
    static ALERT_QUEUE: Arc<AlertQueue> = Arc::default();
}

/// The isolate's state, with this request's bindings (assets, KV, D1).
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
    // Without the namespace, uploads fail closed (503 saying why): an isolate's memory is no store.
    state.reports = match env.kv(REPORTS_BINDING) {
        Ok(kv) => Arc::new(reports_kv::KvReportStore::new(kv)),
        Err(e) => {
            console_error!("preflight-edge: no KV namespace {REPORTS_BINDING}: reports are unavailable: {e}");
            Arc::new(UnavailableStore(format!("no KV namespace {REPORTS_BINDING} is bound to the worker")))
        }
    };
    state.statistics_store = statistics_d1::store(env);
    Ok(state)
}

fn isolate_state(env: &Env, assets: Arc<dyn preflight_edge::StaticFiles>) -> Result<AppState, preflight_edge::Problem> {
    let state = AppState::with_static_files(config::deployment()?, assets)
        .with_rate_limits(Arc::new(rate_limits::WorkersRateLimits::from_env(env)))
        .with_alerts(Arc::new(ALERT_QUEUE.with(Arc::clone)));
    // Secrets only: the build leaves any config token out of the bundle. A missing or invalid
    // token or session secret disables the helpdesk, never opens it.
    let secret = |name: &str| env.secret(name).map(|s| s.to_string()).ok();
    let (helpdesk_token, session_secret) = (secret(HELPDESK_TOKEN), secret(SESSION_SECRET));
    let valid_secret = session_secret.as_deref().filter(|s| secret_problem(s).is_none());
    let stats_token =
        statistics_d1::token(secret(statistics_d1::TOKEN_SECRET), helpdesk_token.as_deref(), valid_secret);
    let state = match stats_token {
        Some(token) => state.with_statistics_token(Some(token), valid_secret.unwrap_or_default().as_bytes()),
        None => state.with_statistics_token(None, &[]),
    };
    let (helpdesk, problems) = helpdesk_from_secrets(helpdesk_token, session_secret);
    for problem in problems {
        console_error!("preflight-edge: {problem} ({HELPDESK_TOKEN}, {SESSION_SECRET}): the helpdesk is disabled");
    }
    Ok(match helpdesk {
        Some((token, session_secret)) => state.with_helpdesk(Some(token), session_secret.as_bytes()),
        None => state.with_helpdesk(None, &[]),
    })
}

/// The headers every response carries, as JSON `[[name, value], …]`, for `entry.js` to put on its
/// own 500 answer: read once when the module loads, before any failure. (Pairs, not an object: no
/// `serde_json::Value` in the size-budgeted bundle.)
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn failure_headers() -> String {
    let headers = config::deployment().map(|c| preflight_edge::ResponseHeaders::for_config(&c).as_text());
    serde_json::to_string(&headers.unwrap_or_default()).unwrap_or_else(|_| "[]".to_owned())
}

#[event(fetch)]
async fn fetch(request: HttpRequest, env: Env, ctx: Context) -> worker::Result<Response> {
    let state = match state_for(&env) {
        Ok(state) => state,
        Err(problem) => return Ok(problem.into_response()),
    };
    let mut request = request.map(Body::new);
    let peer = request.headers().get(CLIENT_ADDRESS_HEADER).and_then(|v| v.to_str().ok()?.parse::<IpAddr>().ok());
    if let Some(address) = peer {
        request.extensions_mut().insert(PeerAddress(address));
    }
    let config = state.config.clone();
    let response = match app(state.clone()).oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    // No background loop on Workers: what this answer counted is written once it is sent (the
    // isolate stays up for it; the agent does not wait on D1), and old cells are purged at most once
    // an hour per isolate. A failed write is kept, bounded, for the next answer to try again.
    if state.statistics.has_work(state.now()) {
        ctx.wait_until(async move {
            if let Err(e) = preflight_edge::statistics::write_after_answer(&state).await {
                console_error!("preflight-edge: statistics not written, the next answer retries: {e}");
            }
        });
    }
    // A copy of the login page seen: logged, and the security team's webhook called once the answer
    // is sent (with its retries), as the native edge does from a task of its own.
    let due = ALERT_QUEUE.with(|queue| queue.take());
    if !due.is_empty() {
        for alert in &due {
            console_error!("preflight-edge: a copy of the portal's login page was seen on {}", alert.origin);
        }
        ctx.wait_until(async move { alerts::deliver(&config, due).await });
    }
    Ok(response)
}
