//! The edge's check endpoints: `GET /api/check-plan` (test cookie + probe hosts) and
//! `POST /api/check` (observations in, findings out).
//!
//! Each exchange is also the clock's time sample (`preflight_core::clock::exchange`): the check
//! request goes out stamped with the device's time and the longest it may take, and the answer
//! brings the edge's stamps back, so the login line needs no time probe before its one request. On
//! the check page the plan is the sample, and the check carries the clock it measured.
//!
//! Observations go out and the login line's answer comes in through core's wire description
//! (`preflight_core::protocol::wire`), not serde: serde's generated code would cost the login widget a
//! good part of its size budget. The check page's build reads the whole answer with serde.

use std::cell::Cell;
use std::future::{Future, poll_fn};
use std::pin::pin;
use std::task::Poll;

use js_sys::Date;
use preflight_core::checks::BrowserObservations;
use preflight_core::clock::ClockSample;
use preflight_core::clock::exchange::{CHECK_BUDGET_MS, SECOND_REQUEST_AFTER_MS, SentStamp};
use preflight_core::protocol::wire::{ToWire, WireWriter};
#[cfg(feature = "check-page")]
use preflight_core::{finding::Finding, protocol::SessionHintsAnswer, protocol::check_version};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::edge_fetch::{self, Deadline};
use crate::wire::JsWriter;

/// The check page's plan: the probe hosts, and the exchange as a time sample.
#[cfg(feature = "check-page")]
pub struct Plan {
    pub probes: Vec<String>,
    pub sample: ClockSample,
}

/// The plan, or `None` when the edge did not answer. Sets the test cookie.
#[cfg(feature = "check-page")]
pub async fn plan(edge: &str) -> Option<Plan> {
    let deadline = Deadline::after(CHECK_BUDGET_MS);
    let t0 = Date::now();
    let response = edge_fetch::get_with_cookies(&format!("{edge}/api/check-plan"), deadline).await.ok()?;
    let t3 = Date::now();
    let body = JsFuture::from(response.json().ok()?).await.ok()?;
    let plan: preflight_core::protocol::CheckPlan = serde_wasm_bindgen::from_value(body).ok()?;
    check_version(plan.v).ok()?;
    Some(Plan { probes: plan.probes, sample: ClockSample { t0, t1: plan.t1, t2: plan.t2, t3 } })
}

/// The login line shows one finding: the edge says which (`core`'s choice), the rest stay unread.
/// With its session hints; `None` when the edge could not be asked within the check's budget. The
/// check carries the time sample `page_sample` brought (the page's probe), if any; when the edge
/// finds the request's stamp too coarse for the clock's finding, or the answer came back late, the
/// check goes once more with the exchange's own sample, if the budget leaves room for it.
#[cfg(feature = "login")]
pub async fn submit_for_login(
    edge: &str,
    observations: &BrowserObservations,
    page_sample: Option<ClockSample>,
) -> Option<preflight_core::protocol::wire::LoginAnswer> {
    use preflight_core::clock::exchange::{REFINE_ONLY_WITH_MS, answered_late};
    use preflight_core::protocol::wire::login_answer;

    let url = format!("{edge}/api/check");
    let started = Date::now();
    let first = post_hedged(&url, observations, page_sample).await?;
    let answer = login_answer(&crate::wire::Js(first.answer))?;
    let left = f64::from(CHECK_BUDGET_MS) - (Date::now() - started);
    let again = answer.wants_sample || (page_sample.is_none() && answered_late(&first.sent, first.t3));
    if !again || left < f64::from(REFINE_ONLY_WITH_MS) {
        return Some(answer);
    }
    let sample = first.sent.sample(answer.t1, answer.t2, first.t3);
    let second = post_stamped(&url, observations, Some(sample), left as u32).await.ok();
    second.and_then(|e| login_answer(&crate::wire::Js(e.answer))).or(Some(answer))
}

/// The time sample of the page's probe (`www/preflight-check.js` starts it beside the widget's
/// download and leaves it on the element when it comes back), if it is already in: the check never
/// waits for it, since its own stamp times the clock and one round trip is all a verdict may cost.
#[cfg(feature = "login")]
pub fn page_sample(element: &web_sys::HtmlElement) -> Option<ClockSample> {
    use crate::js::get;

    let sample = get(element, "timeSample").ok()?;
    let number = |name| get(&sample, name).ok()?.as_f64();
    Some(ClockSample { t0: number("t0")?, t1: number("t1")?, t2: number("t2")?, t3: number("t3")? })
}

