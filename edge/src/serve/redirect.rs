//! The plain-HTTP listener beside TLS (`--redirect-http ADDR`): every request is sent, with a
//! `308`, to the same path on the configured public origin (`redirects::on_public_origin`), and
//! nothing else is served there.

use axum::Router;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

/// The redirecting Router for `public_url` (an `https://` origin, checked at start-up).
pub fn router(public_url: String) -> Router {
    Router::new().fallback(move |uri: Uri| {
        let public_url = public_url.clone();
        async move { redirect(&public_url, &uri) }
    })
}

fn redirect(public_url: &str, uri: &Uri) -> Response {
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let location = preflight_core::redirects::on_public_origin(public_url, path);
    match HeaderValue::try_from(location) {
        Ok(location) => (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, location)]).into_response(),
        Err(_) => StatusCode::BAD_REQUEST.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower::ServiceExt;

    #[tokio::test]
    async fn every_request_goes_to_the_public_origin_whatever_its_host() {
        let request = axum::http::Request::get("/check?ticket=INC-1")
            .header(header::HOST, "evil.example")
            .body(axum::body::Body::empty())
            .unwrap();
        let response = router("https://edge.example.fr".into()).oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::PERMANENT_REDIRECT);
        assert_eq!(response.headers()[header::LOCATION], "https://edge.example.fr/check?ticket=INC-1");
    }
}
