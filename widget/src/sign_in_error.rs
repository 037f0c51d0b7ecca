//! `mode="sign-in-error"` (check page, `/check?error=…`): "Why did my sign-in fail?". The element
//! shows the error the portal handed over (provider, code, correlation ID, time) and, once the full
//! check has run, the one sentence that explains it — core's `sign_in::explain::explain`, with the
//! deployment's rule when the edge found one (`data-explained-by`), else the built-in catalog.

use preflight_core::clock::ClockEstimate;
use preflight_core::finding::Finding;
use preflight_core::i18n::{Lang, Text};
use preflight_core::sign_in::explain::{self, ExplainFacts, Explanation};
use preflight_core::sign_in::{Explainer, Mapping, SignInError, SignInFailure, built_in};
use wasm_bindgen::JsValue;
use web_sys::HtmlElement;

use crate::dom;

/// The failure the edge wrote into the element's attributes (validated again here: the page is the
/// edge's, but the element could be any page's).
pub fn failure(host: &HtmlElement) -> Option<SignInFailure> {
    let attribute = |name: &str| host.get_attribute(name);
    let failure = SignInFailure::from_fields(
        attribute("data-idp"),
        attribute("data-error"),
        attribute("data-message"),
        attribute("data-correlation-id"),
        attribute("data-time"),
    )
    .ok()?;
    failure.is_present().then_some(failure)
}

/// What is known of it: the deployment's rule (from the edge), else the built-in catalog's entry.
fn mapping(host: &HtmlElement, failure: &SignInFailure) -> Option<Mapping> {
    if host.get_attribute("data-rule").as_deref() == Some("deployment") {
        let explained_by = Explainer::parse_list(&host.get_attribute("data-explained-by").unwrap_or_default());
        let meaning = match (host.get_attribute("data-meaning-fr"), host.get_attribute("data-meaning-en")) {
            (Some(fr), Some(en)) => Some(Text { fr, en }),
            _ => None,
        };
        return Some(Mapping { explained_by, meaning });
    }
    built_in(failure).map(|known| known.mapping())
}

/// The element's first state: the error, and that its causes are being checked.
pub async fn run(host: &HtmlElement, lang: Lang) -> Result<(), JsValue> {
    let Some(failure) = failure(host) else { return Ok(()) };
    render(host, lang, &failure.error, explain::CHECKING.get(lang), "checking")
}

/// What the full check hands over: its findings (and the SSO checks'), the clock it measured, where the
/// agent connects from, whether the pop-up test ran.
pub struct Checked<'a> {
    pub findings: &'a [Finding],
    pub clock: Option<&'a ClockEstimate>,
    pub public_network: bool,
    pub popup_tested: bool,
}

/// Explains the error with what the full check found; the sentence replaces "checking".
pub fn explain(host: &HtmlElement, lang: Lang, checked: &Checked) -> Result<(), JsValue> {
    let Some(failure) = failure(host) else { return Ok(()) };
    let mapping = mapping(host, &failure);
    let facts = ExplainFacts {
        findings: checked.findings,
        clock: checked.clock,
        public_network: checked.public_network,
        popup_tested: checked.popup_tested,
    };
    let answer = explain::explain(&failure, mapping.as_ref(), &facts);
    render(host, lang, &failure.error, answer.sentence().get(lang), answer.state())?;
    match &answer {
        Explanation::Explained { by, finding, .. } => {
            host.set_attribute("data-explained-by-check", by.as_str())?;
            host.set_attribute("data-code", finding.map_or("", |c| c.as_str()))
        }
        _ => {
            host.remove_attribute("data-explained-by-check")?;
            host.remove_attribute("data-code")
        }
    }
}

fn render(host: &HtmlElement, lang: Lang, error: &SignInError, sentence: &str, state: &str) -> Result<(), JsValue> {
    let document = dom::document_of(host)?;
    let heading = dom::text(&document, "h2", "", explain::HEADING.get(lang))?;
    let list = dom::element(&document, "dl", "pf-sign-in-fields")?;
    let idp = error.idp_name();
    let fields = [
        (explain::IDP_LABEL, idp.as_deref()),
        (explain::CODE_LABEL, error.code.as_deref()),
        (explain::CORRELATION_LABEL, error.correlation_id.as_deref()),
        (explain::TIME_LABEL, error.time.as_deref()),
    ];
    for (label, value) in fields {
        if let Some(value) = value {
            dom::append(
                &list,
                &[&dom::text(&document, "dt", "", label.get(lang))?, &dom::text(&document, "dd", "", value)?],
            )?;
        }
    }
    let answer = dom::text(&document, "p", &format!("pf-explanation pf-{state}"), sentence)?;
    answer.set_attribute("role", "status")?;
    answer.set_attribute("lang", lang.tag())?;
    host.replace_children_with_node_0();
    dom::append(host, &[&heading, &list, &answer])?;
    host.set_attribute("data-explanation", state)?;
    host.set_attribute("data-state", if state == "checking" { "checking" } else { "done" })
}
