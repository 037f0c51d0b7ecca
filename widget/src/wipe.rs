//! Log out and wipe, the widget's part: clear what the page itself can reach (its storage, the
//! origin's service workers and caches), then hand over to the edge's `GET /logout`, whose
//! `Clear-Site-Data` clears the rest (HttpOnly cookies, HTTP cache) and leaves for the identity
//! provider. Every step is best effort: a failing one must never keep the agent logged in.

use js_sys::Array;
use wasm_bindgen::JsValue;

use crate::js::{call, call_await, get, window};

/// The edge's logout route, on the portal's own origin: `Clear-Site-Data` only clears the origin
/// that answers it.
pub const LOGOUT_PATH: &str = "/logout";

pub async fn log_out_and_wipe() {
    let window = window();
    for storage in ["localStorage", "sessionStorage"] {
        let _ = get(&window, storage).and_then(|s| call(&s, "clear", None));
    }
    if let Ok(workers) = get(&window, "navigator").and_then(|n| get(&n, "serviceWorker")) {
        for registration in each(call_await(&workers, "getRegistrations", None).await) {
            call_await(&registration, "unregister", None).await;
        }
    }
    if let Ok(caches) = get(&window, "caches") {
        for name in each(call_await(&caches, "keys", None).await) {
            call_await(&caches, "delete", Some(&name)).await;
        }
    }
    let _ = get(&window, "location").and_then(|l| call(&l, "assign", Some(&JsValue::from_str(LOGOUT_PATH))));
}

fn each(list: Option<JsValue>) -> Vec<JsValue> {
    list.filter(Array::is_array).map(|l| Array::from(&l).to_vec()).unwrap_or_default()
}
