use super::BrowserObservations;
use crate::catalog::browser::{SEC_INSECURE, SEC_OK};
use crate::finding::Finding;
use crate::i18n::Facts;

/// A login page must be a secure context; plain http is tolerated only on loopback (development).
pub fn finding(browser: &BrowserObservations) -> Finding {
    let entry = if browser.secure_context || browser.loopback_host { &SEC_OK } else { &SEC_INSECURE };
    Finding::from_entry(entry, &Facts::default())
}
