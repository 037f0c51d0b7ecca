//! Clock offset estimation (NTP-style) and the verdict an agent needs: will 2FA codes, Kerberos
//! tickets and certificates work with this device's clock?
//!
//! All times are milliseconds since the Unix epoch. `t0`/`t3` come from the client clock (the one
//! under test), `t1`/`t2` from the edge.

use crate::catalog::{self, CatalogEntry};
use crate::finding::{Code, Finding};
use crate::i18n;

pub mod exchange;

/// TOTP codes change every 30 s and servers usually accept one step either side.
pub const TOTP_STEP_MS: f64 = 30_000.0;
/// Kerberos rejects tickets beyond 5 minutes of skew; certificates "not yet valid" soon after.
pub const KERBEROS_MAX_SKEW_MS: f64 = 300_000.0;
/// A skew within this of a whole number of hours (≥ 1 h) is a time-zone mistake, not a drifting clock.
pub const TIME_ZONE_TOLERANCE_MS: f64 = 60_000.0;
pub const HOUR_MS: f64 = 3_600_000.0;
/// Time zones span UTC−12 to UTC+14: a skew of more whole hours than that is a wrong date.
pub const MAX_TIME_ZONE_HOURS: f64 = 14.0;
/// `Date.now()` has millisecond resolution: each client timestamp may be up to 1 ms early.
pub const CLIENT_RESOLUTION_MS: f64 = 1.0;
/// Timestamps outside [2000-01-01, 2200-01-01) are corrupt, not skewed clocks.
const PLAUSIBLE_EPOCH_MS: std::ops::Range<f64> = 946_684_800_000.0..7_258_118_400_000.0;

/// One round trip of a time probe (or of a check request, `exchange`).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ClockSample {
    /// Client clock when the probe was sent.
    pub t0: f64,
    /// Edge clock when the probe arrived.
    pub t1: f64,
    /// Edge clock when the answer left.
    pub t2: f64,
    /// Client clock when the answer arrived.
    pub t3: f64,
}

/// Why a sample cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SampleError {
    #[error("a timestamp is not a finite number")]
    NotFinite,
    #[error("a timestamp is outside the years 2000–2200")]
    Implausible,
    #[error("the client clock went backwards during the probe (t3 < t0)")]
    ClientWentBackwards,
    #[error("the edge answered before it received the probe (t2 < t1)")]
    EdgeWentBackwards,
    #[error("the edge spent longer on the probe than the whole round trip took")]
    NegativeDelay,
    #[error("`within_ms`, the time a request may take, must be over 0 and at most {max} ms", max = exchange::MAX_WITHIN_MS)]
    WindowOutOfRange,
}

impl ClockSample {
    /// How far the edge clock is ahead of the client clock, if network delays are symmetric.
    pub fn offset_ms(&self) -> f64 {
        ((self.t1 - self.t0) + (self.t2 - self.t3)) / 2.0
    }

    /// Round-trip time spent on the network (edge processing excluded).
    pub fn delay_ms(&self) -> f64 {
        (self.t3 - self.t0) - (self.t2 - self.t1)
    }

    pub fn validate(&self) -> Result<(), SampleError> {
        let all = [self.t0, self.t1, self.t2, self.t3];
        if !all.iter().all(|t| t.is_finite()) {
            return Err(SampleError::NotFinite);
        }
        if !all.iter().all(|t| PLAUSIBLE_EPOCH_MS.contains(t)) {
            return Err(SampleError::Implausible);
        }
        if self.t3 < self.t0 {
            return Err(SampleError::ClientWentBackwards);
        }
        if self.t2 < self.t1 {
            return Err(SampleError::EdgeWentBackwards);
        }
        // Millisecond client timestamps can make a sub-millisecond round trip look slightly negative.
        if self.delay_ms() < -2.0 * CLIENT_RESOLUTION_MS {
            return Err(SampleError::NegativeDelay);
        }
        Ok(())
    }
}

/// The best estimate of the edge-minus-client offset, with a guaranteed error bound.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClockEstimate {
    /// Edge clock minus client clock (NTP's θ).
    pub offset_ms: f64,
    /// The true offset lies within `offset_ms ± error_bound_ms`, whatever the path asymmetry.
    pub error_bound_ms: f64,
    /// Network round trip of the sample used.
    pub delay_ms: f64,
    /// How many samples were valid.
    pub valid_samples: usize,
}

