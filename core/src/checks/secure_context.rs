use super::BrowserObservations;
use crate::catalog::browser::{SEC_INSECURE, SEC_OK};
use crate::finding::Finding;
use crate::i18n::Facts;

/// A login page must be a secure context; plain http is tolerated only on loopback (development).
pub fn finding(browser: &BrowserObservations) -> Finding {
    let entry = if browser.secure_context || browser.loopback_host { &SEC_OK } else { &SEC_INSECURE };
    Finding::from_entry(entry, &Facts::default())
}

/// Names that resolve to this machine, where browsers treat plain http as secure enough for
/// development: `localhost` and its subdomains, `127.0.0.0/8`, `[::1]`.
/// (Browsers give `location.hostname` in lower case. Written without an address parser, which would
/// cost the login widget a kilobyte: `127.` and digits and dots only is `127.0.0.0/8`.)
pub fn is_loopback_host(hostname: &str) -> bool {
    let name = hostname.strip_suffix('.').unwrap_or(hostname);
    name == "localhost"
        || name.ends_with(".localhost")
        || name == "[::1]"
        || name == "::1"
        || (name.starts_with("127.") && name.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}
