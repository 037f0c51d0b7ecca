//! `POST /demo/login`: the demo portal's sign-in. It authenticates nobody and never stores or logs
//! what was typed; it sets a demo session cookie (so that logging out has something to wipe) and
//! goes on to the demo portal home.

use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use preflight_core::cookies::DEMO_SESSION;
use preflight_core::i18n::{Lang, Template};
use preflight_core::pages::{
    BACK, CREDENTIALS_MISSING_TEXT, CREDENTIALS_MISSING_TITLE, FORM_TOO_LARGE_TEXT, FORM_TOO_LARGE_TITLE,
};
use serde::Deserialize;

use crate::client::ReaderLang;
use crate::html::{Page, el, join, link, para};

/// The demo portal's home page, after sign-in: French, and its English twin (the English login page,
/// `/en.html`, posts to `/demo/login?lang=en`).
pub const HOME: &str = "/home.html";
pub const HOME_EN: &str = "/home-en.html";
/// The demo session's value: a portal's would be a secret; HttpOnly, so only `Clear-Site-Data` removes it.
const DEMO_SESSION_VALUE: &str = "demo-not-a-secret";

#[derive(Deserialize)]
pub struct DemoLogin {
    agent_id: String,
    password: String,
}

pub async fn handler(ReaderLang(lang): ReaderLang, form: Result<Form<DemoLogin>, FormRejection>) -> Response {
    if let Err(rejection) = &form
        && rejection.status() == StatusCode::PAYLOAD_TOO_LARGE
    {
        return refusal(StatusCode::PAYLOAD_TOO_LARGE, lang, FORM_TOO_LARGE_TITLE, FORM_TOO_LARGE_TEXT);
    }
    let filled = form.as_ref().is_ok_and(|Form(f)| !f.agent_id.trim().is_empty() && !f.password.is_empty());
    if !filled {
        return refusal(StatusCode::UNPROCESSABLE_ENTITY, lang, CREDENTIALS_MISSING_TITLE, CREDENTIALS_MISSING_TEXT);
    }
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, HeaderValue::from_static(if lang == Lang::En { HOME_EN } else { HOME })),
            crate::cookies::set(&DEMO_SESSION, DEMO_SESSION_VALUE, false),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
    )
        .into_response()
}

/// A page that says why the form was not taken, and a link back to it.
fn refusal(status: StatusCode, lang: Lang, title: Template, text: Template) -> Response {
    let body = join([para(text, lang), el("p", &[], link("/", BACK, lang))]);
    Page::simple(lang, title.get(lang), body).respond(status)
}
