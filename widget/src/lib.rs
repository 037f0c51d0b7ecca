//! `preflight-widget`: the wasm behind `<preflight-check>`.
//!
//! It only observes, transports and renders: every decision is made by `preflight-core`.
//! `www/preflight-check.js` defines the element and calls [`run`] after the page has painted.

// Three builds, so that each page downloads only its modes: the login page's (default, size-budgeted),
// the check page's (`full`: access panel, VPN monitor, report sharing) and the portal pages' after sign-in
// (`after-login`: logout reminder, idle countdown, wipe).
#[cfg(feature = "full")]
mod access_panel;
#[cfg(not(feature = "after-login"))]
mod browser_check;
#[cfg(not(feature = "after-login"))]
mod check_api;
mod dom;
mod edge_fetch;
#[cfg(feature = "full")]
mod full_check;
#[cfg(feature = "after-login")]
mod idle_countdown;
#[cfg(not(feature = "after-login"))]
mod inline_check;
mod js;
mod language;
#[cfg(feature = "after-login")]
mod logout_reminder;
#[cfg(not(feature = "after-login"))]
mod observe;
#[cfg(feature = "full")]
mod probe_hosts;
mod render;
#[cfg(feature = "full")]
mod repair;
#[cfg(feature = "full")]
mod report_share;
mod session_hints;
#[cfg(not(feature = "after-login"))]
mod shared_login;
#[cfg(not(feature = "after-login"))]
mod time_probe;
#[cfg(feature = "full")]
mod vpn_monitor;
#[cfg(feature = "after-login")]
mod wipe;
mod wire;

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
    match element.get_attribute("mode").as_deref().unwrap_or("inline") {
        #[cfg(not(feature = "after-login"))]
        "inline" => inline_check::run(&element, &edge, lang).await,
        #[cfg(feature = "full")]
        "full-check" => full_check::run(&element, &edge, lang).await,
        #[cfg(feature = "full")]
        "access" => access_panel::run(&element, &edge, lang).await,
        #[cfg(feature = "full")]
        "vpn-monitor" => vpn_monitor::run(&element, &edge, lang).await,
        #[cfg(feature = "full")]
        "report-share" => report_share::run(&element, &edge, lang).await,
        #[cfg(feature = "after-login")]
        "logout-reminder" => logout_reminder::run(&element, &edge, lang).await,
        other => Err(JsValue::from_str(&format!("preflight-check: unknown mode `{other}` in this build"))),
    }
}
