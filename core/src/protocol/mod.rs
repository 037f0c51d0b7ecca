//! The wire contract: every body exchanged by the widget and the edge is a type here (or, for the two
//! request bodies, `checks::BrowserObservations` and `report::ReportUpload`), used by both sides.
//!
//! Every top-level message carries `v`, the protocol version, so that a widget cached by a browser
//! can tell that the edge speaks a newer protocol instead of misreading it.

mod answers;
pub mod wire;

use serde::{Deserialize, Serialize};

pub use answers::{
    AccessAnswer, CheckAnswer, CheckPlan, Choices, DepartmentChoice, Health, LookupAnswer, ProblemDetails, Receipt,
    RouteAnswer, SessionHintsAnswer,
};

/// The protocol version this build speaks.
pub const PROTOCOL_VERSION: u32 = 1;

/// Answer of `GET /api/time`: when the edge received the probe and when it sent the answer,
/// in milliseconds since the Unix epoch (fractional: the edge has microseconds).
///
/// On Cloudflare Workers the clock is frozen during a request, so there `t1 == t2`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimeProbeResponse {
    pub v: u32,
    /// Server receive time (NTP's t1).
    pub t1: f64,
    /// Server transmit time (NTP's t2).
    pub t2: f64,
}

impl TimeProbeResponse {
    pub fn new(received_ms: f64, transmitted_ms: f64) -> Self {
        Self { v: PROTOCOL_VERSION, t1: received_ms, t2: transmitted_ms }
    }
}

/// A message from a peer that speaks another protocol version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the edge speaks protocol version {found}, this page expects {PROTOCOL_VERSION}: reload the page")]
pub struct VersionMismatch {
    pub found: u32,
}

/// Accepts only messages of this build's protocol version.
pub fn check_version(v: u32) -> Result<(), VersionMismatch> {
    if v == PROTOCOL_VERSION { Ok(()) } else { Err(VersionMismatch { found: v }) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_probe_response_is_small_flat_json() {
        let json = serde_json::to_string(&TimeProbeResponse::new(1.5, 2.25)).unwrap();
        assert_eq!(json, r#"{"v":1,"t1":1.5,"t2":2.25}"#);
    }

    #[test]
    fn time_probe_response_round_trips() {
        let r = TimeProbeResponse::new(1_764_000_000_000.125, 1_764_000_000_000.5);
        let back: TimeProbeResponse = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn other_protocol_versions_are_rejected_with_advice() {
        assert!(check_version(PROTOCOL_VERSION).is_ok());
        let err = check_version(2).unwrap_err();
        assert_eq!(err.found, 2);
        assert!(err.to_string().contains("reload"));
    }
}
