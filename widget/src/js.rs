//! Calls into browser APIs by name through `Reflect`: for the few APIs used once (storage, service
//! workers, caches, location) this costs far less widget size than a web-sys binding each.

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// `object[name]`.
pub fn get(object: &JsValue, name: &str) -> Result<JsValue, JsValue> {
    Reflect::get(object, &JsValue::from_str(name))
}

/// `object[name](...args)` with zero or one argument.
pub fn call(object: &JsValue, name: &str, arg: Option<&JsValue>) -> Result<JsValue, JsValue> {
    let method: Function = get(object, name)?.dyn_into()?;
    match arg {
        Some(arg) => method.call1(object, arg),
        None => method.call0(object),
    }
}

#[cfg(any(feature = "after-login", feature = "check-page"))]
/// Awaits `object[name](arg)` when it returns a promise; `None` on any failure.
pub async fn call_await(object: &JsValue, name: &str, arg: Option<&JsValue>) -> Option<JsValue> {
    let promise: js_sys::Promise = call(object, name, arg).ok()?.dyn_into().ok()?;
    wasm_bindgen_futures::JsFuture::from(promise).await.ok()
}

/// The page's `window` as a plain value.
pub fn window() -> JsValue {
    js_sys::global().into()
}

/// A promise that resolves (to `undefined`) after `ms` (`setTimeout`).
#[cfg(any(feature = "login", feature = "check-page"))]
pub fn timeout(ms: u32) -> js_sys::Promise {
    js_sys::Promise::new(&mut |resolve, _| {
        let set_timeout: Result<Function, _> = get(&window(), "setTimeout").and_then(|f| f.dyn_into());
        if let Ok(set_timeout) = set_timeout {
            let _ = set_timeout.call2(&JsValue::NULL, &resolve, &JsValue::from(ms));
        }
    })
}

/// Resolves after `ms`.
#[cfg(any(feature = "login", feature = "check-page"))]
pub async fn sleep(ms: u32) {
    let _ = wasm_bindgen_futures::JsFuture::from(timeout(ms)).await;
}