impl ClockEstimate {
    /// How far the device clock is ahead of the real time (negative: behind).
    pub fn client_ahead_ms(&self) -> f64 {
        -self.offset_ms
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EstimateError {
    #[error("no time probe came back")]
    NoSamples,
    #[error("no usable time probe: {0}")]
    NoValidSample(SampleError),
}

/// Keeps the lowest-delay valid sample: its offset has the tightest bound (δ/2).
pub fn estimate(samples: &[ClockSample]) -> Result<ClockEstimate, EstimateError> {
    let mut first_error = None;
    let mut best: Option<ClockSample> = None;
    let mut valid_samples = 0;
    for sample in samples {
        match sample.validate() {
            Ok(()) => {
                valid_samples += 1;
                if best.is_none_or(|b| sample.delay_ms() < b.delay_ms()) {
                    best = Some(*sample);
                }
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    let Some(best) = best else {
        return Err(first_error.map_or(EstimateError::NoSamples, EstimateError::NoValidSample));
    };
    let delay_ms = best.delay_ms().max(0.0);
    Ok(ClockEstimate {
        offset_ms: best.offset_ms(),
        error_bound_ms: delay_ms / 2.0 + CLIENT_RESOLUTION_MS,
        delay_ms,
        valid_samples,
    })
}

/// What the device clock means for signing in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockVerdict {
    /// Within one TOTP step.
    Ok,
    /// Beyond one TOTP step: 2FA codes may be refused.
    TwoFactorAtRisk,
    /// Beyond Kerberos' 5 minutes: sign-in and certificates will fail.
    SignInWillFail,
    /// A whole number of hours off: the time zone is wrong, not the clock. Positive: ahead.
    TimeZoneLikely { hours: i32 },
    /// The error bound straddles a threshold: measuring again on a better connection will tell.
    Inconclusive,
}

/// Classifies one exact skew (client ahead, in ms).
fn classify(client_ahead_ms: f64) -> ClockVerdict {
    let skew = client_ahead_ms.abs();
    let hours = (client_ahead_ms / HOUR_MS).round();
    if hours != 0.0
        && hours.abs() <= MAX_TIME_ZONE_HOURS
        && (client_ahead_ms - hours * HOUR_MS).abs() <= TIME_ZONE_TOLERANCE_MS
    {
        ClockVerdict::TimeZoneLikely { hours: hours as i32 }
    } else if skew > KERBEROS_MAX_SKEW_MS {
        ClockVerdict::SignInWillFail
    } else if skew > TOTP_STEP_MS {
        ClockVerdict::TwoFactorAtRisk
    } else {
        ClockVerdict::Ok
    }
}

/// The verdict holds only if every skew the error bound allows gets the same one; otherwise we say
/// "inconclusive" rather than guess.
pub fn verdict(estimate: &ClockEstimate) -> ClockVerdict {
    let ahead = estimate.client_ahead_ms();
    let (low, high) = (ahead - estimate.error_bound_ms, ahead + estimate.error_bound_ms);
    let mut candidates = vec![classify(low), classify(high)];
    if low < 0.0 && high > 0.0 {
        candidates.push(ClockVerdict::Ok);
    }
    if candidates.iter().all(|c| *c == candidates[0]) { candidates[0] } else { ClockVerdict::Inconclusive }
}

impl ClockVerdict {
    pub fn code(self) -> Code {
        self.entry().code
    }

    fn entry(self) -> &'static CatalogEntry {
        match self {
            ClockVerdict::Ok => &catalog::clock::CLK_OK,
            ClockVerdict::TwoFactorAtRisk => &catalog::clock::CLK_TOTP,
            ClockVerdict::SignInWillFail => &catalog::clock::CLK_SKEW,
            ClockVerdict::TimeZoneLikely { .. } => &catalog::clock::CLK_TZ,
            ClockVerdict::Inconclusive => &catalog::clock::CLK_UNSURE,
        }
    }
}

/// The finding an agent sees for a clock estimate.
pub fn finding(estimate: &ClockEstimate) -> Finding {
    let verdict = verdict(estimate);
    Finding::from_entry(verdict.entry(), &i18n::clock_facts(estimate, verdict))
}

/// The finding when no time probe came back (edge unreachable, offline, timed out).
pub fn unavailable_finding() -> Finding {
    Finding::fixed(&catalog::clock::CLK_UNAVAILABLE)
}

#[cfg(test)]
mod tests;
