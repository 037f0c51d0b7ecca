//! The native edge's logs: start-up lines (versions, config summary, listener, store) and one line
//! per request — method, route template, status, latency and access class. Human-readable by
//! default, JSON lines with `--log-format json`, on stderr (stdout's first line is the listener,
//! for scripts).
//!
//! What a line never holds: an address, a user agent, a cookie, a ticket, an agent ID, a report
//! code, a token. Requests are logged by their route *template* (`/api/reports/{code}`), never by
//! their path or query, and the client by its access class only. Workers logs through its own
//! platform (Logpush, `wrangler tail`), so none of this is in the Workers build.

use std::time::Instant;

use axum::extract::{FromRequestParts, MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::client::ClientAccess;
use crate::state::AppState;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One readable line per event.
    Human,
    /// One JSON object per line, for a log collector.
    Json,
}

/// Sends the edge's events to stderr in `format`, at info level and above.
pub fn init(format: LogFormat) {
    let colours = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing::Level::INFO)
        .with_ansi(colours && format == LogFormat::Human);
    let installed = match format {
        LogFormat::Human => builder.with_target(false).try_init(),
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(false).try_init(),
    };
    // A second `init` (tests) keeps the first subscriber.
    drop(installed);
}

/// The route a request matched, carried out of the Router on the response (the request line is
/// written outside it, where the matched route is no longer known).
#[derive(Clone, Debug)]
pub struct RouteTemplate(pub MatchedPath);

/// Marks each response with the route template it came from: a `route_layer`, which runs once a
/// route has matched.
pub async fn mark_route(matched: Option<MatchedPath>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if let Some(matched) = matched {
        response.extensions_mut().insert(RouteTemplate(matched));
    }
    response
}

/// Writes the request line once the answer is ready (the body streams on afterwards).
pub async fn request_line(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let (mut parts, body) = request.into_parts();
    let Ok(ClientAccess(access)) = ClientAccess::from_request_parts(&mut parts, &state).await;
    let method = parts.method.clone();
    let response = next.run(Request::from_parts(parts, body)).await;
    let route = route_label(&response);
    crate::metrics::prometheus::get().count_request(route, &method, response.status(), access.class, started.elapsed());
    tracing::info!(
        target: "preflight_edge::request",
        method = method.as_str(),
        route,
        status = response.status().as_u16(),
        latency_ms = (started.elapsed().as_secs_f64() * 10_000.0).round() / 10.0,
        access = access.class.as_str(),
        "answered"
    );
    response
}

/// The matched route's template; a fixed name for everything the Router answers by its fallbacks
/// (static files, 404s), whose paths are not logged.
pub fn route_label(response: &Response) -> &str {
    match response.extensions().get::<RouteTemplate>() {
        Some(RouteTemplate(matched)) => matched.as_str(),
        None => "(static files)",
    }
}
