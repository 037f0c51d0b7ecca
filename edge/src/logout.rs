//! `GET /logout` wipes the portal's data in the browser and leaves for the configured logout URL;
//! `GET /logged-out` is the confirmation page.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, StatusCode, header};
use axum::response::{IntoResponse, Response};
use preflight_core::i18n::Template;
use preflight_core::logout::{
    BrowserFamily, CLEAR_SITE_DATA, CLEARED, CLOSE_THE_BROWSER, CONFIRM_BUTTON, CONFIRM_QUESTION, CONFIRM_TITLE,
    LOGGED_OUT_TITLE, SAVED_PASSWORD_WARNING, may_wipe_at_once,
};

use crate::pages::page;
use crate::state::AppState;

const CLEAR_SITE_DATA_HEADER: HeaderName = HeaderName::from_static("clear-site-data");

/// The query string is never read: the only destination is the one in the config. Another site's
/// request gets a page with a button instead: submitting it is the portal's own navigation.
pub async fn handler(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if !may_wipe_at_once(site) {
        return confirm_page();
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

pub async fn logged_out(headers: HeaderMap) -> Response {
    let ua = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
    let family = BrowserFamily::from_user_agent(ua);
    let cleared: String = CLEARED.iter().map(|t| format!("<li>{}</li>\n", both(t))).collect();
    let body = format!(
        "<p lang=\"en\" class=\"lead\">{title_en}</p>\n\
         <h2>Effacé de ce navigateur pour le portail <span lang=\"en\">/ Wiped from this browser for the portal</span></h2>\n\
         <ul id=\"cleared\">\n{cleared}</ul>\n\
         <p id=\"close-browser\" class=\"notice\"><strong>{close}</strong></p>\n\
         <h2>Mot de passe enregistré ? <span lang=\"en\">/ Saved password?</span></h2>\n\
         <p>{warning}</p>\n<p id=\"saved-password-advice\">{advice}</p>\n\
         <p><a href=\"/\">Retour à la page de connexion <span lang=\"en\">/ Back to the sign-in page</span></a></p>",
        title_en = escape(LOGGED_OUT_TITLE.en),
        close = both(&CLOSE_THE_BROWSER),
        warning = both(&SAVED_PASSWORD_WARNING),
        advice = both(&family.saved_password_advice()),
    );
    page(StatusCode::OK, "fr", LOGGED_OUT_TITLE.fr, &body)
}

fn confirm_page() -> Response {
    let body = format!(
        "<p lang=\"en\" class=\"lead\">{title_en}</p>\n<p>{question}</p>\n\
         <form method=\"get\" action=\"/logout\">\n<button type=\"submit\" id=\"confirm-logout\">{button}</button>\n</form>\n\
         <p><a href=\"/\">Retour au portail <span lang=\"en\">/ Back to the portal</span></a></p>",
        title_en = escape(CONFIRM_TITLE.en),
        question = both(&CONFIRM_QUESTION),
        button = both(&CONFIRM_BUTTON),
    );
    page(StatusCode::OK, "fr", CONFIRM_TITLE.fr, &body)
}

/// French, then English marked as such for screen readers.
fn both(text: &Template) -> String {
    format!("{} <span lang=\"en\">/ {}</span>", escape(text.fr), escape(text.en))
}

use crate::pages::escape;
