use super::BrowserObservations;
use super::cookies::kilobytes;
use crate::catalog::browser::{STO_BLOCKED, STO_FULL, STO_OK};
use crate::finding::Finding;
use crate::i18n::{Facts, Text};

/// Beyond this share of the quota, writes start failing.
pub const NEARLY_FULL: f64 = 0.9;

pub fn finding(browser: &BrowserObservations) -> Finding {
    let nearly_full = match (browser.storage_usage, browser.storage_quota) {
        (Some(usage), Some(quota)) if quota > 0 => usage as f64 / quota as f64 >= NEARLY_FULL,
        _ => false,
    };
    let entry = if !browser.local_storage || !browser.session_storage {
        &STO_BLOCKED
    } else if nearly_full {
        &STO_FULL
    } else {
        &STO_OK
    };
    let used = browser.storage_usage.map_or(Text::default(), kilobytes);
    Finding::from_entry(entry, &Facts::default().with("used", used))
}
