//! `mode="report-share"` (check page): "Share with the helpdesk". After the agent agrees, the
//! observations go to `POST /api/reports` and the short code comes back, shown large to be read out
//! on the phone, with a copy button. Focus moves to the code once shown (the button that sent it is
//! disabled, and the code is what the agent reads next).
//!
//! [`offer`] is the hook: on the check page the full check calls it with the observations it sent
//! the edge, once it is done; on a page without a full check, [`run`] runs the same check itself.

use preflight_core::checks::BrowserObservations;
use preflight_core::i18n::Lang;
use preflight_core::report::share::{self, kept_days};
use preflight_core::report::{REPORT_VERSION, ReportUpload};
use preflight_core::sign_in::SignInError;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, Event, HtmlElement, HtmlInputElement};

use crate::dom::{append, document_of, element, text, typed};
use crate::edge_fetch::{self, Deadline};
use crate::{browser_check, js};

const UPLOAD_TIMEOUT_MS: u32 = 8_000;

pub async fn run(host: &HtmlElement, edge: &str, lang: Lang) -> Result<(), JsValue> {
    let document = document_of(host)?;
    // The page's full check will offer its own observations: one check, not two.
    if document.query_selector("preflight-check[mode=full-check]")?.is_some() {
        return Ok(());
    }
    let check = browser_check::thorough(&document, edge).await;
    offer(host, edge, lang, &check.observations, None)
}

/// The share step for `observations`: the consent sentence, the optional agent-ID field and the
/// button; nothing leaves the browser before the agent clicks it.
/// The sign-in error the page came with, if any, goes with the report.
pub fn offer(
    host: &HtmlElement,
    edge: &str,
    lang: Lang,
    observations: &BrowserObservations,
    sign_in_error: Option<SignInError>,
) -> Result<(), JsValue> {
    let document = document_of(host)?;
    let days = kept_days(host.get_attribute("data-report-days").as_deref());
    let consent = text(&document, "p", "pf-consent", &share::consent(lang, days))?;
    consent.set_id("pf-share-consent");
    let form = element(&document, "form", "pf-share-form")?;
    let field_label = text(&document, "label", "", share::AGENT_ID.get(lang))?;
    field_label.set_attribute("for", "pf-agent-id")?;
    let input: HtmlInputElement = typed(&document, "input", "")?;
    input.set_id("pf-agent-id");
    input.set_attribute("autocomplete", "off")?;
    input.set_attribute("maxlength", "64")?;
    let button = text(&document, "button", "", share::SHARE.get(lang))?;
    button.set_attribute("type", "submit")?;
    button.set_attribute("aria-describedby", "pf-share-consent")?;
    append(&form, &[&field_label, &input, &button])?;
    let result = element(&document, "div", "pf-share-result")?;
    result.set_attribute("aria-live", "polite")?;
    host.replace_children_with_node_0();
    append(host, &[&text(&document, "h2", "", share::TITLE.get(lang))?, &consent, &form, &result])?;
    host.set_attribute("data-state", "ready")?;

    let ticket = host.get_attribute("data-ticket").filter(|t| !t.is_empty());
    let (host, edge, observations) = (host.clone(), edge.to_owned(), observations.clone());
    let listener = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
        event.prevent_default();
        let agent_id = Some(input.value().trim().to_owned()).filter(|a| !a.is_empty());
        let upload = ReportUpload {
            v: REPORT_VERSION,
            ticket: ticket.clone(),
            agent_id,
            observations: observations.clone(),
            sign_in_error: sign_in_error.clone(),
        };
        let (host, edge, result, button) = (host.clone(), edge.clone(), result.clone(), button.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let _ = button.set_attribute("disabled", "");
            result.set_text_content(Some(share::SENDING.get(lang)));
            let shown = match send(&edge, &upload).await {
                Ok(code) => show_code(&host, &result, &code, lang),
                Err(_) => Err(JsValue::NULL),
            };
            if shown.is_err() {
                result.set_text_content(Some(share::FAILED.get(lang)));
                let _ = button.remove_attribute("disabled");
            }
        });
    });
    form.add_event_listener_with_callback("submit", listener.as_ref().unchecked_ref())?;
    listener.forget();
    Ok(())
}

fn show_code(host: &HtmlElement, result: &Element, code: &str, lang: Lang) -> Result<(), JsValue> {
    let document = document_of(host)?;
    let code_line: HtmlElement = text(&document, "p", "pf-report-code", code)?.unchecked_into();
    code_line.set_attribute("tabindex", "-1")?;
    let copy = text(&document, "button", "pf-copy", share::COPY.get(lang))?;
    copy.set_attribute("type", "button")?;
    let status = element(&document, "p", "help")?;
    result.replace_children_with_node_0();
    append(result, &[&text(&document, "p", "", share::YOUR_CODE.get(lang))?, &code_line, &copy, &status])?;
    let code = code.to_owned();
    let on_copy = Closure::<dyn FnMut(JsValue)>::new(move |_| {
        let clipboard = js::get(&js::window(), "navigator").and_then(|n| js::get(&n, "clipboard"));
        if let Ok(clipboard) = clipboard
            && js::call(&clipboard, "writeText", Some(&JsValue::from_str(&code))).is_ok()
        {
            status.set_text_content(Some(share::COPIED.get(lang)));
        }
    });
    copy.add_event_listener_with_callback("click", on_copy.as_ref().unchecked_ref())?;
    on_copy.forget();
    code_line.focus()?;
    host.set_attribute("data-state", "shared")?;
    host.set_attribute("data-report-code", &code_line.text_content().unwrap_or_default())
}

/// `POST /api/reports`; the code the edge returned once the report is stored.
async fn send(edge: &str, upload: &ReportUpload) -> Result<String, JsValue> {
    let value = upload.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?;
    let body: String = js_sys::JSON::stringify(&value)?.into();
    // No cookies: nothing of the agent's session goes with the report.
    let response =
        edge_fetch::post_json(&format!("{edge}/api/reports"), &body, "omit", Deadline::after(UPLOAD_TIMEOUT_MS))
            .await?;
    let receipt: preflight_core::protocol::Receipt =
        serde_wasm_bindgen::from_value(JsFuture::from(response.json()?).await?)?;
    Ok(receipt.code)
}
