//! Static pages from `www/` and the edge's own small HTML pages (404, demo answers).

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use crate::state::AppState;

/// Any other path: a file from `www/` (or the Workers asset store), revalidated on every load so
/// that a new widget reaches agents at once; unknown files get the 404 page.
pub async fn static_file(State(state): State<AppState>, request: Request) -> Response {
    // `//pkg` would be answered `Location: //pkg/` (a folder gets its slash): another host.
    if !preflight_core::redirects::is_plain_static_path(request.uri().path()) {
        return not_found().await;
    }
    let widget_asset = crate::security_headers::is_widget_asset(request.uri().path());
    let mut response = state.static_files.serve(request).await;
    if let Some((name, policy)) =
        widget_asset.then(|| crate::security_headers::widget_asset_policy(&state.config)).flatten()
    {
        response.headers_mut().insert(name, policy);
    }
    response
}

/// A file from `www/` as text (the folder natively, the asset store on Workers), for the pages the
/// edge fills in (`/check`).
pub async fn www_text(state: &AppState, path: &'static str) -> Option<String> {
    let request = Request::get(path).body(axum::body::Body::empty()).ok()?;
    let response = state.static_files.serve(request).await;
    if !response.status().is_success() {
        return None;
    }
    let bytes = axum::body::to_bytes(response.into_body(), 1024 * 1024).await.ok()?;
    String::from_utf8(bytes.to_vec()).ok()
}

/// A page in the portal's look, with no inline script or style (the CSP forbids them).
pub fn page(status: StatusCode, lang: &str, title: &str, body_html: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<link rel=\"icon\" href=\"/favicon.svg\">\n<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n\
         <body>\n<main class=\"card\">\n<h1>{title}</h1>\n{body_html}\n</main>\n</body>\n</html>\n"
    );
    (status, [(header::CACHE_CONTROL, "no-store")], Html(html)).into_response()
}

pub async fn not_found() -> Response {
    page(
        StatusCode::NOT_FOUND,
        "fr",
        "Page introuvable",
        "<p>Cette adresse n'existe pas sur le portail.</p>\n\
         <p lang=\"en\">This address does not exist on the portal.</p>\n\
         <p><a href=\"/\">Retour à la page de connexion / Back to the sign-in page</a></p>",
    )
}

/// Text for HTML: config values (app names, contacts) go through this before reaching a page.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
