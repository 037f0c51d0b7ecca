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
use axum::response::{Html, IntoResponse, Response};
use gate::{SESSION_ID_BYTES, Session};
use preflight_core::rate_limits::Limit;
use preflight_core::report::ShortCode;
use preflight_core::time::UnixMs;
use serde::Deserialize;

use crate::client::ClientAddress;
use crate::rate_limits::too_many;
use crate::state::AppState;

fn html(status: StatusCode, page: String) -> Response {
    (status, [(header::CACHE_CONTROL, "no-store")], Html(page)).into_response()
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
async fn over_budget(state: &AppState, client: std::net::IpAddr, authorized: bool) -> Option<Response> {
    let limit = if authorized { Limit::HelpdeskSignedIn } else { Limit::HelpdeskAnonymous };
    (!state.rate_limits.allow(limit, client).await)
        .then(|| too_many(limit, html(StatusCode::TOO_MANY_REQUESTS, view::too_many())))
}

pub async fn home(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if !state.helpdesk.enabled() {
        return html(StatusCode::SERVICE_UNAVAILABLE, view::disabled());
    }
    match session(&state, &headers).await {
        Some(_) => html(StatusCode::OK, view::home("", None)),
        None => html(StatusCode::UNAUTHORIZED, view::sign_in(None)),
    }
}

#[derive(Deserialize)]
pub struct SignIn {
    token: String,
}

pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    form: Result<Form<SignIn>, FormRejection>,
) -> Response {
    if !state.helpdesk.enabled() {
        return html(StatusCode::SERVICE_UNAVAILABLE, view::disabled());
    }
    let token = form.map(|Form(f)| f.token).unwrap_or_default();
    let valid = state.helpdesk.token_matches(token.trim());
    if let Some(refusal) = over_budget(&state, client, valid).await {
        return refusal;
    }
    let mut id = [0; SESSION_ID_BYTES];
    let session =
        if valid && getrandom::fill(&mut id).is_ok() { state.helpdesk.new_session(now(&state), id) } else { None };
    match session {
        Some(session) => (
            StatusCode::SEE_OTHER,
            [
                (header::LOCATION, HeaderValue::from_static("/helpdesk")),
                gate::session_cookie(&session, state.config.served_over_https()),
            ],
        )
            .into_response(),
        None => html(
            StatusCode::UNAUTHORIZED,
            view::sign_in(Some("Ce jeton n'est pas le bon. / This token is not the right one.")),
        ),
    }
}

/// Ends the session for good: its id is revoked until it would have expired, so a copy of the
/// cookie is worth nothing either.
pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(session) = state.helpdesk.session(&headers, now(&state))
        && let Err(e) = state.reports.revoke_session(&session.id, session.expires).await
    {
        let message =
            format!("La déconnexion n'a pas pu être enregistrée ({e}) : réessayez. / Signing out failed: try again.");
        return html(StatusCode::SERVICE_UNAVAILABLE, view::home("", Some(&message)));
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
    headers: HeaderMap,
    query: Result<Query<CodeQuery>, QueryRejection>,
) -> Response {
    if !state.helpdesk.enabled() {
        return html(StatusCode::SERVICE_UNAVAILABLE, view::disabled());
    }
    // Counted first: a client without a session gets the same limit and the same page, whatever the code.
    let signed_in = session(&state, &headers).await.is_some();
    if let Some(refusal) = over_budget(&state, client, signed_in).await {
        return refusal;
    }
    if !signed_in {
        return html(StatusCode::UNAUTHORIZED, view::sign_in(None));
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
