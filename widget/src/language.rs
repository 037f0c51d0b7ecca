use preflight_core::i18n::Lang;
use web_sys::Element;

/// The element's own `lang`, else the nearest ancestor's (the page's), else French.
pub fn of(element: &Element) -> Lang {
    let tag = element.closest("[lang]").ok().flatten().and_then(|e| e.get_attribute("lang"));
    tag.map_or(Lang::Fr, |t| Lang::from_tag(&t))
}
