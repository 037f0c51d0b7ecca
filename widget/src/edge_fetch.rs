//! Requests to the edge: never cached, and given up on quickly — the agent must not wait. Only the
//! check's own requests carry cookies (the test cookie's round trip is what they measure).
//!
//! The fetch options are a plain object set through `Reflect`: one binding instead of a web-sys
//! setter per option, which the login page's size budget feels.

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Response};

/// When a request is given up: an abort signal started now. A request timed with the device clock
/// makes it before reading the clock, so that no answer can come back later than its stamp says.
pub struct Deadline(JsValue);

impl Deadline {
    pub fn after(timeout_ms: u32) -> Deadline {
        Deadline(AbortSignal::timeout_with_u32(timeout_ms).into())
    }
}

/// `GET url` without cookies; an HTTP error status is an error too.
#[cfg(any(feature = "check-page", feature = "after-login"))]
pub async fn get(url: &str, timeout_ms: u32) -> Result<Response, JsValue> {
    send(url, &options("omit", Deadline::after(timeout_ms), &[])).await
}

/// `GET url` with the page's cookies for the edge (same origin only).
#[cfg(feature = "check-page")]
pub async fn get_with_cookies(url: &str, deadline: Deadline) -> Result<Response, JsValue> {
    send(url, &options("same-origin", deadline, &[])).await
}

/// `POST url` with a JSON body; `credentials` as in fetch (`"same-origin"` sends the page's cookies
/// to an edge on its own origin, `"omit"` none).
#[cfg(any(feature = "login", feature = "check-page"))]
pub async fn post_json(url: &str, json: &str, credentials: &str, deadline: Deadline) -> Result<Response, JsValue> {
    let headers = Object::new();
    Reflect::set(&headers, &"content-type".into(), &"application/json".into())?;
    let extra = [("method", JsValue::from_str("POST")), ("body", json.into()), ("headers", headers.into())];
    send(url, &options(credentials, deadline, &extra)).await
}

/// `POST url` with no body, e.g. to ask for `Clear-Site-Data`.
#[cfg(feature = "check-page")]
pub async fn post_empty(url: &str, timeout_ms: u32) -> Result<Response, JsValue> {
    send(url, &options("same-origin", Deadline::after(timeout_ms), &[("method", "POST".into())])).await
}

/// Fetch options: no HTTP cache, `credentials`, a deadline, and `extra` ones.
pub fn options(credentials: &str, deadline: Deadline, extra: &[(&str, JsValue)]) -> Object {
    let init = Object::new();
    let common =
        [("cache", JsValue::from_str("no-store")), ("credentials", credentials.into()), ("signal", deadline.0)];
    for (name, value) in common.iter().chain(extra) {
        let _ = Reflect::set(&init, &JsValue::from_str(name), value);
    }
    init
}

async fn send(url: &str, init: &Object) -> Result<Response, JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let response: Response =
        JsFuture::from(window.fetch_with_str_and_init(url, init.unchecked_ref())).await?.dyn_into()?;
    if response.ok() { Ok(response) } else { Err(JsValue::from_str("the edge refused the request")) }
}

/// `GET url` and its JSON body.
#[cfg(feature = "check-page")]
pub async fn get_json(url: &str, timeout_ms: u32) -> Result<JsValue, JsValue> {
    let response = get(url, timeout_ms).await?;
    JsFuture::from(response.json()?).await
}
