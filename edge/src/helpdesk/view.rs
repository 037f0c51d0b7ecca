//! The helpdesk viewer's pages, in the reader's language, through `html` (no inline script or
//! style: the copy buttons are wired by `/helpdesk.js`). The ticket summaries are shown in both
//! languages on purpose, each marked with its `lang`.

use preflight_core::catalog::helpdesk_check;
use preflight_core::finding::Finding;
use preflight_core::i18n::{Lang, Template};
use preflight_core::pages::BACK;
use preflight_core::report::viewer::*;
use preflight_core::report::{
    Report, ShortCode, clock_line, device_line, failed_checks, local_time, most_likely_cause, plain_text,
    sign_in_error_line,
};

use crate::html::{Markup, Page, el, fill, join, link, void};

/// A whole viewer page: the banner, the heading (`title`, plain text) and the helpdesk's script.
fn layout(lang: Lang, title: &str, body: Markup) -> String {
    let document_title = DOCUMENT_TITLE.fill(lang, &[("page", title)]);
    let page = Page {
        lang,
        title,
        document_title: Some(&document_title),
        banner: Some(BRAND.get(lang)),
        script: Some("/helpdesk.js"),
        body,
    };
    page.render()
}

fn words(template: Template, lang: Lang) -> Markup {
    Markup::words(template, lang)
}

pub fn too_many(lang: Lang) -> String {
    let body =
        join([el("p", &[("role", "alert")], words(TOO_MANY_TEXT, lang)), el("p", &[], link("/helpdesk", BACK, lang))]);
    layout(lang, TOO_MANY_TITLE.get(lang), body)
}

pub fn disabled(lang: Lang) -> String {
    let variable = el("code", &[], Markup::text("PREFLIGHT_HELPDESK_TOKEN"));
    layout(lang, DISABLED_TITLE.get(lang), el("p", &[], fill(DISABLED_TEXT, lang, &[("variable", &variable)])))
}

/// An error line that a field names with `aria-describedby`; nothing when there is no error.
fn error_line(id: &'static str, error: Option<&str>) -> Markup {
    error.map_or_else(Markup::default, |e| {
        el("p", &[("class", "pf-finding pf-error"), ("role", "alert"), ("id", id)], Markup::text(e))
    })
}

/// The sign-in form, with `error` (already worded, plain text) when the last try failed.
pub fn sign_in(lang: Lang, error: Option<&str>) -> String {
    let described = if error.is_some() { "sign-in-error" } else { "" };
    let mut input =
        vec![("id", "token"), ("name", "token"), ("type", "password"), ("autocomplete", "current-password")];
    input.extend([("required", ""), ("autofocus", "")]);
    if error.is_some() {
        input.push(("aria-describedby", described));
    }
    let form = join([
        el("label", &[("for", "token")], words(TOKEN_LABEL, lang)),
        void("input", &input),
        el("button", &[("type", "submit")], words(SIGN_IN, lang)),
    ]);
    let body = join([
        el("p", &[("class", "lead")], words(SIGN_IN_LEAD, lang)),
        error_line("sign-in-error", error),
        el("form", &[("method", "post"), ("action", "/helpdesk/sign-in")], form),
    ]);
    layout(lang, SIGN_IN_TITLE.get(lang), body)
}

/// The code field; `typed` and `error` when the last code could not be read or found. Focused on the
/// home page only: on a report page, focus stays at the top, on the cause.
fn code_form(lang: Lang, typed: &str, error: Option<&str>, focus: bool) -> Markup {
    let mut input = vec![("id", "code"), ("name", "code"), ("value", typed), ("autocomplete", "off")];
    input.extend([
        ("autocapitalize", "characters"),
        ("spellcheck", "false"),
        ("placeholder", "K7F3-QX9D"),
        ("required", ""),
    ]);
    if focus {
        input.push(("autofocus", ""));
    }
    if error.is_some() {
        input.push(("aria-describedby", "code-error"));
    }
    let form = join([
        el("label", &[("for", "code")], words(CODE_LABEL, lang)),
        void("input", &input),
        el("button", &[("type", "submit")], words(SHOW_REPORT, lang)),
    ]);
    let sign_out = el("button", &[("type", "submit"), ("class", "pf-stop")], words(SIGN_OUT, lang));
    join([
        error_line("code-error", error),
        el("form", &[("method", "get"), ("action", "/helpdesk/report"), ("class", "pf-code-form")], form),
        el("form", &[("method", "post"), ("action", "/helpdesk/sign-out")], sign_out),
    ])
}

