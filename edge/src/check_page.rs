//! `/check[?ticket=…]`: the full check page that helpdesk links open, with the ticket reference and
//! a QR code of the page's own link (`/check/qr.svg`), so the agent can run the same check on a phone.
//! `www/check.html` is its frame: the edge writes the reader's language into `<html lang>` (which the
//! widget speaks too) and core's words at each `<!--preflight:text:NAME-->`.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use preflight_core::i18n::Lang;
use preflight_core::pages::{
    CHECK_ON_YOUR_PHONE, CHECK_PAGE_TEXTS, CHECK_QR_ALT, CHECK_QR_CAPTION, CHECK_TICKET_HEADING, CHECK_WITHOUT_TICKET,
    INVALID_LINK_TEXT, INVALID_LINK_TITLE,
};
use preflight_core::report::ticket_problem_in;
use preflight_core::sign_in::{Explainer, SignInFailure, deployment_rule};
use qrcode::QrCode;
use qrcode::render::svg;
use serde::Deserialize;

use crate::client::{ForwardedHttps, ReaderLang};
use crate::html::{self, Markup, Page, el, escape, join, link, void};
use crate::pages;
use crate::problem::Problem;
use crate::state::AppState;

/// `www/check.html`'s opening tag, whose language the edge sets to the reader's.
const HTML_OPEN: &str = "<html lang=\"fr\">";
/// Where the edge puts the link section in `www/check.html`.
const LINK_MARKER: &str = "<!--preflight:link-->";
/// Where the edge puts the footer (`html::footer`) in `www/check.html`.
const FOOTER_MARKER: &str = "<!--preflight:footer-->";
/// The share element's attribute that receives the ticket.
const TICKET_ATTRIBUTE: &str = "data-ticket=\"\"";
/// Where the edge puts the sign-in error the portal handed over (`?error=…`) in `www/check.html`.
const SIGN_IN_ERROR_MARKER: &str = "<!--preflight:sign-in-error-->";
/// The full check's attribute that receives the SSO readiness settings (`[sso]`) and the browser.
const SSO_ATTRIBUTE: &str = "data-sso=\"\"";

/// The check page's link: the helpdesk's ticket, and the failed sign-in a portal links it with —
/// `error` and `error_description` as an OAuth 2.0 error redirect names them, the provider, its
/// correlation ID and the time. (One query type: each extractor costs the Workers bundle its code.)
#[derive(Deserialize)]
pub struct CheckQuery {
    ticket: Option<String>,
    idp: Option<String>,
    /// `code` is what the element's `explain({ code })` sends.
    #[serde(alias = "code")]
    error: Option<String>,
    #[serde(alias = "message")]
    error_description: Option<String>,
    correlation_id: Option<String>,
    time: Option<String>,
}

impl CheckQuery {
    /// The failure, validated by core; `None` when the link names none.
    fn failure(self, lang: Lang) -> Result<Option<SignInFailure>, String> {
        let failure =
            SignInFailure::from_fields(self.idp, self.error, self.error_description, self.correlation_id, self.time)
                .map_err(|problem| problem.text(lang))?;
        Ok(failure.is_present().then_some(failure))
    }
}

/// What the other language's link carries on, form-encoded after its `lang`: the ticket and the
/// sign-in failure, as validated (the footer escapes it for the attribute). An agent who switches
/// language keeps the explanation of the failed sign-in.
fn carried_query(ticket: Option<&str>, failure: Option<&SignInFailure>) -> String {
    let error = failure.map(|f| &f.error);
    let fields = [
        ("ticket", ticket),
        ("idp", error.and_then(|e| e.idp.as_deref())),
        ("error", error.and_then(|e| e.code.as_deref())),
        ("error_description", failure.and_then(|f| f.message.as_deref())),
        ("correlation_id", error.and_then(|e| e.correlation_id.as_deref())),
        ("time", error.and_then(|e| e.time.as_deref())),
    ];
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in fields {
        if let Some(value) = value {
            query.append_pair(name, value);
        }
    }
    let query = query.finish();
    if query.is_empty() { query } else { format!("&{query}") }
}

