//! `mode="full-check"`, on the check page that helpdesk links open: every check with its title,
//! severity in words, message, remedy and code, the measured clock offset and its error bound, Repair when a cache
//! finding calls for it, and what could not be checked when the edge did not answer. Then single
//! sign-on readiness (`sso_probe`: the cross-site frame, passkeys, the pop-up test on a click), and,
//! when the page came with a sign-in error, its explanation (`sign_in_error`).

use std::cell::RefCell;
use std::rc::Rc;

use preflight_core::checks::NOT_CHECKED_WITHOUT_EDGE;
use preflight_core::clock::{self, ClockEstimate};
use preflight_core::finding::{Code, Family, Finding, most_important};
use preflight_core::i18n::{CLOCK_MEASURED, Facts, Lang, clock_facts};
use preflight_core::repair::is_repairable;
use preflight_core::sso;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlElement};

use crate::{browser_check, dom, render, repair, report_share, sign_in_error, sso_probe};

pub async fn run(element: &HtmlElement, edge: &str, lang: Lang) -> Result<(), JsValue> {
    let document = dom::document_of(element)?;
    let sso = sso_probe::Setup::of(element);
    // The probe frame loads while the browser checks run.
    let frame = sso.probe_origin.as_deref().and_then(|origin| sso_probe::start_frame(&document, origin));
    let mut check = browser_check::thorough(&document, edge).await;
    check.findings.extend(sso::frame_finding(sso_probe::frame_answer(frame, &document).await, sso.browser));
    if sso.passkeys {
        check.findings.push(sso::passkey_finding(sso_probe::passkeys().await));
    }
    let list = dom::element(&document, "ul", "pf-checks")?;
    for finding in &check.findings {
        let line = item(&document, finding, check.estimate.as_ref(), lang)?;
        list.append_child(&line)?;
    }
    element.replace_children_with_node_1(&list);
    let sign_in =
        document.query_selector("preflight-check[mode=sign-in-error]")?.map(|e| e.unchecked_into::<HtmlElement>());
    let state = Rc::new(RefCell::new(Explained {
        findings: check.findings.clone(),
        popup: None,
        estimate: check.estimate,
        public_network: check.session.as_ref().is_some_and(|s| s.hints.public_network_hint),
    }));
    if let Some(host) = &sign_in {
        state.borrow().explain(host, lang)?;
    }
    // The pop-up test needs the agent's click; its finding joins the list (and the explanation).
    let (shared, list_after, sign_in_after) = (state.clone(), list.clone(), sign_in.clone());
    let popup = sso_probe::popup_test(&document, lang, move |finding| {
        let mut state = shared.borrow_mut();
        state.popup = Some(finding.clone());
        let document = list_after.owner_document();
        if let Some(document) = document {
            let previous = list_after.query_selector("[data-popup-test]").ok().flatten();
            if let Ok(item) = item(&document, &finding, None, lang) {
                let _ = item.set_attribute("data-popup-test", "");
                let _ = match previous {
                    Some(old) => old.replace_with_with_node_1(&item),
                    None => list_after.append_child(&item).map(|_| ()),
                };
            }
        }
        if let Some(host) = &sign_in_after {
            let _ = state.explain(host, lang);
        }
    })?;
    dom::append(element, &[&popup])?;
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
        let error = sign_in.as_ref().and_then(sign_in_error::failure).map(|f| f.error);
        report_share::offer(share.unchecked_ref(), edge, lang, &check.observations, error)?;
    }
    let top = most_important(&check.findings).ok_or("no finding")?;
    element.set_attribute("data-code", top.code.as_str())?;
    element.set_attribute("data-severity", top.severity.as_str())?;
    element.set_attribute("data-state", "done")
}

fn is_clock(code: Code) -> bool {
    code.family() == Family::Clock
}

/// One finding of the list: the severity in words, the finding, and under the clock's, the measured
/// offset and its bound.
fn item(
    document: &Document,
    finding: &Finding,
    estimate: Option<&ClockEstimate>,
    lang: Lang,
) -> Result<Element, JsValue> {
    let item = dom::element(document, "li", "")?;
    let line = render::finding_line(document, finding, lang, true)?;
    // The severity in words, before the title: never said by colour alone.
    let severity = dom::text(document, "span", "pf-severity", finding.severity.label().get(lang))?;
    line.insert_before(&severity, line.first_child().as_ref())?;
    dom::append(&item, &[&line])?;
    if let (Some(estimate), true) = (estimate, is_clock(finding.code)) {
        let measured = clock_facts(estimate, clock::verdict(estimate)).fill(&CLOCK_MEASURED);
        dom::append(&item, &[&dom::text(document, "p", "pf-detail", measured.get(lang))?])?;
    }
    Ok(item)
}

/// What the sign-in error's explanation rests on, kept for when the pop-up test adds its finding.
struct Explained {
    findings: Vec<Finding>,
    /// The pop-up test's finding, once the agent clicked (the latest click's).
    popup: Option<Finding>,
    estimate: Option<ClockEstimate>,
    public_network: bool,
}

impl Explained {
    fn explain(&self, host: &HtmlElement, lang: Lang) -> Result<(), JsValue> {
        let findings: Vec<Finding> = self.findings.iter().chain(&self.popup).cloned().collect();
        let checked = sign_in_error::Checked {
            findings: &findings,
            clock: self.estimate.as_ref(),
            public_network: self.public_network,
            popup_tested: self.popup.is_some(),
        };
        sign_in_error::explain(host, lang, &checked)
    }
}
