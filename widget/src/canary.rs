//! The phishing-clone canary on the login page. The portal's origins are compiled in (`cargo xtask
//! build` reads them from the config), so a copy of the page served anywhere else — widget and all —
//! still knows it is not the portal: it shows a red warning instead of the check, and sends the
//! page's origin (nothing else) to the real edge, whose URL is compiled in too when the config has
//! one (`[edge] public_url`); otherwise to the element's `edge`.

use preflight_core::canary::{BEACON_PATH, NOT_THE_PORTAL, page_is_portal};
use preflight_core::i18n::Lang;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlElement;

use crate::{dom, js};

/// `[portal] origins` and the public URL's, space-separated (`canary::widget_portal_origins`).
const PORTAL_ORIGINS: &str = match option_env!("PREFLIGHT_PORTAL_ORIGINS") {
    Some(origins) => origins,
    None => "",
};
/// `[edge] public_url`: where the beacon goes, wherever the page was copied to.
const EDGE_URL: &str = match option_env!("PREFLIGHT_EDGE_URL") {
    Some(url) => url,
    None => "",
};

/// Whether this page is a copy, after warning the agent and telling the edge.
pub fn warned(element: &HtmlElement, edge: &str, lang: Lang) -> Result<bool, JsValue> {
    let window = js::window();
    let location = js::get(&window, "location")?;
    let part = |name| js::get(&location, name).ok().and_then(|v| v.as_string()).unwrap_or_default();
    // Pushed, not `format!` or `concat`: the login build links no panic message with its location
    // (and with it `core::fmt`'s integer formatting), which both would.
    let mut here = part("protocol");
    here.push_str("//");
    here.push_str(&part("hostname"));
    if page_is_portal(PORTAL_ORIGINS, &here) {
        return Ok(false);
    }
    let line = dom::text(&dom::document_of(element)?, "p", "pf-finding pf-error", NOT_THE_PORTAL.get(lang))?;
    line.set_attribute("role", "alert")?;
    element.replace_children_with_node_1(&line);
    element.set_attribute("data-state", "clone")?;
    let edge = if EDGE_URL.is_empty() { edge } else { EDGE_URL };
    let navigator = js::get(&window, "navigator")?;
    let send_beacon: js_sys::Function = js::get(&navigator, "sendBeacon")?.dyn_into()?;
    let mut beacon = String::from(edge);
    beacon.push_str(BEACON_PATH);
    send_beacon.call2(&navigator, &beacon.into(), &here.into())?;
    Ok(true)
}
