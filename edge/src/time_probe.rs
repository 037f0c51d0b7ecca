//! `GET /api/time`: the edge's timestamps for one NTP-style sample.
//!
//! On Cloudflare Workers `Date.now()` stands still while a request runs (it moves only on I/O), so
//! there t1 = t2 = the request's arrival. That is still a true reading of the edge clock taken
//! between the browser's send (t0) and receive (t3), which is all the estimate needs: the offset
//! θ = ((t1 − t0) + (t2 − t3)) / 2 keeps its error bound δ/2, with δ = t3 − t0 − (t2 − t1) simply the
//! whole round trip. The answer is never cached (`no-store`), on either host.

use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use preflight_core::protocol::TimeProbeResponse;

use crate::canary::RequestOrigin;
use crate::problem::Problem;
use crate::state::AppState;

pub async fn handler(
    State(state): State<AppState>,
    origin: RequestOrigin,
    RawQuery(query): RawQuery,
) -> Result<Response, Problem> {
    let received = (state.clock)();
    crate::canary::observe(&state, origin.as_str());
    if query.is_some_and(|q| !q.is_empty()) {
        return Err(Problem::bad_request("/api/time takes no query parameters: call it as GET /api/time."));
    }
    let body = serde_json::to_string(&TimeProbeResponse::new(received, (state.clock)()))
        .map_err(|e| Problem::new(axum::http::StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    // Never cached: a cached timestamp would look like a skewed clock.
    Ok(([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-store")], body).into_response())
}
