//! Where the request comes from: the peer address (or the forwarded one, behind a trusted proxy),
//! classified by `core`. The address itself is never stored or logged.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRef, FromRequestParts};
use axum::http::request::Parts;
use preflight_core::channel::classify::{Access, classify, client_address};

use crate::state::AppState;

pub struct ClientAccess(pub Access);

impl<S: Send + Sync> FromRequestParts<S> for ClientAccess
where
    AppState: FromRef<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        // Without connection info (tests calling the Router directly) the peer is unknown.
        let peer = ConnectInfo::<SocketAddr>::from_request_parts(parts, &state)
            .await
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |ConnectInfo(addr)| addr.ip());
        let forwarded = parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
        let client = client_address(peer, forwarded, &state.config.trusted_proxies());
        Ok(ClientAccess(classify(&state.config, client)))
    }
}
