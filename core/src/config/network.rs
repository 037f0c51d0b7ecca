//! A network (CIDR) in the config, parsed with a message that says how to write one.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use ipnet::IpNet;
use serde::{Deserialize, Deserializer, de};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network(pub IpNet);

impl Network {
    pub fn contains(&self, address: &IpAddr) -> bool {
        self.0.contains(address)
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

    fn from_str(text: &str) -> Result<Self, String> {
        let net = IpNet::from_str(text.trim()).map_err(|_| {
            format!("`{text}` is not a network: write an address and a prefix length, e.g. \"10.20.0.0/16\" or \"2001:db8::/32\"")
        })?;
        if net.trunc() != net {
            return Err(format!("`{text}` has host bits set: did you mean \"{}\"?", net.trunc()));
        }
        Ok(Network(net))
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
