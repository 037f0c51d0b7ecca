//! How long a report is kept: days from the config, turned into an expiry instant.

/// Reports are deleted this many days after upload unless `[helpdesk] report_ttl_days` says otherwise.
pub const DEFAULT_TTL_DAYS: u32 = 7;
/// Allowed range of `report_ttl_days`: a report is for a phone call, not an archive.
pub const TTL_DAYS: std::ops::RangeInclusive<u32> = 1..=30;

use crate::time::UnixMs;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportTtl {
    days: u32,
}

impl Default for ReportTtl {
    fn default() -> Self {
        ReportTtl { days: DEFAULT_TTL_DAYS }
    }
}

impl ReportTtl {
    /// `None` outside [`TTL_DAYS`] (the config validation says so first).
    pub fn days(days: u32) -> Option<Self> {
        TTL_DAYS.contains(&days).then_some(ReportTtl { days })
    }

    pub fn in_days(self) -> u32 {
        self.days
    }

    pub fn as_seconds(self) -> u64 {
        u64::from(self.days) * 24 * 60 * 60
    }

    /// When a report received at `received_at` must be gone.
    pub fn expires_at(self, received_at: UnixMs) -> UnixMs {
        received_at.plus_millis(i64::from(self.days) * DAY_MS)
    }
}

/// A report is expired from its expiry instant on: it is never shown again, and purged.
pub fn is_expired(expires_at: UnixMs, now: UnixMs) -> bool {
    now >= expires_at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_expire_a_week_after_upload_by_default() {
        let ttl = ReportTtl::default();
        assert_eq!(ttl.in_days(), 7);
        let received = UnixMs::from_millis(1_764_086_400_000);
        let expires = ttl.expires_at(received);
        assert_eq!(expires.millis_since(received), 7 * DAY_MS);
        assert_eq!(ttl.as_seconds(), 604_800);
        assert!(!is_expired(expires, expires.plus_millis(-1)));
        assert!(is_expired(expires, expires));
        assert!(is_expired(expires, expires.plus_millis(DAY_MS)));
    }

    #[test]
    fn ttl_is_bounded() {
        assert_eq!(ReportTtl::days(1).unwrap().expires_at(UnixMs::EPOCH), UnixMs::from_millis(DAY_MS));
        assert!(ReportTtl::days(0).is_none());
        assert!(ReportTtl::days(31).is_none());
        assert_eq!(ReportTtl::days(30).unwrap().in_days(), 30);
    }
}