pub fn home(lang: Lang, typed: &str, error: Option<&str>) -> String {
    layout(lang, HOME_TITLE.get(lang), code_form(lang, typed, error, true))
}

/// A section with its heading (`id` names it for `aria-labelledby`).
fn section(id: &'static str, class: Option<&'static str>, heading: Markup, content: Markup) -> Markup {
    let mut attributes = vec![("aria-labelledby", id)];
    attributes.extend(class.map(|c| ("class", c)));
    el("section", &attributes, join([el("h2", &[("id", id)], heading), content]))
}

/// One glance: the most likely cause, every finding with its code and remedy, the observations, the
/// summaries to copy, and the code form for the next call.
pub fn report(lang: Lang, code: &ShortCode, report: &Report) -> String {
    let ticket = report.ticket.as_deref().map(|t| {
        let strong = el("strong", &[], Markup::text(t));
        fill(REPORT_TICKET, lang, &[("ticket", &strong)])
    });
    let (received, deleted) = (local_time(report.received_at_ms), local_time(report.expires_at_ms));
    let dates = REPORT_DATES.fill(lang, &[("received", &received), ("deleted", &deleted)]);
    let body = join([
        el("p", &[("class", "lead")], join([Markup::text(&dates), ticket.unwrap_or_default()])),
        section("cause-title", Some("pf-cause"), words(CAUSE, lang), cause(lang, report)),
        section("findings-title", None, words(ALL_FINDINGS, lang), findings(lang, report)),
        section("observed-title", None, words(OBSERVED, lang), observations(lang, report)),
        section("summary-title", None, words(SUMMARY_HEADING, lang), summaries(lang, code, report)),
        section("next-title", None, words(ANOTHER_CODE, lang), code_form(lang, "", None, false)),
    ]);
    layout(lang, &REPORT_TITLE.fill(lang, &[("code", &code.to_string())]), body)
}

fn cause(lang: Lang, report: &Report) -> Markup {
    let Some(f) = most_likely_cause(&report.findings) else {
        return el("p", &[("class", "pf-finding pf-ok"), ("data-code", "")], words(NO_PROBLEM, lang));
    };
    let code = f.code.as_str();
    let message = el("span", &[("class", "pf-message")], Markup::text(f.message_in(lang)));
    let class = format!("pf-finding pf-{}", f.severity.as_str());
    let verify =
        join([el("strong", &[], words(HOW_TO_VERIFY, lang)), Markup::text(" "), words(helpdesk_check(f.code), lang)]);
    join([
        el(
            "p",
            &[("class", &class), ("data-code", code)],
            join([message, Markup::text(" "), el("code", &[], Markup::text(code))]),
        ),
        el("p", &[], join([el("strong", &[], words(TO_DO, lang)), Markup::text(" "), Markup::text(f.remedy_in(lang))])),
        el("p", &[("class", "help")], verify),
    ])
}

fn findings(lang: Lang, report: &Report) -> Markup {
    let failed: Vec<&str> = failed_checks(&report.findings).map(|f| f.code.as_str()).collect();
    let failed = if failed.is_empty() { NONE_FAILED.get(lang).to_owned() } else { failed.join(", ") };
    let header: Markup = [COLUMN_CODE, COLUMN_SEVERITY, COLUMN_FINDING, COLUMN_TO_DO]
        .into_iter()
        .map(|column| el("th", &[("scope", "col")], words(column, lang)))
        .collect();
    let rows: Markup = report.findings.iter().map(|f| finding_row(lang, f)).collect();
    let table = join([el("thead", &[], el("tr", &[], header)), el("tbody", &[], rows)]);
    join([
        el("p", &[], Markup::text(&FAILED_CHECKS.fill(lang, &[("codes", &failed)]))),
        el("table", &[("class", "pf-findings")], table),
    ])
}

fn finding_row(lang: Lang, f: &Finding) -> Markup {
    let severity = f.severity.as_str();
    let cells = join([
        el("th", &[("scope", "row")], el("code", &[], Markup::text(f.code.as_str()))),
        el("td", &[], words(f.severity.label(), lang)),
        el("td", &[], Markup::text(f.message_in(lang))),
        el("td", &[], Markup::text(f.remedy_in(lang))),
    ]);
    el("tr", &[("class", &format!("pf-{severity}"))], cells)
}

