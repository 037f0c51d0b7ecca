//! Requests to the edge: never cached, no cookies, and given up on quickly — the agent must not wait.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, RequestCache, RequestCredentials, RequestInit, Response};

/// `GET url`; an HTTP error status is an error too.
pub async fn get(url: &str, timeout_ms: u32) -> Result<Response, JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let init = RequestInit::new();
    init.set_cache(RequestCache::NoStore);
    init.set_credentials(RequestCredentials::Omit);
    init.set_signal(Some(&AbortSignal::timeout_with_u32(timeout_ms)));
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await?.dyn_into()?;
    if response.ok() { Ok(response) } else { Err(JsValue::from_str("the edge refused the request")) }
}

/// `GET url` and its JSON body.
#[cfg(feature = "full")]
pub async fn get_json(url: &str, timeout_ms: u32) -> Result<JsValue, JsValue> {
    let response = get(url, timeout_ms).await?;
    JsFuture::from(response.json()?).await
}
