//! The one way the edge writes HTML: [`Markup`] built from escaped text and elements, one
//! [`escape`], one [`Page`] layout (doctype, `lang`, viewport, title, favicon, stylesheet, `<main>`;
//! no inline script or style, which the CSP forbids), and [`fill`] for core texts whose placeholders
//! take markup.
//!
//! Hand-written rather than a template engine: the edge's pages are a handful of short forms and
//! lists, and a compile-time engine (askama, maud) brings its own escaping and formatting code into a
//! Workers bundle that has almost no room left; here every page shares one escape and one
//! string-building path. Tag and attribute names are `&'static str` written in this crate; every
//! text and attribute value that reaches a page goes through [`escape`].

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use preflight_core::i18n::{Lang, Template, fill_text};
use preflight_core::pages::{OTHER_LANGUAGE, STATEMENT_LINK, statement_path};

/// Text for HTML, in content and in quoted attribute values: `& < > " '` become entities.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A piece of HTML that is safe to send: made only by this module, from escaped text and elements.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Markup(String);

impl Markup {
    /// Plain text, escaped.
    pub fn text(text: &str) -> Markup {
        Markup(escape(text))
    }

    /// A core text in `lang`, escaped.
    pub fn words(template: Template, lang: Lang) -> Markup {
        Markup::text(template.get(lang))
    }

    pub fn push(&mut self, more: Markup) {
        self.0.push_str(&more.0);
    }

    pub fn into_string(self) -> String {
        self.0
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromIterator<Markup> for Markup {
    fn from_iter<I: IntoIterator<Item = Markup>>(parts: I) -> Markup {
        let mut all = Markup::default();
        for part in parts {
            all.push(part);
        }
        all
    }
}

/// Markup side by side.
pub fn join<const N: usize>(parts: [Markup; N]) -> Markup {
    parts.into_iter().collect()
}

/// `<tag name="value"…>content</tag>`; block elements end with a line break, to keep the source
/// readable. An attribute whose value is empty is written bare (`required`).
pub fn el(tag: &'static str, attributes: &[(&'static str, &str)], content: Markup) -> Markup {
    let mut html = open(tag, attributes);
    html.push_str(&content.0);
    html.push_str("</");
    html.push_str(tag);
    html.push('>');
    if matches!(tag, "p" | "h1" | "h2" | "section" | "form" | "ul" | "li" | "tr" | "table" | "div" | "dl" | "details") {
        html.push('\n');
    }
    Markup(html)
}

/// An element without content (`input`, `img`).
pub fn void(tag: &'static str, attributes: &[(&'static str, &str)]) -> Markup {
    Markup(open(tag, attributes))
}

fn open(tag: &'static str, attributes: &[(&'static str, &str)]) -> String {
    let mut html = format!("<{tag}");
    for (name, value) in attributes {
        html.push(' ');
        html.push_str(name);
        if !value.is_empty() {
            html.push_str("=\"");
            html.push_str(&escape(value));
            html.push('"');
        }
    }
    html.push('>');
    html
}

/// A paragraph of one core text.
pub fn para(template: Template, lang: Lang) -> Markup {
    el("p", &[], Markup::words(template, lang))
}

/// A link whose words are a core text.
pub fn link(href: &str, template: Template, lang: Lang) -> Markup {
    el("a", &[("href", href)], Markup::words(template, lang))
}

/// A core text in `lang` with its `{placeholders}` taking markup (a `<code>`, a `<strong>`): the
/// text is escaped first, then filled, so only the values given here are markup.
pub fn fill(template: Template, lang: Lang, values: &[(&str, &Markup)]) -> Markup {
    let escaped = escape(template.get(lang));
    let values: Vec<(&str, &str)> = values.iter().map(|(name, value)| (*name, value.as_str())).collect();
    Markup(fill_text(&escaped, &values))
}

/// A page in the portal's look.
pub struct Page<'a> {
    pub lang: Lang,
    /// Plain text: the `<title>` and the `<h1>`.
    pub title: &'a str,
    /// The `<title>` when it says more than the heading.
    pub document_title: Option<&'a str>,
    /// A line over the page (plain text), as the helpdesk viewer has.
    pub banner: Option<&'a str>,
    /// A module script by path (never inline), with `<main class="card wide">`.
    pub script: Option<&'static str>,
    pub body: Markup,
}

