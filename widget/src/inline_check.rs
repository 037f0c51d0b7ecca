//! `mode="inline"`: the compact line under the login form.

use preflight_core::clock;
use preflight_core::i18n::Lang;
use wasm_bindgen::JsValue;
use web_sys::HtmlElement;

use crate::{render, session_hints, shared_login, time_probe};

pub async fn run(element: &HtmlElement, edge: &str, lang: Lang) -> Result<(), JsValue> {
    let document = element.owner_document().ok_or("element is not in a document")?;
    let shared_checkbox = shared_login::wire(&document, lang)?;
    let samples = time_probe::collect(edge).await;
    let finding = match clock::estimate(&samples) {
        Ok(estimate) => clock::finding(&estimate),
        Err(_) => clock::unavailable_finding(),
    };
    render::finding(element, &finding, lang)?;
    // After the clock check, so that its probes are not delayed: a known shared workstation is
    // in shared mode whatever the agent ticked.
    if let Some(checkbox) = shared_checkbox
        && session_hints::fetch(edge).await.shared_workstation
    {
        shared_login::set(&document, &checkbox, true)?;
    }
    Ok(())
}
