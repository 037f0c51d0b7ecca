//! The edge's check endpoints: `GET /api/check-plan` (test cookie + probe hosts) and
//! `POST /api/check` (observations in, findings out).
//!
//! Observations go out and the login line's answer comes in through core's wire description
//! (`preflight_core::protocol::wire`), not serde: serde's generated code would cost the login widget a
//! good part of its size budget. The check page's build reads the whole answer with serde.

use preflight_core::checks::BrowserObservations;
use preflight_core::finding::Finding;
use preflight_core::protocol::SessionHintsAnswer;
#[cfg(feature = "check-page")]
use preflight_core::protocol::check_version;
use preflight_core::protocol::wire::ToWire;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::edge_fetch;
use crate::wire::JsWriter;

/// The check answers after the edge evaluated everything; it must still not keep the agent waiting.
const CHECK_TIMEOUT_MS: u32 = 2_000;

/// The probe hosts to check, or `None` when the edge did not answer. Sets the test cookie.
#[cfg(feature = "check-page")]
pub async fn plan(edge: &str) -> Option<Vec<String>> {
    let response = edge_fetch::get_with_cookies(&format!("{edge}/api/check-plan"), CHECK_TIMEOUT_MS).await.ok()?;
    let body = JsFuture::from(response.json().ok()?).await.ok()?;
    let plan: preflight_core::protocol::CheckPlan = serde_wasm_bindgen::from_value(body).ok()?;
    check_version(plan.v).ok()?;
    Some(plan.probes)
}

/// The login line shows one finding: the edge says which (`core`'s choice), the rest stay unread.
/// With its session hints; `None` when the edge could not be asked.
#[cfg(feature = "login")]
pub async fn submit_for_login(edge: &str, observations: &BrowserObservations) -> Option<(Finding, SessionHintsAnswer)> {
    let answer = post(edge, observations).await?;
    preflight_core::protocol::wire::login_answer(&crate::wire::Js(answer))
}

/// The edge's findings for these observations, in check order, and its session hints; `None` when
/// it could not be asked.
#[cfg(feature = "check-page")]
pub async fn submit(edge: &str, observations: &BrowserObservations) -> Option<(Vec<Finding>, SessionHintsAnswer)> {
    let answer = post(edge, observations).await?;
    let answer: preflight_core::protocol::CheckAnswer = serde_wasm_bindgen::from_value(answer).ok()?;
    check_version(answer.v).ok()?;
    Some((answer.findings, answer.session))
}

/// `POST /api/check` and its parsed JSON answer.
async fn post(edge: &str, observations: &BrowserObservations) -> Option<JsValue> {
    let mut writer = JsWriter(js_sys::Object::new());
    observations.to_wire(&mut writer);
    let body = js_sys::JSON::stringify(&writer.0).ok()?.as_string()?;
    let response =
        edge_fetch::post_json(&format!("{edge}/api/check"), &body, "same-origin", CHECK_TIMEOUT_MS).await.ok()?;
    JsFuture::from(response.json().ok()?).await.ok()
}
