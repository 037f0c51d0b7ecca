//! Request bodies as JSON, read with `serde_json` straight into core's wire types. axum's own `Json`
//! extractor deserializes through a path-tracking copy of every body type's deserializer, which the
//! size-budgeted Workers bundle pays for twice; the answers here are the same: 415 without a JSON
//! content type, 413 past the body limit, 400 for broken JSON, 422 for JSON of the wrong shape.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;

use crate::problem::Problem;

pub struct JsonBody<T>(pub T);

fn is_json(request: &Request) -> bool {
    let Some(content_type) = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = content_type.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence
            .split_once('/')
            .is_some_and(|(kind, sub)| kind.eq_ignore_ascii_case("application") && sub.ends_with("+json"))
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = Problem;

    async fn from_request(request: Request, state: &S) -> Result<Self, Problem> {
        if !is_json(&request) {
            return Err(Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Expected request with `Content-Type: application/json`: send the body as JSON",
            ));
        }
        // `Bytes` honours the Router's body limit (413).
        let bytes = Bytes::from_request(request, state).await.map_err(|e| {
            let limit = crate::app::MAX_BODY_BYTES;
            Problem::new(e.status(), format!("{}: send at most {limit} bytes of JSON", e.body_text()))
        })?;
        serde_json::from_slice(&bytes).map(JsonBody).map_err(|e| {
            let status = match e.classify() {
                serde_json::error::Category::Data => StatusCode::UNPROCESSABLE_ENTITY,
                _ => StatusCode::BAD_REQUEST,
            };
            Problem::new(status, format!("The body is not the JSON this endpoint reads: {e}"))
        })
    }
}
