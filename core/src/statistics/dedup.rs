//! A client counted at most once per hour: each check's client is remembered, for the current hour
//! only, as a salted hash — the salt is drawn afresh every hour and the previous hour's salt and
//! hashes are dropped, so nothing links two hours, and nothing leaves memory.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

use super::hour_of;
use crate::channel::classify::ClientKey;
use crate::time::UnixMs;

/// Clients remembered per hour at most (8 bytes each, about 1 MB with the set's overhead). Past it, a
/// new client is still counted but not remembered, so memory stays bounded whatever the traffic.
pub const MAX_CLIENTS_PER_HOUR: usize = 65_536;
/// Random bytes of the hourly salt.
pub const SALT_BYTES: usize = 32;

/// What the de-duplication says about one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// The client's first check this hour: count it.
    First,
    /// Already counted this hour.
    Again,
    /// The hour's memory is full: count it, without remembering it.
    Unremembered,
}

impl Seen {
    pub fn counts(self) -> bool {
        self != Seen::Again
    }
}

/// The current hour's salted client hashes.
#[derive(Debug, Default)]
pub struct HourlyDedup {
    hour: Option<UnixMs>,
    salt: [u8; SALT_BYTES],
    seen: HashSet<u64>,
}

impl HourlyDedup {
    pub fn new() -> HourlyDedup {
        HourlyDedup::default()
    }

    /// Whether the client `key` with this user agent (so that agents behind one NAT address with
    /// different browsers count apart) was already counted in the hour of `now`. `fresh_salt` is
    /// asked for random bytes when a new hour starts; the old salt and hashes are dropped then.
    pub fn check(
        &mut self,
        now: UnixMs,
        key: ClientKey,
        user_agent: &str,
        fresh_salt: impl FnOnce() -> [u8; SALT_BYTES],
    ) -> Seen {
        let hour = hour_of(now);
        if self.hour != Some(hour) {
            self.hour = Some(hour);
            self.salt = fresh_salt();
            self.seen = HashSet::new();
        }
        let hash = self.hash(key, user_agent);
        if self.seen.contains(&hash) {
            Seen::Again
        } else if self.seen.len() >= MAX_CLIENTS_PER_HOUR {
            Seen::Unremembered
        } else {
            self.seen.insert(hash);
            Seen::First
        }
    }

    /// Clients remembered now (for tests and the memory bound).
    pub fn remembered(&self) -> usize {
        self.seen.len()
    }

    fn hash(&self, key: ClientKey, user_agent: &str) -> u64 {
        let mut hasher = DefaultHasher::new();
        self.salt.hash(&mut hasher);
        key.hash(&mut hasher);
        user_agent.hash(&mut hasher);
        hasher.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: i64 = 1_764_583_200_000; // 2025-12-01T10:00Z, the start of an hour.

    fn key(address: &str) -> ClientKey {
        ClientKey::of(address.parse().unwrap())
    }

    fn salt(byte: u8) -> impl FnOnce() -> [u8; SALT_BYTES] {
        move || [byte; SALT_BYTES]
    }

    #[test]
    fn a_client_is_counted_once_per_hour() {
        let mut dedup = HourlyDedup::new();
        let at = |ms| UnixMs::from_millis(T + ms);
        assert_eq!(dedup.check(at(0), key("203.0.113.9"), "ua", salt(1)), Seen::First);
        assert_eq!(dedup.check(at(59 * 60_000), key("203.0.113.9"), "ua", salt(2)), Seen::Again);
        assert_eq!(dedup.check(at(10), key("203.0.113.10"), "ua", salt(3)), Seen::First, "another address");
        assert_eq!(dedup.check(at(20), key("203.0.113.9"), "other browser", salt(3)), Seen::First);
        assert_eq!(dedup.check(at(super::super::HOUR_MS), key("203.0.113.9"), "ua", salt(4)), Seen::First, "next hour");
        assert_eq!(dedup.remembered(), 1, "the previous hour's hashes are gone");
    }

    #[test]
    fn an_ipv6_64_is_one_client() {
        let mut dedup = HourlyDedup::new();
        let now = UnixMs::from_millis(T);
        assert!(dedup.check(now, key("2001:db8:1:2::1"), "ua", salt(1)).counts());
        assert!(!dedup.check(now, key("2001:db8:1:2::ffff"), "ua", salt(1)).counts());
    }

    #[test]
    fn the_salt_is_drawn_once_per_hour_and_changes_the_hashes() {
        let mut drawn = 0;
        let mut dedup = HourlyDedup::new();
        for minute in 0..60 {
            dedup.check(UnixMs::from_millis(T + minute * 60_000), key("192.0.2.1"), "ua", || {
                drawn += 1;
                [7; SALT_BYTES]
            });
        }
        assert_eq!(drawn, 1);
        let mut a = HourlyDedup::new();
        a.check(UnixMs::from_millis(T), key("192.0.2.1"), "ua", salt(1));
        let mut b = HourlyDedup::new();
        b.check(UnixMs::from_millis(T), key("192.0.2.1"), "ua", salt(2));
        assert_ne!(a.seen, b.seen, "the same client hashes apart under another salt");
    }

    #[test]
    fn memory_is_bounded_and_new_clients_past_it_still_count() {
        let mut dedup = HourlyDedup::new();
        let now = UnixMs::from_millis(T);
        for i in 0..MAX_CLIENTS_PER_HOUR as u32 + 10 {
            assert!(dedup.check(now, ClientKey::V4(i), "ua", salt(1)).counts());
        }
        assert_eq!(dedup.remembered(), MAX_CLIENTS_PER_HOUR);
        assert_eq!(dedup.check(now, ClientKey::V4(u32::MAX), "ua", salt(1)), Seen::Unremembered);
        assert_eq!(dedup.check(now, ClientKey::V4(0), "ua", salt(1)), Seen::Again);
    }
}
