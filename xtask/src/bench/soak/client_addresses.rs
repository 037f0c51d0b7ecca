//! The agents the soak simulates, by address: 100,000 of them, half IPv4, half IPv6 spread over
//! 12,500 /64s, in the example config's site and VPN networks and in ranges reserved for
//! documentation and benchmarks (never anyone's real address). They only ever appear in
//! `X-Forwarded-For`: every packet goes to the edge on loopback.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Distinct client addresses: enough that per-client state (rate limits) meets many keys.
pub const POOL_SIZE: u32 = 100_000;
const V4_SHARE: u32 = POOL_SIZE / 2;
/// Agents inside a site (the config's `hotel-de-ville` and `mairie-annexe` networks).
const V4_INTERNAL: u32 = 20_000;
/// Hosts per IPv6 /64: an agent's devices at home share a prefix.
const HOSTS_PER_V6_PREFIX: u32 = 4;

/// The pool's `n`-th address (`n` modulo the pool size).
pub fn nth(n: u32) -> IpAddr {
    let n = n % POOL_SIZE;
    if n < V4_SHARE { IpAddr::V4(v4(n)) } else { IpAddr::V6(v6(n - V4_SHARE)) }
}

fn v4(n: u32) -> Ipv4Addr {
    if n < V4_INTERNAL {
        // 10.10.0.0/16 and 10.20.0.0/16, alternately.
        let site = if n.is_multiple_of(2) { 10 } else { 20 };
        let host = n / 2 + 1;
        return Ipv4Addr::new(10, site, (host >> 8) as u8, host as u8);
    }
    match n - V4_INTERNAL {
        // The VPN concentrators' egress (198.51.100.0/24): few addresses for many agents.
        vpn @ 0..256 => Ipv4Addr::new(198, 51, 100, vpn as u8),
        // The internet, as the benchmarking range 198.18.0.0/15.
        rest => Ipv4Addr::from(u32::from(Ipv4Addr::new(198, 18, 0, 0)) + rest - 256),
    }
}

fn v6(n: u32) -> Ipv6Addr {
    let prefix = n / HOSTS_PER_V6_PREFIX;
    // Site 2001:db8:10::/48, VPN 2001:db8:100::/48, internet 2001:db8:beef::/48 (documentation).
    let network = [0x10, 0x100, 0xbeef][(prefix % 3) as usize];
    let host = n % HOSTS_PER_V6_PREFIX + 1;
    Ipv6Addr::new(0x2001, 0xdb8, network, (prefix / 3) as u16, 0x5a0c, 0, (prefix >> 16) as u16, host as u16)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_pool_holds_distinct_addresses_of_both_families() {
        let all: HashSet<IpAddr> = (0..POOL_SIZE).map(nth).collect();
        assert_eq!(all.len(), POOL_SIZE as usize);
        assert_eq!(all.iter().filter(|a| a.is_ipv6()).count(), 50_000);
        let prefixes: HashSet<[u16; 4]> = all
            .iter()
            .filter_map(|a| match a {
                IpAddr::V6(v6) => Some(v6.segments()[..4].try_into().unwrap()),
                IpAddr::V4(_) => None,
            })
            .collect();
        assert_eq!(prefixes.len(), 12_500);
        assert_eq!(nth(POOL_SIZE), nth(0));
    }

    #[test]
    fn addresses_fall_in_the_config_networks_and_reserved_ranges() {
        assert_eq!(nth(0), "10.10.0.1".parse::<IpAddr>().unwrap());
        assert_eq!(nth(1), "10.20.0.1".parse::<IpAddr>().unwrap());
        assert_eq!(nth(V4_INTERNAL), "198.51.100.0".parse::<IpAddr>().unwrap());
        assert_eq!(nth(V4_SHARE - 1), "198.18.116.47".parse::<IpAddr>().unwrap());
        assert_eq!(nth(V4_SHARE), "2001:db8:10:0:5a0c::1".parse::<IpAddr>().unwrap());
        assert_eq!(nth(POOL_SIZE - 1), "2001:db8:100:1046:5a0c::4".parse::<IpAddr>().unwrap());
    }
}
