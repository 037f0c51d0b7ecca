//! How often one client may do what costs the edge something: the per-client budgets, and the
//! `Retry-After` each one answers with. Clients are counted by [`ClientKey`](crate::channel::classify::ClientKey):
//! an IPv4 address or an IPv6 /64.
//!
//! The helpdesk has two budgets: attempts without a valid token or session (guessing tokens or
//! codes), and work done with one. A flood of bad attempts from an address therefore never locks the
//! helpdesk out, even when it shares that address (behind a proxy nobody listed).

use crate::time::UnixMs;

/// Each limit the edge enforces per client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limit {
    /// `POST /api/reports`: nobody fills the store.
    ReportUploads,
    /// Helpdesk sign-ins and lookups without a valid token or session.
    HelpdeskAnonymous,
    /// Helpdesk lookups with a valid token or session.
    HelpdeskSignedIn,
}

/// A burst, then one more every `refill_seconds` (a token bucket, GCRA).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub burst: u32,
    pub refill_seconds: u32,
}

impl Limit {
    pub const ALL: [Limit; 3] = [Limit::ReportUploads, Limit::HelpdeskAnonymous, Limit::HelpdeskSignedIn];

    pub fn budget(self) -> Budget {
        match self {
            // Far more than agents ever share, far less than a flood.
            Limit::ReportUploads => Budget { burst: 20, refill_seconds: 6 },
            // Guessing a 16-character token or a 40-bit code at this pace never ends.
            Limit::HelpdeskAnonymous => Budget { burst: 10, refill_seconds: 2 },
            // A helpdesk desk looking up codes all day, several agents behind one address.
            Limit::HelpdeskSignedIn => Budget { burst: 60, refill_seconds: 1 },
        }
    }

    /// Requests allowed in a fixed window of `period_seconds` (Cloudflare's Rate Limiting counts
    /// that way): the burst, plus what refills during the window.
    pub fn window_limit(self, period_seconds: u32) -> u32 {
        let budget = self.budget();
        budget.burst + period_seconds / budget.refill_seconds
    }

    /// The fixed window Cloudflare's Rate Limiting binding counts this limit in (`period` in
    /// `edge/wrangler.toml`; the binding takes 10 or 60 seconds).
    pub fn window_seconds(self) -> u32 {
        match self {
            Limit::ReportUploads => 60,
            Limit::HelpdeskAnonymous | Limit::HelpdeskSignedIn => 10,
        }
    }

    /// Seconds until the next request may pass, once a client is over its budget.
    pub fn retry_after_seconds(self) -> u32 {
        self.budget().refill_seconds
    }

    /// The name used in metrics, logs and the Workers binding's README line.
    pub fn as_str(self) -> &'static str {
        match self {
            Limit::ReportUploads => "report_uploads",
            Limit::HelpdeskAnonymous => "helpdesk_anonymous",
            Limit::HelpdeskSignedIn => "helpdesk_signed_in",
        }
    }
}

/// One client's requests in the current fixed window of a limit: how a Workers isolate counts when
/// the platform's binding is missing, the way the binding does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WindowCount {
    window: i64,
    count: u32,
}

impl WindowCount {
    /// Counts one request at `now`; `false` when the window's allowance is spent.
    pub fn admit(&mut self, limit: Limit, now: UnixMs) -> bool {
        let seconds = limit.window_seconds();
        let window = now.as_millis().div_euclid(i64::from(seconds) * 1000);
        if window != self.window {
            *self = WindowCount { window, count: 0 };
        }
        let allowed = self.count < limit.window_limit(seconds);
        self.count += u32::from(allowed);
        allowed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_window_admits_its_allowance_then_starts_again() {
        let limit = Limit::HelpdeskAnonymous;
        let start = UnixMs::from_millis(1_795_600_000_000);
        let mut count = WindowCount::default();
        let allowance = limit.window_limit(limit.window_seconds()) as usize;
        assert_eq!((0..100).filter(|_| count.admit(limit, start)).count(), allowance);
        let next = start.plus_millis(i64::from(limit.window_seconds()) * 1000);
        assert!(count.admit(limit, next), "a new window");
    }

    #[test]
    fn the_signed_in_helpdesk_has_more_room_than_anonymous_attempts() {
        let (anonymous, signed_in) = (Limit::HelpdeskAnonymous.budget(), Limit::HelpdeskSignedIn.budget());
        assert!(signed_in.burst > anonymous.burst && signed_in.refill_seconds <= anonymous.refill_seconds);
    }

    #[test]
    fn fixed_windows_match_the_budgets() {
        assert_eq!(Limit::ReportUploads.window_limit(60), 30);
        assert_eq!(Limit::HelpdeskAnonymous.window_limit(10), 15);
        assert_eq!(Limit::HelpdeskSignedIn.window_limit(10), 70);
    }

    #[test]
    fn retry_after_is_the_refill_of_each_budget() {
        for limit in Limit::ALL {
            assert_eq!(limit.retry_after_seconds(), limit.budget().refill_seconds);
            assert!(limit.budget().burst > 0 && limit.budget().refill_seconds > 0, "{}", limit.as_str());
        }
    }
}
