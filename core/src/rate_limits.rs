//! How often one client may do what costs the edge something: the per-client budgets, and the
//! `Retry-After` each one answers with. Clients are counted by [`ClientKey`](crate::channel::classify::ClientKey):
//! an IPv4 address or an IPv6 /64.
//!
//! The helpdesk has two budgets: attempts without a valid token or session (guessing tokens or
//! codes), and work done with one. A flood of bad attempts from an address therefore never locks the
//! helpdesk out, even when it shares that address (behind a proxy nobody listed).

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

#[cfg(test)]
mod tests {
    use super::*;

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
