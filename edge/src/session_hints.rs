//! `GET /api/session-hints`: what the edge knows about this client for the shared-workstation mode
//! (`{v, shared_workstation, public_network_hint, idle_minutes, countdown_seconds}`).

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

pub async fn handler(State(state): State<AppState>, request: Request) -> Response {
    // The socket's peer; absent when the Router is called without one (tests, other hosts).
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
    let hints = state.config.shared_workstation.session_hints(peer);
    ([(header::CACHE_CONTROL, "no-store")], Json(hints)).into_response()
}
