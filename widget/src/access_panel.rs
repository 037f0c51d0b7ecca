//! `mode="access"` (check page): where the agent connects from, what works from here now, known
//! issues for their device, and the intent picker ("I want my pay slip") answered by the edge.

use preflight_core::channel::Channel;
use preflight_core::channel::panel;
use preflight_core::channel::route::Recommendation;
use preflight_core::channel::summary::AccessSummary;
use preflight_core::i18n::Lang;
use preflight_core::protocol::Choices;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, Event, HtmlElement, HtmlInputElement, HtmlSelectElement};

use crate::dom::{append, document_of, element, text, typed};
use crate::edge_fetch::get_json;

const TIMEOUT_MS: u32 = 4_000;

pub async fn run(host: &HtmlElement, edge: &str, lang: Lang) -> Result<(), JsValue> {
    let document = document_of(host)?;
    let summary = element(&document, "div", "pf-access-summary")?;
    summary.set_attribute("aria-live", "polite")?;
    let picker = element(&document, "div", "pf-intents")?;
    host.replace_children_with_node_0();
    append(host, &[&text(&document, "h2", "", panel::TITLE.get(lang))?, &summary])?;
    append(host, &[&vpn_version_form(&document, &summary, edge, lang)?, &picker])?;
    load_summary(&summary, edge, "", lang).await;
    if let Ok(json) = get_json(&format!("{edge}/api/intents"), TIMEOUT_MS).await
        && let Ok(choices) = serde_wasm_bindgen::from_value::<Choices>(json)
    {
        build_picker(&document, &picker, edge, lang, &choices)?;
    }
    host.set_attribute("data-state", "done")
}

async fn load_summary(target: &Element, edge: &str, vpn_client: &str, lang: Lang) {
    let query = if vpn_client.is_empty() {
        String::new()
    } else {
        format!("?vpn_client={}", js_sys::encode_uri_component(vpn_client))
    };
    let answer = match get_json(&format!("{edge}/api/access{query}"), TIMEOUT_MS).await {
        Ok(json) => serde_wasm_bindgen::from_value::<AccessSummary>(json).ok(),
        Err(_) => None,
    };
    let shown = answer.map(|summary| render_summary(target, &summary, lang));
    if !matches!(shown, Some(Ok(()))) {
        target.set_text_content(Some(panel::UNAVAILABLE.get(lang)));
    }
}

fn render_summary(target: &Element, summary: &AccessSummary, lang: Lang) -> Result<(), JsValue> {
    let document = target.owner_document().ok_or("no document")?;
    target.replace_children_with_node_0();
    target.set_attribute("data-class", summary.access.class.as_str())?;
    append(target, &[&text(&document, "p", "pf-headline", summary.headline.get(lang))?])?;
    append(target, &[&text(&document, "p", "pf-channels", &panel::channels_line(&summary.channels_here, lang))?])?;
    if let Some(site) = &summary.site {
        append(target, &[&text(&document, "p", "pf-site", &panel::site_line(site, lang))?])?;
    }
    if !summary.known_issues.is_empty() {
        let list = element(&document, "ul", "pf-known-issues")?;
        list.set_attribute("role", "alert")?;
        for issue in &summary.known_issues {
            append(&list, &[&text(&document, "li", "", issue.get(lang))?])?;
        }
        append(target, &[&text(&document, "h3", "", panel::KNOWN_ISSUES.get(lang))?, &list])?;
    }
    Ok(())
}

/// "Your VPN client version" — the known-issue rules need it; the browser cannot see it.
fn vpn_version_form(document: &Document, summary: &Element, edge: &str, lang: Lang) -> Result<Element, JsValue> {
    let form = element(document, "form", "pf-vpn-version")?;
    let input: HtmlInputElement = typed(document, "input", "")?;
    input.set_id("pf-vpn-client");
    input.set_attribute("inputmode", "decimal")?;
    input.set_attribute("autocomplete", "off")?;
    let field_label = text(document, "label", "", panel::VPN_VERSION.get(lang))?;
    field_label.set_attribute("for", "pf-vpn-client")?;
    append(&form, &[&field_label, &input, &text(document, "button", "", panel::CHECK_VERSION.get(lang))?])?;
    let (summary, edge) = (summary.clone(), edge.to_owned());
    on_submit(&form, move || {
        let (summary, edge, version) = (summary.clone(), edge.clone(), input.value());
        wasm_bindgen_futures::spawn_local(async move { load_summary(&summary, &edge, version.trim(), lang).await });
    })?;
    Ok(form)
}

