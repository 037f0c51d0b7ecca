//! `mode="logout-reminder"`, for portal pages after sign-in: the `LogoutReminder` line when the
//! device is shared or the network public, a "Log out and wipe" button always, and on a shared
//! device the idle countdown.

use preflight_core::finding::{Finding, Severity};
use preflight_core::i18n::{Facts, Lang};
use preflight_core::shared_device::{LogoutReminder, WIPE_BUTTON};
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use crate::render;
use crate::{idle_countdown, session_hints, wipe};

pub async fn run(element: &HtmlElement, edge: &str, lang: Lang) -> Result<(), JsValue> {
    let hints = session_hints::fetch(edge).await;
    let decided = LogoutReminder::decide(session_hints::declared_shared(), &hints);
    match decided.reminder {
        // Its entry among the shared-device ones: looking it up in the whole catalog would link every
        // entry's texts into this build.
        Some(code) => match preflight_core::catalog::shared::ENTRIES.iter().find(|e| e.code == code) {
            Some(entry) => render::finding(element, &Finding::from_entry(entry, &Facts::default()), lang)?,
            None => return Err(JsValue::from_str(code.as_str())),
        },
        None => {
            element.replace_children_with_node_0();
            element.set_attribute("data-severity", Severity::Ok.as_str())?;
            element.set_attribute("data-state", "done")?;
        }
    }
    element.append_child(&wipe_button(element, lang)?)?;
    if decided.idle_countdown {
        idle_countdown::start(element, &hints, lang)?;
    }
    Ok(())
}

fn wipe_button(element: &HtmlElement, lang: Lang) -> Result<web_sys::Node, JsValue> {
    let document = element.owner_document().ok_or("element is not in a document")?;
    let button = document.create_element("button")?;
    button.set_attribute("type", "button")?;
    button.set_class_name("pf-wipe");
    button.set_text_content(Some(WIPE_BUTTON.get(lang)));
    let on_click = Closure::<dyn FnMut(JsValue)>::new(|_| wasm_bindgen_futures::spawn_local(wipe::log_out_and_wipe()));
    button.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
    on_click.forget();
    Ok(button.into())
}
