//! One run of the browser checks: observe the browser while the time (and, on the full check page,
//! host) probes run, then let the edge evaluate everything — or, when it cannot be asked, decide
//! what can be decided alone.

use preflight_core::checks::{BrowserObservations, ClockObservation};
use preflight_core::clock::{self, ClockEstimate, ClockSample};
use preflight_core::finding::Finding;
use preflight_core::protocol::SessionHintsAnswer;
#[cfg(feature = "check-page")]
use wasm_bindgen::JsValue;
use web_sys::Document;

use crate::{check_api, observe, time_probe};

/// The login line's run: the one finding to show and the edge's session hints.
#[cfg(feature = "login")]
pub struct LoginCheck {
    /// The finding the edge says to show, or "check unavailable".
    pub findings: Vec<Finding>,
    /// `None` when the edge could not be asked.
    pub session: Option<SessionHintsAnswer>,
}

/// The check page's run: every finding and what they were drawn from.
#[cfg(feature = "check-page")]
pub struct CheckRun {
    /// Every finding, in check order.
    pub findings: Vec<Finding>,
    /// The edge's session hints; `None` when it could not be asked and only local checks ran.
    pub session: Option<SessionHintsAnswer>,
    pub estimate: Option<ClockEstimate>,
    /// The service-worker registrations seen, for Repair.
    pub registrations: Vec<JsValue>,
    /// What was observed (and sent to the edge), for a report to the helpdesk.
    pub observations: BrowserObservations,
}

/// The login line's run: time probes, the browser's own answers, the edge's verdict. An edge that
/// answered no time probe gets no more requests: no retry storm. Without the edge, the login page
/// says only that the check is unavailable: local verdicts would cost its widget the catalog texts
/// they show.
#[cfg(feature = "login")]
pub async fn quick(document: &Document, edge: &str) -> LoginCheck {
    let samples = time_probe::collect(edge).await;
    let mut observations = observe::collect(document);
    measure_clock(&mut observations, &samples);
    let answer = if samples.is_empty() { None } else { check_api::submit_for_login(edge, &observations).await };
    match answer {
        Some((finding, session)) => LoginCheck { findings: vec![finding], session: Some(session) },
        None => LoginCheck { findings: vec![clock::unavailable_finding()], session: None },
    }
}

/// The full check page's run: first the plan (test cookie, probe hosts), so that the cookie's round
/// trip and every probe host are checked too.
#[cfg(feature = "check-page")]
pub async fn thorough(document: &Document, edge: &str) -> CheckRun {
    let pending = observe::start();
    let plan = check_api::plan(edge).await;
    let hosts = crate::probe_hosts::start(plan.clone().unwrap_or_default());
    let samples = if plan.is_some() { time_probe::collect(edge).await } else { Vec::new() };
    let (mut observations, registrations) = observe::collect_thorough(document, pending).await;
    observations.probes = crate::probe_hosts::finish(hosts).await;
    // The test cookie travels only to an edge on the page's own origin.
    observations.cookie_probe = plan.is_some() && same_origin(edge);
    let estimate = measure_clock(&mut observations, &samples);
    let answer = if plan.is_some() { check_api::submit(edge, &observations).await } else { None };
    let (findings, session) = match answer {
        Some((findings, session)) => (findings, Some(session)),
        None => (without_edge(&observations), None),
    };
    CheckRun { findings, session, estimate, registrations, observations }
}

/// The clock's offset and error bound from the time probes, into the observations too.
fn measure_clock(observations: &mut BrowserObservations, samples: &[ClockSample]) -> Option<ClockEstimate> {
    let estimate = clock::estimate(samples).ok();
    observations.clock =
        estimate.map(|e| ClockObservation { offset_ms: e.offset_ms, error_bound_ms: e.error_bound_ms });
    estimate
}

/// What the full check page decides alone, with nothing the edge would have measured.
#[cfg(feature = "check-page")]
fn without_edge(observations: &BrowserObservations) -> Vec<Finding> {
    let unmeasured = BrowserObservations { cookie_probe: false, ..observations.clone() };
    preflight_core::checks::evaluate_locally(&unmeasured)
}

#[cfg(feature = "check-page")]
fn same_origin(edge: &str) -> bool {
    use crate::js::{get, window};
    let origin = get(&window(), "location").and_then(|l| get(&l, "origin")).ok().and_then(|o| o.as_string());
    edge.is_empty()
        || origin.is_some_and(|o| edge == o || edge.strip_prefix(o.as_str()).is_some_and(|r| r.starts_with('/')))
}
