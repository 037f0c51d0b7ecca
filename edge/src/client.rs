//! Where the request comes from: the peer address (or the forwarded one, behind a trusted proxy),
//! classified by `core`. The address itself is never stored or logged.
//!
//! The native edge knows the peer from the socket (`ConnectInfo`); a host without sockets (Workers)
//! puts the address its platform vouches for in the request as a [`PeerAddress`].

use std::net::{IpAddr, Ipv4Addr};

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use preflight_core::channel::classify::{Access, classify, client_address, is_trusted_proxy};
use preflight_core::i18n::Lang;

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
    peer_in(&parts.extensions)
}

fn peer_in(extensions: &axum::http::Extensions) -> IpAddr {
    if let Some(PeerAddress(address)) = extensions.get::<PeerAddress>() {
        return *address;
    }
    // What axum's `ConnectInfo` extractor reads: the server's, else a test's `MockConnectInfo`.
    #[cfg(feature = "native")]
    {
        use axum::extract::ConnectInfo;
        use axum::extract::connect_info::MockConnectInfo;
        use std::net::SocketAddr;
        if let Some(ConnectInfo(addr)) = extensions.get::<ConnectInfo<SocketAddr>>() {
            return addr.ip();
        }
        if let Some(MockConnectInfo(addr)) = extensions.get::<MockConnectInfo<SocketAddr>>() {
            return addr.ip();
        }
    }
    // Without connection info (tests calling the Router directly) the peer is unknown.
    IpAddr::V4(Ipv4Addr::UNSPECIFIED)
}

async fn address_of<S: Send + Sync>(parts: &mut Parts, state: &AppState, _: &S) -> IpAddr {
    address_in(&parts.extensions, &parts.headers, state)
}

fn address_in(extensions: &axum::http::Extensions, headers: &HeaderMap, state: &AppState) -> IpAddr {
    let peer = peer_in(extensions);
    let forwarded = forwarded_for(headers);
    client_address(peer, forwarded.as_deref(), &state.config.trusted_proxies())
}

/// The caller's class, for the native request line: it classifies each request once, before the
/// Router, and leaves the class in the request for the handlers' [`ClientAccess`].
#[cfg(feature = "native")]
pub fn access_of_request(request: &mut axum::extract::Request, state: &AppState) -> Access {
    let address = address_in(request.extensions(), request.headers(), state);
    let access = classify(&state.config, address);
    request.extensions_mut().insert(access.clone());
    access
}

/// Every `X-Forwarded-For` line, in order, as one list: a proxy may add its own line rather than
/// extend the client's, and the client's forged line then comes first. A line that is not text
/// stands as a hop that does not parse, so nothing left of it is believed.
fn forwarded_for(headers: &HeaderMap) -> Option<String> {
    let mut lines = headers.get_all("x-forwarded-for").iter().peekable();
    lines.peek()?;
    Some(lines.map(|line| line.to_str().unwrap_or("not-an-address")).collect::<Vec<_>>().join(","))
}

/// The reader's language for a page or a message: `?lang=fr|en`, else `Accept-Language`, else
/// French (`Lang::for_reader` decides).
pub struct ReaderLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for ReaderLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let choice = parts.uri.query().and_then(|q| q.split('&').find_map(|pair| pair.strip_prefix("lang=")));
        let accept = parts.headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
        Ok(ReaderLang(Lang::for_reader(choice, accept)))
    }
}

/// Whether the browser reached a trusted proxy over HTTPS (`X-Forwarded-Proto: https`, believed only
/// from a trusted proxy). Only where no public URL is configured is this ever asked.
pub struct ForwardedHttps(pub bool);

impl<S: Send + Sync> FromRequestParts<S> for ForwardedHttps
where
    AppState: FromRef<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = AppState::from_ref(state);
        let trusted = is_trusted_proxy(peer_of(parts).await, &app.config.trusted_proxies());
        let proto = parts.headers.get_all("x-forwarded-proto").iter().next_back().and_then(|v| v.to_str().ok());
        Ok(ForwardedHttps(trusted && proto.is_some_and(|p| p.trim().eq_ignore_ascii_case("https"))))
    }
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
        // Classified once per request: the native request line does it first and leaves it here.
        // (Workers has no request line, and no room in its bundle for the lookup.)
        #[cfg(feature = "native")]
        if let Some(access) = parts.extensions.get::<Access>() {
            return Ok(ClientAccess(access.clone()));
        }
        let app = AppState::from_ref(state);
        let address = address_of(parts, &app, state).await;
        let access = classify(&app.config, address);
        #[cfg(feature = "native")]
        parts.extensions.insert(access.clone());
        Ok(ClientAccess(access))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `X-Forwarded-Proto` says nothing unless a trusted proxy said it.
    #[tokio::test]
    async fn forwarded_https_is_believed_from_trusted_proxies_only() {
        use axum::body::Body;
        use tower::ServiceExt;
        let config = preflight_core::config::CITY_PORTAL_EXAMPLE
            .replace("trusted_proxies = []", "trusted_proxies = [\"192.0.2.10/32\"]");
        let config = preflight_core::config::DeploymentConfig::parse(&config).unwrap();
        let state = AppState::new(config, std::env::temp_dir());
        let router = axum::Router::new()
            .route("/", axum::routing::get(|ForwardedHttps(https): ForwardedHttps| async move { https.to_string() }))
            .with_state(state);
        let ask = |peer: &str, proto: &str| {
            let mut request =
                axum::http::Request::get("/").header("x-forwarded-proto", proto).body(Body::empty()).unwrap();
            request.extensions_mut().insert(PeerAddress(peer.parse().unwrap()));
            let router = router.clone();
            async move {
                let body = router.oneshot(request).await.unwrap().into_body();
                String::from_utf8(axum::body::to_bytes(body, 16).await.unwrap().to_vec()).unwrap()
            }
        };
        assert_eq!(ask("192.0.2.10", "https").await, "true");
        assert_eq!(ask("203.0.113.9", "https").await, "false", "anyone can write the header");
        assert_eq!(ask("192.0.2.10", "http").await, "false");
    }

    #[test]
    fn every_forwarded_line_is_read_in_order() {
        let mut headers = HeaderMap::new();
        assert_eq!(forwarded_for(&headers), None);
        headers.append("x-forwarded-for", "10.10.4.2".parse().unwrap());
        headers.append("x-forwarded-for", "203.0.113.9, 192.0.2.10".parse().unwrap());
        assert_eq!(forwarded_for(&headers).as_deref(), Some("10.10.4.2,203.0.113.9, 192.0.2.10"));
        headers.append("x-forwarded-for", axum::http::HeaderValue::from_bytes(b"\xff").unwrap());
        assert!(forwarded_for(&headers).unwrap().ends_with(",not-an-address"));
    }
}
