//! The wire contract of `preflight_core::protocol::wire` in the browser: a [`Wire`] value becomes a
//! JS value for `JSON.stringify`, and a parsed JSON answer is read through [`Js`]. No serde: its
//! code would not fit the login page's size budget.

use js_sys::Array;
#[cfg(not(feature = "full"))]
use preflight_core::protocol::wire::WireSource;
use wasm_bindgen::JsValue;
#[cfg(not(feature = "after-login"))]
use {
    js_sys::{Object, Reflect},
    preflight_core::protocol::wire::Wire,
};

/// Sent by the browser checks (login and check page).
#[cfg(not(feature = "after-login"))]
pub fn to_js(wire: &Wire<'_>) -> JsValue {
    match wire {
        Wire::Null => JsValue::NULL,
        Wire::Bool(b) => JsValue::from_bool(*b),
        Wire::Number(n) => JsValue::from_f64(*n),
        Wire::Text(t) => JsValue::from_str(t),
        Wire::List(items) => items.iter().map(to_js).collect::<Array>().into(),
        Wire::Object(fields) => {
            let object = Object::new();
            for (name, value) in fields {
                let _ = Reflect::set(&object, &JsValue::from_str(name), &to_js(value));
            }
            object.into()
        }
    }
}

/// A parsed JSON value, as core's decoders read it (the check page reads with serde instead).
#[cfg(not(feature = "full"))]
pub struct Js(pub JsValue);

#[cfg(not(feature = "full"))]
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
    fn items(&self) -> Option<Vec<Self>> {
        Array::is_array(&self.0).then(|| Array::from(&self.0).iter().map(Js).collect())
    }
}
