//! Client classification from the address the edge sees. A forwarded address is believed only when
//! the peer is a configured trusted proxy: anybody can write an `X-Forwarded-For` header.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use super::AccessClass;
use crate::config::DeploymentConfig;
use crate::config::network::Network;

/// Where the agent is: the class, and the site when on an internal network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Access {
    pub class: AccessClass,
    pub site: Option<String>,
}

/// Whether `peer` is one of the configured reverse proxies, whose forwarded headers are believed.
pub fn is_trusted_proxy(peer: IpAddr, trusted_proxies: &[Network]) -> bool {
    let peer = peer.to_canonical();
    trusted_proxies.iter().any(|n| n.contains(&peer))
}

/// Hops of `X-Forwarded-For` read at most, from the right: no real chain of proxies is longer, and a
/// forged header of thousands of hops costs no more than this.
pub const MAX_FORWARDED_HOPS: usize = 16;

/// The client's address: the peer, or — walking `X-Forwarded-For` from the right — the first address
/// that is not a trusted proxy, as long as every hop before it was one (nginx's `real_ip_recursive`).
/// `forwarded_for` is every `X-Forwarded-For` line of the request, in order, joined with commas: a
/// proxy may append its own line rather than extend the client's.
pub fn client_address(peer: IpAddr, forwarded_for: Option<&str>, trusted_proxies: &[Network]) -> IpAddr {
    let trusted = |a: &IpAddr| is_trusted_proxy(*a, trusted_proxies);
    let mut client = peer.to_canonical();
    if !trusted(&client) {
        return client;
    }
    let Some(header) = forwarded_for else { return client };
    for hop in header.rsplit(',').take(MAX_FORWARDED_HOPS) {
        match hop.trim().parse::<IpAddr>() {
            Ok(address) => {
                client = address.to_canonical();
                if !trusted(&client) {
                    break;
                }
            }
            // A malformed hop: stop believing the header, keep the last good address.
            Err(_) => break,
        }
    }
    client
}

pub fn classify(config: &DeploymentConfig, client: IpAddr) -> Access {
    let client = client.to_canonical();
    for site in &config.sites {
        if site.networks.iter().any(|n| n.get_ref().contains(&client)) {
            return Access { class: AccessClass::Internal, site: Some(site.id.get_ref().clone()) };
        }
    }
    if config.networks.vpn_egress.iter().any(|n| n.get_ref().contains(&client)) {
        return Access { class: AccessClass::Vpn, site: None };
    }
    let class = if is_public(&client) { AccessClass::Internet } else { AccessClass::Unknown };
    Access { class, site: None }
}

/// Whom a per-client limit counts: one IPv4 address, or one IPv6 /64 — a home, an office or a
/// mobile phone gets a whole /64, so counting single IPv6 addresses would give it 2^64 budgets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientKey {
    V4(u32),
    V6Prefix(u64),
}

impl ClientKey {
    pub fn of(address: IpAddr) -> ClientKey {
        match address.to_canonical() {
            IpAddr::V4(a) => ClientKey::V4(u32::from(a)),
            IpAddr::V6(a) => ClientKey::V6Prefix((u128::from(a) >> 64) as u64),
        }
    }
}

/// A peer on a private or loopback address while no proxy is trusted: most likely the edge runs
/// behind a reverse proxy that nobody listed, so every agent looks like one client (one rate-limit
/// budget, one access class). Worth a warning at start-up, once.
pub fn looks_like_an_unlisted_proxy(peer: IpAddr, trusted_proxies: &[Network]) -> bool {
    trusted_proxies.is_empty() && !is_public(&peer.to_canonical()) && !peer.is_unspecified()
}