/// The edge's findings for these observations, in check order, and its session hints; `None` when
/// it could not be asked.
#[cfg(feature = "check-page")]
pub async fn submit(edge: &str, observations: &BrowserObservations) -> Option<(Vec<Finding>, SessionHintsAnswer)> {
    let exchange = post_hedged(&format!("{edge}/api/check"), observations, None).await?;
    let answer: preflight_core::protocol::CheckAnswer = serde_wasm_bindgen::from_value(exchange.answer).ok()?;
    check_version(answer.v).ok()?;
    Some((answer.findings, answer.session))
}

/// A check request that came back: the parsed answer, and its times by the device clock.
struct Exchange {
    answer: JsValue,
    // Only the login line refines its clock from the exchange; the check page times it by its plan.
    #[cfg_attr(not(feature = "login"), expect(dead_code))]
    sent: SentStamp,
    /// When the answer came in.
    #[cfg_attr(not(feature = "login"), expect(dead_code))]
    t3: f64,
}

/// The check request, and one more beside it when the first has not come back after
/// `SECOND_REQUEST_AFTER_MS` (lost, or stuck on a cold connection): the first answer wins, all
/// within `CHECK_BUDGET_MS`. Two at most, and none more once the first has come back: no retry storm.
async fn post_hedged(url: &str, observations: &BrowserObservations, sample: Option<ClockSample>) -> Option<Exchange> {
    let settled = Cell::new(false);
    let first = pin!(attempt(url, observations, sample, 0, &settled));
    let second = pin!(attempt(url, observations, sample, SECOND_REQUEST_AFTER_MS, &settled));
    let mut attempts = [Some(first), Some(second)];
    // Polls both until one brings an answer, or neither can.
    poll_fn(|cx| {
        for slot in &mut attempts {
            if let Some(Poll::Ready(outcome)) = slot.as_mut().map(|attempt| attempt.as_mut().poll(cx)) {
                *slot = None;
                if outcome.is_some() {
                    return Poll::Ready(outcome);
                }
            }
        }
        if attempts.iter().all(Option::is_none) { Poll::Ready(None) } else { Poll::Pending }
    })
    .await
}

/// One of the hedged requests: it waits `wait_ms` first, and is not sent if another has settled.
async fn attempt(
    url: &str,
    observations: &BrowserObservations,
    sample: Option<ClockSample>,
    wait_ms: u32,
    settled: &Cell<bool>,
) -> Option<Exchange> {
    if wait_ms > 0 {
        crate::js::sleep(wait_ms).await;
        if settled.get() {
            return None;
        }
    }
    let exchange = post_stamped(url, observations, sample, CHECK_BUDGET_MS - wait_ms).await;
    settled.set(true);
    exchange.ok()
}

/// `POST /api/check`, stamped (and with an earlier exchange's `sample`): its deadline starts before
/// the clock is read, so the answer cannot come back later than `within_ms` after `t0`.
async fn post_stamped(
    url: &str,
    observations: &BrowserObservations,
    sample: Option<ClockSample>,
    within_ms: u32,
) -> Result<Exchange, JsValue> {
    let deadline = Deadline::after(within_ms);
    let sent = SentStamp { t0: Date::now(), within_ms: f64::from(within_ms) };
    let mut writer = JsWriter(js_sys::Object::new());
    observations.to_wire(&mut writer);
    // Written over the observations' own (empty) fields: no copy of the observations.
    writer.object("sent", |w| sent.to_wire(w));
    if let Some(sample) = sample {
        writer.object("sample", |w| sample.to_wire(w));
    }
    let body = js_sys::JSON::stringify(&writer.0)?.as_string().unwrap_or_default();
    let response = edge_fetch::post_json(url, &body, "same-origin", deadline).await?;
    let t3 = Date::now();
    let answer = JsFuture::from(response.json()?).await?;
    Ok(Exchange { answer, sent, t3 })
}
