use super::BrowserObservations;
use crate::finding::{Code, Finding};
use crate::i18n::Facts;

/// A login page must be a secure context; plain http is tolerated only on loopback (development).
pub fn finding(browser: &BrowserObservations) -> Finding {
    let code = if browser.secure_context || browser.loopback_host { Code::SecOk } else { Code::SecInsecure };
    Finding::from_catalog(code, &Facts::default())
}
