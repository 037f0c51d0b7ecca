//! `preflight-widget`: the wasm behind `<preflight-check>`.
//!
//! It only observes, transports and renders: every decision is made by `preflight-core`.
//! `www/preflight-check.js` defines the element and calls [`run`] after the page has painted.

// One entry feature per page, each adding its modes (see Cargo.toml): `login` (default, the login
// page's size-budgeted build), `check-page` (full check, access panel, VPN monitor, report sharing) and
// `after-login` (logout reminder, idle countdown, wipe). A module shared by pages is in any build
// with one of them.
#[cfg(not(any(feature = "login", feature = "check-page", feature = "after-login")))]
compile_error!("build the widget for a page: feature `login` (default), `check-page` or `after-login`");

#[cfg(feature = "check-page")]
mod access_panel;
#[cfg(any(feature = "login", feature = "check-page"))]
mod browser_check;
#[cfg(feature = "login")]
mod canary;
#[cfg(any(feature = "login", feature = "check-page"))]
mod check_api;
mod dom;
mod edge_fetch;
#[cfg(feature = "check-page")]
mod full_check;
#[cfg(feature = "after-login")]
mod idle_countdown;
#[cfg(feature = "login")]
mod inline_check;
mod js;
mod language;
#[cfg(feature = "after-login")]
mod logout_reminder;
#[cfg(any(feature = "login", feature = "check-page"))]
mod observe;
#[cfg(feature = "check-page")]
mod probe_hosts;
mod render;
#[cfg(feature = "check-page")]
mod repair;
#[cfg(feature = "check-page")]
mod report_share;
#[cfg(any(feature = "login", feature = "after-login"))]
mod session_hints;
#[cfg(feature = "login")]
mod shared_login;
#[cfg(feature = "check-page")]
mod sign_in_error;
#[cfg(feature = "check-page")]
mod sso_probe;
#[cfg(feature = "check-page")]
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
        #[cfg(feature = "login")]
        "inline" => inline_check::run(&element, &edge, lang).await,
        #[cfg(feature = "check-page")]
        "full-check" => full_check::run(&element, &edge, lang).await,
        #[cfg(feature = "check-page")]
        "access" => access_panel::run(&element, &edge, lang).await,
        #[cfg(feature = "check-page")]
        "vpn-monitor" => vpn_monitor::run(&element, &edge, lang).await,
        #[cfg(feature = "check-page")]
        "report-share" => report_share::run(&element, &edge, lang).await,
        #[cfg(feature = "check-page")]
        "sign-in-error" => sign_in_error::run(&element, lang).await,
        #[cfg(feature = "after-login")]
        "logout-reminder" => logout_reminder::run(&element, &edge, lang).await,
        other => Err(JsValue::from_str(&format!("preflight-check: unknown mode `{other}` in this build"))),
    }
}
