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
use preflight_core::i18n::Text;
use preflight_core::shared_device::{SessionHints, public_network_hint};
use serde::Serialize;

use crate::access_panel::device_facts;
use crate::client::{ClientAccess, ClientAddress};
use crate::state::AppState;

#[derive(Serialize)]
pub struct HintsAnswer {
    #[serde(flatten)]
    hints: SessionHints,
    /// Internal access closed now at the agent's site, or a known issue of the device; usually null.
    notice: Option<Text>,
}

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
pub fn answer(state: &AppState, address: IpAddr, access: &Access, headers: &HeaderMap) -> HintsAnswer {
    let mut hints = state.config.shared_workstation.session_hints(Some(address));
    // From the internet without the VPN: possibly public Wi-Fi, so remind to log out.
    hints.public_network_hint |= public_network_hint(access.class);
    let summary = summarize(&state.config, access, &device_facts(headers, None), state.now());
    HintsAnswer { hints, notice: login_notice(&summary) }
}
