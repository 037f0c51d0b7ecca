//! `mode="inline"`: the compact line under the login form — the clock verdict, and the edge's one
//! line about access when it matters (internal access closed, a known issue of this device).

use preflight_core::clock;
use preflight_core::i18n::Lang;
use wasm_bindgen::JsValue;
use web_sys::HtmlElement;

use crate::{dom, render, session_hints, shared_login, time_probe};

pub async fn run(element: &HtmlElement, edge: &str, lang: Lang) -> Result<(), JsValue> {
    let document = element.owner_document().ok_or("element is not in a document")?;
    let shared_checkbox = shared_login::wire(&document, lang)?;
    let samples = time_probe::collect(edge).await;
    let finding = match clock::estimate(&samples) {
        Ok(estimate) => clock::finding(&estimate),
        Err(_) => clock::unavailable_finding(),
    };
    render::finding(element, &finding, lang)?;
    // Only ask an edge that answered: an unreachable one gets no more requests.
    if samples.is_empty() {
        return Ok(());
    }
    let (hints, notice) = session_hints::fetch_with_notice(edge, lang).await;
    // A known shared workstation is in shared mode whatever the agent ticked.
    if let Some(checkbox) = shared_checkbox
        && hints.shared_workstation
    {
        shared_login::set(&document, &checkbox, true)?;
    }
    if let Some(notice) = notice {
        let line = dom::text(&document, "p", "pf-finding pf-info pf-notice", &notice)?;
        line.set_attribute("role", "status")?;
        element.append_child(&line)?;
    }
    Ok(())
}
