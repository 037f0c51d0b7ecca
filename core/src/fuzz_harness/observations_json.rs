use super::{assert_filled, edge_observations, example_config};
use crate::checks::{BrowserObservations, evaluate, evaluate_locally};
use crate::finding::{Code, Family, Finding, most_important};
use crate::printable::first_unprintable;

/// A `POST /api/check` body: whatever a browser sends, each check concludes exactly once, with every
/// placeholder of its texts filled, on the edge and in the widget alone (which evaluates its own
/// observations unvalidated). Observations the edge accepts give findings that are printable text.
pub fn observations_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(browser) = serde_json::from_str::<BrowserObservations>(text) else { return };
    let probe_urls: Vec<&str> = example_config().probe_urls().collect();
    let accepted = browser.validate(&probe_urls).is_ok();
    let braces = browser_strings(&browser).any(|s| s.contains('{'));
    for check_page in [false, true] {
        let findings = evaluate(&browser, &edge_observations(check_page));
        if accepted {
            assert_printable(&findings);
        }
        for family in [Family::Clock, Family::SecureContext, Family::Cookies, Family::Storage, Family::Cache] {
            let n = findings.iter().filter(|f| f.code.family() == family).count();
            assert_eq!(n, 1, "{family:?}: one finding per check in {findings:?}");
        }
        assert_eq!(findings[0].code.family(), Family::Clock, "the clock comes first");
        assert!(findings.iter().all(|f| f.code.family() != Family::SharedDevice));
        assert!(most_important(&findings).is_some());
        if !braces {
            assert_filled(&findings);
        }
    }
    let local = evaluate_locally(&browser);
    assert_eq!(local.len(), 4);
    assert_eq!(local[0].code, Code::ClkUnavailable, "no clock without the edge");
    if !braces {
        assert_filled(&local);
    }
}

/// No control or invisible character: findings are shown to the agent and pasted into tickets.
pub(super) fn assert_printable(findings: &[Finding]) {
    for f in findings {
        for text in [&f.title, &f.message, &f.remedy] {
            let bad = first_unprintable(&text.fr).or(first_unprintable(&text.en));
            assert!(bad.is_none(), "{bad:?} in {:?}: {text:?}", f.code);
        }
    }
}

/// The strings a browser sent, which findings may quote.
pub(super) fn browser_strings(browser: &BrowserObservations) -> impl Iterator<Item = &str> {
    let probes = browser.probes.iter().map(|p| p.url.as_str());
    browser
        .loaded_version
        .as_deref()
        .into_iter()
        .chain(browser.service_workers.iter().map(String::as_str))
        .chain(probes)
}
