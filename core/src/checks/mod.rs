//! Browser checks: what the widget and the edge observed, in; findings, out. Each family is a pure
//! function over observations, so the edge (`POST /api/check`) and the widget (when the edge is
//! unreachable) reach the same verdicts with the same code.

mod cache;
mod certificates;
pub(crate) mod clock_remedy;
mod cookies;
mod secure_context;
mod storage;
mod validate;

use serde::{Deserialize, Serialize};

pub use secure_context::is_loopback_host;
pub(crate) use validate::text as check_text;
pub use validate::{ObservationError, limits};

use crate::clock::exchange::SentStamp;
use crate::clock::{ClockEstimate, ClockSample, ClockVerdict, verdict};
use crate::finding::Finding;
use crate::i18n::texts;

/// What the browser saw. Sent by the widget to `POST /api/check`; nothing personal in it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BrowserObservations {
    pub v: u32,
    /// The widget's clock estimate, when it measured one (from an earlier exchange's full sample).
    pub clock: Option<ClockObservation>,
    /// When this request left and how long it may take: without `clock`, the edge bounds the offset
    /// from its own receive time (`clock::exchange`). Meaningful only in the request it was sent in.
    #[serde(default)]
    pub sent: Option<SentStamp>,
    /// A full time sample (the device's `t0`/`t3`, the edge's `t1`/`t2`): the login page's time probe,
    /// or this check's first exchange sent back when its stamp was too coarse
    /// (`CheckAnswer::wants_sample`).
    #[serde(default)]
    pub sample: Option<ClockSample>,
    /// `navigator.cookieEnabled`.
    pub cookies_enabled: bool,
    /// A cookie written with `document.cookie` could be read back.
    pub cookie_write_read: bool,
    /// The widget asked `GET /api/check-plan` (which sets a test cookie) just before this check.
    #[serde(default)]
    pub cookie_probe: bool,
    /// `localStorage` and `sessionStorage` accepted a write (private modes and policies throw).
    pub local_storage: bool,
    pub session_storage: bool,
    /// `isSecureContext`, and whether the page's host is a loopback name (http is fine there).
    pub secure_context: bool,
    pub loopback_host: bool,
    /// The portal version the page was built with (`<meta name="portal-version">`).
    pub loaded_version: Option<String>,
    /// Script URL paths of the service workers registered for the portal's origin.
    #[serde(default)]
    pub service_workers: Vec<String>,
    /// `navigator.storage.estimate()`, in bytes (at most `limits::STORAGE_BYTES`).
    #[cfg_attr(feature = "openapi", schema(maximum = 9007199254740991_u64))]
    pub storage_usage: Option<u64>,
    #[cfg_attr(feature = "openapi", schema(maximum = 9007199254740991_u64))]
    pub storage_quota: Option<u64>,
    /// HTTPS reachability of the config's probe hosts, by URL.
    #[serde(default)]
    pub probes: Vec<ProbeObservation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ClockObservation {
    pub offset_ms: f64,
    pub error_bound_ms: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProbeObservation {
    pub url: String,
    pub reachable: bool,
}

/// What only the edge sees, or knows from its config.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EdgeObservations {
    /// The version deployed now.
    pub deployed_version: String,
    /// Size of the `Cookie` header the browser sent with the check.
    pub cookie_header_bytes: usize,
    /// Whether the edge's test cookie came back; `None` when the edge could not tell (first visit).
    pub test_cookie_returned: Option<bool>,
    /// The portal's own service worker script path, if it has one.
    pub portal_service_worker: Option<String>,
    /// Names of probe hosts, by URL.
    pub probe_names: Vec<(String, crate::i18n::Text)>,
    /// Validity dates of probe hosts' certificates, where the config gives them.
    pub certificate_windows: Vec<CertificateWindow>,
    /// The edge's clock: the real time against which the device's is placed.
    pub now: crate::time::UnixMs,
    /// The OS family from the user agent and client hints, for OS-specific remedies.
    pub os: Option<crate::client::OsFamily>,
}

