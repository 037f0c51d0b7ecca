use super::{BrowserObservations, EdgeObservations};
use crate::catalog::browser::{CAC_OK, CAC_STALE, CAC_WORKER};
use crate::finding::Finding;
use crate::i18n::{Facts, Text};

pub fn finding(browser: &BrowserObservations, edge: &EdgeObservations) -> Finding {
    let stale = browser.loaded_version.as_deref().is_some_and(|v| v != edge.deployed_version);
    let foreign_worker =
        browser.service_workers.iter().any(|script| edge.portal_service_worker.as_deref() != Some(script.as_str()));
    let entry = if stale {
        &CAC_STALE
    } else if foreign_worker {
        &CAC_WORKER
    } else {
        &CAC_OK
    };
    let same = |s: &str| Text { fr: s.to_owned(), en: s.to_owned() };
    let facts = Facts::default()
        .with("loaded", same(browser.loaded_version.as_deref().unwrap_or("?")))
        .with("deployed", same(&edge.deployed_version));
    Finding::from_entry(entry, &facts)
}
