//! What the browser itself can tell about cookies, storage, the secure context, the loaded version,
//! service workers and storage use: the `BrowserObservations` that `POST /api/check` evaluates.
//!
//! Every read is wrapped: private modes and policies make storage and cookie APIs throw, and a
//! throwing API is an observation ("blocked"), never an uncaught exception.

use js_sys::Reflect;
#[cfg(feature = "check-page")]
use js_sys::{Array, Promise};
use preflight_core::checks::{BrowserObservations, is_loopback_host};
use preflight_core::protocol::PROTOCOL_VERSION;
use wasm_bindgen::{JsCast, JsValue};
#[cfg(feature = "check-page")]
use wasm_bindgen_futures::JsFuture;
use web_sys::Document;

use crate::js::{call, get, window};

/// Everything the page can read at once: all but the clock and the probe hosts, which come with
/// the edge round trips, and the service workers and storage use, which come as promises.
pub fn collect(document: &Document) -> BrowserObservations {
    let window = window();
    let flag = |name: &str| get(&window, name).ok().and_then(|v| v.as_bool()).unwrap_or(false);
    let hostname = get(&window, "location").and_then(|l| get(&l, "hostname")).ok().and_then(|h| h.as_string());
    BrowserObservations {
        v: PROTOCOL_VERSION,
        clock: None,
        sent: None,
        sample: None,
        cookies_enabled: get(&get(&window, "navigator").unwrap_or_default(), "cookieEnabled")
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        cookie_write_read: cookie_write_read(document),
        cookie_probe: false,
        local_storage: storage_works("localStorage"),
        session_storage: storage_works("sessionStorage"),
        secure_context: flag("isSecureContext"),
        loopback_host: hostname.as_deref().is_some_and(is_loopback_host),
        loaded_version: portal_version(document),
        service_workers: Vec::new(),
        storage_usage: None,
        storage_quota: None,
        probes: Vec::new(),
    }
}

/// The browser's answers that come as promises (full check page only: they cost the login page's
/// widget more than its budget allows), asked at once so that they arrive while the time probes run.
#[cfg(feature = "check-page")]
pub struct Pending {
    registrations: Option<Promise>,
    estimate: Option<Promise>,
}

#[cfg(feature = "check-page")]
pub fn start() -> Pending {
    let navigator = get(&window(), "navigator").unwrap_or(JsValue::UNDEFINED);
    let promise = |object: &str, method: &str| {
        let target = get(&navigator, object).ok().filter(|t| t.is_object())?;
        call(&target, method, None).ok()?.dyn_into::<Promise>().ok()
    };
    // `navigator.serviceWorker` exists only in secure contexts.
    Pending { registrations: promise("serviceWorker", "getRegistrations"), estimate: promise("storage", "estimate") }
}

/// [`collect`], with the service workers and the storage use once their promises settle; and the
/// service-worker registrations, for Repair.
#[cfg(feature = "check-page")]
pub async fn collect_thorough(document: &Document, pending: Pending) -> (BrowserObservations, Vec<JsValue>) {
    let mut observations = collect(document);
    let registrations = settle(pending.registrations).await.map(|a| Array::from(&a).to_vec()).unwrap_or_default();
    let estimate = settle(pending.estimate).await.unwrap_or(JsValue::UNDEFINED);
    let bytes = |name: &str| get(&estimate, name).ok().and_then(|v| v.as_f64()).map(|v| v as u64);
    observations.service_workers = registrations.iter().filter_map(script_path).collect();
    observations.storage_usage = bytes("usage");
    observations.storage_quota = bytes("quota");
    (observations, registrations)
}

#[cfg(feature = "check-page")]
async fn settle(promise: Option<Promise>) -> Option<JsValue> {
    JsFuture::from(promise?).await.ok()
}

/// `<meta name="portal-version" content="…">`: the version this page was built as.
fn portal_version(document: &Document) -> Option<String> {
    let meta = document.query_selector("meta[name=portal-version]").ok().flatten()?;
    meta.get_attribute("content").filter(|v| !v.trim().is_empty())
}

#[cfg(feature = "check-page")]
/// The URL of a registration's script, whichever of its workers is there.
pub fn script_url(registration: &JsValue) -> Option<String> {
    let worker = ["active", "waiting", "installing"]
        .iter()
        .find_map(|state| get(registration, state).ok().filter(|w| w.is_object()))?;
    get(&worker, "scriptURL").ok()?.as_string()
}

#[cfg(feature = "check-page")]
/// The path of a registration's script (`/sw.js`).
fn script_path(registration: &JsValue) -> Option<String> {
    let url = script_url(registration)?;
    // "https:", "", "host", "path…": split on a char, not a string, and never slice (panic paths
    // with their formatting would cost the widget kilobytes).
    Some(format!("/{}", url.splitn(4, '/').nth(3).unwrap_or_default()))
}

/// Writes a test cookie with `document.cookie`, reads it back, and removes it.
fn cookie_write_read(document: &Document) -> bool {
    let cookie = JsValue::from_str("cookie");
    let set = |value: &str| Reflect::set(document, &cookie, &JsValue::from_str(value)).is_ok();
    let written = set("preflight_rw=1; Path=/; SameSite=Lax");
    let read = Reflect::get(document, &cookie).ok().and_then(|c| c.as_string());
    let found = written && read.is_some_and(|c| c.split(';').any(|c| c.trim() == "preflight_rw=1"));
    set("preflight_rw=; Path=/; Max-Age=0; SameSite=Lax");
    found
}

/// Whether `window[name]` accepts a write: reading the property itself throws when site data is
/// blocked, `setItem` throws in some private modes.
fn storage_works(name: &str) -> bool {
    let Ok(storage) = get(&window(), name) else { return false };
    let key = JsValue::from_str("preflight-test");
    let set = get(&storage, "setItem").and_then(|f| f.dyn_into::<js_sys::Function>());
    let written = set.and_then(|f| f.call2(&storage, &key, &key)).is_ok();
    written && call(&storage, "removeItem", Some(&key)).is_ok()
}
