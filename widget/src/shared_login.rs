//! The login page's shared mode: a "shared or public computer" checkbox (`#preflight-shared`,
//! written by the portal in its form) that, when ticked or when the edge knows the workstation is
//! shared, asks browsers not to offer to save the password and shows a one-line reminder. The
//! choice is kept in sessionStorage for the pages after sign-in.

use preflight_core::i18n::Lang;
use preflight_core::shared_device::LOGIN_REMINDER;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

use crate::dom;
use crate::{js, session_hints};

pub const CHECKBOX_ID: &str = "preflight-shared";
/// Where the password field's own `autocomplete` is kept while shared mode overrides it.
const SAVED_AUTOCOMPLETE: &str = "data-pf-autocomplete";

/// Wires the checkbox if the page has one; returns it so the edge's hints can tick it later.
pub fn wire(document: &Document, lang: Lang) -> Result<Option<Element>, JsValue> {
    let Some(checkbox) = document.get_element_by_id(CHECKBOX_ID) else { return Ok(None) };
    let reminder = dom::text(document, "span", "pf-shared-reminder", LOGIN_REMINDER.get(lang))?;
    reminder.set_attribute("role", "status")?;
    reminder.set_attribute("lang", lang.tag())?;
    reminder.set_attribute("hidden", "")?;
    checkbox.parent_element().unwrap_or_else(|| checkbox.clone()).after_with_node_1(&reminder)?;

    let (doc, box_) = (document.clone(), checkbox.clone());
    let on_change = Closure::<dyn FnMut(JsValue)>::new(move |_| {
        let shared = js::get(&box_, "checked").ok().and_then(|c| c.as_bool()).unwrap_or(false);
        let _ = set(&doc, &box_, shared);
    });
    checkbox.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref())?;
    on_change.forget();
    if session_hints::declared_shared() {
        set(document, &checkbox, true)?;
    }
    Ok(Some(checkbox))
}

/// Shared mode on or off, whether the agent ticked the box or the edge knows the workstation:
/// remembered for the session, password saving discouraged, reminder shown.
pub fn set(document: &Document, checkbox: &Element, shared: bool) -> Result<(), JsValue> {
    js_sys::Reflect::set(checkbox, &"checked".into(), &JsValue::from_bool(shared))?;
    session_hints::set_declared_shared(shared);
    apply(document, shared)
}

fn apply(document: &Document, shared: bool) -> Result<(), JsValue> {
    if let Some(password) = document.query_selector("input[type=password]")? {
        let form = password.closest("form")?;
        for field in std::iter::once(password).chain(form) {
            if shared {
                if !field.has_attribute(SAVED_AUTOCOMPLETE) {
                    let own = field.get_attribute("autocomplete").unwrap_or_default();
                    field.set_attribute(SAVED_AUTOCOMPLETE, &own)?;
                }
                // Honoured by some browsers for password saving; the reminder covers the others.
                field.set_attribute("autocomplete", "off")?;
            } else if let Some(own) = field.get_attribute(SAVED_AUTOCOMPLETE) {
                field.set_attribute("autocomplete", &own)?;
                field.remove_attribute(SAVED_AUTOCOMPLETE)?;
            }
        }
    }
    if let Some(reminder) = document.query_selector(".pf-shared-reminder")? {
        if shared { reminder.remove_attribute("hidden")? } else { reminder.set_attribute("hidden", "")? }
    }
    Ok(())
}
