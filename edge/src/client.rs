//! Where the request comes from: the peer address (or the forwarded one, behind a trusted proxy),
//! classified by `core`. The address itself is never stored or logged.
//!
//! The native edge knows the peer from the socket (`ConnectInfo`); a host without sockets (Workers)
//! puts the address its platform vouches for in the request as a [`PeerAddress`].

use std::net::{IpAddr, Ipv4Addr};

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use preflight_core::channel::classify::{Access, classify, client_address};

use crate::state::AppState;

/// The client's class (internal / VPN / internet / unknown) and site.
pub struct ClientAccess(pub Access);

/// The client's address, for matching config networks; never stored or logged.
pub struct ClientAddress(pub IpAddr);

/// The peer address as the host platform reports it (Workers: `CF-Connecting-IP`, which Cloudflare
/// sets itself), inserted by the host adapter before the Router sees the request.
#[derive(Clone, Copy, Debug)]
pub struct PeerAddress(pub IpAddr);

async fn peer_of(parts: &mut Parts) -> IpAddr {
    if let Some(PeerAddress(address)) = parts.extensions.get::<PeerAddress>() {
        return *address;
    }
    #[cfg(feature = "native")]
    {
        use axum::extract::ConnectInfo;
        if let Ok(ConnectInfo(addr)) = ConnectInfo::<std::net::SocketAddr>::from_request_parts(parts, &()).await {
            return addr.ip();
        }
    }
    // Without connection info (tests calling the Router directly) the peer is unknown.
    IpAddr::V4(Ipv4Addr::UNSPECIFIED)
}

async fn address_of<S: Send + Sync>(parts: &mut Parts, state: &AppState, _: &S) -> IpAddr {
    let peer = peer_of(parts).await;
    let forwarded = parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
    client_address(peer, forwarded, &state.config.trusted_proxies())
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress
where
    AppState: FromRef<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = AppState::from_ref(state);
        Ok(ClientAddress(address_of(parts, &app, state).await))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAccess
where
    AppState: FromRef<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = AppState::from_ref(state);
        let address = address_of(parts, &app, state).await;
        Ok(ClientAccess(classify(&app.config, address)))
    }
}
