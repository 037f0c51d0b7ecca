//! Clock accuracy: a native client with an injected skew takes the login line's two time samples
//! from the real edge through the delay proxy, exactly as the widget does — the page's
//! `GET /api/time` probe, and the check request's own exchange (its `sent` stamp and the answer's
//! `t1`/`t2`, the sample the widget sends back when the stamp cannot decide) — and
//! `preflight_core::clock::estimate` on each sample alone must land within max(RTT/2, 25 ms) of the
//! true offset, and within the error bound it reports.

use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use preflight_core::checks::BrowserObservations;
use preflight_core::clock::exchange::{CHECK_BUDGET_MS, SentStamp};
use preflight_core::clock::{self, CLIENT_RESOLUTION_MS, ClockEstimate, ClockSample};
use preflight_core::protocol::{CheckAnswer, TimeProbeResponse, check_version};
use serde::Serialize;

use super::delay_proxy::{DelayProxy, Delays};
use super::report::{Row, Section};
use crate::Result;
use crate::edge_process::EdgeProcess;

const AREA: &str = "clock accuracy";
/// Client clock minus true time, in seconds: time-zone mistakes, a TOTP-breaking drift, none.
const SKEWS_S: [f64; 5] = [-3600.0, -47.0, 0.0, 120.0, 3600.0];
/// One-way delays (to the edge, back to the client) in ms: none, symmetric, both asymmetries.
const DELAYS_MS: [(u64, u64); 5] = [(0, 0), (20, 20), (5, 80), (80, 5), (150, 0)];
/// The budget's floor: below this an error is harmless whatever the round trip.
const FLOOR_MS: f64 = 25.0;

/// The login line's two ways to a time sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
enum SamplePath {
    /// `GET /api/time`, which `www/preflight-check.js` sends beside the widget's download.
    PageProbe,
    /// `POST /api/check` with its `sent` stamp; the answer's `t1`/`t2` complete the sample.
    CheckRequest,
}

const PATHS: [SamplePath; 2] = [SamplePath::PageProbe, SamplePath::CheckRequest];

