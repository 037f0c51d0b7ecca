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

/// "7,2 Ko" / "7.2 KB", rounded to the nearest tenth. The remainder is rounded apart from the whole
/// kilobytes: `bytes * 10` overflows for a storage figure a browser may send (`storage_usage`).
pub(super) fn kilobytes(bytes: u64) -> Text {
    let tenths = (bytes % 1024 * 10 + 512) / 1024;
    let (whole, tenth) = (bytes / 1024 + tenths / 10, tenths % 10);
    Text { fr: format!("{whole},{tenth}\u{a0}Ko"), en: format!("{whole}.{tenth}\u{a0}KB") }
}

#[cfg(test)]
mod tests {
    use super::kilobytes;
    use proptest::prelude::*;

    #[test]
    fn kilobytes_round_to_the_nearest_tenth_up_to_the_largest_figure() {
        assert_eq!(kilobytes(7_373).en, "7.2\u{a0}KB");
        assert_eq!(kilobytes(1_023).fr, "1,0\u{a0}Ko");
        assert_eq!(kilobytes(0).en, "0.0\u{a0}KB");
        assert_eq!(kilobytes(u64::MAX).en, "18014398509481984.0\u{a0}KB");
    }

    proptest! {
        #[test]
        fn kilobytes_are_the_exact_rounding(bytes in any::<u64>()) {
            let tenths = (u128::from(bytes) * 10 + 512) / 1024;
            prop_assert_eq!(kilobytes(bytes).en, format!("{}.{}\u{a0}KB", tenths / 10, tenths % 10));
        }
    }
}
