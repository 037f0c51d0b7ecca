//! Errors as `application/problem+json` (RFC 9457): a status, a title, and a detail that says what to do.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use preflight_core::protocol::ProblemDetails;

/// A [`ProblemDetails`] (the wire type) that answers as `application/problem+json`.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem(pub ProblemDetails);

impl Problem {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Problem(ProblemDetails {
            kind: "about:blank".to_owned(),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: detail.into(),
        })
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, detail)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_string(&self.0).unwrap_or_default();
        (status, [(header::CONTENT_TYPE, "application/problem+json"), (header::CACHE_CONTROL, "no-store")], body)
            .into_response()
    }
}

/// Unknown API paths.
pub async fn api_not_found() -> Problem {
    Problem::new(StatusCode::NOT_FOUND, "No such API endpoint. The edge API is described in the README.")
}

/// A known path called with the wrong method.
pub async fn method_not_allowed() -> Problem {
    Problem::new(StatusCode::METHOD_NOT_ALLOWED, "This endpoint does not accept that HTTP method.")
}
