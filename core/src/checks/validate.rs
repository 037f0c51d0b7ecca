//! Limits on what a browser may send as observations, for `POST /api/check` and inside a report:
//! the body limit bounds the whole, these bound each part, so that an answer or a stored report
//! stays about the size of a real one, and every string that reaches a person is printable.

use super::BrowserObservations;
use crate::printable::{describe, first_unprintable};
use crate::protocol::{VersionMismatch, check_version};

pub mod limits {
    pub const VERSION: usize = 64;
    pub const SERVICE_WORKERS: usize = 16;
    pub const PATH: usize = 256;
    /// Probe hosts a deployment may list (its identity provider, webmail, a VPN portal…), and so a
    /// browser may report on: with each one failing, a report still fits in its 8 KB.
    pub const PROBES: usize = 4;
    pub const URL: usize = 256;
    /// `navigator.storage.estimate()` reports JavaScript numbers: a byte count past
    /// `Number.MAX_SAFE_INTEGER` is not one a browser can send.
    pub const STORAGE_BYTES: u64 = (1 << 53) - 1;
    /// A clock further off than a year is not a reading: the probes went wrong.
    pub const CLOCK_MS: f64 = 366.0 * 24.0 * 3_600_000.0;
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ObservationError {
    #[error(transparent)]
    Version(#[from] VersionMismatch),
    #[error("`{field}` is longer than {max} characters: shorten it")]
    TooLong { field: &'static str, max: usize },
    #[error("`{field}` has more than {max} entries")]
    TooMany { field: &'static str, max: usize },
    #[error("`{field}` contains the character {character}: only printable text is accepted")]
    Unprintable { field: &'static str, character: String },
    #[error("`observations.probes`: {url} is not one of this edge's probe hosts (GET /api/check-plan lists them)")]
    UnknownProbe { url: String },
    #[error("`observations.probes`: {url} is listed twice")]
    DuplicateProbe { url: String },
    #[error("`{field}` is larger than {max}: send the bytes `navigator.storage.estimate()` reports")]
    TooLarge { field: &'static str, max: u64 },
    #[error("`clock` must be finite numbers within a year, with a non-negative error bound")]
    Clock,
    #[error("`sent`: {0}")]
    Sent(crate::clock::SampleError),
    #[error("`sample`: {0}")]
    Sample(crate::clock::SampleError),
}

impl BrowserObservations {
    /// Checks every limit; `probe_urls` are the config's probe hosts, the only ones a browser may
    /// report on.
    pub fn validate(&self, probe_urls: &[&str]) -> Result<(), ObservationError> {
        check_version(self.v)?;
        if let Some(version) = &self.loaded_version {
            text("observations.loaded_version", version, limits::VERSION)?;
        }
        for (field, bytes) in
            [("observations.storage_usage", self.storage_usage), ("observations.storage_quota", self.storage_quota)]
        {
            if bytes.is_some_and(|b| b > limits::STORAGE_BYTES) {
                return Err(ObservationError::TooLarge { field, max: limits::STORAGE_BYTES });
            }
        }
        too_many("observations.service_workers", self.service_workers.len(), limits::SERVICE_WORKERS)?;
        for path in &self.service_workers {
            text("observations.service_workers[]", path, limits::PATH)?;
        }
        too_many("observations.probes", self.probes.len(), limits::PROBES)?;
        for (i, probe) in self.probes.iter().enumerate() {
            text("observations.probes[].url", &probe.url, limits::URL)?;
            if !probe_urls.contains(&probe.url.as_str()) {
                return Err(ObservationError::UnknownProbe { url: probe.url.clone() });
            }
            if self.probes[..i].iter().any(|p| p.url == probe.url) {
                return Err(ObservationError::DuplicateProbe { url: probe.url.clone() });
            }
        }
        if let Some(sent) = &self.sent {
            sent.validate().map_err(ObservationError::Sent)?;
        }
        if let Some(sample) = &self.sample {
            sample.validate().map_err(ObservationError::Sample)?;
        }
        if let Some(clock) = &self.clock {
            let fine = clock.offset_ms.is_finite()
                && clock.offset_ms.abs() <= limits::CLOCK_MS
                && clock.error_bound_ms.is_finite()
                && (0.0..=limits::CLOCK_MS).contains(&clock.error_bound_ms);
            if !fine {
                return Err(ObservationError::Clock);
            }
        }
        Ok(())
    }
}

/// A bounded, printable string.
pub(crate) fn text(field: &'static str, value: &str, max: usize) -> Result<(), ObservationError> {
    if value.chars().count() > max {
        return Err(ObservationError::TooLong { field, max });
    }
    match first_unprintable(value) {
        Some(c) => Err(ObservationError::Unprintable { field, character: describe(c) }),
        None => Ok(()),
    }
}

fn too_many(field: &'static str, count: usize, max: usize) -> Result<(), ObservationError> {
    if count > max { Err(ObservationError::TooMany { field, max }) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::{ClockObservation, ProbeObservation};
    use crate::protocol::PROTOCOL_VERSION;

    const IDP: &str = "https://idp.example.fr/";

    fn fine() -> BrowserObservations {
        BrowserObservations {
            v: PROTOCOL_VERSION,
            clock: Some(ClockObservation { offset_ms: 12.0, error_bound_ms: 3.0 }),
            loaded_version: Some("2026.11.1".into()),
            service_workers: vec!["/demo-sw.js".into()],
            probes: vec![ProbeObservation { url: IDP.into(), reachable: true }],
            ..BrowserObservations::default()
        }
    }

    fn with(change: impl FnOnce(&mut BrowserObservations)) -> Result<(), ObservationError> {
        let mut o = fine();
        change(&mut o);
        o.validate(&[IDP])
    }

    #[test]
    fn real_observations_pass() {
        assert_eq!(fine().validate(&[IDP]), Ok(()));
    }

    #[test]
    fn storage_figures_are_javascript_numbers() {
        assert_eq!(with(|o| o.storage_quota = Some(limits::STORAGE_BYTES)), Ok(()));
        let past = with(|o| o.storage_usage = Some(limits::STORAGE_BYTES + 1));
        let max = limits::STORAGE_BYTES;
        assert_eq!(past, Err(ObservationError::TooLarge { field: "observations.storage_usage", max }));
    }

    #[test]
    fn only_the_config_s_probe_hosts_once_each() {
        let unknown = with(|o| o.probes.push(ProbeObservation { url: "https://evil.test/".into(), reachable: false }));
        assert_eq!(unknown, Err(ObservationError::UnknownProbe { url: "https://evil.test/".into() }));
        let twice = with(|o| o.probes.push(ProbeObservation { url: IDP.into(), reachable: false }));
        assert_eq!(twice, Err(ObservationError::DuplicateProbe { url: IDP.into() }));
        assert!(fine().validate(&[]).is_err(), "no probe hosts configured: none may be reported");
    }

    #[test]
    fn strings_are_bounded_and_printable() {
        let long = "v".repeat(limits::VERSION + 1);
        assert!(matches!(with(|o| o.loaded_version = Some(long)), Err(ObservationError::TooLong { .. })));
        let spoofed = with(|o| o.loaded_version = Some("2026\u{202E}1.11".into()));
        assert_eq!(
            spoofed,
            Err(ObservationError::Unprintable { field: "observations.loaded_version", character: "U+202E".into() })
        );
        let newline = with(|o| o.service_workers = vec!["/sw.js\nForged: line".into()]);
        assert!(matches!(newline, Err(ObservationError::Unprintable { .. })));
        let many = with(|o| o.service_workers = vec!["/sw.js".into(); limits::SERVICE_WORKERS + 1]);
        assert!(matches!(many, Err(ObservationError::TooMany { .. })));
    }

    #[test]
    fn clocks_are_finite_and_within_a_year() {
        let nan = with(|o| o.clock = Some(ClockObservation { offset_ms: f64::NAN, error_bound_ms: 1.0 }));
        assert_eq!(nan, Err(ObservationError::Clock));
        let negative = with(|o| o.clock = Some(ClockObservation { offset_ms: 1.0, error_bound_ms: -1.0 }));
        assert_eq!(negative, Err(ObservationError::Clock));
        let version = with(|o| o.v = PROTOCOL_VERSION + 1);
        assert!(matches!(version, Err(ObservationError::Version(_))));
    }

    #[test]
    fn a_request_stamp_is_a_plausible_time_and_a_bounded_wait() {
        use crate::clock::SampleError;
        use crate::clock::exchange::{MAX_WITHIN_MS, SentStamp};
        let stamp = |t0, within_ms| with(|o| o.sent = Some(SentStamp { t0, within_ms }));
        assert_eq!(stamp(1_764_086_400_000.0, 2_500.0), Ok(()));
        let sent = |e| Err(ObservationError::Sent(e));
        assert_eq!(stamp(1_764_086_400_000.0, MAX_WITHIN_MS * 100.0), sent(SampleError::WindowOutOfRange));
        assert_eq!(stamp(f64::NAN, 2_500.0), sent(SampleError::NotFinite));
        assert_eq!(stamp(-5.0, 2_500.0), sent(SampleError::Implausible));
        let t = 1_764_086_400_000.0;
        let sample = |t3| with(|o| o.sample = Some(crate::clock::ClockSample { t0: t, t1: t, t2: t, t3 }));
        assert_eq!(sample(t + 40.0), Ok(()));
        assert_eq!(sample(t - 40.0), Err(ObservationError::Sample(SampleError::ClientWentBackwards)));
    }
}
