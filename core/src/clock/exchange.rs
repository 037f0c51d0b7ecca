//! The check request as the time sample: the login line's one round trip measures the clock too.
//!
//! The login page starts a time probe while the widget downloads, and its check carries that sample:
//! a full NTP sample, exact to ±RTT/2, with no round trip after the wasm. When the probe is not back
//! in time, the request's stamp times the clock instead. The widget writes into the request when it
//! sent it (`t0`, device clock) and the longest it lets the request take (`within_ms`, its abort
//! timeout). Whenever the edge stamps the request (`t1`, its
//! clock), the request spent between 0 and `within_ms` on its way, which bounds the offset to an
//! interval `within_ms` wide: that decides every verdict but those within `within_ms` of a
//! threshold (30 s, 5 min, whole hours), with no time probe before the check. The answer carries the
//! edge's stamps, so that once it is in, the widget holds a full NTP sample (±RTT/2) to send again
//! when the interval did not decide, or when the finding states a drift, which must be exact — the
//! only cases that cost a second request. The widget does no clock arithmetic: it only stamps, and
//! sends back what it was handed.

use serde::{Deserialize, Serialize};

use super::{CLIENT_RESOLUTION_MS, ClockEstimate, ClockSample, SampleError};

/// The whole check's time on the login page, from the first request to the verdict: after it the
/// agent reads "not available", calmly, within 3 s of the page even on a busy device. A request
/// that took 1.5 s (a cold connection on a slow link) still brings its verdict.
pub const CHECK_BUDGET_MS: u32 = 2_000;
/// A check request unanswered this long gets one companion sent beside it (it may have been lost,
/// or be stuck behind a cold connection): the first answer wins. Never more than two.
pub const SECOND_REQUEST_AFTER_MS: u32 = 1_000;
/// A check's second request, to refine what its stamp could not tell, is sent only with this much
/// of the budget left: with less, the first answer stands.
pub const REFINE_ONLY_WITH_MS: u32 = 300;
/// The widest interval the edge accepts: a request may not claim to have taken longer than this.
pub const MAX_WITHIN_MS: f64 = 10_000.0;

// The companion and the refinement fit in the budget; the interval it makes decides everything
// further than a tenth of the 2FA step from the thresholds, and the edge accepts it.
const _: () = assert!(SECOND_REQUEST_AFTER_MS < CHECK_BUDGET_MS && REFINE_ONLY_WITH_MS < CHECK_BUDGET_MS);
const _: () = assert!((CHECK_BUDGET_MS as f64) < super::TOTP_STEP_MS / 10.0);
const _: () = assert!((CHECK_BUDGET_MS as f64) <= MAX_WITHIN_MS);

/// When the widget sent the check request, by the device clock, and how long it may take.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SentStamp {
    /// Device clock when the request left, ms since the Unix epoch.
    pub t0: f64,
    /// The request's abort timeout, ms: an answer that came back took at most this long.
    #[cfg_attr(feature = "openapi", schema(exclusive_minimum = 0, maximum = 10000))]
    pub within_ms: f64,
}

impl SentStamp {
    pub fn validate(&self) -> Result<(), SampleError> {
        if !self.t0.is_finite() || !self.within_ms.is_finite() {
            return Err(SampleError::NotFinite);
        }
        if !super::PLAUSIBLE_EPOCH_MS.contains(&self.t0) {
            return Err(SampleError::Implausible);
        }
        if self.within_ms <= 0.0 || self.within_ms > MAX_WITHIN_MS {
            return Err(SampleError::WindowOutOfRange);
        }
        Ok(())
    }

    /// What the edge can tell on stamping the request at `t1` (its clock): the device is ahead by
    /// between `t0 − t1` and `t0 − t1 + within_ms`, each end widened by a millisecond for the whole
    /// milliseconds of both clocks.
    pub fn estimate_at(&self, t1: f64) -> Result<ClockEstimate, SampleError> {
        self.validate()?;
        if !t1.is_finite() {
            return Err(SampleError::NotFinite);
        }
        if !super::PLAUSIBLE_EPOCH_MS.contains(&t1) {
            return Err(SampleError::Implausible);
        }
        Ok(ClockEstimate {
            offset_ms: t1 - self.t0 - self.within_ms / 2.0,
            error_bound_ms: self.within_ms / 2.0 + CLIENT_RESOLUTION_MS,
            delay_ms: self.within_ms,
            valid_samples: 1,
        })
    }

    /// The full sample a finished exchange makes: this stamp, the edge's `t1`/`t2` from the answer,
    /// and `t3`, the device clock when the answer came in.
    pub fn sample(&self, t1: f64, t2: f64, t3: f64) -> ClockSample {
        ClockSample { t0: self.t0, t1, t2, t3 }
    }
}

/// Whether an answer came back later than its stamp promised (a throttled timer aborts late): what
/// the edge drew from the stamp does not hold, and the exchange's full sample must decide.
pub fn answered_late(sent: &SentStamp, t3: f64) -> bool {
    t3 - sent.t0 > sent.within_ms
}

#[cfg(test)]
mod tests;
