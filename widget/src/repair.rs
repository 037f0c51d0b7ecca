//! The Repair button: unregisters the portal's service workers, deletes the portal's CacheStorage
//! caches, asks the edge for `Clear-Site-Data: "cache"`, then reloads with a cache-busting
//! parameter. Only the portal's origin is touched, never the rest of the browser. What was removed
//! is kept in sessionStorage across the reload and shown by [`announce`].

use js_sys::Array;
use preflight_core::i18n::Lang;
use preflight_core::repair::{self, RepairReport};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

use crate::dom;
use crate::edge_fetch;
use crate::js::{call, call_await, get, window};
use crate::observe;

const CLEAR_TIMEOUT_MS: u32 = 3_000;

pub fn button(document: &Document, lang: Lang, edge: &str, registrations: Vec<JsValue>) -> Result<Element, JsValue> {
    let button = dom::text(document, "button", "pf-repair", repair::BUTTON.get(lang))?;
    button.set_attribute("type", "button")?;
    let (target, edge) = (button.clone(), edge.to_owned());
    let on_click = Closure::once(move || {
        let _ = target.set_attribute("disabled", "");
        target.set_text_content(Some(repair::WORKING.get(lang)));
        wasm_bindgen_futures::spawn_local(async move {
            let report = run(&edge, registrations).await;
            let _ = storage_call("setItem", &[repair::REPORT_KEY, &report.encode()]);
            reload();
        });
    });
    button.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
    on_click.forget();
    Ok(button)
}

async fn run(edge: &str, registrations: Vec<JsValue>) -> RepairReport {
    let mut report = RepairReport::default();
    for registration in registrations {
        let script = observe::script_url(&registration);
        if call_await(&registration, "unregister", None).await.and_then(|r| r.as_bool()) == Some(true) {
            report.service_workers.push(script.unwrap_or_default());
        }
    }
    if let Ok(caches) = get(&window(), "caches") {
        let names = call_await(&caches, "keys", None).await.map(|a| Array::from(&a)).unwrap_or_default();
        for name in names.iter() {
            if call_await(&caches, "delete", Some(&name)).await.and_then(|r| r.as_bool()) == Some(true) {
                report.caches.extend(name.as_string());
            }
        }
    }
    report.http_cache_cleared =
        edge_fetch::post_empty(&format!("{edge}/api/clear-cache"), CLEAR_TIMEOUT_MS).await.is_ok();
    report
}

fn reload() {
    let Ok(location) = get(&window(), "location") else { return };
    let href = get(&location, "href").ok().and_then(|h| h.as_string()).unwrap_or_default();
    let _ = call(&location, "replace", Some(&repair::reload_url(&href, js_sys::Date::now()).into()));
}

/// After the reload: one line saying exactly what the repair removed, once; focus goes to it, as the
/// Repair button that had it is gone with the reload.
pub fn announce(host: &Element, document: &Document, lang: Lang) -> Result<(), JsValue> {
    let stored = storage_call("getItem", &[repair::REPORT_KEY]).ok().and_then(|v| v.as_string());
    let Some(report) = stored.and_then(|s| RepairReport::decode(&s)) else { return Ok(()) };
    let _ = storage_call("removeItem", &[repair::REPORT_KEY]);
    let line = dom::text(document, "p", "pf-finding pf-info pf-repaired", report.summary().get(lang))?;
    line.set_attribute("role", "status")?;
    line.set_attribute("tabindex", "-1")?;
    host.append_child(&line)?;
    line.unchecked_ref::<web_sys::HtmlElement>().focus()
}

fn storage_call(method: &str, args: &[&str]) -> Result<JsValue, JsValue> {
    let storage = get(&window(), "sessionStorage")?;
    let function: js_sys::Function = get(&storage, method)?.dyn_into()?;
    let args: Array = args.iter().map(|a| JsValue::from_str(a)).collect();
    function.apply(&storage, &args)
}
