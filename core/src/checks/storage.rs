use super::BrowserObservations;
use super::cookies::kilobytes;
use crate::finding::{Code, Finding};
use crate::i18n::{Facts, Text};

/// Beyond this share of the quota, writes start failing.
pub const NEARLY_FULL: f64 = 0.9;

pub fn finding(browser: &BrowserObservations) -> Finding {
    let nearly_full = match (browser.storage_usage, browser.storage_quota) {
        (Some(usage), Some(quota)) if quota > 0 => usage as f64 / quota as f64 >= NEARLY_FULL,
        _ => false,
    };
    let code = if !browser.local_storage || !browser.session_storage {
        Code::StoBlocked
    } else if nearly_full {
        Code::StoFull
    } else {
        Code::StoOk
    };
    let used = browser.storage_usage.map_or(Text::default(), kilobytes);
    Finding::from_catalog(code, &Facts::default().with("used", used))
}
