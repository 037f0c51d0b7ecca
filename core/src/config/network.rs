//! A network (CIDR) in the config, parsed with a message that says how to write one.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use ipnet::IpNet;
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network(pub IpNet);

impl Network {
    /// An IPv4 client seen as `::ffff:a.b.c.d` is matched as IPv4.
    pub fn contains(&self, address: &IpAddr) -> bool {
        self.0.contains(&address.to_canonical())
    }

    /// Whether any of `networks` contains `address`.
    pub fn any_contains(networks: &[Network], address: &IpAddr) -> bool {
        networks.iter().any(|n| n.contains(address))
    }

    /// Whether any address belongs to both networks.
    pub fn overlaps(&self, other: &Network) -> bool {
        self.0.contains(&other.0.network()) || other.0.contains(&self.0.network())
    }
}

impl fmt::Display for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for Network {
    type Err = String;

    /// `address/prefix`; a bare address is a single host.
    fn from_str(text: &str) -> Result<Self, String> {
        let bad = || {
            format!(
                "`{text}` is not a network: write an address and a prefix length, e.g. \"10.20.0.0/16\" or \"2001:db8::/32\""
            )
        };
        let text = text.trim();
        if text.split_once('/').is_some_and(|(_, prefix)| !prefix.bytes().all(|b| b.is_ascii_digit())) {
            return Err(bad());
        }
        let net = match IpAddr::from_str(text) {
            Ok(host) => IpNet::from(host),
            Err(_) => IpNet::from_str(text).map_err(|_| bad())?,
        };
        if net.trunc() != net {
            return Err(format!("`{text}` has host bits set: did you mean \"{}\"?", net.trunc()));
        }
        Ok(Network(net))
    }
}

impl Serialize for Network {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Network {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?.parse().map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks_parse_for_both_families() {
        let v4: Network = "10.20.0.0/16".parse().unwrap();
        assert!(v4.contains(&"10.20.3.4".parse().unwrap()));
        assert!(!v4.contains(&"10.21.0.1".parse().unwrap()));
        let v6: Network = "2001:db8::/32".parse().unwrap();
        assert!(v6.contains(&"2001:db8:1::5".parse().unwrap()));
    }

    #[test]
    fn bad_networks_say_how_to_write_one() {
        assert!("10.0.0.0/33".parse::<Network>().unwrap_err().contains("e.g. \"10.20.0.0/16\""));
        assert!("intranet".parse::<Network>().is_err());
        assert_eq!(
            "10.20.1.0/16".parse::<Network>().unwrap_err(),
            "`10.20.1.0/16` has host bits set: did you mean \"10.20.0.0/16\"?"
        );
    }

    #[test]
    fn a_bare_address_is_one_host() {
        let host: Network = "127.0.0.1".parse().unwrap();
        assert!(host.contains(&"127.0.0.1".parse().unwrap()));
        assert!(!host.contains(&"127.0.0.2".parse().unwrap()));
    }

    #[test]
    fn mapped_ipv4_clients_match_ipv4_networks_only() {
        let net: Network = "192.0.2.0/24".parse().unwrap();
        assert!(net.contains(&"::ffff:192.0.2.7".parse().unwrap()));
        assert!(!net.contains(&"2001:db8::1".parse().unwrap()));
        assert!(Network::any_contains(&[net], &"192.0.2.9".parse().unwrap()));
    }

    #[test]
    fn malformed_networks_are_refused() {
        for text in ["", "10.0.0.0/33", "::/129", "10.0.0/8", "10.0.0.0/", "10.0.0.0/+8", "lobby", "10.0.0.0/8/9"] {
            assert!(text.parse::<Network>().is_err(), "{text}");
        }
    }

    #[test]
    fn overlap_is_symmetric_and_family_aware() {
        let a: Network = "10.0.0.0/8".parse().unwrap();
        let b: Network = "10.20.0.0/16".parse().unwrap();
        let c: Network = "192.168.0.0/16".parse().unwrap();
        let d: Network = "::/0".parse().unwrap();
        assert!(a.overlaps(&b) && b.overlaps(&a));
        assert!(!a.overlaps(&c));
        assert!(!a.overlaps(&d));
    }
}
