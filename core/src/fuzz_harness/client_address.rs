use std::net::IpAddr;

use super::example_config;
use crate::channel::AccessClass;
use crate::channel::classify::{classify, client_address as believed_address, is_trusted_proxy};
use crate::config::network::Network;

/// Where a request comes from, written as three lines: the peer's address, the trusted proxies
/// (networks, space-separated) and, if there is a third line, the `X-Forwarded-For` header.
///
/// The forwarded address is believed only through trusted proxies: without any, the client is the
/// peer. Whatever the header says, the client is the peer or an address written in it, and the
/// example deployment classifies it as the same class, with a known site when internal.
pub fn client_address(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.splitn(3, '\n');
    let Some(Ok(peer)) = lines.next().map(|l| l.trim().parse::<IpAddr>()) else { return };
    let proxies: Vec<Network> = lines.next().unwrap_or("").split_whitespace().filter_map(|n| n.parse().ok()).collect();
    let header = lines.next();

    let client = believed_address(peer, header, &proxies);
    let peer = peer.to_canonical();
    assert_eq!(client, client.to_canonical(), "addresses are compared in canonical form");
    if !is_trusted_proxy(peer, &proxies) {
        assert_eq!(client, peer, "only a trusted proxy's header is believed");
    }
    let hops = || header.unwrap_or("").split(',').filter_map(|h| h.trim().parse::<IpAddr>().ok());
    assert!(client == peer || hops().any(|h| h.to_canonical() == client), "{client} came from nowhere");

    let config = example_config();
    for address in [client, peer] {
        let access = classify(config, address);
        match access.class {
            AccessClass::Internal => {
                assert!(access.site.as_deref().is_some_and(|s| config.site(s).is_some()), "{access:?}")
            }
            _ => assert_eq!(access.site, None),
        }
        if let IpAddr::V4(v4) = address {
            assert_eq!(classify(config, IpAddr::V6(v4.to_ipv6_mapped())), access, "{address} seen as IPv6");
        }
    }
}
