//! The edge's session hints — from `GET /api/session-hints` after sign-in, or from the `session`
//! part of the check's answer on the login page — and what the agent declared on the login page.

#[cfg(feature = "after-login")]
use preflight_core::shared_device::SessionHints;
use wasm_bindgen::JsValue;

#[cfg(feature = "after-login")]
use crate::edge_fetch;
use crate::js::{call, get, window};

/// The sessionStorage key of the "shared or public computer" checkbox: kept for the browser
/// session only, and wiped with the rest.
pub const DECLARED_SHARED_KEY: &str = "preflight-shared";

/// The edge's hints, or the defaults (nothing known) when it cannot be asked.
#[cfg(feature = "after-login")]
pub async fn fetch(edge: &str) -> SessionHints {
    ask(edge).await.unwrap_or_default()
}

/// An edge slower than this gives no hints: the page must not wait for it.
#[cfg(feature = "after-login")]
const HINTS_TIMEOUT_MS: u32 = 1_500;

#[cfg(feature = "after-login")]
async fn ask(edge: &str) -> Option<SessionHints> {
    let response = edge_fetch::get(&format!("{edge}/api/session-hints"), HINTS_TIMEOUT_MS).await.ok()?;
    let body = wasm_bindgen_futures::JsFuture::from(response.json().ok()?).await.ok()?;
    read(&body)
}

#[cfg(feature = "after-login")]
fn read(body: &JsValue) -> Option<SessionHints> {
    use preflight_core::protocol::wire::FromWire;
    SessionHints::from_wire(&crate::wire::Js(body.clone()))
}

fn session_storage() -> Result<JsValue, JsValue> {
    get(&window(), "sessionStorage")
}

/// Whether the agent ticked "shared or public computer" earlier in this browser session.
pub fn declared_shared() -> bool {
    let item = session_storage().and_then(|s| call(&s, "getItem", Some(&DECLARED_SHARED_KEY.into())));
    item.ok().and_then(|v| v.as_string()).is_some_and(|v| v == "1")
}

#[cfg(feature = "login")]
pub fn set_declared_shared(shared: bool) {
    let key = JsValue::from_str(DECLARED_SHARED_KEY);
    let _ = session_storage().and_then(|s| {
        if shared {
            let set: js_sys::Function = wasm_bindgen::JsCast::dyn_into(get(&s, "setItem")?)?;
            set.call2(&s, &key, &"1".into())
        } else {
            call(&s, "removeItem", Some(&key))
        }
    });
}
