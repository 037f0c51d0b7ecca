//! How the helpdesk reads a report: the one most likely cause, the failed checks, and a plain-text
//! summary to paste into a ticket.

use std::fmt::Write;

use crate::config::opening_hours::{SITE_TIME_ZONE, hhmm, site_time_zone};
use crate::finding::{Code, Finding, Severity};
use crate::i18n::{Lang, Template, drift, duration, texts};
use crate::time::UnixMs;

use super::{Report, ShortCode};

/// The finding most likely behind the call: the most severe, then the earliest in the catalog.
/// `None` when nothing is worse than informational. (The catalog's order is `Code::ALL`'s, a test
/// holds them together: ranking by the code's place does not link every catalog text into the edge.)
pub fn most_likely_cause(findings: &[Finding]) -> Option<&Finding> {
    let catalog_rank = |f: &Finding| Code::ALL.iter().position(|c| *c == f.code).unwrap_or(usize::MAX);
    findings
        .iter()
        .filter(|f| f.severity > Severity::Info)
        .min_by_key(|f| (std::cmp::Reverse(f.severity), catalog_rank(f)))
}

/// Checks that say sign-in may or will fail.
pub fn failed_checks(findings: &[Finding]) -> impl Iterator<Item = &Finding> {
    findings.iter().filter(|f| f.severity >= Severity::Warning)
}

texts! {
    pub TITLE { fr: "Rapport Preflight", en: "Preflight report" }
    pub TICKET { fr: "ticket", en: "ticket" }
    pub RECEIVED { fr: "Reçu le", en: "Received" }
    pub DELETED { fr: "supprimé le", en: "deleted on" }
    pub CAUSE { fr: "Cause la plus probable", en: "Most likely cause" }
    pub NO_CAUSE { fr: "aucun problème détecté", en: "no problem found" }
    pub FINDINGS { fr: "Constats", en: "Findings" }
    pub OBSERVED { fr: "Observations", en: "Observations" }
    pub DEVICE { fr: "Appareil", en: "Device" }
    pub ACCESS { fr: "Accès", en: "Access" }
    pub CLOCK { fr: "Horloge", en: "Clock" }
    pub NOT_MEASURED { fr: "non mesurée", en: "not measured" }
    pub VERSIONS { fr: "Versions (page / déployée / edge)", en: "Versions (page / deployed / edge)" }
    pub AGENT { fr: "Identifiant agent", en: "Agent ID" }
    pub UNKNOWN { fr: "inconnu", en: "unknown" }
    pub SIGN_IN_ERROR { fr: "Erreur de connexion", en: "Sign-in error" }
    pub CORRELATION { fr: "corrélation", en: "correlation ID" }
    pub FAILED_AT { fr: "à", en: "at" }
}

/// "Microsoft Entra ID AADSTS50058 — corrélation 6f1c… — à 2026-12-01T02:41:07Z": what the helpdesk
/// searches the identity provider's log with. `None` without a sign-in error.
pub fn sign_in_error_line(report: &Report, lang: Lang) -> Option<String> {
    let error = report.sign_in_error.as_ref()?;
    let mut parts: Vec<String> = Vec::new();
    let named: Vec<String> = [error.idp_name(), error.code.clone()].into_iter().flatten().collect();
    if !named.is_empty() {
        parts.push(named.join(" "));
    }
    if let Some(id) = &error.correlation_id {
        parts.push(format!("{} {id}", CORRELATION.get(lang)));
    }
    if let Some(time) = &error.time {
        parts.push(format!("{} {time}", FAILED_AT.get(lang)));
    }
    Some(parts.join(" — "))
}

/// A day and time in the sites' time zone, e.g. "2026-11-25 21:03 (Europe/Paris)".
pub fn local_time(instant: UnixMs) -> String {
    instant
        .timestamp()
        .map(|t| t.to_zoned_datetime(site_time_zone()))
        // Fields, not `strftime`: jiff's format-string printer costs the worker bundle ~15 KB.
        .map(|z| {
            let date = z.date();
            format!("{}-{:02}-{:02} {} ({SITE_TIME_ZONE})", date.year(), date.month(), date.day(), hhmm(z.time()))
        })
        .unwrap_or_else(|| instant.as_millis().to_string())
}

/// "Chrome 131.0 · Windows 10.0"; "unknown" parts are named so.
pub fn device_line(report: &Report, lang: Lang) -> String {
    let d = &report.device;
    let name = |family: Option<String>, version: &Option<String>| match (family, version) {
        (Some(f), Some(v)) => format!("{f} {v}"),
        (Some(f), None) => f,
        (None, _) => UNKNOWN.get(lang).to_owned(),
    };
    let browser = name(d.browser.map(|b| format!("{b:?}")), &d.browser_version);
    let os = name(d.os.map(|o| format!("{o:?}")), &d.os_version);
    format!("{browser} · {os}")
}

/// "5 min d'avance (±12 ms)", or "non mesurée".
pub fn clock_line(report: &Report, lang: Lang) -> String {
    match &report.observations.clock {
        Some(c) => format!("{} (±{})", drift(-c.offset_ms).get(lang), duration(c.error_bound_ms)),
        None => NOT_MEASURED.get(lang).to_owned(),
    }
}

/// The summary the helpdesk pastes into its ticketing tool: plain text, one fact per line.
pub fn plain_text(report: &Report, code: &ShortCode, lang: Lang) -> String {
    let t = |template: Template| template.get(lang);
    let mut out = format!("{} {code}", t(TITLE));
    if let Some(ticket) = &report.ticket {
        let _ = write!(out, " — {} {ticket}", t(TICKET));
    }
    let _ = writeln!(
        out,
        "\n{} {}, {} {}",
        t(RECEIVED),
        local_time(report.received_at_ms),
        t(DELETED),
        local_time(report.expires_at_ms)
    );
    match most_likely_cause(&report.findings) {
        Some(f) => {
            let _ = writeln!(out, "{} : {} — {} {}", t(CAUSE), f.code.as_str(), f.message_in(lang), f.remedy_in(lang));
        }
        None => {
            let _ = writeln!(out, "{} : {}", t(CAUSE), t(NO_CAUSE));
        }
    }
    let _ = writeln!(out, "{} :", t(FINDINGS));
    for f in &report.findings {
        let _ = writeln!(out, "- {} [{}] {}", f.code.as_str(), f.severity.as_str(), f.message_in(lang));
    }
    let _ = writeln!(out, "{} :", t(OBSERVED));
    let _ = writeln!(out, "- {} : {}", t(DEVICE), device_line(report, lang));
    let site = report.site.as_deref().map(|s| format!(" ({s})")).unwrap_or_default();
    let _ = writeln!(out, "- {} : {}{site}", t(ACCESS), report.access.as_str());
    let _ = writeln!(out, "- {} : {}", t(CLOCK), clock_line(report, lang));
    let page = report.observations.loaded_version.as_deref().unwrap_or("?");
    let _ = writeln!(out, "- {} : {page} / {} / {}", t(VERSIONS), report.portal_version, report.edge_version);
    if let Some(agent) = &report.agent_id {
        let _ = writeln!(out, "- {} : {agent}", t(AGENT));
    }
    if let Some(line) = sign_in_error_line(report, lang) {
        let _ = writeln!(out, "- {} : {line}", t(SIGN_IN_ERROR));
    }
    if lang == Lang::En {
        // English puts no space before a colon.
        out = out.replace(" :", ":");
    }
    out
}
