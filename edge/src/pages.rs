//! Static pages from `www/`, and the 404 page for every path that is none.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use preflight_core::i18n::Lang;
use preflight_core::pages::{BACK_TO_SIGN_IN, NOT_FOUND_TEXT, NOT_FOUND_TITLE};

use crate::client::ReaderLang;
use crate::html::{Page, el, join, link, para};
use crate::state::AppState;

/// Any other path: a file from `www/` (or the Workers asset store), revalidated on every load so
/// that a new widget reaches agents at once; unknown files get the 404 page, in the reader's language.
pub async fn static_file(State(state): State<AppState>, ReaderLang(lang): ReaderLang, request: Request) -> Response {
    // `//pkg` would be answered `Location: //pkg/` (a folder gets its slash): another host.
    if !preflight_core::redirects::is_plain_static_path(request.uri().path()) {
        return not_found(lang);
    }
    let widget_asset = crate::security_headers::is_widget_asset(request.uri().path());
    if widget_asset {
        crate::canary::observe(&state, crate::canary::origin_of(request.headers()));
    }
    let mut response = state.static_files.serve(request).await;
    if response.status() == StatusCode::NOT_FOUND {
        return not_found(lang);
    }
    if let Some((name, policy)) =
        widget_asset.then(|| crate::security_headers::widget_asset_policy(&state.config)).flatten()
    {
        response.headers_mut().insert(name, policy);
    }
    response
}

/// `GET /api/openapi.json`: the API's description, the file `www/openapi.json` (`cargo xtask openapi`
/// writes it), served as any other file under its own name, with the request's other headers.
pub async fn api_document(state: State<AppState>, lang: ReaderLang, mut request: Request) -> Response {
    *request.uri_mut() = axum::http::Uri::from_static("/openapi.json");
    static_file(state, lang, request).await
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

/// The 404 page, in the reader's language.
pub fn not_found(lang: Lang) -> Response {
    let body = join([para(NOT_FOUND_TEXT, lang), el("p", &[], link("/", BACK_TO_SIGN_IN, lang))]);
    Page::simple(lang, NOT_FOUND_TITLE.get(lang), body).respond(StatusCode::NOT_FOUND)
}
