//! `POST /demo/login`: the demo portal's sign-in. It authenticates nobody and never stores or logs
//! what was typed; it only shows that the form went through.

use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use crate::pages::page;

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
    page(
        StatusCode::OK,
        "fr",
        "Connexion de démonstration",
        "<p id=\"demo-login-result\">La connexion se poursuivrait ici (démonstration : aucun compte n'est vérifié).</p>\n\
         <p lang=\"en\">Sign-in would proceed here (demo: no account is checked).</p>\n\
         <p><a href=\"/\">Retour / Back</a></p>",
    )
}
