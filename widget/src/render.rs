//! Renders a finding into the element with DOM calls (no HTML strings: nothing to escape).
//!
//! Markup: `<div class="pf-finding pf-{severity}" role="status|alert" data-code=…>` holding the
//! message, the one remedy (when there is something to do) and the stable code.

use preflight_core::finding::{Finding, Severity};
use preflight_core::i18n::{Lang, Template};
use wasm_bindgen::JsValue;
use web_sys::{Document, Element, HtmlElement};

pub fn finding(host: &HtmlElement, finding: &Finding, lang: Lang) -> Result<(), JsValue> {
    let document = host.owner_document().ok_or("element is not in a document")?;
    let line = document.create_element("div")?;
    line.set_class_name(&format!("pf-finding pf-{}", finding.severity.as_str()));
    line.set_attribute("role", finding.severity.aria_role())?;
    line.set_attribute("data-code", finding.code.as_str())?;
    line.set_attribute("lang", lang.tag())?;

    let message = span(&document, "pf-message", finding.message_in(lang))?;
    line.append_child(&message)?;
    // "Nothing to do" is noise on an ok line; every other finding has its one action.
    if finding.severity != Severity::Ok {
        let remedy = span(&document, "pf-remedy", finding.remedy_in(lang))?;
        line.append_child(&remedy)?;
    }
    let code = code(&document, finding.code.as_str())?;
    line.append_child(&code)?;

    host.replace_children_with_node_1(&line);
    host.set_attribute("data-code", finding.code.as_str())?;
    host.set_attribute("data-severity", finding.severity.as_str())?;
    host.set_attribute("data-state", "done")
}

pub fn span(document: &Document, class: &str, text: &str) -> Result<Element, JsValue> {
    let span = document.create_element("span")?;
    span.set_class_name(class);
    span.set_text_content(Some(text));
    Ok(span)
}

fn code(document: &Document, code: &str) -> Result<Element, JsValue> {
    let element = document.create_element("code")?;
    element.set_class_name("pf-code");
    element.set_text_content(Some(code));
    Ok(element)
}

/// A fixed label in the agent's language.
pub fn pick(text: &Template, lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => text.fr,
        Lang::En => text.en,
    }
}
