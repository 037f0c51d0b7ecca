//! `/helpdesk`: the viewer. Sign in with the helpdesk token (a session cookie scoped to `/helpdesk`),
//! type the code the agent reads out, see the report at a glance. Every sign-in and lookup counts
//! against the client's limit; without a valid session every page is the same 401 sign-in page,
//! whatever the code.

pub mod gate;
mod view;

use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gate::{Session, TokenForm};
use preflight_core::i18n::Lang;
use preflight_core::rate_limits::Limit;
use preflight_core::report::ShortCode;
use preflight_core::report::viewer::{SIGN_OUT_FAILED, STORE_UNAVAILABLE, WRONG_TOKEN};
use preflight_core::time::UnixMs;
use serde::Deserialize;

use crate::client::{ClientAddress, ReaderLang};
use crate::rate_limits::too_many;
use crate::state::AppState;

fn html(status: StatusCode, lang: Lang, page: String) -> Response {
    crate::html::respond(status, lang, page)
}

fn now(state: &AppState) -> UnixMs {
    state.now()
}

/// The request's session, if its cookie is signed by this edge, live, and not signed out. When the
/// store cannot say whether it was signed out, it is not trusted.
async fn session(state: &AppState, headers: &HeaderMap) -> Option<Session> {
    let session = state.helpdesk.session(headers, now(state))?;
    match state.reports.session_revoked(&session.id, now(state)).await {
        Ok(false) => Some(session),
        Ok(true) | Err(_) => None,
    }
}

/// Counts one attempt in the budget of its kind; the refusal page when it is over.
async fn over_budget(state: &AppState, client: std::net::IpAddr, authorized: bool, lang: Lang) -> Option<Response> {
    let limit = if authorized { Limit::HelpdeskSignedIn } else { Limit::HelpdeskAnonymous };
    (!state.rate_limits.allow(limit, client).await)
        .then(|| too_many(limit, html(StatusCode::TOO_MANY_REQUESTS, lang, view::too_many(lang))))
}

pub async fn home(State(state): State<AppState>, ReaderLang(lang): ReaderLang, headers: HeaderMap) -> Response {
    if !state.helpdesk.enabled() {
        return html(StatusCode::SERVICE_UNAVAILABLE, lang, view::disabled(lang));
    }
    match session(&state, &headers).await {
        Some(_) => html(StatusCode::OK, lang, view::home(lang, "", None)),
        None => html(StatusCode::UNAUTHORIZED, lang, view::sign_in(lang, None)),
    }
}

pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    ReaderLang(lang): ReaderLang,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Response {
    if !state.helpdesk.enabled() {
        return html(StatusCode::SERVICE_UNAVAILABLE, lang, view::disabled(lang));
    }
    let token = TokenForm::token(form);
    match gate::sign_in(&state, &state.helpdesk, client, &token, "/helpdesk").await {
        gate::SignInOutcome::TooMany(limit) => {
            too_many(limit, html(StatusCode::TOO_MANY_REQUESTS, lang, view::too_many(lang)))
        }
        gate::SignInOutcome::Refused => {
            html(StatusCode::UNAUTHORIZED, lang, view::sign_in(lang, Some(WRONG_TOKEN.get(lang))))
        }
        gate::SignInOutcome::SignedIn(response) => response,
    }
}

/// Ends the session for good: its id is revoked until it would have expired, so a copy of the
/// cookie is worth nothing either.
pub async fn sign_out(State(state): State<AppState>, ReaderLang(lang): ReaderLang, headers: HeaderMap) -> Response {
    if let Some(session) = state.helpdesk.session(&headers, now(&state))
        && let Err(e) = state.reports.revoke_session(&session.id, session.expires).await
    {
        let message = SIGN_OUT_FAILED.fill(lang, &[("error", &e.to_string())]);
        return html(StatusCode::SERVICE_UNAVAILABLE, lang, view::home(lang, "", Some(&message)));
    }
    let cleared = gate::cleared_session_cookie(state.config.served_over_https());
    (StatusCode::SEE_OTHER, [(header::LOCATION, HeaderValue::from_static("/helpdesk")), cleared]).into_response()
}

#[derive(Deserialize)]
pub struct CodeQuery {
    #[serde(default)]
    code: String,
}

pub async fn report(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    ReaderLang(lang): ReaderLang,
    headers: HeaderMap,
    query: Result<Query<CodeQuery>, QueryRejection>,
) -> Response {
    if !state.helpdesk.enabled() {
        return html(StatusCode::SERVICE_UNAVAILABLE, lang, view::disabled(lang));
    }
    // Counted first: a client without a session gets the same limit and the same page, whatever the code.
    let signed_in = session(&state, &headers).await.is_some();
    if let Some(refusal) = over_budget(&state, client, signed_in, lang).await {
        return refusal;
    }
    if !signed_in {
        return html(StatusCode::UNAUTHORIZED, lang, view::sign_in(lang, None));
    }
    let typed = query.map(|Query(q)| q.code).unwrap_or_default();
    let code = match ShortCode::parse(&typed) {
        Ok(code) => code,
        Err(e) => return html(StatusCode::BAD_REQUEST, lang, view::home(lang, &typed, Some(&e.text(lang)))),
    };
    match state.reports.get(&code, now(&state)).await {
        Ok(Some(report)) => html(StatusCode::OK, lang, view::report(lang, &code, &report)),
        Ok(None) => {
            let message = crate::reports::code_not_found(&state, &code, lang);
            html(StatusCode::NOT_FOUND, lang, view::home(lang, &typed, Some(&message)))
        }
        Err(e) => {
            let message = STORE_UNAVAILABLE.fill(lang, &[("error", &e.to_string())]);
            html(StatusCode::SERVICE_UNAVAILABLE, lang, view::home(lang, &typed, Some(&message)))
        }
    }
}
