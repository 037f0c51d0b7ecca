//! `GET /api/openapi.json`: the API's OpenAPI 3.1 document. It is generated from core's wire types at
//! build and test time (`contract`, feature `openapi`; `cargo xtask openapi` writes it) and committed
//! as `www/openapi.json`, so neither host carries the generator: both serve the file through
//! [`StaticFiles`](crate::StaticFiles) — the folder natively, the asset store on Workers.

#[cfg(feature = "openapi")]
pub mod contract;
#[cfg(feature = "openapi")]
mod examples;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::problem::Problem;
use crate::state::AppState;

/// Where the document is, in `www/`.
pub const DOCUMENT_PATH: &str = "/openapi.json";

pub async fn document(State(state): State<AppState>) -> Response {
    let Ok(request) = Request::get(DOCUMENT_PATH).body(Body::empty()) else {
        return missing();
    };
    let mut response = state.static_files.serve(request).await;
    if !response.status().is_success() {
        return missing();
    }
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    // It changes with the edge: revalidated on every load, like the widget's files.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

fn missing() -> Response {
    Problem::new(
        StatusCode::NOT_FOUND,
        "This edge was deployed without www/openapi.json: deploy the whole www/ folder (cargo xtask openapi writes it).",
    )
    .into_response()
}

#[cfg(all(test, feature = "openapi"))]
mod tests;
