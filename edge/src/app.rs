//! The Router: every route of the edge, in one place.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Method, header};
use axum::routing::{any, get, post};
use tower::ServiceBuilder;
use tower_http::cors::CorsLayer;

use crate::problem;
use crate::state::AppState;
use crate::{
    access_panel, browser_check, canary, check_page, go_to_app, health, helpdesk, logout, pages, reports, route_advice,
    security_headers, session_hints, time_probe,
};

/// Requests carry observations and forms, never files: anything larger is refused.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

pub fn app(state: AppState) -> Router {
    let router = routes(&state);
    // What wraps every answer wraps the Router once, as a service: `Router::layer` would box every
    // route once more, and a route's boxes are cloned on every request (they once cost a third of
    // `/api/time`, then a tenth).
    let outer = ServiceBuilder::new().layer(security_headers::layer(&state.config));
    // Where panics unwind (native), a failed request is a 500 and the edge keeps serving. Where they
    // abort (wasm32), the host answers for it: see edge-worker/entry.js.
    #[cfg(panic = "unwind")]
    let outer = outer.layer(tower_http::catch_panic::CatchPanicLayer::custom(|_| {
        use axum::response::IntoResponse;
        problem::Problem::new(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            "The edge failed on this request; it keeps serving.",
        )
        .into_response()
    }));
    // The request line (native; Workers has its own logs) sees every answer, fallbacks included.
    #[cfg(feature = "native")]
    let outer = outer.layer(crate::logs::RequestLine::new(state.clone()));
    let routes = router.with_state(state);
    Router::new().fallback_service(outer.layer(DefaultBodyLimit::max(MAX_BODY_BYTES)).service(routes))
}

/// Every route, each with what only it needs (CORS on the API, its route template for the log),
/// and the fallbacks: the 404 page, or a problem under `/api`.
pub(crate) fn routes(state: &AppState) -> Router<AppState> {
    // The API's routes carry their full paths and are merged, not nested: a nested route is boxed once
    // more (prefix stripping), and axum clones a route's boxes on every request.
    let api = Router::new()
        .route("/api/time", get(time_probe::handler))
        .route("/api/route", get(route_advice::handler))
        .route("/api/access", get(access_panel::handler))
        .route("/api/check", post(browser_check::handler))
        .route("/api/check-plan", get(browser_check::check_plan))
        .route("/api/clear-cache", post(browser_check::clear_cache))
        .route("/api/intents", get(route_advice::choices))
        .route("/api/session-hints", get(session_hints::handler))
        .route("/api/reports", post(reports::upload))
        .route("/api/reports/{code}", get(reports::lookup))
        .route(
            "/api/canary",
            post(canary::beacon).layer(DefaultBodyLimit::max(preflight_core::canary::MAX_ORIGIN_CHARS)),
        )
        .route("/api/openapi.json", get(pages::api_document))
        // Unknown API paths get a problem, not the 404 page.
        .route("/api", any(problem::api_not_found))
        .route("/api/{*rest}", any(problem::api_not_found));
    let api = api.method_not_allowed_fallback(problem::method_not_allowed).layer(cors(state));

    let router = Router::new()
        .merge(api)
        .route("/healthz", get(health::handler))
        .route("/go/{app}", get(go_to_app::handler))
        .route("/check", get(check_page::page))
        .route("/check/qr.svg", get(check_page::qr))
        .route("/helpdesk", get(helpdesk::home))
        .route("/helpdesk/sign-in", post(helpdesk::sign_in))
        .route("/helpdesk/sign-out", post(helpdesk::sign_out))
        .route("/helpdesk/report", get(helpdesk::report))
        .route("/logout", get(logout::handler))
        .route("/logged-out", get(logout::logged_out));
    // The demo portal's stand-in sign-in: only in a `demo` build, never in a deployed edge.
    #[cfg(feature = "demo")]
    let router = router.route("/demo/login", post(crate::demo_login::handler));
    // The statistics page, on both hosts (natively from SQLite, on Workers from D1).
    let router = router
        .route("/stats", get(crate::stats_page::page))
        .route("/stats/cells.csv", get(crate::stats_page::export))
        .route("/stats/sign-in", post(crate::stats_page::sign_in))
        .route("/stats/sign-out", post(crate::stats_page::sign_out));
    // Each request's route template, for its request line.
    #[cfg(feature = "native")]
    let router = router.route("/metrics", get(crate::metrics::prometheus::handler)).route_layer(crate::logs::MarkRoute);
    router.method_not_allowed_fallback(problem::method_not_allowed).fallback(pages::static_file)
}

/// Portal pages on other origins listed in the config may call the API; nobody else.
fn cors(state: &AppState) -> CorsLayer {
    let origins: Vec<HeaderValue> = state.config.cors_origins().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    // An answer varies on `Origin` only where origins are listed (it then names the caller's); the
    // methods and headers a preflight allows are fixed, so nothing varies on what it asks.
    let vary = if origins.is_empty() { vec![] } else { vec![header::ORIGIN] };
    // JSON bodies (the check, reports) make the browser ask first for `content-type`.
    CorsLayer::new()
        .allow_origin(origins)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE])
        .vary(vary)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod report_tests;