fn is_public(address: &IpAddr) -> bool {
    match address {
        IpAddr::V4(a) => {
            !(a.is_private() || a.is_loopback() || a.is_link_local() || a.is_unspecified() || a.is_broadcast())
        }
        IpAddr::V6(a) => !(a.is_loopback() || a.is_unspecified() || a.is_unique_local() || a.is_unicast_link_local()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CITY_PORTAL_EXAMPLE;

    fn config() -> DeploymentConfig {
        DeploymentConfig::parse(CITY_PORTAL_EXAMPLE).unwrap()
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn proxies() -> Vec<Network> {
        vec!["192.0.2.10/32".parse().unwrap(), "2001:db8:ffff::/48".parse().unwrap()]
    }

    #[test]
    fn internal_vpn_internet_and_unknown_for_v4_and_v6() {
        let c = config();
        let internal = classify(&c, ip("10.10.4.2"));
        assert_eq!(internal, Access { class: AccessClass::Internal, site: Some("hotel-de-ville".into()) });
        assert_eq!(classify(&c, ip("2001:db8:10::7")).class, AccessClass::Internal);
        assert_eq!(classify(&c, ip("198.51.100.23")).class, AccessClass::Vpn);
        assert_eq!(classify(&c, ip("2001:db8:100::1")).class, AccessClass::Vpn);
        assert_eq!(classify(&c, ip("203.0.113.9")).class, AccessClass::Internet);
        assert_eq!(classify(&c, ip("2a01:e0a::1")).class, AccessClass::Internet);
        assert_eq!(classify(&c, ip("127.0.0.1")).class, AccessClass::Unknown);
        assert_eq!(classify(&c, ip("::1")).class, AccessClass::Unknown);
        assert_eq!(classify(&c, ip("192.168.1.20")).class, AccessClass::Unknown);
        assert_eq!(classify(&c, ip("fd00::1")).class, AccessClass::Unknown);
    }

    #[test]
    fn ipv4_mapped_ipv6_is_classified_as_ipv4() {
        assert_eq!(classify(&config(), ip("::ffff:10.10.4.2")).class, AccessClass::Internal);
    }

    #[test]
    fn forwarded_addresses_are_ignored_from_untrusted_peers() {
        let spoofed = client_address(ip("203.0.113.9"), Some("10.10.4.2"), &proxies());
        assert_eq!(spoofed, ip("203.0.113.9"));
    }

    #[test]
    fn forwarded_addresses_are_believed_from_trusted_proxies_only() {
        assert_eq!(client_address(ip("192.0.2.10"), Some("198.51.100.23"), &proxies()), ip("198.51.100.23"));
        // The agent wrote "10.10.4.2" themselves; the trusted proxy appended their real address.
        assert_eq!(client_address(ip("192.0.2.10"), Some("10.10.4.2, 203.0.113.9"), &proxies()), ip("203.0.113.9"));
        // Two trusted hops, then the client.
        let chain = "203.0.113.9, 2001:db8:ffff::2";
        assert_eq!(client_address(ip("192.0.2.10"), Some(chain), &proxies()), ip("203.0.113.9"));
    }

    #[test]
    fn long_forged_chains_are_read_only_so_far() {
        let all_trusted: Vec<Network> = vec!["0.0.0.0/0".parse().unwrap()];
        let chain: Vec<String> = (0..1000).map(|i| format!("10.0.{}.{}", i / 256, i % 256)).collect();
        let client = client_address(ip("192.0.2.10"), Some(&chain.join(",")), &all_trusted);
        assert_eq!(client, ip(&chain[1000 - MAX_FORWARDED_HOPS]));
    }

    #[test]
    fn limits_count_ipv4_addresses_and_ipv6_slash_64s() {
        assert_eq!(ClientKey::of(ip("2001:db8:1:2::1")), ClientKey::of(ip("2001:db8:1:2:ffff::9")));
        assert_ne!(ClientKey::of(ip("2001:db8:1:2::1")), ClientKey::of(ip("2001:db8:1:3::1")));
        assert_ne!(ClientKey::of(ip("192.0.2.1")), ClientKey::of(ip("192.0.2.2")));
        assert_eq!(ClientKey::of(ip("::ffff:192.0.2.1")), ClientKey::of(ip("192.0.2.1")));
    }

    #[test]
    fn private_peers_without_a_trusted_proxy_are_worth_a_warning() {
        assert!(looks_like_an_unlisted_proxy(ip("10.0.0.5"), &[]));
        assert!(looks_like_an_unlisted_proxy(ip("127.0.0.1"), &[]));
        assert!(looks_like_an_unlisted_proxy(ip("fd00::1"), &[]));
        assert!(!looks_like_an_unlisted_proxy(ip("203.0.113.9"), &[]));
        assert!(!looks_like_an_unlisted_proxy(ip("10.0.0.5"), &proxies()));
    }

    #[test]
    fn a_trusted_proxy_without_or_with_garbage_header_is_the_client() {
        assert_eq!(client_address(ip("192.0.2.10"), None, &proxies()), ip("192.0.2.10"));
        assert_eq!(client_address(ip("192.0.2.10"), Some("not-an-ip"), &proxies()), ip("192.0.2.10"));
        assert_eq!(client_address(ip("192.0.2.10"), Some("10.10.4.2, junk"), &proxies()), ip("192.0.2.10"));
    }
}
