//! IP networks in CIDR notation (`10.20.0.0/16`, `2001:db8::/32`), for config lists of networks.

use std::net::IpAddr;
use std::str::FromStr;

/// One network: an address and how many leading bits must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    addr: IpAddr,
    prefix: u8,
}

impl Cidr {
    /// Whether `ip` is in this network. An IPv4 client seen as `::ffff:a.b.c.d` is matched as IPv4.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => same_prefix(&net.octets(), &ip.octets(), self.prefix),
            (IpAddr::V6(net), IpAddr::V6(ip)) => same_prefix(&net.octets(), &ip.octets(), self.prefix),
            _ => false,
        }
    }

    /// Whether any of `networks` contains `ip`.
    pub fn any_contains(networks: &[Cidr], ip: IpAddr) -> bool {
        networks.iter().any(|n| n.contains(ip))
    }
}

impl FromStr for Cidr {
    type Err = ();

    /// `addr/prefix`; a bare address is a single host.
    fn from_str(text: &str) -> Result<Self, ()> {
        let (addr, prefix) = match text.split_once('/') {
            Some((addr, prefix)) if !prefix.starts_with('+') => (addr, Some(prefix.parse::<u8>().map_err(|_| ())?)),
            Some(_) => return Err(()),
            None => (text, None),
        };
        let addr: IpAddr = addr.parse().map_err(|_| ())?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        if prefix > max {
            return Err(());
        }
        Ok(Cidr { addr, prefix })
    }
}

fn same_prefix(a: &[u8], b: &[u8], prefix: u8) -> bool {
    let (whole, rest) = (usize::from(prefix / 8), prefix % 8);
    if a[..whole] != b[..whole] {
        return false;
    }
    rest == 0 || {
        let mask = 0xffu8 << (8 - rest);
        a[whole] & mask == b[whole] & mask
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cidr(text: &str) -> Cidr {
        text.parse().unwrap()
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn ipv4_networks_match_their_prefix_only() {
        let lobby = cidr("10.20.30.0/23");
        assert!(lobby.contains(ip("10.20.30.1")));
        assert!(lobby.contains(ip("10.20.31.254")));
        assert!(!lobby.contains(ip("10.20.32.1")));
        assert!(!lobby.contains(ip("10.20.29.255")));
        assert!(cidr("0.0.0.0/0").contains(ip("203.0.113.9")));
    }

    #[test]
    fn a_bare_address_is_one_host() {
        let host = cidr("127.0.0.1");
        assert!(host.contains(ip("127.0.0.1")));
        assert!(!host.contains(ip("127.0.0.2")));
    }

    #[test]
    fn ipv6_and_mapped_ipv4_clients() {
        assert!(cidr("2001:db8::/32").contains(ip("2001:db8:1::5")));
        assert!(!cidr("2001:db8::/32").contains(ip("2001:db9::5")));
        assert!(cidr("192.0.2.0/24").contains(ip("::ffff:192.0.2.7")));
        assert!(!cidr("192.0.2.0/24").contains(ip("2001:db8::1")));
    }

    #[test]
    fn malformed_networks_are_refused() {
        for text in ["", "10.0.0.0/33", "::/129", "10.0.0/8", "10.0.0.0/", "10.0.0.0/+8", "lobby", "10.0.0.0/8/9"] {
            assert!(text.parse::<Cidr>().is_err(), "{text}");
        }
    }
}
