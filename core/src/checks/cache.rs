use super::{BrowserObservations, EdgeObservations};
use crate::finding::{Code, Finding};
use crate::i18n::{Facts, Text};

pub fn finding(browser: &BrowserObservations, edge: &EdgeObservations) -> Finding {
    let stale = browser.loaded_version.as_deref().is_some_and(|v| v != edge.deployed_version);
    let foreign_worker =
        browser.service_workers.iter().any(|script| edge.portal_service_worker.as_deref() != Some(script.as_str()));
    let code = if stale {
        Code::CacStale
    } else if foreign_worker {
        Code::CacWorker
    } else {
        Code::CacOk
    };
    let same = |s: &str| Text { fr: s.to_owned(), en: s.to_owned() };
    let facts = Facts::default()
        .with("loaded", same(browser.loaded_version.as_deref().unwrap_or("?")))
        .with("deployed", same(&edge.deployed_version));
    Finding::from_catalog(code, &facts)
}