/// The section the check page's widget fills with the explanation: the error's fields, and the
/// deployment's own rule for it when one matches (the built-in catalog is the widget's).
fn sign_in_section(
    failure: &SignInFailure,
    rules: &[preflight_core::config::sign_in_errors::SignInErrorRule],
) -> Markup {
    let e = &failure.error;
    let rule = deployment_rule(failure, rules);
    let explained_by = rule.map(|r| Explainer::list(&r.explained_by));
    let meaning = rule.and_then(|r| r.meaning.as_ref());
    let fields: [(&'static str, Option<&str>); 9] = [
        ("data-idp", e.idp.as_deref()),
        ("data-error", e.code.as_deref()),
        ("data-message", failure.message.as_deref()),
        ("data-correlation-id", e.correlation_id.as_deref()),
        ("data-time", e.time.as_deref()),
        ("data-rule", rule.map(|_| "deployment")),
        ("data-explained-by", explained_by.as_deref()),
        ("data-meaning-fr", meaning.map(|m| m.fr.as_str())),
        ("data-meaning-en", meaning.map(|m| m.en.as_str())),
    ];
    let mut attributes = vec![("mode", "sign-in-error"), ("id", "sign-in-error")];
    // An attribute with an empty value is written bare, so an empty field is left out.
    attributes.extend(fields.into_iter().filter_map(|(name, value)| Some((name, value.filter(|v| !v.is_empty())?))));
    el("section", &[("class", "pf-sign-in-error")], el("preflight-check", &attributes, Markup::default()))
}

/// The full check's SSO settings: the probe origin, passkeys, and the reader's browser (for the
/// third-party cookie remedy), as attributes.
fn sso_attributes(config: &preflight_core::config::sso::SsoConfig, headers: &HeaderMap) -> String {
    let mut attributes = String::new();
    if let Some(origin) = config.probe_origin() {
        attributes.push_str(&format!("data-sso-probe=\"{}\"", escape(origin)));
    }
    if config.passkeys {
        attributes.push_str(" data-passkeys=\"true\"");
    }
    if let Some(browser) = crate::access_panel::device_facts(headers, None).browser {
        attributes.push_str(&format!(" data-browser=\"{}\"", browser.as_str()));
    }
    attributes
}

/// The ticket, if any, once validated; what is wrong with it, in `lang`, if not.
fn ticket(query: Result<Query<CheckQuery>, QueryRejection>, lang: Lang) -> Result<Option<String>, String> {
    let Query(query) = query.map_err(|e| e.body_text())?;
    valid_ticket(query.ticket, lang)
}

fn valid_ticket(ticket: Option<String>, lang: Lang) -> Result<Option<String>, String> {
    match ticket.filter(|t| !t.is_empty()) {
        Some(t) => ticket_problem_in(&t, lang).map_or(Ok(Some(t)), Err),
        None => Ok(None),
    }
}

fn qr_path(ticket: Option<&str>) -> String {
    ticket.map_or_else(|| "/check/qr.svg".to_owned(), |t| format!("/check/qr.svg?ticket={t}"))
}

fn link_section(ticket: Option<&str>, lang: Lang) -> Markup {
    let heading = match ticket {
        Some(t) => join([
            Markup::words(CHECK_TICKET_HEADING, lang),
            Markup::text(" "),
            el("strong", &[("class", "pf-ticket")], Markup::text(t)),
        ]),
        None => Markup::words(CHECK_ON_YOUR_PHONE, lang),
    };
    let qr = &qr_path(ticket);
    let image = void("img", &[("src", qr), ("width", "164"), ("height", "164"), ("alt", CHECK_QR_ALT.get(lang))]);
    let figure = el(
        "figure",
        &[("class", "pf-qr")],
        join([image, el("figcaption", &[], Markup::words(CHECK_QR_CAPTION, lang))]),
    );
    let section = join([el("h2", &[("id", "link-title")], heading), figure]);
    el("section", &[("aria-labelledby", "link-title"), ("class", "pf-link")], section)
}

/// What the edge writes into `www/check.html` besides its words.
struct CheckFill<'a> {
    link: &'a Markup,
    footer: &'a Markup,
    ticket_attribute: &'a str,
    sign_in_error: &'a Markup,
    sso_attribute: &'a str,
}

/// `www/check.html` in `lang`: its `<html lang>`, its words at their markers, the link section.
fn fill_check_html(template: &str, lang: Lang, fill: &CheckFill) -> String {
    let mut html = template.replacen(HTML_OPEN, &format!("<html lang=\"{}\">", lang.tag()), 1);
    for (name, text) in CHECK_PAGE_TEXTS {
        html = html.replace(&format!("<!--preflight:text:{name}-->"), Markup::words(*text, lang).as_str());
    }
    html.replace(LINK_MARKER, fill.link.as_str())
        .replace(FOOTER_MARKER, fill.footer.as_str())
        .replace(TICKET_ATTRIBUTE, fill.ticket_attribute)
        .replace(SIGN_IN_ERROR_MARKER, fill.sign_in_error.as_str())
        .replace(SSO_ATTRIBUTE, fill.sso_attribute)
}

