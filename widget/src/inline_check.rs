//! `mode="inline"`: the compact line under the login form — the single most important finding of
//! the browser checks (one quiet line when all is well), a link to the full check page when the fix
//! is its Repair button, and the edge's one line about access when it matters (internal access
//! closed, a known issue of this device).
//!
//! The login page's build stays within its size budget by leaving to the full check page what costs
//! most: service-worker and storage-quota reads, probe hosts, Repair, and local-only verdicts.

use preflight_core::finding::most_important;
use preflight_core::i18n::Lang;
use preflight_core::repair::{REPAIR_LINK, is_repairable};
use wasm_bindgen::JsValue;
use web_sys::HtmlElement;

use crate::{browser_check, canary, dom, render, shared_login};

pub async fn run(element: &HtmlElement, edge: &str, lang: Lang) -> Result<(), JsValue> {
    if canary::warned(element, edge, lang)? {
        return Ok(());
    }
    let document = element.owner_document().ok_or("element is not in a document")?;
    let shared_checkbox = shared_login::wire(&document, lang)?;
    let check = browser_check::quick(element, &document, edge).await;
    let top = most_important(&check.findings).ok_or("no finding")?;
    render::finding(element, top, lang)?;
    if is_repairable(top.code) {
        let link = dom::text(&document, "a", "pf-repair-link", REPAIR_LINK.get(lang))?;
        link.set_attribute("href", &format!("{edge}/check#repair"))?;
        dom::append(element, &[&link])?;
    }
    let Some(session) = check.session else { return Ok(()) };
    // A known shared workstation is in shared mode whatever the agent ticked.
    if let Some(checkbox) = shared_checkbox
        && session.hints.shared_workstation
    {
        shared_login::set(&document, &checkbox, true)?;
    }
    if let Some(notice) = &session.notice {
        let line = dom::text(&document, "p", "pf-finding pf-info pf-notice", notice.get(lang))?;
        line.set_attribute("role", "status")?;
        element.append_child(&line)?;
    }
    Ok(())
}