/// When a probe host's certificate is valid, in ms since the epoch.
#[derive(Debug, Clone, PartialEq)]
pub struct CertificateWindow {
    pub url: String,
    pub valid_from: crate::time::UnixMs,
    pub valid_until: crate::time::UnixMs,
}

impl From<ClockEstimate> for ClockObservation {
    fn from(estimate: ClockEstimate) -> Self {
        ClockObservation { offset_ms: estimate.offset_ms, error_bound_ms: estimate.error_bound_ms }
    }
}

impl ClockObservation {
    fn estimate(&self) -> ClockEstimate {
        ClockEstimate {
            offset_ms: self.offset_ms,
            error_bound_ms: self.error_bound_ms,
            delay_ms: 0.0,
            valid_samples: 1,
        }
    }
}

/// The clock estimate of a check: the widget's own, else an earlier exchange's full sample, else the
/// one this request's stamp gives against the edge's `now` (the stamp the answer carries as `t1`).
pub fn clock_estimate(browser: &BrowserObservations, edge: &EdgeObservations) -> Option<ClockEstimate> {
    let sampled = || browser.sample.and_then(|sample| crate::clock::estimate(&[sample]).ok());
    browser.clock.map(|c| c.estimate()).or_else(sampled).or_else(|| stamped(browser, edge))
}

fn stamped(browser: &BrowserObservations, edge: &EdgeObservations) -> Option<ClockEstimate> {
    browser.sent.and_then(|sent| sent.estimate_at(edge.now.as_clock_reading()).ok())
}

/// Whether the clock's finding rests on this request's stamp alone and the stamp is too coarse for
/// it: the verdict is undecided, or the finding states a drift (any verdict but "on time"), which
/// must be as exact as a full sample makes it. The widget then sends the exchange's full sample.
pub fn wants_sample(browser: &BrowserObservations, edge: &EdgeObservations) -> bool {
    let only_stamped = browser.clock.is_none() && browser.sample.is_none();
    only_stamped && stamped(browser, edge).is_some_and(|estimate| verdict(&estimate) != ClockVerdict::Ok)
}

/// Every browser check, in the order the full check page lists them.
pub fn evaluate(browser: &BrowserObservations, edge: &EdgeObservations) -> Vec<Finding> {
    let clock = clock_estimate(browser, edge);
    let mut findings = vec![match &clock {
        Some(estimate) => crate::clock::finding(estimate),
        None => crate::clock::unavailable_finding(),
    }];
    findings.push(secure_context::finding(browser));
    findings.extend(certificates::findings(browser, edge, clock.as_ref()));
    findings.push(cookies::finding(browser, edge));
    findings.push(storage::finding(browser));
    findings.push(cache::finding(browser, edge));
    findings.into_iter().map(|f| clock_remedy::for_os(f, edge.os)).collect()
}

/// What the widget decides alone when the edge cannot be asked: no clock, no cookie round trip or
/// size, no deployed version, no probe hosts. [`NOT_CHECKED_WITHOUT_EDGE`] says so to the agent.
pub fn evaluate_locally(browser: &BrowserObservations) -> Vec<Finding> {
    let unknown = EdgeObservations::default();
    vec![
        crate::clock::unavailable_finding(),
        secure_context::finding(browser),
        cookies::finding(browser, &unknown),
        storage::finding(browser),
    ]
}

texts! {
    pub NOT_CHECKED_WITHOUT_EDGE {
        fr: "Sans réponse du service de vérification, ceci n'a pas pu être vérifié : l'heure de l'appareil, le retour et \
        la taille des cookies, la version du portail et les certificats des services.",
        en: "Without an answer from the check service, these could not be checked: the device time, the cookies' round \
        trip and size, the portal version and the services' certificates.",
    }
}

#[cfg(test)]
mod tests;
