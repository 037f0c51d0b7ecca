//! The wire contract of `preflight_core::protocol::wire` in the browser: bodies are written into a JS
//! object ([`JsWriter`]) for `JSON.stringify`, and a parsed JSON answer is read through `Js`. No serde: its
//! code would not fit the login page's size budget.

use js_sys::Array;
#[cfg(any(feature = "login", feature = "after-login"))]
use preflight_core::protocol::wire::WireSource;
use wasm_bindgen::JsValue;
#[cfg(any(feature = "login", feature = "check-page"))]
use {
    js_sys::{Object, Reflect},
    preflight_core::protocol::wire::WireWriter,
};

/// A JS object being written by core's wire description (the browser checks' observations).
#[cfg(any(feature = "login", feature = "check-page"))]
pub struct JsWriter(pub Object);

#[cfg(any(feature = "login", feature = "check-page"))]
impl JsWriter {
    fn set(&self, name: &str, value: &JsValue) {
        let _ = Reflect::set(&self.0, &JsValue::from_str(name), value);
    }
}

#[cfg(any(feature = "login", feature = "check-page"))]
impl WireWriter for JsWriter {
    fn null(&mut self, name: &'static str) {
        self.set(name, &JsValue::NULL);
    }
    fn boolean(&mut self, name: &'static str, value: bool) {
        self.set(name, &JsValue::from_bool(value));
    }
    fn number(&mut self, name: &'static str, value: f64) {
        self.set(name, &JsValue::from_f64(value));
    }
    fn text(&mut self, name: &'static str, value: &str) {
        self.set(name, &JsValue::from_str(value));
    }
    fn texts(&mut self, name: &'static str, values: &[String]) {
        self.set(name, &values.iter().map(|v| JsValue::from_str(v)).collect::<Array>());
    }
    fn object(&mut self, name: &'static str, write: impl FnOnce(&mut Self)) {
        let mut child = JsWriter(Object::new());
        write(&mut child);
        self.set(name, &child.0);
    }
    fn objects<T>(&mut self, name: &'static str, items: &[T], write: impl Fn(&mut Self, &T)) {
        let list = items.iter().map(|item| {
            let mut child = JsWriter(Object::new());
            write(&mut child, item);
            JsValue::from(child.0)
        });
        self.set(name, &list.collect::<Array>());
    }
}

/// A parsed JSON value, as core's decoders read it (the check page reads with serde instead).
#[cfg(any(feature = "login", feature = "after-login"))]
pub struct Js(pub JsValue);

#[cfg(any(feature = "login", feature = "after-login"))]
impl WireSource for Js {
    fn field(&self, name: &str) -> Option<Self> {
        let value = crate::js::get(&self.0, name).ok()?;
        (!value.is_undefined()).then_some(Js(value))
    }
    fn boolean(&self) -> Option<bool> {
        self.0.as_bool()
    }
    fn number(&self) -> Option<f64> {
        self.0.as_f64()
    }
    fn text(&self) -> Option<String> {
        self.0.as_string()
    }
    fn item(&self, index: usize) -> Option<Self> {
        let item = Array::from(&self.0).get(u32::try_from(index).ok()?);
        (!item.is_undefined()).then_some(Js(item))
    }
}
