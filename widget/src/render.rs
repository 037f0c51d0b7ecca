//! Renders a finding into the element.
//!
//! Markup: `<div class="pf-finding pf-{severity}" role="status|alert" data-code=…>` holding the
//! title (on the full check page), the message, the one remedy (when there is something to do) and the stable code.

use preflight_core::finding::Finding;
use preflight_core::i18n::Lang;
use wasm_bindgen::JsValue;
#[cfg(any(feature = "login", feature = "after-login"))]
use web_sys::HtmlElement;
use web_sys::{Document, Element};

use crate::dom;

/// The element shows one finding (the login line, the logout reminder).
#[cfg(any(feature = "login", feature = "after-login"))]
pub fn finding(host: &HtmlElement, finding: &Finding, lang: Lang) -> Result<(), JsValue> {
    let line = finding_line(&dom::document_of(host)?, finding, lang, false)?;
    host.replace_children_with_node_1(&line);
    host.set_attribute("data-code", finding.code.as_str())?;
    host.set_attribute("data-severity", finding.severity.as_str())?;
    host.set_attribute("data-state", "done")
}

/// One finding; `titled` adds its title first (the full check page lists many).
pub fn finding_line(document: &Document, finding: &Finding, lang: Lang, titled: bool) -> Result<Element, JsValue> {
    let line = dom::element(document, "div", &format!("pf-finding pf-{}", finding.severity.as_str()))?;
    line.set_attribute("role", finding.severity.aria_role())?;
    line.set_attribute("data-code", finding.code.as_str())?;
    line.set_attribute("lang", lang.tag())?;
    if titled {
        dom::append(&line, &[&dom::text(document, "strong", "pf-title", finding.title.get(lang))?])?;
    }
    dom::append(&line, &[&dom::text(document, "span", "pf-message", finding.message_in(lang))?])?;
    if finding.shows_remedy() {
        dom::append(&line, &[&dom::text(document, "span", "pf-remedy", finding.remedy_in(lang))?])?;
    }
    dom::append(&line, &[&dom::text(document, "code", "pf-code", finding.code.as_str())?])?;
    Ok(line)
}
