//! `GET /go/{app}`: to the app's configured URL when it works from here and now, otherwise a page that
//! says which channel to use. Only configured URLs are ever redirect targets: never an open redirect.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use preflight_core::channel::route::{GO_TITLE, Intent, UNKNOWN_APP_TEXT, UNKNOWN_APP_TITLE, recommend};
use preflight_core::pages::BACK;

use crate::client::{ClientAccess, ReaderLang};
use crate::html::{Markup, Page, el, join, link, para};
use crate::state::AppState;

pub async fn handler(
    State(state): State<AppState>,
    ClientAccess(access): ClientAccess,
    ReaderLang(lang): ReaderLang,
    Path(id): Path<String>,
) -> Response {
    let app = state.config.app(&id);
    let recommendation = recommend(&state.config, &access, &Intent::App(id.clone()), state.now_timestamp(), None);
    let (Some(app), Ok(recommendation)) = (app, recommendation) else {
        let body = join([para(UNKNOWN_APP_TEXT, lang), el("p", &[], link("/", BACK, lang))]);
        return Page::simple(lang, UNKNOWN_APP_TITLE.get(lang), body).respond(StatusCode::NOT_FOUND);
    };
    if recommendation.usable_here {
        let location = app.url.get_ref().as_str();
        return (StatusCode::SEE_OTHER, [(header::LOCATION, location), (header::CACHE_CONTROL, "no-store")])
            .into_response();
    }
    let advice: Markup =
        recommendation.advice.iter().map(|t| el("p", &[("class", "advice")], Markup::text(t.get(lang)))).collect();
    let body =
        join([el("div", &[("id", "go-explanation"), ("role", "alert")], advice), el("p", &[], link("/", BACK, lang))]);
    let title = GO_TITLE.fill(lang, &[("app", app.name.get(lang))]);
    Page::simple(lang, &title, body).respond(StatusCode::OK)
}
