//! The check page's single sign-on readiness observations (`core::sso` decides): the probe page of
//! `[sso] probe_origin` in a hidden cross-site frame (does it keep a cookie and a stored value?),
//! the WebAuthn API (passkeys, when the deployment uses them), and a pop-up opened on the agent's
//! click that closes itself.

use js_sys::{Function, Promise, Reflect};
use preflight_core::client::BrowserFamily;
use preflight_core::finding::Finding;
use preflight_core::i18n::Lang;
use preflight_core::sso::{
    self, FRAME_ANSWER_TIMEOUT_MS, FrameObservation, POPUP_WATCH_MS, PasskeyObservation, PopupObservation,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Document, Element, EventTarget, HtmlElement};

use crate::{dom, js};

/// The message the probe page posts (`www/sso-probe.js`).
const PROBE_MESSAGE: &str = "sso-probe";
/// The test pop-up, which closes itself (`www/sso-popup.html`).
const POPUP_PAGE: &str = "/sso-popup.html";

/// What the check page's edge set on the full check (`data-sso-probe`, `data-passkeys`, `data-browser`).
pub struct Setup {
    pub probe_origin: Option<String>,
    pub passkeys: bool,
    pub browser: Option<BrowserFamily>,
}

impl Setup {
    pub fn of(element: &HtmlElement) -> Setup {
        Setup {
            probe_origin: element.get_attribute("data-sso-probe").filter(|o| !o.is_empty()),
            passkeys: element.get_attribute("data-passkeys").as_deref() == Some("true"),
            browser: element.get_attribute("data-browser").as_deref().and_then(BrowserFamily::parse),
        }
    }
}

/// Frames the probe page at once; [`frame_answer`] waits for what it saw.
pub fn start_frame(document: &Document, origin: &str) -> Option<JsFuture> {
    let body = document.body()?;
    let frame = dom::element(document, "iframe", "pf-sso-probe").ok()?;
    frame.set_attribute("src", &format!("{origin}/sso-probe.html")).ok()?;
    frame.set_attribute("hidden", "").ok()?;
    frame.set_attribute("aria-hidden", "true").ok()?;
    frame.set_attribute("tabindex", "-1").ok()?;
    let origin = origin.to_owned();
    let answer = Promise::new(&mut |resolve: Function, _| {
        let (done, origin) = (resolve.clone(), origin.clone());
        let on_message = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let from_probe = js::get(&event, "origin").ok().and_then(|o| o.as_string()).is_some_and(|o| o == origin);
            let data = js::get(&event, "data").unwrap_or(JsValue::UNDEFINED);
            let ours = js::get(&data, "preflight").ok().and_then(|p| p.as_string()).is_some_and(|p| p == PROBE_MESSAGE);
            if from_probe && ours {
                let _ = done.call1(&JsValue::NULL, &data);
            }
        });
        if let Ok(window) = js::window().dyn_into::<EventTarget>() {
            let _ = window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
        }
        on_message.forget();
        let give_up = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &JsValue::NULL);
        });
        if let Ok(set_timeout) = js::get(&js::window(), "setTimeout").and_then(|f| f.dyn_into::<Function>()) {
            let _ = set_timeout.call2(&JsValue::NULL, &give_up, &JsValue::from(FRAME_ANSWER_TIMEOUT_MS));
        }
    });
    body.append_child(&frame).ok()?;
    Some(JsFuture::from(answer))
}

/// What the probe frame saw; `None` when it never answered.
pub async fn frame_answer(pending: Option<JsFuture>, document: &Document) -> Option<FrameObservation> {
    let data = pending?.await.ok().filter(|d| d.is_object());
    if let Ok(Some(frame)) = document.query_selector("iframe.pf-sso-probe") {
        frame.remove();
    }
    let flag =
        |name: &str| data.as_ref().and_then(|d| js::get(d, name).ok()).and_then(|v| v.as_bool()).unwrap_or(false);
    data.as_ref()?;
    Some(FrameObservation {
        cookies: flag("cookies"),
        storage: flag("storage"),
        storage_access_api: flag("storage_access_api"),
    })
}

/// `PublicKeyCredential` and its two questions: a platform authenticator, and passkeys in autofill.
pub async fn passkeys() -> PasskeyObservation {
    let Ok(api) = js::get(&js::window(), "PublicKeyCredential") else { return PasskeyObservation::default() };
    if api.is_undefined() || api.is_null() {
        return PasskeyObservation::default();
    }
    let ask = |name: &'static str| {
        let api = api.clone();
        async move { js::call_await(&api, name, None).await.and_then(|v| v.as_bool()).unwrap_or(false) }
    };
    PasskeyObservation {
        webauthn: true,
        platform_authenticator: ask("isUserVerifyingPlatformAuthenticatorAvailable").await,
        conditional_mediation: ask("isConditionalMediationAvailable").await,
    }
}

/// The pop-up test's invitation and button; `on_finding` gets its finding after the agent's click.
pub fn popup_test(document: &Document, lang: Lang, on_finding: impl Fn(Finding) + 'static) -> Result<Element, JsValue> {
    let block = dom::element(document, "div", "pf-popup-test")?;
    let invite = dom::text(document, "p", "help", sso::POPUP_INVITE.get(lang))?;
    let button = dom::text(document, "button", "pf-popup-button", sso::POPUP_BUTTON.get(lang))?;
    button.set_attribute("type", "button")?;
    dom::append(&block, &[&invite, &button])?;
    let on_finding = std::rc::Rc::new(on_finding);
    let listener = Closure::<dyn FnMut(JsValue)>::new(move |_| {
        // Opened in the click itself: a pop-up opened later is no longer the agent's doing.
        let opened = open_popup();
        let on_finding = on_finding.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let observation = match opened {
                None => PopupObservation::Blocked,
                Some(popup) => PopupObservation::Opened { closed_itself: closes_itself(&popup).await },
            };
            on_finding(sso::popup_finding(observation));
        });
    });
    button.add_event_listener_with_callback("click", listener.as_ref().unchecked_ref())?;
    listener.forget();
    Ok(block)
}

/// `window.open` of the test page in a small pop-up; `None` when the browser gave no window.
fn open_popup() -> Option<JsValue> {
    let window = js::window();
    let open: Function = js::get(&window, "open").ok()?.dyn_into().ok()?;
    let features = JsValue::from_str("popup,width=420,height=320");
    let popup =
        open.call3(&window, &JsValue::from_str(POPUP_PAGE), &JsValue::from_str("pf-popup-test"), &features).ok()?;
    (!popup.is_null() && !popup.is_undefined()).then_some(popup)
}

/// Whether the pop-up closed itself within [`POPUP_WATCH_MS`]; the check closes it otherwise.
async fn closes_itself(popup: &JsValue) -> bool {
    const STEP_MS: u32 = 100;
    let is_closed = || Reflect::get(popup, &JsValue::from_str("closed")).ok().and_then(|c| c.as_bool()).unwrap_or(true);
    for _ in 0..POPUP_WATCH_MS / STEP_MS {
        if is_closed() {
            return true;
        }
        js::sleep(STEP_MS).await;
    }
    let _ = js::call(popup, "close", None);
    false
}
