//! `mode="inline"`: the compact line under the login form.

use preflight_core::clock;
use preflight_core::i18n::Lang;
use wasm_bindgen::JsValue;
use web_sys::HtmlElement;

use crate::{render, time_probe};

pub async fn run(element: &HtmlElement, edge: &str, lang: Lang) -> Result<(), JsValue> {
    let samples = time_probe::collect(edge).await;
    let finding = match clock::estimate(&samples) {
        Ok(estimate) => clock::finding(&estimate),
        Err(_) => clock::unavailable_finding(),
    };
    render::finding(element, &finding, lang)
}
