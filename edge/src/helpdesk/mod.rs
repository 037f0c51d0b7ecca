//! `/helpdesk`: the viewer. Sign in with the helpdesk token (a session cookie scoped to `/helpdesk`),
//! type the code the agent reads out, see the report at a glance. Every sign-in and lookup counts
//! against the client's limit; without a valid session every page is the same 401 sign-in page,
//! whatever the code.

pub mod gate;
mod view;

use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use preflight_core::report::ShortCode;
use serde::Deserialize;

use crate::client::ClientAddress;
use crate::state::AppState;

fn html(status: StatusCode, page: String) -> Response {
    (status, [(header::CACHE_CONTROL, "no-store")], Html(page)).into_response()
}

fn https(headers: &HeaderMap) -> bool {
    headers.get("x-forwarded-proto").is_some_and(|p| p == "https")
}

fn now(state: &AppState) -> i64 {
    (state.now_ms)() as i64
}

/// The page for a request that may not see reports, if it may not: disabled, or not signed in.
fn refused(state: &AppState, headers: &HeaderMap) -> Option<Response> {
    if !state.helpdesk.enabled() {
        return Some(html(StatusCode::SERVICE_UNAVAILABLE, view::disabled()));
    }
    (!state.helpdesk.signed_in(headers, now(state))).then(|| html(StatusCode::UNAUTHORIZED, view::sign_in(None)))
}

fn too_many() -> Response {
    let page = view::layout(
        "Trop de tentatives",
        "<p role=\"alert\">Trop de tentatives depuis cette adresse : patientez quelques secondes, puis réessayez.</p>\n\
         <p lang=\"en\">Too many attempts from this address: wait a few seconds, then try again.</p>\n\
         <p><a href=\"/helpdesk\">Retour <span lang=\"en\">/ Back</span></a></p>",
    );
    let mut response = html(StatusCode::TOO_MANY_REQUESTS, page);
    response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from_static("2"));
    response
}

pub async fn home(State(state): State<AppState>, headers: HeaderMap) -> Response {
    refused(&state, &headers).unwrap_or_else(|| html(StatusCode::OK, view::home("", None)))
}

#[derive(Deserialize)]
pub struct SignIn {
    token: String,
}

pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    form: Result<Form<SignIn>, FormRejection>,
) -> Response {
    if !state.helpdesk.enabled() {
        return html(StatusCode::SERVICE_UNAVAILABLE, view::disabled());
    }
    if !state.helpdesk.allow(client) {
        return too_many();
    }
    let token = form.map(|Form(f)| f.token).unwrap_or_default();
    match state.helpdesk.token_matches(token.trim()).then(|| state.helpdesk.new_session(now(&state))).flatten() {
        Some(session) => (
            StatusCode::SEE_OTHER,
            [
                (header::LOCATION, "/helpdesk".to_owned()),
                (header::SET_COOKIE, gate::session_cookie(&session, https(&headers))),
            ],
        )
            .into_response(),
        None => html(
            StatusCode::UNAUTHORIZED,
            view::sign_in(Some("Ce jeton n'est pas le bon. / This token is not the right one.")),
        ),
    }
}

pub async fn sign_out() -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, "/helpdesk".to_owned()), (header::SET_COOKIE, gate::cleared_session_cookie())],
    )
        .into_response()
}

#[derive(Deserialize)]
pub struct CodeQuery {
    #[serde(default)]
    code: String,
}

pub async fn report(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    query: Result<Query<CodeQuery>, QueryRejection>,
) -> Response {
    // Counted first: a client without a session gets the same limit and the same page, whatever the code.
    if state.helpdesk.enabled() && !state.helpdesk.allow(client) {
        return too_many();
    }
    if let Some(page) = refused(&state, &headers) {
        return page;
    }
    let typed = query.map(|Query(q)| q.code).unwrap_or_default();
    let code = match ShortCode::parse(&typed) {
        Ok(code) => code,
        Err(e) => return html(StatusCode::BAD_REQUEST, view::home(&typed, Some(&e.to_string()))),
    };
    match state.reports.get(&code, now(&state)).await {
        Ok(Some(report)) => html(StatusCode::OK, view::report(&code, &report)),
        Ok(None) => {
            let days = state.config.helpdesk.report_ttl().in_days();
            let message = format!(
                "Aucun rapport ne porte le code {code} : vérifiez-le avec l'agent ; les rapports sont supprimés après {days} jours. \
                 / No report has this code: check it with the agent; reports are deleted after {days} days."
            );
            html(StatusCode::NOT_FOUND, view::home(&typed, Some(&message)))
        }
        Err(e) => html(StatusCode::SERVICE_UNAVAILABLE, view::home(&typed, Some(&e.to_string()))),
    }
}
