//! `GET /logout` wipes the portal's data in the browser and leaves for the configured logout URL;
//! `GET /logged-out` is the confirmation page; both pages in the reader's language.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, StatusCode, header};
use axum::response::{IntoResponse, Response};
use preflight_core::i18n::Lang;
use preflight_core::logout::{
    BACK_TO_PORTAL, BrowserFamily, CLEAR_SITE_DATA, CLEARED, CLEARED_HEADING, CLOSE_THE_BROWSER, CONFIRM_BUTTON,
    CONFIRM_QUESTION, CONFIRM_TITLE, LOGGED_OUT_TITLE, SAVED_PASSWORD_HEADING, SAVED_PASSWORD_WARNING,
    may_wipe_at_once,
};
use preflight_core::pages::BACK_TO_SIGN_IN;

use crate::client::ReaderLang;
use crate::html::{Markup, Page, el, join, link, para};
use crate::state::AppState;

const CLEAR_SITE_DATA_HEADER: HeaderName = HeaderName::from_static("clear-site-data");

/// The query string is never read: the only destination is the one in the config. Another site's
/// request gets a page with a button instead: submitting it is the portal's own navigation.
pub async fn handler(State(state): State<AppState>, ReaderLang(lang): ReaderLang, headers: HeaderMap) -> Response {
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if !may_wipe_at_once(site) {
        return confirm_page(lang);
    }
    let location = state.config.shared_workstation.logout_url().to_owned();
    (
        StatusCode::SEE_OTHER,
        [
            (CLEAR_SITE_DATA_HEADER, CLEAR_SITE_DATA.to_owned()),
            (header::LOCATION, location),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
    )
        .into_response()
}

pub async fn logged_out(ReaderLang(lang): ReaderLang, headers: HeaderMap) -> Response {
    let ua = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
    let family = BrowserFamily::from_user_agent(ua);
    let cleared: Markup = CLEARED.iter().map(|t| el("li", &[], Markup::words(*t, lang))).collect();
    let body = join([
        el("h2", &[], Markup::words(CLEARED_HEADING, lang)),
        el("ul", &[("id", "cleared")], cleared),
        el(
            "p",
            &[("id", "close-browser"), ("class", "notice")],
            el("strong", &[], Markup::words(CLOSE_THE_BROWSER, lang)),
        ),
        el("h2", &[], Markup::words(SAVED_PASSWORD_HEADING, lang)),
        para(SAVED_PASSWORD_WARNING, lang),
        el("p", &[("id", "saved-password-advice")], Markup::words(family.saved_password_advice(), lang)),
        el("p", &[], link("/", BACK_TO_SIGN_IN, lang)),
    ]);
    Page::simple(lang, LOGGED_OUT_TITLE.get(lang), body).respond(StatusCode::OK)
}

fn confirm_page(lang: Lang) -> Response {
    let button = el("button", &[("type", "submit"), ("id", "confirm-logout")], Markup::words(CONFIRM_BUTTON, lang));
    let body = join([
        para(CONFIRM_QUESTION, lang),
        el("form", &[("method", "get"), ("action", "/logout")], button),
        el("p", &[], link("/", BACK_TO_PORTAL, lang)),
    ]);
    Page::simple(lang, CONFIRM_TITLE.get(lang), body).respond(StatusCode::OK)
}
