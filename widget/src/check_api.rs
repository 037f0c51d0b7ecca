//! The edge's check endpoints: `GET /api/check-plan` (test cookie + probe hosts) and
//! `POST /api/check` (observations in, findings out).
//!
//! Observations are written and findings read with `Reflect`, field by field, rather than serde:
//! serde's generated code would cost the login widget a good part of its size budget. The names are
//! those of `preflight_core::checks::BrowserObservations`; the edge refuses unknown fields, and the
//! browser tests post real observations, so a drift cannot go unnoticed.

use js_sys::{Array, Object, Reflect};
use preflight_core::checks::BrowserObservations;
use preflight_core::finding::{Code, Finding, Severity};
use preflight_core::i18n::Text;
use preflight_core::protocol::check_version;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::edge_fetch;
use crate::js::get;

/// The check answers after the edge evaluated everything; it must still not keep the agent waiting.
const CHECK_TIMEOUT_MS: u32 = 2_000;

/// The probe hosts to check, or `None` when the edge did not answer. Sets the test cookie.
#[cfg(feature = "full")]
pub async fn plan(edge: &str) -> Option<Vec<String>> {
    let response = edge_fetch::get_with_cookies(&format!("{edge}/api/check-plan"), CHECK_TIMEOUT_MS).await.ok()?;
    let body = JsFuture::from(response.json().ok()?).await.ok()?;
    check_version(get(&body, "v").ok()?.as_f64()? as u32).ok()?;
    let probes = Array::from(&get(&body, "probes").ok()?);
    Some(probes.iter().filter_map(|p| p.as_string()).collect())
}

/// The edge's findings for these observations, in check order, and its whole answer (which also
/// carries the session hints); `None` when it could not be asked.
pub async fn submit(edge: &str, observations: &BrowserObservations) -> Option<(Vec<Finding>, JsValue)> {
    let body = js_sys::JSON::stringify(&to_js(observations)).ok()?.as_string()?;
    let response =
        edge_fetch::post_json(&format!("{edge}/api/check"), &body, "same-origin", CHECK_TIMEOUT_MS).await.ok()?;
    let answer = JsFuture::from(response.json().ok()?).await.ok()?;
    check_version(get(&answer, "v").ok()?.as_f64()? as u32).ok()?;
    let list = Array::from(&get(&answer, "findings").ok()?);
    // The login line shows one finding: the edge says which (`core`'s choice), the rest stay unread.
    #[cfg(not(feature = "full"))]
    let findings = vec![finding(&list.get(get(&answer, "top").ok()?.as_f64()? as u32))?];
    #[cfg(feature = "full")]
    let findings = list.iter().map(|f| finding(&f)).collect::<Option<_>>()?;
    Some((findings, answer))
}

fn to_js(o: &BrowserObservations) -> JsValue {
    let object = Object::new();
    let set = |target: &Object, name: &str, value: JsValue| {
        let _ = Reflect::set(target, &JsValue::from_str(name), &value);
    };
    let optional = |v: Option<u64>| v.map_or(JsValue::NULL, |v| JsValue::from_f64(v as f64));
    set(&object, "v", o.v.into());
    let clock = o.clock.map_or(JsValue::NULL, |c| {
        let clock = Object::new();
        set(&clock, "offset_ms", c.offset_ms.into());
        set(&clock, "error_bound_ms", c.error_bound_ms.into());
        clock.into()
    });
    set(&object, "clock", clock);
    set(&object, "cookies_enabled", o.cookies_enabled.into());
    set(&object, "cookie_write_read", o.cookie_write_read.into());
    set(&object, "cookie_probe", o.cookie_probe.into());
    set(&object, "local_storage", o.local_storage.into());
    set(&object, "session_storage", o.session_storage.into());
    set(&object, "secure_context", o.secure_context.into());
    set(&object, "loopback_host", o.loopback_host.into());
    set(&object, "loaded_version", o.loaded_version.as_deref().map_or(JsValue::NULL, JsValue::from_str));
    set(&object, "service_workers", o.service_workers.iter().map(|s| JsValue::from_str(s)).collect::<Array>().into());
    set(&object, "storage_usage", optional(o.storage_usage));
    set(&object, "storage_quota", optional(o.storage_quota));
    let probes = o.probes.iter().map(|p| {
        let probe = Object::new();
        set(&probe, "url", JsValue::from_str(&p.url));
        set(&probe, "reachable", p.reachable.into());
        JsValue::from(probe)
    });
    set(&object, "probes", probes.collect::<Array>().into());
    object.into()
}

fn finding(value: &JsValue) -> Option<Finding> {
    let string = |v: &JsValue, name: &str| get(v, name).ok()?.as_string();
    let text = |name: &str| {
        let t = get(value, name).ok()?;
        Some(Text { fr: string(&t, "fr")?, en: string(&t, "en")? })
    };
    Some(Finding {
        code: Code::parse(&string(value, "code")?)?,
        severity: Severity::parse(&string(value, "severity")?)?,
        // The login line shows no title: leave it unread there.
        title: if cfg!(feature = "full") { text("title")? } else { Text::default() },
        message: text("message")?,
        remedy: text("remedy")?,
    })
}
