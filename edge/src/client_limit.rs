//! Per-client rate limits (`governor`, keyed by the client address — held in memory only, never
//! written, and forgotten once a client has been quiet long enough).

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

pub struct ClientLimit(DefaultKeyedRateLimiter<IpAddr>);

impl ClientLimit {
    /// `burst` requests at once, then one every `refill`.
    pub fn new(burst: u32, refill: Duration) -> Self {
        let quota = Quota::with_period(refill)
            .expect("a non-zero period")
            .allow_burst(NonZeroU32::new(burst).expect("a non-zero burst"));
        ClientLimit(RateLimiter::keyed(quota))
    }

    /// Counts one request of `client`; `false` when over the limit.
    pub fn allow(&self, client: IpAddr) -> bool {
        self.0.check_key(&client).is_ok()
    }

    /// Drops the memory of clients whose budget is full again.
    pub fn forget_quiet_clients(&self) {
        self.0.retain_recent();
    }
}
