//! Static pages from `www/` and the edge's own small HTML pages (404, demo answers).

use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use tower_http::services::ServeDir;

use crate::state::AppState;

/// `www/` with correct content types (`application/wasm` included), revalidated on every load so
/// that a new widget reaches agents at once; unknown files get the 404 page.
pub fn static_files(state: &AppState) -> ServeDir<tower_http::set_status::SetStatus<axum::routing::MethodRouter>> {
    ServeDir::new(&state.www_dir).not_found_service(axum::routing::any(not_found))
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
