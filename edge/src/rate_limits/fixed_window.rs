//! Budgets counted in fixed windows in this process's memory (`preflight_core::rate_limits::WindowCount`),
//! the way Cloudflare's Rate Limiting binding counts: what a Workers isolate uses where its binding
//! is missing. Lighter than the token buckets of [`super::InMemoryRateLimits`] (the Workers bundle is
//! size-budgeted); memory is bounded by forgetting every count once [`MAX_WINDOW_CLIENTS`] are held
//! (a window lasts at most a minute, so little is lost).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

use preflight_core::channel::classify::ClientKey;
use preflight_core::rate_limits::{Limit, WindowCount};
use preflight_core::time::UnixMs;

use super::{LimitFuture, RateLimits};

/// Clients counted at most, over every limit.
pub const MAX_WINDOW_CLIENTS: usize = 65_536;

#[derive(Default)]
pub struct FixedWindowRateLimits {
    counts: Mutex<HashMap<(Limit, ClientKey), WindowCount>>,
}

impl FixedWindowRateLimits {
    /// The synchronous check at `now`.
    pub fn check(&self, limit: Limit, client: IpAddr, now: UnixMs) -> bool {
        // A poisoned lock only means a panic elsewhere mid-count: the counts are still usable.
        let mut counts = self.counts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if counts.len() >= MAX_WINDOW_CLIENTS {
            counts.clear();
        }
        counts.entry((limit, ClientKey::of(client))).or_default().admit(limit, now)
    }
}

impl RateLimits for FixedWindowRateLimits {
    fn allow(&self, limit: Limit, client: IpAddr) -> LimitFuture<'_> {
        let allowed = self.check(limit, client, UnixMs::from_clock_reading(crate::state::read_clock()));
        Box::pin(async move { allowed })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_client_has_its_window_and_memory_stays_bounded() {
        let limits = FixedWindowRateLimits::default();
        let now = UnixMs::from_millis(1_795_600_000_000);
        let limit = Limit::HelpdeskAnonymous;
        let allowance = limit.window_limit(limit.window_seconds()) as usize;
        let one: IpAddr = "203.0.113.9".parse().unwrap();
        assert_eq!((0..100).filter(|_| limits.check(limit, one, now)).count(), allowance);
        assert!(limits.check(limit, "203.0.113.10".parse().unwrap(), now), "another client");
        assert!(limits.check(Limit::HelpdeskSignedIn, one, now), "another limit");
        for n in 0..200_000u32 {
            limits.check(limit, IpAddr::V4(n.into()), now);
        }
        assert!(limits.counts.lock().unwrap().len() <= MAX_WINDOW_CLIENTS);
    }
}
