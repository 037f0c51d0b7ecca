//! What the edge counts for its operators: requests, refusals, reports, findings. Handlers call the
//! functions here on every host; only the native edge keeps the counts (`prometheus`, served at
//! `GET /metrics`). On Workers they do nothing: Cloudflare's analytics count requests there.
//!
//! Every label is bounded: route templates, a method among a few, a status class, an access class,
//! a finding code, a limit. No address, user agent, code or token is ever a label.

#[cfg(feature = "native")]
pub mod prometheus;

use preflight_core::channel::AccessClass;
use preflight_core::finding::Code;
use preflight_core::rate_limits::Limit;

/// One finding the check concluded, for a client of `access`.
pub fn count_finding(code: Code, access: AccessClass) {
    #[cfg(feature = "native")]
    prometheus::get().count_finding(code, access);
    #[cfg(not(feature = "native"))]
    let _ = (code, access);
}

/// One request refused by `limit`.
pub fn count_refusal(limit: Limit) {
    #[cfg(feature = "native")]
    prometheus::get().count_refusal(limit);
    #[cfg(not(feature = "native"))]
    let _ = limit;
}

/// One report stored.
pub fn count_stored_report() {
    #[cfg(feature = "native")]
    prometheus::get().count_stored_report();
}

/// `n` expired reports purged.
pub fn count_purged_reports(n: u64) {
    #[cfg(feature = "native")]
    prometheus::get().count_purged_reports(n);
    #[cfg(not(feature = "native"))]
    let _ = n;
}

/// A spike of a failing finding found in the current hour (once per hour, code and scope).
#[cfg(feature = "native")]
pub fn count_spike(spike: &preflight_core::statistics::spikes::Spike) {
    prometheus::get().count_spike(spike);
}
