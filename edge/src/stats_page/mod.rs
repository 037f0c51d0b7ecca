//! `/stats`: the portal team's friction statistics, behind its own token (`PREFLIGHT_STATS_TOKEN`,
//! never the helpdesk's): a sign-in form that sets a signed session cookie scoped to `/stats`, or
//! `Authorization: Bearer` for scripts. The page (`view`) draws its charts as inline SVG; the CSV
//! (`/stats/cells.csv`) exports the same shown cells. Every sign-in attempt counts against the
//! client's limit for attempts without a valid token.

mod view;

use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use preflight_core::i18n::Lang;
use preflight_core::statistics::view::{UNAVAILABLE, WRONG_TOKEN, exported, view as figures, window_start};
use preflight_core::statistics::{CellCount, HOUR_MS, csv};

use crate::client::{ClientAddress, ReaderLang};
use crate::helpdesk::gate::{SignInOutcome, TokenForm, sign_in as sign_in_with};
use crate::rate_limits::too_many;
use crate::state::AppState;

/// What is wrong with `token` as the statistics token, if anything: the helpdesk token's rule, and
/// never the helpdesk's own (the portal team and the helpdesk are different people). Both hosts
/// ask: the native edge refuses to start, Workers leave `/stats` disabled.
pub fn token_problem(token: &str, helpdesk_token: Option<&str>) -> Option<String> {
    if let Some(problem) = preflight_core::config::helpdesk::bearer_token_problem("statistics", token) {
        return Some(problem.to_string());
    }
    (helpdesk_token == Some(token))
        .then(|| "it is the helpdesk's token: give the statistics a token of their own".to_owned())
}

/// A warning in the native edge's log. The edge crate has no logger on Workers, whose host logs
/// what the statistics' writes return.
fn warn(message: std::fmt::Arguments) {
    #[cfg(feature = "native")]
    tracing::warn!("{message}");
    #[cfg(not(feature = "native"))]
    let _ = message;
}

fn html(status: StatusCode, lang: Lang, page: String) -> Response {
    crate::html::respond(status, lang, page)
}

/// A live statistics session (not signed out), or the statistics token as a bearer.
async fn authorized(state: &AppState, headers: &HeaderMap) -> bool {
    if state.statistics_gate.bearer_valid(headers) {
        return true;
    }
    let Some(session) = state.statistics_gate.session(headers, state.now()) else { return false };
    matches!(state.reports.session_revoked(&session.id, state.now()).await, Ok(false))
}

/// The shown cells the page and the export read: the days shown, and the spike baseline before them.
async fn cells(state: &AppState) -> Result<Vec<CellCount>, String> {
    let from = window_start(state.now()).plus_millis(-24 * HOUR_MS);
    // The cells not yet written count too: the page says what happened up to now. (Workers write
    // after each answer; their host logs a failure there.)
    if let Err(e) = crate::statistics::write_pending(state).await {
        warn(format_args!("statistics not written before reading them: {e}"));
    }
    state.statistics_store.shown_cells(from).await.map_err(|e| e.to_string())
}

pub async fn page(State(state): State<AppState>, ReaderLang(lang): ReaderLang, headers: HeaderMap) -> Response {
    if !state.statistics_gate.enabled() {
        return html(StatusCode::SERVICE_UNAVAILABLE, lang, view::disabled(lang));
    }
    if !authorized(&state, &headers).await {
        return html(StatusCode::UNAUTHORIZED, lang, view::sign_in(lang, None));
    }
    match cells(&state).await {
        Ok(cells) => {
            let page = view::page(lang, &figures(&cells, state.now()), &state.canary.sightings());
            html(StatusCode::OK, lang, page)
        }
        Err(e) => {
            let message = UNAVAILABLE.fill(lang, &[("error", &e)]);
            html(StatusCode::SERVICE_UNAVAILABLE, lang, view::unavailable(lang, &message))
        }
    }
}

/// `GET /stats/cells.csv`: the shown cells of the page's days, one row per hourly cell.
pub async fn export(State(state): State<AppState>, ReaderLang(lang): ReaderLang, headers: HeaderMap) -> Response {
    if !state.statistics_gate.enabled() {
        return html(StatusCode::SERVICE_UNAVAILABLE, lang, view::disabled(lang));
    }
    if !authorized(&state, &headers).await {
        return html(StatusCode::UNAUTHORIZED, lang, view::sign_in(lang, None));
    }
    match cells(&state).await {
        Ok(cells) => {
            let shown = exported(cells, state.now());
            (
                [
                    (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
                    (
                        header::CONTENT_DISPOSITION,
                        HeaderValue::from_static("attachment; filename=\"preflight-cells.csv\""),
                    ),
                    (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                ],
                csv::render(&shown),
            )
                .into_response()
        }
        Err(e) => {
            let message = UNAVAILABLE.fill(lang, &[("error", &e)]);
            html(StatusCode::SERVICE_UNAVAILABLE, lang, view::unavailable(lang, &message))
        }
    }
}

pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    ReaderLang(lang): ReaderLang,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Response {
    if !state.statistics_gate.enabled() {
        return html(StatusCode::SERVICE_UNAVAILABLE, lang, view::disabled(lang));
    }
    let token = TokenForm::token(form);
    match sign_in_with(&state, &state.statistics_gate, client, &token, "/stats").await {
        SignInOutcome::TooMany(limit) => {
            too_many(limit, html(StatusCode::TOO_MANY_REQUESTS, lang, view::sign_in(lang, None)))
        }
        SignInOutcome::Refused => {
            html(StatusCode::UNAUTHORIZED, lang, view::sign_in(lang, Some(WRONG_TOKEN.get(lang))))
        }
        SignInOutcome::SignedIn(response) => response,
    }
}

/// Ends the session: revoked until it would have expired, as the helpdesk's are.
pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(session) = state.statistics_gate.session(&headers, state.now())
        && let Err(e) = state.reports.revoke_session(&session.id, session.expires).await
    {
        warn(format_args!("a statistics session could not be revoked: {e}"));
    }
    let cleared = state.statistics_gate.cleared_session_cookie(state.config.served_over_https());
    (StatusCode::SEE_OTHER, [(header::LOCATION, HeaderValue::from_static("/stats")), cleared]).into_response()
}

#[cfg(test)]
mod tests;
