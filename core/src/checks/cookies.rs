use super::{BrowserObservations, EdgeObservations};
use crate::catalog::browser::{COO_BLOCKED, COO_LARGE, COO_OK, COO_TOO_LARGE};
use crate::finding::Finding;
use crate::i18n::{Facts, Text};

/// Most servers refuse request headers beyond 8 KB; warn well before.
pub const COOKIE_HEADER_WARN_BYTES: usize = 6 * 1024;
pub const COOKIE_HEADER_LIMIT_BYTES: usize = 8 * 1024;

pub fn finding(browser: &BrowserObservations, edge: &EdgeObservations) -> Finding {
    let blocked = !browser.cookies_enabled || !browser.cookie_write_read || edge.test_cookie_returned == Some(false);
    let size = edge.cookie_header_bytes;
    let entry = if blocked {
        &COO_BLOCKED
    } else if size >= COOKIE_HEADER_LIMIT_BYTES {
        &COO_TOO_LARGE
    } else if size >= COOKIE_HEADER_WARN_BYTES {
        &COO_LARGE
    } else {
        &COO_OK
    };
    Finding::from_entry(entry, &Facts::default().with("size", kilobytes(size as u64)))
}

/// "7,2 Ko" / "7.2 KB".
pub(super) fn kilobytes(bytes: u64) -> Text {
    let tenths = (bytes * 10 + 512) / 1024;
    let (whole, tenth) = (tenths / 10, tenths % 10);
    Text { fr: format!("{whole},{tenth}\u{a0}Ko"), en: format!("{whole}.{tenth}\u{a0}KB") }
}
