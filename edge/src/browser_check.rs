//! `POST /api/check`: the browser's observations in, findings out — computed by `core::checks`,
//! with what only the edge sees (Cookie header size, the test cookie's return, deployed version).
//! `GET /api/check-plan` starts a check: it sets the test cookie that the check looks for and says
//! which hosts to probe. `POST /api/clear-cache` is the edge's part of the Repair button.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use preflight_core::checks::{BrowserObservations, EdgeObservations, evaluate, wants_sample};
use preflight_core::cookies::TEST_COOKIE;
use preflight_core::finding::most_important_index;
use preflight_core::protocol::{CheckAnswer, CheckPlan, PROTOCOL_VERSION};

use crate::client::{ClientAccess, ClientAddress};
use crate::json_body::JsonBody;
use crate::problem::Problem;
use crate::session_hints;
use crate::state::AppState;

pub async fn handler(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    ClientAccess(access): ClientAccess,
    headers: HeaderMap,
    body: Result<JsonBody<BrowserObservations>, Problem>,
) -> Result<Response, Problem> {
    crate::canary::observe(&state, crate::canary::origin_of(&headers));
    let JsonBody(browser) = body?;
    // Bounded and printable, probes only of the config's hosts: the answer stays a page's size.
    let probe_urls: Vec<&str> = state.config.probe_urls().collect();
    browser.validate(&probe_urls).map_err(|e| Problem::bad_request(e.to_string()))?;
    let test_cookie_came_back = crate::cookies::values(&headers, &TEST_COOKIE).any(|v| v == "1");
    let mut edge = edge_observations(&state, &headers);
    // The stamp a `sent` clock is judged against, handed back so the widget can judge it too.
    let received = edge.now.as_clock_reading();
    edge.test_cookie_returned = browser.cookie_probe.then_some(test_cookie_came_back);
    let session = session_hints::answer(&state, address, &access, &headers);
    let findings = evaluate(&browser, &edge);
    let wants_sample = wants_sample(&browser, &edge);
    for finding in &findings {
        crate::metrics::count_finding(finding.code, access.class);
    }
    let top = most_important_index(&findings).unwrap_or_default();
    if let Some(shown) = findings.get(top) {
        crate::statistics::record_check(&state, address, &access, &headers, shown.code);
    }
    let (t1, t2) = (received, (state.clock)());
    let answer = Json(CheckAnswer { v: PROTOCOL_VERSION, findings, top, session, t1, t2, wants_sample });
    // The test cookie has done its job: remove it.
    let expire = crate::cookies::clear(&TEST_COOKIE, state.config.served_over_https());
    Ok(([expire, (header::CACHE_CONTROL, HeaderValue::from_static("no-store"))], answer).into_response())
}

/// What only the edge sees: shared by browser checks and helpdesk reports (which
/// carry no test cookie: their `test_cookie_returned` is `None`).
pub(crate) fn edge_observations(state: &AppState, headers: &HeaderMap) -> EdgeObservations {
    EdgeObservations {
        deployed_version: state.config.portal_version().to_owned(),
        cookie_header_bytes: crate::cookies::header_bytes(headers),
        test_cookie_returned: None,
        portal_service_worker: state.config.portal.service_worker.clone(),
        probe_names: state.config.probe_hosts.iter().map(|h| (h.url.get_ref().clone(), h.name.clone())).collect(),
        os: crate::access_panel::device_facts(headers, None).os,
        certificate_windows: state.config.certificate_windows(),
        now: state.now(),
    }
}

/// Sets the short-lived test cookie (`Secure` when the edge's public URL is HTTPS), lists the hosts
/// to probe, and stamps the exchange for the check page's clock.
pub async fn check_plan(State(state): State<AppState>) -> Response {
    let t1 = (state.clock)();
    let cookie = crate::cookies::set(&TEST_COOKIE, "1", state.config.served_over_https());
    let probes = state.config.probe_urls().map(str::to_owned).collect();
    let plan = CheckPlan { v: PROTOCOL_VERSION, probes, t1, t2: (state.clock)() };
    ([cookie, (header::CACHE_CONTROL, HeaderValue::from_static("no-store"))], Json(plan)).into_response()
}

/// Empties the browser's HTTP cache for this origin (and nothing else of the browser): the last step
/// of Repair before the reload.
pub async fn clear_cache() -> impl IntoResponse {
    (
        axum::http::StatusCode::NO_CONTENT,
        [(HeaderName::from_static("clear-site-data"), "\"cache\""), (header::CACHE_CONTROL, "no-store")],
    )
}
