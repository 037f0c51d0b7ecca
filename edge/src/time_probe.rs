//! `GET /api/time`: the edge's timestamps for one NTP-style sample.

use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use preflight_core::protocol::TimeProbeResponse;

use crate::problem::Problem;
use crate::state::AppState;

pub async fn handler(State(state): State<AppState>, RawQuery(query): RawQuery) -> Result<Response, Problem> {
    let received = (state.now_ms)();
    if query.is_some_and(|q| !q.is_empty()) {
        return Err(Problem::bad_request("/api/time takes no query parameters: call it as GET /api/time."));
    }
    let body = serde_json::to_string(&TimeProbeResponse::new(received, (state.now_ms)()))
        .map_err(|e| Problem::new(axum::http::StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    // Never cached: a cached timestamp would look like a skewed clock.
    Ok(([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-store")], body).into_response())
}