impl Page<'_> {
    /// A simple page: a title and its body, in `lang`.
    pub fn simple(lang: Lang, title: &str, body: Markup) -> Page<'_> {
        Page { lang, title, document_title: None, banner: None, script: None, body }
    }

    pub fn render(&self) -> String {
        let script = self.script.map(|src| void("script", &[("type", "module"), ("src", src)]).0 + "</script>\n");
        let banner =
            self.banner.map(|b| el("header", &[("class", "banner")], el("p", &[("class", "brand")], Markup::text(b))));
        let main_class = if self.script.is_some() { "card wide" } else { "card" };
        format!(
            "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{document_title}</title>\n\
             <link rel=\"icon\" href=\"/favicon.svg\">\n<link rel=\"stylesheet\" href=\"/style.css\">\n{script}</head>\n<body>\n\
             {banner}<main class=\"{main_class}\">\n<h1>{title}</h1>\n{body}</main>\n{footer}</body>\n</html>\n",
            lang = self.lang.tag(),
            document_title = escape(self.document_title.unwrap_or(self.title)),
            script = script.unwrap_or_default(),
            banner = banner.map(Markup::into_string).unwrap_or_default(),
            title = escape(self.title),
            body = self.body.as_str(),
            footer = footer(self.lang, "").as_str(),
        )
    }

    /// The page as an answer: never cached, its language said in `Content-Language`.
    pub fn respond(&self, status: StatusCode) -> Response {
        respond(status, self.lang, self.render())
    }
}

/// Every page's footer: the accessibility statement in `lang`, and the same page in the other
/// language (`?lang=`, then `query`, e.g. `&ticket=…`), its link marked with that language.
pub fn footer(lang: Lang, query: &str) -> Markup {
    let other = match lang {
        Lang::Fr => Lang::En,
        Lang::En => Lang::Fr,
    };
    let switch = format!("?lang={}{query}", other.tag());
    let links = join([
        link(statement_path(lang), STATEMENT_LINK, lang),
        el(
            "a",
            &[("href", &switch), ("lang", other.tag()), ("hreflang", other.tag())],
            Markup::words(OTHER_LANGUAGE, lang),
        ),
    ]);
    el("footer", &[("class", "site-footer")], el("p", &[], links))
}

/// An HTML answer in `lang`, never cached (for the pages the edge fills itself, like `/check`).
pub fn respond(status: StatusCode, lang: Lang, html: String) -> Response {
    (
        status,
        [
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (header::CONTENT_LANGUAGE, HeaderValue::from_static(lang.tag())),
            (header::VARY, HeaderValue::from_static("Accept-Language")),
        ],
        Html(html),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_the_five_characters() {
        assert_eq!(
            escape(r#"<a href="x">Tom & Jerry's</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
        );
        assert_eq!(escape("déjà vu"), "déjà vu");
    }

    #[test]
    fn elements_escape_their_attribute_values_and_text() {
        let html = el("p", &[("class", "a\"b"), ("hidden", "")], Markup::text("<x>"));
        assert_eq!(html.as_str(), "<p class=\"a&quot;b\" hidden>&lt;x&gt;</p>\n");
        assert_eq!(void("input", &[("value", "'")]).as_str(), "<input value=\"&#39;\">");
    }

    #[test]
    fn fill_escapes_the_text_but_not_the_markup_given() {
        let t = Template { fr: "« {v} » & co", en: "<{v}> & co" };
        let code = el("code", &[], Markup::text("A&B"));
        assert_eq!(fill(t, Lang::En, &[("v", &code)]).as_str(), "&lt;<code>A&amp;B</code>&gt; &amp; co");
        assert_eq!(fill(t, Lang::Fr, &[("v", &code)]).as_str(), "« <code>A&amp;B</code> » &amp; co");
    }

    #[test]
    fn a_page_says_its_language_and_escapes_its_title() {
        let page = Page::simple(Lang::En, "R&D", para(Template { fr: "oui", en: "yes" }, Lang::En));
        let html = page.render();
        assert!(html.starts_with("<!doctype html>\n<html lang=\"en\">"), "{html}");
        assert!(html.contains("<title>R&amp;D</title>") && html.contains("<h1>R&amp;D</h1>"), "{html}");
        assert!(html.contains("<p>yes</p>") && !html.contains("<script") && !html.contains("style="), "{html}");
        assert!(html.contains("<a href=\"/accessibility.html\">Accessibility: not compliant</a>"), "{html}");
        assert!(html.contains("<a href=\"?lang=fr\" lang=\"fr\" hreflang=\"fr\">Français</a>"), "{html}");
        let response = page.respond(StatusCode::OK);
        assert_eq!(response.headers()[header::CONTENT_LANGUAGE], "en");
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    }
}