fn observations(lang: Lang, report: &Report) -> Markup {
    let o = &report.observations;
    let yes_no = |b: bool| if b { YES.get(lang) } else { NO.get(lang) };
    let site = report.site.as_deref().map(|s| format!(" ({s})")).unwrap_or_default();
    let page_version = o.loaded_version.as_deref().unwrap_or("?");
    let mut facts: Vec<(Template, String)> = vec![
        (DEVICE, device_line(report, lang)),
        (ACCESS, format!("{}{site}", report.access.as_str())),
        (CLOCK, clock_line(report, lang)),
        (VERSIONS, format!("{page_version} / {} / {}", report.portal_version, report.edge_version)),
        (SECURE_CONTEXT, yes_no(o.secure_context).to_owned()),
        (COOKIES_ENABLED, yes_no(o.cookies_enabled).to_owned()),
        (STORAGE, format!("{} / {}", yes_no(o.local_storage), yes_no(o.session_storage))),
        (AGENT, report.agent_id.clone().unwrap_or_else(|| NOT_GIVEN.get(lang).to_owned())),
    ];
    // What the helpdesk searches the identity provider's log with.
    facts.extend(sign_in_error_line(report, lang).map(|line| (SIGN_IN_ERROR, line)));
    let list: Markup = facts
        .iter()
        .map(|(name, value)| join([el("dt", &[], words(*name, lang)), el("dd", &[], Markup::text(value))]))
        .collect();
    let raw = indented(&serde_json::to_string(o).unwrap_or_default());
    let details = join([el("summary", &[], words(RAW_OBSERVATIONS, lang)), el("pre", &[], Markup::text(&raw))]);
    join([el("dl", &[("class", "pf-monitor-stats")], list), el("details", &[], details)])
}

/// Compact JSON laid out one member per line, indented by two spaces: what `to_string_pretty`
/// writes, without a second copy of the observations' serializer in the Workers bundle.
fn indented(json: &str) -> String {
    let mut out = String::with_capacity(json.len() * 2);
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    };
    let mut chars = json.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            (in_string, escaped) = match (escaped, c) {
                (true, _) => (true, false),
                (false, '\\') => (true, true),
                (false, '"') => (false, false),
                _ => (true, false),
            };
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' if chars.peek().is_some_and(|next| matches!(next, '}' | ']')) => out.push(c),
            '{' | '[' => {
                depth += 1;
                out.push(c);
                newline(&mut out, depth);
            }
            '}' | ']' if out.ends_with(['{', '[']) => out.push(c),
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c => out.push(c),
        }
    }
    out
}

/// The ticket summary in French and in English, whatever the page's language: the ticket may be
/// read by either. Each block says its language.
fn summaries(lang: Lang, code: &ShortCode, report: &Report) -> Markup {
    let blocks: Markup = [(Lang::Fr, "summary-fr"), (Lang::En, "summary-en")]
        .into_iter()
        .map(|(summary_lang, id)| {
            let name = el("span", &[("lang", summary_lang.tag())], Markup::text(summary_lang.name()));
            let text = Markup::text(&plain_text(report, code, summary_lang));
            let area =
                [("id", id), ("class", "pf-summary"), ("readonly", ""), ("rows", "8"), ("lang", summary_lang.tag())];
            let copy = fill(COPY, lang, &[("language", &name)]);
            let block = join([
                el("label", &[("for", id)], name.clone()),
                el("textarea", &area, text),
                el("button", &[("type", "button"), ("data-copy", id)], copy),
            ]);
            el("div", &[("class", "pf-summary-block")], block)
        })
        .collect();
    join([blocks, el("p", &[("role", "status"), ("class", "help"), ("id", "copy-status")], Markup::default())])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn observations_are_laid_out_as_serde_json_would() {
        let value = serde_json::json!({"a": [1, {"b": "x,\\\"{y}:"}], "c": {}, "d": [], "e": null});
        assert_eq!(indented(&value.to_string()), serde_json::to_string_pretty(&value).unwrap());
    }

    #[test]
    fn pages_speak_the_reader_s_language() {
        let english = sign_in(Lang::En, Some("<bad>"));
        assert!(english.contains("<html lang=\"en\">") && english.contains("Helpdesk sign-in"), "{english}");
        assert!(english.contains("&lt;bad&gt;") && english.contains("aria-describedby=\"sign-in-error\""), "{english}");
        let french = home(Lang::Fr, "\"><script>", None);
        assert!(french.contains("<html lang=\"fr\">") && french.contains("Code lu par l&#39;agent"), "{french}");
        assert!(french.contains("value=\"&quot;&gt;&lt;script&gt;\""), "{french}");
        assert!(disabled(Lang::En).contains("<code>PREFLIGHT_HELPDESK_TOKEN</code>"));
    }
}
