//! Client classification from the address the edge sees. A forwarded address is believed only when
//! the peer is a configured trusted proxy: anybody can write an `X-Forwarded-For` header.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use super::AccessClass;
use crate::config::DeploymentConfig;
use crate::config::network::Network;

/// Where the agent is: the class, and the site when on an internal network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Access {
    pub class: AccessClass,
    pub site: Option<String>,
}

/// The client's address: the peer, or — walking `X-Forwarded-For` from the right — the first address
/// that is not a trusted proxy, as long as every hop before it was one.
pub fn client_address(peer: IpAddr, forwarded_for: Option<&str>, trusted_proxies: &[Network]) -> IpAddr {
    let trusted = |a: &IpAddr| trusted_proxies.iter().any(|n| n.contains(a));
    let mut client = peer.to_canonical();
    if !trusted(&client) {
        return client;
    }
    let Some(header) = forwarded_for else { return client };
    for hop in header.rsplit(',') {
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
    fn a_trusted_proxy_without_or_with_garbage_header_is_the_client() {
        assert_eq!(client_address(ip("192.0.2.10"), None, &proxies()), ip("192.0.2.10"));
        assert_eq!(client_address(ip("192.0.2.10"), Some("not-an-ip"), &proxies()), ip("192.0.2.10"));
        assert_eq!(client_address(ip("192.0.2.10"), Some("10.10.4.2, junk"), &proxies()), ip("192.0.2.10"));
    }
}
