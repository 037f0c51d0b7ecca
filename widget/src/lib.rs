//! `preflight-widget`: the wasm behind `<preflight-check>`.
//!
//! It only observes, transports and renders: every decision is made by `preflight-core`.
//! `www/preflight-check.js` defines the element and calls [`run`] after the page has painted.
//!
//! Two builds: the default one serves `mode="inline"` on the login page and must stay within the size
//! budget; the `full` feature adds the check page's modes (access panel, VPN monitor) in `www/pkg-full/`.

#[cfg(feature = "full")]
mod access_panel;
mod dom;
mod edge_fetch;
mod inline_check;
#[cfg(feature = "full")]
mod labels;
mod language;
mod render;
mod time_probe;
#[cfg(feature = "full")]
mod vpn_monitor;

use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Runs the check the element's `mode` asks for and renders the result into it.
/// Never rejects because of the network: an unreachable edge is a finding like any other.
#[wasm_bindgen]
pub async fn run(element: HtmlElement) -> Result<(), JsValue> {
    #[cfg(feature = "debug")]
    console_error_panic_hook::set_once();

    let lang = language::of(&element);
    let edge = element.get_attribute("edge").unwrap_or_default();
    match element.get_attribute("mode").as_deref() {
        None | Some("inline") => inline_check::run(&element, &edge, lang).await,
        #[cfg(feature = "full")]
        Some("access") => access_panel::run(&element, &edge, lang).await,
        #[cfg(feature = "full")]
        Some("vpn-monitor") => vpn_monitor::run(&element, &edge, lang).await,
        Some(other) => Err(JsValue::from_str(&format!("preflight-check: unknown mode `{other}`"))),
    }
}