fn build_picker(
    document: &Document,
    picker: &Element,
    edge: &str,
    lang: Lang,
    choices: &Choices,
) -> Result<(), JsValue> {
    let form = element(document, "form", "pf-intent-form")?;
    let intent: HtmlSelectElement = typed(document, "select", "")?;
    intent.set_id("pf-intent");
    for choice in &choices.intents {
        append(&intent, &[&option(document, &choice.id, choice.name.get(lang))?])?;
    }
    let department: HtmlSelectElement = typed(document, "select", "")?;
    department.set_id("pf-department");
    append(&department, &[&option(document, "", panel::ANY_DEPARTMENT.get(lang))?])?;
    for d in &choices.departments {
        append(&department, &[&option(document, &d.id, &d.name)?])?;
    }
    let result = element(document, "div", "pf-route")?;
    result.set_attribute("role", "status")?;
    result.set_attribute("aria-live", "polite")?;
    append(&form, &[&labelled(document, "pf-intent", panel::INTENT.get(lang))?, &intent])?;
    append(&form, &[&labelled(document, "pf-department", panel::DEPARTMENT.get(lang))?, &department])?;
    append(&form, &[&text(document, "button", "", panel::SHOW_HOW.get(lang))?])?;
    append(picker, &[&text(document, "h2", "", panel::INTENT_TITLE.get(lang))?, &form, &result])?;
    let edge = edge.to_owned();
    on_submit(&form, move || {
        let url = format!(
            "{edge}/api/route?intent={}{}",
            js_sys::encode_uri_component(&intent.value()),
            match department.value().as_str() {
                "" => String::new(),
                d => format!("&department={}", js_sys::encode_uri_component(d)),
            }
        );
        let result = result.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let answer = get_json(&url, TIMEOUT_MS).await.ok().and_then(|j| serde_wasm_bindgen::from_value(j).ok());
            let _ = render_route(&result, answer, lang);
        });
    })
}

fn render_route(target: &Element, answer: Option<Recommendation>, lang: Lang) -> Result<(), JsValue> {
    let document = target.owner_document().ok_or("no document")?;
    target.replace_children_with_node_0();
    let Some(r) = answer else {
        return append(target, &[&text(&document, "p", "", panel::UNAVAILABLE.get(lang))?]);
    };
    if let Some(line) = panel::route_line(&r, lang) {
        append(target, &[&text(&document, "p", "pf-route-channel", &line)?])?;
    }
    for advice in &r.advice {
        append(target, &[&text(&document, "p", "pf-advice", advice.get(lang))?])?;
    }
    if let Some(link) = &r.link {
        let a = text(&document, "a", "pf-route-link", panel::OPEN_APP.get(lang))?;
        a.set_attribute("href", link)?;
        target.append_child(&a)?;
    }
    target.set_attribute("data-channel", r.channel.map_or("", Channel::as_str))
}

fn option(document: &Document, value: &str, name: &str) -> Result<Element, JsValue> {
    let option = text(document, "option", "", name)?;
    option.set_attribute("value", value)?;
    Ok(option)
}

fn labelled(document: &Document, for_id: &str, words: &str) -> Result<Element, JsValue> {
    let l = text(document, "label", "", words)?;
    l.set_attribute("for", for_id)?;
    Ok(l)
}

/// Calls `action` on submit (button or Enter), without leaving the page. The listener lives as
/// long as the page.
fn on_submit(form: &Element, mut action: impl FnMut() + 'static) -> Result<(), JsValue> {
    let listener = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
        event.prevent_default();
        action();
    });
    form.add_event_listener_with_callback("submit", listener.as_ref().unchecked_ref())?;
    listener.forget();
    Ok(())
}