pub async fn page(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    headers: HeaderMap,
    query: Result<Query<CheckQuery>, QueryRejection>,
) -> Response {
    let link = query.map_err(|e| e.body_text()).and_then(|Query(mut query)| {
        let ticket = valid_ticket(query.ticket.take(), lang)?;
        Ok((ticket, query.failure(lang)?))
    });
    let (ticket, failure) = match link {
        Ok(link) => link,
        Err(problem) => return invalid_link(lang, &problem),
    };
    let Some(template) = pages::www_text(&state, "/check.html").await else {
        return pages::not_found(lang);
    };
    // The share step's consent sentence says how long the report is kept.
    let ticket_attribute = format!(
        "data-ticket=\"{}\" data-report-days=\"{}\"",
        escape(ticket.as_deref().unwrap_or("")),
        state.config.helpdesk.report_ttl().in_days()
    );
    // The other language's link keeps the ticket and the sign-in failure, as validated.
    let footer = html::footer(lang, &carried_query(ticket.as_deref(), failure.as_ref()));
    let sign_in_error = failure.as_ref().map(|f| sign_in_section(f, &state.config.sign_in_errors)).unwrap_or_default();
    let fill = CheckFill {
        link: &link_section(ticket.as_deref(), lang),
        footer: &footer,
        ticket_attribute: &ticket_attribute,
        sign_in_error: &sign_in_error,
        sso_attribute: &sso_attributes(&state.config.sso, &headers),
    };
    html::respond(StatusCode::OK, lang, fill_check_html(&template, lang, &fill))
}

fn invalid_link(lang: Lang, problem: &str) -> Response {
    let body = join([
        el("p", &[], Markup::text(&INVALID_LINK_TEXT.fill(lang, &[("problem", problem)]))),
        el("p", &[], link("/check", CHECK_WITHOUT_TICKET, lang)),
    ]);
    Page::simple(lang, INVALID_LINK_TITLE.get(lang), body).respond(StatusCode::BAD_REQUEST)
}

/// This edge's own origin (`preflight_core::redirects::own_origin`), or a problem for an unusable `Host`.
fn own_origin(public_url: Option<&str>, headers: &HeaderMap, https: bool) -> Result<String, Problem> {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    preflight_core::redirects::own_origin(public_url, host, https).ok_or_else(|| {
        Problem::bad_request("The request has no usable Host header: open the check page by its address.")
    })
}

