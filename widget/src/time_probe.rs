//! Time probes against the edge's `GET /api/time`, timed with the browser clock under test.

use preflight_core::clock::{ClockSample, MAX_PROBES, enough_samples};
use preflight_core::protocol::{TimeProbeResponse, check_version};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::edge_fetch;

/// An edge slower than this is treated as unreachable: the agent must not wait for us.
const PROBE_TIMEOUT_MS: u32 = 1_200;

/// Sends probes one after another until `core::clock` has enough (two on a quick link, five at
/// most). Stops at the first failure: a failing edge gets no retry storm.
pub async fn collect(edge: &str) -> Vec<ClockSample> {
    let url = format!("{edge}/api/time");
    let mut samples = Vec::with_capacity(MAX_PROBES);
    while !enough_samples(&samples) {
        match probe(&url).await {
            Ok(sample) => samples.push(sample),
            Err(_) => break,
        }
    }
    samples
}

async fn probe(url: &str) -> Result<ClockSample, JsValue> {
    let t0 = js_sys::Date::now();
    let response = edge_fetch::get(url, PROBE_TIMEOUT_MS).await?;
    // Headers are in: the edge's t2 is already on its way; the tiny body follows in the same packet.
    let t3 = js_sys::Date::now();
    let body = JsFuture::from(response.json()?).await?;
    let answer = read_answer(&body).ok_or("malformed time probe answer")?;
    check_version(answer.v).map_err(|_| "the edge speaks another protocol version")?;
    Ok(ClockSample { t0, t1: answer.t1, t2: answer.t2, t3 })
}

/// Reads the three numbers with `Reflect` rather than serde: serde's error paths format floats,
/// which alone would cost the widget a third of its size budget.
fn read_answer(body: &JsValue) -> Option<TimeProbeResponse> {
    let number = |field: &str| js_sys::Reflect::get(body, &JsValue::from_str(field)).ok()?.as_f64();
    let v = number("v")?;
    Some(TimeProbeResponse { v: v as u32, t1: number("t1")?, t2: number("t2")? })
}
