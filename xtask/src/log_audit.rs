//! The edge's logs after a full browser-test run: every line is a JSON object, requests were logged,
//! and no line holds what a log must never hold — an address, a user agent, a cookie, a ticket, an
//! agent ID, a report code or a token. The browser tests use those values on purpose (tokens,
//! tickets, agent IDs typed in forms, forwarded addresses), so their absence here means something.

use std::path::Path;

use crate::Result;
use crate::edge_process::{TEST_HELPDESK_TOKEN, TEST_SESSION_SECRET};

/// Values the browser tests send that no log line may repeat.
const NEVER_LOGGED: &[&str] = &[
    TEST_HELPDESK_TOKEN,
    TEST_SESSION_SECRET,
    // User agents.
    "HeadlessChrome",
    "Mozilla/5.0",
    // Cookies, by name as they appear in `Cookie` and `Set-Cookie`.
    "preflight_helpdesk=",
    "preflight_probe=",
    "demo_session=",
    // Agent IDs and the ticket the tests type.
    "A12345",
    "A654321",
    "INC-2026-0042",
];

/// Audits every `*.log` in `dir`; the error lists each offending line.
pub fn check(dir: &Path) -> Result {
    let mut problems = Vec::new();
    let mut requests = 0;
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for path in entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "log")) {
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        for (number, line) in text.lines().enumerate() {
            let at = format!("{}:{}", path.display(), number + 1);
            match serde_json::from_str::<serde_json::Value>(line) {
                Ok(event) if event.get("route").is_some() => requests += 1,
                Ok(_) => {}
                Err(_) => problems.push(format!("  {at}: not a JSON line: {line}")),
            }
            if let Some(why) = leak(line) {
                problems.push(format!("  {at}: {why}: {line}"));
            }
        }
    }
    if requests == 0 {
        problems.push(format!("  no request line in {}: are requests still logged?", dir.display()));
    }
    if problems.is_empty() {
        eprintln!("edge logs: {requests} request lines, nothing that must not be logged");
        return Ok(());
    }
    Err(format!("the edge's logs hold what they must not:\n{}", problems.join("\n")))
}

/// What a log line leaks, if anything.
fn leak(line: &str) -> Option<String> {
    if let Some(value) = NEVER_LOGGED.iter().find(|v| line.contains(**v)) {
        return Some(format!("`{value}`"));
    }
    // The edge's own listening address is configuration, not a client's.
    if let Some(address) = ipv4_in(line).filter(|_| !line.contains("listening on")) {
        return Some(format!("an address ({address})"));
    }
    report_code_in(line).map(|code| format!("a report code ({code})"))
}

/// The first dotted quad of numbers up to 255 in `text`.
fn ipv4_in(text: &str) -> Option<&str> {
    words(text, |c| c.is_ascii_digit() || c == '.').find(|w| {
        let parts: Vec<&str> = w.split('.').collect();
        parts.len() == 4
            && parts.iter().all(|p| !p.is_empty() && p.len() <= 3 && p.parse::<u16>().is_ok_and(|n| n <= 255))
    })
}

/// The first `XXXX-XXXX` of capital letters and digits (a report code as it is read out).
fn report_code_in(text: &str) -> Option<&str> {
    words(text, |c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-').find(|w| {
        let halves: Vec<&str> = w.split('-').collect();
        halves.len() == 2 && halves.iter().all(|h| h.len() == 4) && w.chars().any(|c| c.is_ascii_uppercase())
    })
}

/// Maximal runs of characters that satisfy `keep`.
fn words(text: &str, keep: impl Fn(char) -> bool + Copy) -> impl Iterator<Item = &str> {
    text.split(move |c: char| !keep(c)).filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_codes_and_test_values_are_found() {
        assert_eq!(ipv4_in(r#"{"peer":"203.0.113.9"}"#), Some("203.0.113.9"));
        assert_eq!(ipv4_in(r#"{"latency_ms":0.2,"status":200}"#), None);
        assert_eq!(ipv4_in("version 2026.11.1"), None, "three parts");
        assert_eq!(report_code_in(r#"{"code":"K7F3-QX9D"}"#), Some("K7F3-QX9D"));
        assert_eq!(report_code_in(r#"{"timestamp":"2026-11-30T19:33:17Z"}"#), None);
        assert!(leak(r#"{"route":"/api/reports/{code}","status":200}"#).is_none());
        assert!(leak(r#"{"message":"listening on http://127.0.0.1:8080"}"#).is_none());
        assert!(leak(r#"{"ua":"Mozilla/5.0 (X11) HeadlessChrome/131"}"#).is_some());
        assert!(leak(&format!(r#"{{"token":"{TEST_HELPDESK_TOKEN}"}}"#)).is_some());
        assert!(leak(r#"{"cookie":"preflight_helpdesk=abc"}"#).is_some());
    }

    #[test]
    fn a_run_without_request_lines_or_with_plain_text_fails() {
        let dir = std::env::temp_dir().join(format!("log-audit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.log"), "{\"message\":\"stopped\"}\n").unwrap();
        assert!(check(&dir).unwrap_err().contains("no request line"));
        std::fs::write(dir.join("a.log"), "{\"route\":\"/api/time\",\"status\":200}\nplain text\n").unwrap();
        assert!(check(&dir).unwrap_err().contains("not a JSON line"));
        std::fs::write(dir.join("a.log"), "{\"route\":\"/api/time\",\"status\":200}\n").unwrap();
        assert!(check(&dir).is_ok());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