/// `GET /check/qr.svg[?ticket=…]`: the QR code of this edge's `/check[?ticket=…]` link, as SVG.
pub async fn qr(
    State(state): State<AppState>,
    ForwardedHttps(https): ForwardedHttps,
    headers: HeaderMap,
    query: Result<Query<CheckQuery>, QueryRejection>,
) -> Result<Response, Problem> {
    let ticket = ticket(query, Lang::En).map_err(|p| Problem::bad_request(format!("ticket: {p}")))?;
    let origin = own_origin(state.config.public_url(), &headers, https)?;
    let link = match &ticket {
        Some(t) => format!("{origin}/check?ticket={t}"),
        None => format!("{origin}/check"),
    };
    let code =
        QrCode::new(link.as_bytes()).map_err(|e| Problem::bad_request(format!("cannot encode the link: {e}")))?;
    let image = code
        .render::<svg::Color<'_>>()
        .min_dimensions(164, 164)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    Ok(([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "no-store")], image).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(host: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, host.parse().unwrap());
        headers
    }

    #[test]
    fn an_unusable_host_is_a_problem_and_the_public_url_wins() {
        assert_eq!(own_origin(None, &headers("edge.example.fr"), true).unwrap(), "https://edge.example.fr");
        assert!(own_origin(None, &headers("a b"), false).is_err());
        assert!(own_origin(None, &HeaderMap::new(), false).is_err());
        assert_eq!(
            own_origin(Some("https://e.example"), &headers("evil.example"), false).unwrap(),
            "https://e.example"
        );
    }

    #[test]
    fn the_link_section_escapes_and_links_the_ticket() {
        let html = link_section(Some("INC-1"), Lang::Fr).into_string();
        assert!(html.contains("<strong class=\"pf-ticket\">INC-1</strong>"));
        assert!(html.contains("src=\"/check/qr.svg?ticket=INC-1\""));
        assert!(html.contains("alt=\"Code QR du lien de cette page\""), "{html}");
        let html = link_section(None, Lang::En).into_string();
        assert!(html.contains("src=\"/check/qr.svg\"") && html.contains("On your phone"), "{html}");
    }

    /// Every marker of the page's frame is one the edge fills, and every text has its marker.
    #[test]
    fn check_html_has_a_marker_for_each_of_its_words() {
        let frame = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../www/check.html")).unwrap();
        assert!(frame.contains(HTML_OPEN) && frame.contains(LINK_MARKER) && frame.contains(TICKET_ATTRIBUTE));
        assert!(frame.contains(FOOTER_MARKER) && frame.contains(SIGN_IN_ERROR_MARKER) && frame.contains(SSO_ATTRIBUTE));
        for (name, _) in CHECK_PAGE_TEXTS {
            assert!(frame.contains(&format!("<!--preflight:text:{name}-->")), "{name}");
        }
        let footer = html::footer(Lang::En, "&ticket=T-1");
        let nothing = Markup::default();
        let fill = CheckFill {
            link: &nothing,
            footer: &footer,
            ticket_attribute: "",
            sign_in_error: &nothing,
            sso_attribute: "",
        };
        let english = fill_check_html(&frame, Lang::En, &fill);
        assert!(english.starts_with("<!doctype html>\n<html lang=\"en\">"), "{english}");
        assert!(!english.contains("<!--preflight:text:"), "a marker no text fills: {english}");
        assert!(english.contains("<h1>Full check</h1>"), "{english}");
        assert!(english.contains("href=\"?lang=fr&amp;ticket=T-1\""), "the other language keeps the ticket: {english}");
        assert!(!english.contains("<!--preflight:footer-->"), "{english}");
        assert!(!english.contains(SIGN_IN_ERROR_MARKER) && !english.contains(SSO_ATTRIBUTE), "{english}");
    }

    #[test]
    fn the_other_language_keeps_the_ticket_and_the_sign_in_failure() {
        assert_eq!(carried_query(None, None), "");
        assert_eq!(carried_query(Some("T-1"), None), "&ticket=T-1");
        let failure = SignInFailure::from_fields(
            Some("entra".into()),
            Some("AADSTS50058".into()),
            Some("Session introuvable & expirée".into()),
            Some("abc-123".into()),
            Some("2026-12-01T02:41:07Z".into()),
        )
        .unwrap();
        let query = carried_query(Some("T-1"), Some(&failure));
        assert_eq!(
            query,
            "&ticket=T-1&idp=entra&error=AADSTS50058&error_description=Session+introuvable+%26+expir%C3%A9e\
             &correlation_id=abc-123&time=2026-12-01T02%3A41%3A07Z"
        );
        // What the link carries reads back as the same failure.
        let read: CheckQuery = serde_urlencoded::from_str(&query[1..]).unwrap();
        assert_eq!(read.failure(Lang::En).unwrap(), Some(failure));
    }

    #[test]
    fn the_sign_in_section_escapes_the_fields_and_carries_the_deployment_s_rule() {
        let failure = SignInFailure::from_fields(
            Some("keycloak".into()),
            Some("invalid_grant".into()),
            Some("Code \"x\" <b>not</b> valid".into()),
            Some("abc-123".into()),
            None,
        )
        .unwrap();
        let html = sign_in_section(&failure, &[]).into_string();
        assert!(html.contains("mode=\"sign-in-error\""), "{html}");
        assert!(html.contains("data-message=\"Code &quot;x&quot; &lt;b&gt;not&lt;/b&gt; valid\""), "{html}");
        assert!(html.contains("data-correlation-id=\"abc-123\"") && !html.contains("data-time"), "{html}");
        assert!(!html.contains("data-rule"), "{html}");
        let text = "[portal]\nname = \"p\"\nversion = \"1\"\n[[sign_in_errors]]\nidp = \"keycloak\"\ncode = \"invalid_grant\"\nexplained_by = [\"clock\", \"cache\"]\nmeaning = { fr = \"jeton <refusé>\", en = \"token refused\" }\n";
        let config = preflight_core::config::DeploymentConfig::parse(text).unwrap();
        let html = sign_in_section(&failure, &config.sign_in_errors).into_string();
        assert!(html.contains("data-rule=\"deployment\" data-explained-by=\"clock cache\""), "{html}");
        assert!(html.contains("data-meaning-fr=\"jeton &lt;refusé&gt;\""), "{html}");
    }
}
