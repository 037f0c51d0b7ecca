//! `mode="inline"`: the compact line under the login form — the clock verdict, and the edge's one
//! line about access when it matters (internal access closed, a known issue of this device).

use preflight_core::clock;
use preflight_core::i18n::Lang;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlElement;

use crate::{dom, edge_fetch, render, time_probe};

const NOTICE_TIMEOUT_MS: u32 = 1_200;

pub async fn run(element: &HtmlElement, edge: &str, lang: Lang) -> Result<(), JsValue> {
    let samples = time_probe::collect(edge).await;
    let finding = match clock::estimate(&samples) {
        Ok(estimate) => clock::finding(&estimate),
        Err(_) => clock::unavailable_finding(),
    };
    render::finding(element, &finding, lang)?;
    // Only ask an edge that answered: an unreachable one gets no second request.
    if !samples.is_empty()
        && let Some(notice) = access_notice(edge, lang).await
    {
        let line = dom::text(&dom::document_of(element)?, "p", "pf-finding pf-info pf-notice", &notice)?;
        line.set_attribute("role", "status")?;
        element.append_child(&line)?;
    }
    Ok(())
}

/// The notice's text in `lang`, read with `Reflect` (no serde in the login page's widget).
async fn access_notice(edge: &str, lang: Lang) -> Option<String> {
    let response = edge_fetch::get(&format!("{edge}/api/notice"), NOTICE_TIMEOUT_MS).await.ok()?;
    let body = JsFuture::from(response.json().ok()?).await.ok()?;
    let notice = js_sys::Reflect::get(&body, &JsValue::from_str("notice")).ok()?;
    js_sys::Reflect::get(&notice, &JsValue::from_str(lang.tag())).ok()?.as_string()
}
