//! Per-client rate limits: [`RateLimits`] is what handlers ask, each host brings its own — memory
//! natively ([`InMemoryRateLimits`], token buckets), Cloudflare's Rate Limiting binding on Workers,
//! where an isolate's memory would only limit the requests that happen to reach it (an isolate
//! without its binding counts alone, in fixed windows: [`FixedWindowRateLimits`]). The budgets are core's
//! (`preflight_core::rate_limits`); client addresses are held in memory only, never written.

#[cfg(feature = "native")]
mod bounded_store;
mod fixed_window;

use std::future::Future;
use std::net::IpAddr;
#[cfg(feature = "native")]
use std::num::NonZeroU32;
use std::pin::Pin;
#[cfg(feature = "native")]
use std::time::Duration;

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
#[cfg(feature = "native")]
use governor::{Quota, RateLimiter, clock::DefaultClock};
#[cfg(feature = "native")]
use preflight_core::channel::classify::ClientKey;
use preflight_core::rate_limits::Limit;

#[cfg(feature = "native")]
pub use bounded_store::{BoundedKeyedStore, MAX_TRACKED_CLIENTS};
pub use fixed_window::{FixedWindowRateLimits, MAX_WINDOW_CLIENTS};

pub type LimitFuture<'a> = Pin<Box<dyn Future<Output = bool> + Send + 'a>>;

pub trait RateLimits: Send + Sync {
    /// Counts one request of `client` against `limit`; `false` when it is over its budget.
    fn allow(&self, limit: Limit, client: IpAddr) -> LimitFuture<'_>;

    /// Lets go of clients whose budget is full again (a no-op where the platform keeps the counts).
    fn forget_quiet_clients(&self) {}
}

#[cfg(feature = "native")]
type Limiter = RateLimiter<ClientKey, BoundedKeyedStore, DefaultClock>;

/// Budgets kept in this process's memory, bounded whatever the number of clients.
#[cfg(feature = "native")]
pub struct InMemoryRateLimits {
    limiters: Vec<(Limit, Limiter, BoundedKeyedStore)>,
}

#[cfg(feature = "native")]
impl Default for InMemoryRateLimits {
    fn default() -> Self {
        let limiters = Limit::ALL
            .iter()
            .map(|&limit| {
                let store = BoundedKeyedStore::default();
                (limit, RateLimiter::new(quota(limit), store.clone(), DefaultClock::default()), store)
            })
            .collect();
        InMemoryRateLimits { limiters }
    }
}

#[cfg(feature = "native")]
fn quota(limit: Limit) -> Quota {
    let budget = limit.budget();
    let period = Duration::from_secs(u64::from(budget.refill_seconds.max(1)));
    let burst = NonZeroU32::new(budget.burst).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(period).map_or(Quota::per_second(burst), |q| q.allow_burst(burst))
}

#[cfg(feature = "native")]
impl InMemoryRateLimits {
    fn entry(&self, limit: Limit) -> Option<&(Limit, Limiter, BoundedKeyedStore)> {
        self.limiters.iter().find(|(l, _, _)| *l == limit)
    }

    /// Clients tracked by `limit` now, for tests of the memory bound.
    pub fn tracked_clients(&self, limit: Limit) -> usize {
        self.entry(limit).map_or(0, |(_, limiter, _)| limiter.len())
    }

    /// Bytes held for `limit`'s clients, at most [`BoundedKeyedStore::MAX_BYTES`].
    pub fn memory_bytes(&self, limit: Limit) -> usize {
        self.entry(limit).map_or(0, |(_, _, store)| store.memory_bytes())
    }

    /// The synchronous check, for hosts that count in memory.
    pub fn check(&self, limit: Limit, client: IpAddr) -> bool {
        self.entry(limit).is_none_or(|(_, limiter, _)| limiter.check_key(&ClientKey::of(client)).is_ok())
    }
}

#[cfg(feature = "native")]
impl RateLimits for InMemoryRateLimits {
    fn allow(&self, limit: Limit, client: IpAddr) -> LimitFuture<'_> {
        let allowed = self.check(limit, client);
        Box::pin(async move { allowed })
    }

    fn forget_quiet_clients(&self) {
        for (_, limiter, store) in &self.limiters {
            limiter.retain_recent();
            store.shrink();
        }
    }
}

/// `429` with `Retry-After` from the limit's own budget, on top of the page or problem `refusal`.
pub fn too_many(limit: Limit, refusal: impl IntoResponse) -> Response {
    crate::metrics::count_refusal(limit);
    let mut response = refusal.into_response();
    *response.status_mut() = axum::http::StatusCode::TOO_MANY_REQUESTS;
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(limit.retry_after_seconds()));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(n: u32) -> IpAddr {
        IpAddr::V4(std::net::Ipv4Addr::from(n))
    }

    #[test]
    fn each_client_and_each_limit_has_its_own_budget() {
        let limits = InMemoryRateLimits::default();
        let burst = Limit::HelpdeskAnonymous.budget().burst as usize;
        assert_eq!((0..50).filter(|_| limits.check(Limit::HelpdeskAnonymous, ip(1))).count(), burst);
        assert!(limits.check(Limit::HelpdeskAnonymous, ip(2)), "another client");
        assert!(limits.check(Limit::HelpdeskSignedIn, ip(1)), "bad attempts never spend the signed-in budget");
    }

    #[test]
    fn an_ipv6_client_has_one_budget_for_its_whole_slash_64() {
        let limits = InMemoryRateLimits::default();
        let burst = Limit::ReportUploads.budget().burst;
        let allowed = (0..100u16)
            .filter(|n| limits.check(Limit::ReportUploads, format!("2001:db8:1:2::{n:x}").parse().unwrap()))
            .count();
        assert_eq!(allowed, burst as usize);
        assert!(limits.check(Limit::ReportUploads, "2001:db8:1:3::1".parse().unwrap()), "the next /64");
    }

    /// A flood of distinct addresses: memory stays bounded, and so does the work.
    #[test]
    fn a_million_distinct_clients_stay_under_the_memory_ceiling() {
        let limits = InMemoryRateLimits::default();
        for n in 0..1_000_000u32 {
            limits.check(Limit::ReportUploads, ip(0x0a00_0000 + n));
        }
        assert!(limits.tracked_clients(Limit::ReportUploads) <= MAX_TRACKED_CLIENTS);
        assert!(limits.memory_bytes(Limit::ReportUploads) <= BoundedKeyedStore::MAX_BYTES);
        // The newest clients are still limited.
        let recent = ip(0x0a00_0000 + 999_999);
        let burst = Limit::ReportUploads.budget().burst as usize;
        assert_eq!((0..50).filter(|_| limits.check(Limit::ReportUploads, recent)).count(), burst - 1);
    }
}
