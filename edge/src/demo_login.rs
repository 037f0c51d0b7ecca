//! `POST /demo/login`: the demo portal's sign-in. It authenticates nobody and never stores or logs
//! what was typed; it sets a demo session cookie (so that logging out has something to wipe) and
//! goes on to the demo portal home.

use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use preflight_core::cookies::DEMO_SESSION;
use serde::Deserialize;

use crate::pages::page;

/// The demo portal's home page, after sign-in.
pub const HOME: &str = "/home.html";
/// The demo session's value: a portal's would be a secret; HttpOnly, so only `Clear-Site-Data` removes it.
const DEMO_SESSION_VALUE: &str = "demo-not-a-secret";

#[derive(Deserialize)]
pub struct DemoLogin {
    agent_id: String,
    password: String,
}

pub async fn handler(form: Result<Form<DemoLogin>, FormRejection>) -> Response {
    if let Err(rejection) = &form
        && rejection.status() == StatusCode::PAYLOAD_TOO_LARGE
    {
        return page(
            StatusCode::PAYLOAD_TOO_LARGE,
            "fr",
            "Formulaire trop volumineux",
            "<p>Le formulaire envoyé est trop volumineux.</p>\n\
             <p lang=\"en\">The form sent is too large.</p>\n<p><a href=\"/\">Retour / Back</a></p>",
        );
    }
    let filled = form.as_ref().is_ok_and(|Form(f)| !f.agent_id.trim().is_empty() && !f.password.is_empty());
    if !filled {
        return page(
            StatusCode::UNPROCESSABLE_ENTITY,
            "fr",
            "Identifiant ou mot de passe manquant",
            "<p>Saisissez votre identifiant agent et votre mot de passe.</p>\n\
             <p lang=\"en\">Enter your agent ID and your password.</p>\n\
             <p><a href=\"/\">Retour / Back</a></p>",
        );
    }
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, HeaderValue::from_static(HOME)),
            crate::cookies::set(&DEMO_SESSION, DEMO_SESSION_VALUE, false),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
    )
        .into_response()
}
