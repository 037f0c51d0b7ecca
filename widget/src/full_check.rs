//! `mode="full-check"`, on the check page that helpdesk links open: every check with its title,
//! severity in words, message, remedy and code, the measured clock offset and its error bound, Repair when a cache
//! finding calls for it, and what could not be checked when the edge did not answer.

use preflight_core::checks::NOT_CHECKED_WITHOUT_EDGE;
use preflight_core::clock;
use preflight_core::finding::{Code, Family, most_important};
use preflight_core::i18n::{CLOCK_MEASURED, Facts, Lang, clock_facts};
use preflight_core::repair::is_repairable;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlElement;

use crate::{browser_check, dom, render, repair, report_share};

pub async fn run(element: &HtmlElement, edge: &str, lang: Lang) -> Result<(), JsValue> {
    let document = dom::document_of(element)?;
    let check = browser_check::thorough(&document, edge).await;
    let list = dom::element(&document, "ul", "pf-checks")?;
    for finding in &check.findings {
        let item = dom::element(&document, "li", "")?;
        let line = render::finding_line(&document, finding, lang, true)?;
        // The severity in words, before the title: never said by colour alone.
        let severity = dom::text(&document, "span", "pf-severity", finding.severity.label().get(lang))?;
        line.insert_before(&severity, line.first_child().as_ref())?;
        dom::append(&item, &[&line])?;
        if let (Some(estimate), true) = (&check.estimate, is_clock(finding.code)) {
            let measured = clock_facts(estimate, clock::verdict(estimate)).fill(&CLOCK_MEASURED);
            dom::append(&item, &[&dom::text(&document, "p", "pf-detail", measured.get(lang))?])?;
        }
        list.append_child(&item)?;
    }
    element.replace_children_with_node_1(&list);
    if check.session.is_none() {
        let missing = Facts::default().fill(&NOT_CHECKED_WITHOUT_EDGE);
        dom::append(element, &[&dom::text(&document, "p", "pf-not-checked", missing.get(lang))?])?;
    }
    if check.findings.iter().any(|f| is_repairable(f.code)) {
        dom::append(element, &[&repair::button(&document, lang, edge, check.registrations)?])?;
    }
    repair::announce(element, &document, lang)?;
    // The page's "share with the helpdesk" step gets what this check observed.
    if let Some(share) = document.query_selector("preflight-check[mode=report-share]")? {
        report_share::offer(share.unchecked_ref(), edge, lang, &check.observations)?;
    }
    let top = most_important(&check.findings).ok_or("no finding")?;
    element.set_attribute("data-code", top.code.as_str())?;
    element.set_attribute("data-severity", top.severity.as_str())?;
    element.set_attribute("data-state", "done")
}

fn is_clock(code: Code) -> bool {
    code.family() == Family::Clock
}
