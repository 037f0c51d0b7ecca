//! `GET /api/session-hints`: what the login page and the pages after sign-in need from the edge, in
//! one request — shared-workstation mode (`shared_workstation`, `public_network_hint`,
//! `idle_minutes`, `countdown_seconds`) and the login page's one line about access (`notice`).

use std::net::IpAddr;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use preflight_core::channel::classify::Access;
use preflight_core::channel::summary::{login_notice, summarize};
use preflight_core::protocol::SessionHintsAnswer;

use crate::access_panel::device_facts;
use crate::client::{ClientAccess, ClientAddress};
use crate::state::AppState;

pub async fn handler(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    ClientAccess(access): ClientAccess,
    headers: HeaderMap,
) -> Response {
    let answer = answer(&state, address, &access, &headers);
    ([(header::CACHE_CONTROL, "no-store")], Json(answer)).into_response()
}

/// The hints for this client; the login page gets them with its check's answer, in one request.
pub fn answer(state: &AppState, address: IpAddr, access: &Access, headers: &HeaderMap) -> SessionHintsAnswer {
    let hints = state.config.shared_workstation.session_hints(Some(address), access.class);
    let summary = summarize(&state.config, access, &device_facts(headers, None), state.now_timestamp());
    SessionHintsAnswer { hints, notice: login_notice(&summary) }
}
