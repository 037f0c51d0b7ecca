//! Instants on the wall clock: one type for every time the edge stamps, stores, compares or shows
//! (reports, sessions, certificate dates, the check's "now").
//!
//! Whole milliseconds since the Unix epoch, as stored (SQLite columns, KV expirations) and sent
//! (`expires_at_ms` in a receipt): serde writes a plain integer. The one exception is the clock
//! probe's samples (`protocol::TimeProbeResponse`), which keep the edge's microseconds because they
//! are the measurement itself; they become an instant only through [`UnixMs::from_clock_reading`].

use serde::{Deserialize, Serialize};

/// An instant: milliseconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct UnixMs(i64);

impl UnixMs {
    pub const EPOCH: UnixMs = UnixMs(0);

    pub const fn from_millis(ms: i64) -> UnixMs {
        UnixMs(ms)
    }

    /// A clock's reading (fractional ms, e.g. `Date.now()` or the system clock with microseconds):
    /// rounded down to the millisecond; a reading that is not a number counts as the epoch, one beyond
    /// `i64` as its limit. The one place a floating-point time becomes an instant.
    pub fn from_clock_reading(ms: f64) -> UnixMs {
        // `as` saturates and maps NaN to 0, which is the documented behaviour here.
        UnixMs(ms.floor() as i64)
    }

    pub const fn as_millis(self) -> i64 {
        self.0
    }

    /// The same instant as a floating-point reading, for clock arithmetic with measured offsets.
    pub fn as_clock_reading(self) -> f64 {
        self.0 as f64
    }

    /// This instant moved by `ms` (negative: earlier), saturating at the representable ends.
    pub const fn plus_millis(self, ms: i64) -> UnixMs {
        UnixMs(self.0.saturating_add(ms))
    }

    /// Milliseconds from `earlier` to this instant (negative when `earlier` is later).
    pub const fn millis_since(self, earlier: UnixMs) -> i64 {
        self.0.saturating_sub(earlier.0)
    }

    /// As a `jiff` timestamp, for calendars and time zones (opening hours, dates shown to people);
    /// `None` outside jiff's range (years −9999 to 9999).
    pub fn timestamp(self) -> Option<jiff::Timestamp> {
        jiff::Timestamp::from_millisecond(self.0).ok()
    }

    /// From a `jiff` timestamp (config dates), to the millisecond.
    pub fn from_timestamp(timestamp: jiff::Timestamp) -> UnixMs {
        UnixMs(timestamp.as_millisecond())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_readings_round_down_and_never_panic() {
        assert_eq!(UnixMs::from_clock_reading(1_764_547_200_123.987), UnixMs::from_millis(1_764_547_200_123));
        assert_eq!(UnixMs::from_clock_reading(-0.5), UnixMs::from_millis(-1));
        assert_eq!(UnixMs::from_clock_reading(f64::NAN), UnixMs::EPOCH);
        assert_eq!(UnixMs::from_clock_reading(f64::INFINITY), UnixMs::from_millis(i64::MAX));
        assert_eq!(UnixMs::from_clock_reading(-1e300), UnixMs::from_millis(i64::MIN));
    }

    #[test]
    fn arithmetic_saturates_at_the_ends() {
        let t = UnixMs::from_millis(1_000);
        assert_eq!(t.plus_millis(500).millis_since(t), 500);
        assert_eq!(t.plus_millis(-1_500), UnixMs::from_millis(-500));
        assert_eq!(UnixMs::from_millis(i64::MAX).plus_millis(1), UnixMs::from_millis(i64::MAX));
        assert_eq!(UnixMs::from_millis(i64::MIN).millis_since(UnixMs::from_millis(1)), i64::MIN);
    }

    #[test]
    fn serialises_as_a_plain_integer_of_milliseconds() {
        let t = UnixMs::from_millis(1_764_547_200_000);
        assert_eq!(serde_json::to_string(&t).unwrap(), "1764547200000");
        assert_eq!(serde_json::from_str::<UnixMs>("1764547200000").unwrap(), t);
        assert!(serde_json::from_str::<UnixMs>("1.5").is_err(), "stored instants are whole milliseconds");
    }

    #[test]
    fn converts_to_and_from_jiff_within_its_range() {
        let t = UnixMs::from_millis(1_764_547_200_000);
        let ts = t.timestamp().unwrap();
        assert_eq!(ts.to_string(), "2025-12-01T00:00:00Z");
        assert_eq!(UnixMs::from_timestamp(ts), t);
        assert_eq!(UnixMs::from_millis(i64::MAX).timestamp(), None);
    }
}