impl SamplePath {
    fn label(self) -> &'static str {
        match self {
            SamplePath::PageProbe => "page probe (GET /api/time)",
            SamplePath::CheckRequest => "check request (POST /api/check)",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
struct Case {
    path: SamplePath,
    skew_s: f64,
    to_edge_ms: u64,
    to_client_ms: u64,
    estimated_offset_ms: f64,
    true_offset_ms: f64,
    error_ms: f64,
    rtt_ms: f64,
    error_bound_ms: f64,
    allowed_ms: f64,
    /// Within max(RTT/2, 25 ms) with no allowance for the client's whole-millisecond clock.
    within_strict: bool,
    within_budget: bool,
    within_bound: bool,
    verdict: String,
}

pub fn measure(edge_bin: &Path) -> Result<Section> {
    let edge = EdgeProcess::start(edge_bin)?;
    let edge_addr: SocketAddr = edge.url.trim_start_matches("http://").parse().map_err(|e| format!("{e}"))?;
    let mut cases = Vec::new();
    for (to_edge, to_client) in DELAYS_MS {
        let delays = Delays { to_edge: Duration::from_millis(to_edge), to_client: Duration::from_millis(to_client) };
        let proxy = DelayProxy::start(edge_addr, delays).map_err(|e| format!("delay proxy: {e}"))?;
        for skew_s in SKEWS_S {
            // A fresh connection for each page, as a first visit opens one.
            let agent = agent();
            let base = format!("http://{}", proxy.addr);
            for path in PATHS {
                let sample = take_sample(&agent, &base, path, skew_s * 1000.0)?;
                let estimate = clock::estimate(&[sample]).map_err(|e| format!("{base}: {e}"))?;
                cases.push(judge(path, skew_s, (to_edge, to_client), &estimate));
            }
        }
    }
    let rows = PATHS.iter().flat_map(|&path| DELAYS_MS.iter().map(move |&delays| (path, delays)));
    let rows = rows.map(|(path, delays)| row(path, delays, &cases)).collect();
    Ok(Section { rows, details: serde_json::to_value(&cases).map_err(|e| e.to_string())? })
}

/// One row per path and delay profile, over every skew: the worst error against its allowance.
fn row(path: SamplePath, (to_edge, to_client): (u64, u64), cases: &[Case]) -> Row {
    let delays = |c: &&Case| (c.to_edge_ms, c.to_client_ms) == (to_edge, to_client);
    let cases: Vec<&Case> = cases.iter().filter(|c| c.path == path).filter(delays).collect();
    let worst =
        cases.iter().max_by(|a, b| (a.error_ms.abs() / a.allowed_ms).total_cmp(&(b.error_ms.abs() / b.allowed_ms)));
    let Some(worst) = worst else { return Row::skipped(AREA, "delays", "no case") };
    let measure = format!("{}, delays {to_edge}/{to_client} ms, skews −3600…+3600 s: worst |error|", path.label());
    let mut value =
        format!("{:.1} ms (RTT {:.1} ms, bound ±{:.1} ms)", worst.error_ms.abs(), worst.rtt_ms, worst.error_bound_ms);
    let beyond_strict = cases.iter().filter(|c| !c.within_strict).count();
    if beyond_strict > 0 {
        value += &format!("; {beyond_strict} of {} skews beyond RTT/2 by the 1 ms resolution", cases.len());
    }
    let met = cases.iter().all(|c| c.within_budget && c.within_bound);
    let budget = format!("≤ max(RTT/2, 25 ms) + 1 ms resolution = {:.1} ms", worst.allowed_ms);
    Row::budget(AREA, &measure, value, &budget, met)
}

fn judge(path: SamplePath, skew_s: f64, (to_edge_ms, to_client_ms): (u64, u64), estimate: &ClockEstimate) -> Case {
    // The client clock is true time plus the skew, so the edge is behind it by the skew.
    let true_offset_ms = -skew_s * 1000.0;
    let error_ms = estimate.offset_ms - true_offset_ms;
    let allowed_ms = allowed_error_ms(estimate.delay_ms);
    Case {
        path,
        skew_s,
        to_edge_ms,
        to_client_ms,
        estimated_offset_ms: estimate.offset_ms,
        true_offset_ms,
        error_ms,
        rtt_ms: estimate.delay_ms,
        error_bound_ms: estimate.error_bound_ms,
        allowed_ms,
        within_strict: error_ms.abs() <= (estimate.delay_ms / 2.0).max(FLOOR_MS),
        within_budget: error_ms.abs() <= allowed_ms,
        within_bound: error_ms.abs() <= estimate.error_bound_ms,
        verdict: format!("{:?}", clock::verdict(estimate)),
    }
}

/// The budget: half the round trip (the most any asymmetry can cost), but never below 25 ms; plus
/// the client clock's resolution, as in the estimate's own bound: whole-millisecond `Date.now()`
/// stamps shift the offset by up to 1 ms and make the measured RTT look up to 1 ms shorter, which
/// matters only on a fully one-way delay (e.g. 150/0 ms), where the error is RTT/2 itself.
fn allowed_error_ms(rtt_ms: f64) -> f64 {
    (rtt_ms / 2.0).max(FLOOR_MS) + CLIENT_RESOLUTION_MS
}

fn agent() -> ureq::Agent {
    let timeout = Duration::from_millis(u64::from(CHECK_BUDGET_MS));
    ureq::Agent::new_with_config(ureq::Agent::config_builder().timeout_global(Some(timeout)).build())
}

/// One sample by `path`, timed by the skewed client clock as the widget times it: `t0` when the
/// request leaves, `t3` when the answer's headers are in (when `fetch` resolves).
fn take_sample(agent: &ureq::Agent, base: &str, path: SamplePath, skew_ms: f64) -> Result<ClockSample> {
    let t0 = client_clock_ms(skew_ms);
    let (mut response, url) = match path {
        SamplePath::PageProbe => {
            let url = format!("{base}/api/time");
            (agent.get(&url).call(), url)
        }
        SamplePath::CheckRequest => {
            let url = format!("{base}/api/check");
            let body = check_body(SentStamp { t0, within_ms: f64::from(CHECK_BUDGET_MS) })?;
            (agent.post(&url).header("content-type", "application/json").send(&body), url)
        }
    };
    let response = response.as_mut().map_err(|e| format!("{url}: {e}"))?;
    let t3 = client_clock_ms(skew_ms);
    let body = response.body_mut().read_to_string().map_err(|e| format!("{url}: {e}"))?;
    let (v, t1, t2) = match path {
        SamplePath::PageProbe => {
            let answer: TimeProbeResponse = serde_json::from_str(&body).map_err(|e| format!("{url}: {e}: {body}"))?;
            (answer.v, answer.t1, answer.t2)
        }
        SamplePath::CheckRequest => {
            let answer: CheckAnswer = serde_json::from_str(&body).map_err(|e| format!("{url}: {e}: {body}"))?;
            (answer.v, answer.t1, answer.t2)
        }
    };
    check_version(v).map_err(|e| e.to_string())?;
    Ok(ClockSample { t0, t1, t2, t3 })
}

/// A healthy browser's check, with only the request's stamp to time the clock by.
fn check_body(sent: SentStamp) -> Result<String> {
    let observations = BrowserObservations { clock: None, sent: Some(sent), ..super::soak::visits::healthy_browser() };
    serde_json::to_string(&observations).map_err(|e| e.to_string())
}

/// The clock under test: true time plus the skew, in whole milliseconds like `Date.now()`.
fn client_clock_ms(skew_ms: f64) -> f64 {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    (now.as_secs_f64() * 1000.0 + skew_ms).floor()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn estimate(offset_ms: f64, delay_ms: f64) -> ClockEstimate {
        ClockEstimate { offset_ms, error_bound_ms: delay_ms / 2.0 + 1.0, delay_ms, valid_samples: 1 }
    }

    #[test]
    fn the_allowance_is_half_the_round_trip_with_a_25_ms_floor() {
        assert_eq!(allowed_error_ms(10.0), 26.0);
        assert_eq!(allowed_error_ms(150.0), 76.0);
    }

    #[test]
    fn an_asymmetric_path_costs_up_to_half_the_round_trip() {
        // 150 ms to the edge, 0 back: NTP's estimate is off by 75 ms, which the bound allows.
        let case = judge(SamplePath::PageProbe, 120.0, (150, 0), &estimate(-120_000.0 + 75.0, 150.0));
        assert_eq!(case.true_offset_ms, -120_000.0);
        assert_eq!(case.error_ms, 75.0);
        assert!(case.within_budget && case.within_bound && case.within_strict);
        // Whole-millisecond stamps can add up to 1 ms: within the budget and the bound, not strictly.
        let quantised = judge(SamplePath::CheckRequest, 120.0, (150, 0), &estimate(-120_000.0 + 75.7, 150.0));
        assert!(quantised.within_budget && quantised.within_bound && !quantised.within_strict);
    }

    #[test]
    fn an_error_beyond_the_allowance_is_missed() {
        let case = judge(SamplePath::PageProbe, 0.0, (0, 0), &estimate(30.0, 2.0));
        assert!(!case.within_budget);
        assert!(!case.within_bound);
        let row = row(SamplePath::PageProbe, (0, 0), &[case]);
        assert_eq!(row.status, super::super::report::Status::Missed);
    }

    #[test]
    fn the_client_clock_is_skewed_and_whole_milliseconds() {
        let now = client_clock_ms(0.0);
        let ahead = client_clock_ms(3_600_000.0);
        assert_eq!(now.fract(), 0.0);
        assert!((ahead - now - 3_600_000.0).abs() < 1_000.0);
    }
}
