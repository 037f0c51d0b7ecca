//! Small DOM helpers: elements are built with DOM calls, never from HTML strings (nothing to escape).

use wasm_bindgen::JsValue;
use web_sys::{Document, Element, HtmlElement};

pub fn document_of(host: &HtmlElement) -> Result<Document, JsValue> {
    host.owner_document().ok_or_else(|| JsValue::from_str("element is not in a document"))
}

/// `<tag class="…">`, empty.
pub fn element(document: &Document, tag: &str, class: &str) -> Result<Element, JsValue> {
    let element = document.create_element(tag)?;
    if !class.is_empty() {
        element.set_class_name(class);
    }
    Ok(element)
}

/// `<tag class="…">text</tag>`.
pub fn text(document: &Document, tag: &str, class: &str, content: &str) -> Result<Element, JsValue> {
    let element = element(document, tag, class)?;
    element.set_text_content(Some(content));
    Ok(element)
}

/// An element of a known type, e.g. `typed::<HtmlSelectElement>(document, "select", "")`.
#[cfg(feature = "check-page")]
pub fn typed<T: wasm_bindgen::JsCast>(document: &Document, tag: &str, class: &str) -> Result<T, JsValue> {
    use wasm_bindgen::JsCast;
    element(document, tag, class)?.dyn_into::<T>().map_err(|_| JsValue::from_str(tag))
}

/// Appends every child to `parent`.
pub fn append(parent: &Element, children: &[&Element]) -> Result<(), JsValue> {
    children.iter().try_for_each(|c| parent.append_child(c).map(|_| ()))
}
