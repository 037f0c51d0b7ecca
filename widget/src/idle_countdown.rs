//! The idle countdown on a shared device: listens for input and visibility, ticks once a second,
//! and asks `core::idle::IdleCountdown` what to show. At expiry it logs out and wipes.
//!
//! Markup (hidden until the warning): `<div class="pf-countdown">` holding the `role="alert"`
//! message (announced once, when the warning starts), a `role="timer"` with the seconds left (not
//! announced every second), a polite live region that says the seconds left only at
//! `core::idle::ANNOUNCED_AT_SECONDS`, and a "Stay signed in" button that takes focus; Escape, like
//! any input, dismisses it.

use std::cell::RefCell;
use std::rc::Rc;

use preflight_core::finding::Finding;
use preflight_core::i18n::{Facts, Lang, Text, duration};
use preflight_core::idle::{IdleCountdown, IdlePhase, announced_step, announcement, seconds_left, timer_text};
use preflight_core::shared_device::{STAY_BUTTON, SessionHints};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement};

use crate::dom;
use crate::{js, wipe};

/// What counts as the agent being there.
/// `click` too: screen readers may activate the "Stay signed in" button with a click alone.
const INPUT_EVENTS: &[&str] = &["keydown", "pointerdown", "pointermove", "wheel", "touchstart", "scroll", "click"];
const TICK_MS: i32 = 1_000;

struct Countdown {
    idle: IdleCountdown,
    document: Document,
    lang: Lang,
    host: HtmlElement,
    message: Element,
    timer: Element,
    /// Screen readers only: the seconds left, at a few steps.
    steps: Element,
    /// The seconds left at the last tick of this warning.
    left: u32,
    stay: HtmlElement,
    warning_shown: bool,
    wiping: bool,
}

/// Appends the (hidden) countdown to `host` and starts watching.
pub fn start(host: &HtmlElement, hints: &SessionHints, lang: Lang) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let (host_box, message, timer, steps, stay) = build(&document, lang)?;
    host.append_child(&host_box)?;
    let now = js_sys::Date::now();
    let idle = IdleCountdown::new(hints.idle_minutes, hints.countdown_seconds, now, !document.hidden());
    let state = Rc::new(RefCell::new(Countdown {
        idle,
        document,
        lang,
        host: host_box,
        message,
        timer,
        steps,
        left: 0,
        stay,
        warning_shown: false,
        wiping: false,
    }));

    let on_event = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| state.borrow_mut().on(&event));
    let callback = on_event.as_ref().unchecked_ref();
    for name in INPUT_EVENTS.iter().chain(&["visibilitychange"]) {
        // Capture: input inside elements that stop propagation still counts.
        window.add_event_listener_with_callback_and_bool(name, callback, true)?;
    }
    window.set_interval_with_callback_and_timeout_and_arguments_0(callback, TICK_MS)?;
    // The page lives as long as the listeners do.
    on_event.forget();
    Ok(())
}

impl Countdown {
    fn on(&mut self, event: &JsValue) {
        let now = js_sys::Date::now();
        let kind = js::get(event, "type").ok().and_then(|t| t.as_string()).unwrap_or_default();
        match kind.as_str() {
            "visibilitychange" if self.document.hidden() => self.idle.hidden(now),
            "visibilitychange" => self.idle.visible(now),
            // The interval's tick.
            "" => {}
            _ => self.idle.input(now),
        }
        let phase = self.idle.phase(now);
        self.show(phase);
    }

    fn show(&mut self, phase: IdlePhase) {
        match phase {
            IdlePhase::Active if self.warning_shown => self.dismiss(),
            IdlePhase::Active => {}
            IdlePhase::Warning { remaining_ms } => self.warn(remaining_ms),
            IdlePhase::Expired if !self.wiping => {
                self.wiping = true;
                let _ = self.host.set_attribute("data-state", "wiping");
                wasm_bindgen_futures::spawn_local(wipe::log_out_and_wipe());
            }
            IdlePhase::Expired => {}
        }
    }

    fn warn(&mut self, remaining_ms: f64) {
        self.timer.set_text_content(Some(&timer_text(remaining_ms, self.lang)));
        let left = seconds_left(remaining_ms);
        if self.warning_shown {
            if let Some(step) = announced_step(self.left, left) {
                self.steps.set_text_content(Some(&announcement(step, self.lang)));
            }
            self.left = left;
            return;
        }
        self.warning_shown = true;
        self.left = left;
        let facts = Facts::default().with("remaining", Text { fr: duration(remaining_ms), en: duration(remaining_ms) });
        let finding = Finding::from_entry(&preflight_core::catalog::shared::SHR_IDLE, &facts);
        let _ = self.host.remove_attribute("hidden");
        let _ = self.host.set_attribute("data-state", "warning");
        // Filled after unhiding, so that screen readers announce the alert.
        self.message.set_text_content(Some(&format!(
            "{} {}",
            finding.message_in(self.lang),
            finding.remedy_in(self.lang)
        )));
        let _ = self.stay.focus();
    }

    fn dismiss(&mut self) {
        self.warning_shown = false;
        let _ = self.host.set_attribute("hidden", "");
        let _ = self.host.set_attribute("data-state", "idle-watch");
        self.message.set_text_content(None);
        self.steps.set_text_content(None);
    }
}

type Parts = (HtmlElement, Element, Element, Element, HtmlElement);

fn build(document: &Document, lang: Lang) -> Result<Parts, JsValue> {
    let host: HtmlElement = document.create_element("div")?.unchecked_into();
    host.set_class_name("pf-countdown pf-warning");
    host.set_attribute("hidden", "")?;
    host.set_attribute("data-state", "idle-watch")?;
    host.set_attribute("data-code", preflight_core::finding::Code::ShrIdle.as_str())?;
    let message = dom::text(document, "span", "pf-message", "")?;
    message.set_attribute("role", "alert")?;
    let timer = dom::text(document, "span", "pf-remaining", "")?;
    timer.set_attribute("role", "timer")?;
    let steps = dom::text(document, "span", "pf-sr-only pf-steps", "")?;
    steps.set_attribute("aria-live", "polite")?;
    let stay: HtmlElement = document.create_element("button")?.unchecked_into();
    stay.set_attribute("type", "button")?;
    stay.set_class_name("pf-stay");
    stay.set_text_content(Some(STAY_BUTTON.get(lang)));
    for child in [&message, &timer, &steps, &stay] {
        host.append_child(child)?;
    }
    Ok((host, message, timer, steps, stay))
}
