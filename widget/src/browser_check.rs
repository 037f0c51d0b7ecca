//! One run of the browser checks: observe the browser (while, on the full check page, the probe hosts
//! are tried), then let the edge evaluate everything — its exchanges time the clock too — or, when
//! it cannot be asked, decide what can be decided alone.

#[cfg(feature = "check-page")]
use preflight_core::checks::BrowserObservations;
#[cfg(feature = "check-page")]
use preflight_core::clock::{self, ClockEstimate};
use preflight_core::finding::Finding;
use preflight_core::protocol::SessionHintsAnswer;
#[cfg(feature = "check-page")]
use wasm_bindgen::JsValue;
use web_sys::Document;

use crate::{check_api, observe};

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

/// The login line's run: the browser's own answers and the page's time sample if it is in, then the
/// edge's verdict in one round trip (which times the clock itself when the sample is not in). Without
/// the edge, the login page says only that the check is unavailable: local verdicts would cost its
/// widget the catalog texts they show.
#[cfg(feature = "login")]
pub async fn quick(element: &web_sys::HtmlElement, document: &Document, edge: &str) -> LoginCheck {
    let observations = observe::collect(document);
    let sample = check_api::page_sample(element);
    match check_api::submit_for_login(edge, &observations, sample).await {
        Some(answer) => LoginCheck { findings: vec![answer.finding], session: Some(answer.session) },
        None => LoginCheck { findings: vec![preflight_core::clock::unavailable_finding()], session: None },
    }
}

/// The full check page's run: first the plan (test cookie, probe hosts, and the clock's sample), so
/// that the cookie's round trip and every probe host are checked too.
#[cfg(feature = "check-page")]
pub async fn thorough(document: &Document, edge: &str) -> CheckRun {
    let pending = observe::start();
    let plan = check_api::plan(edge).await;
    let hosts = crate::probe_hosts::start(plan.as_ref().map(|p| p.probes.clone()).unwrap_or_default());
    let (mut observations, registrations) = observe::collect_thorough(document, pending).await;
    observations.probes = crate::probe_hosts::finish(hosts).await;
    // The test cookie travels only to an edge on the page's own origin.
    observations.cookie_probe = plan.is_some() && same_origin(edge);
    // Without a usable sample, the check's own stamp times the clock (coarser, but decided).
    let estimate = plan.as_ref().and_then(|p| clock::estimate(&[p.sample]).ok());
    observations.clock = estimate.map(Into::into);
    let answer = if plan.is_some() { check_api::submit(edge, &observations).await } else { None };
    let (findings, session) = match answer {
        Some((findings, session)) => (findings, Some(session)),
        None => (without_edge(&observations), None),
    };
    CheckRun { findings, session, estimate, registrations, observations }
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
