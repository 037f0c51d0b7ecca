use super::{BrowserObservations, EdgeObservations};
use crate::catalog::browser::{CRT_CLOCK, CRT_FILTER};
use crate::clock::{ClockEstimate, ClockVerdict, verdict};
use crate::finding::Finding;
use crate::i18n::{self, Facts, Text};

/// One finding per unreachable probe host: the clock's fault when it is far off (certificates look
/// expired or not yet valid), otherwise a certificate or filtering problem for IT.
pub fn findings(browser: &BrowserObservations, edge: &EdgeObservations, clock: Option<&ClockEstimate>) -> Vec<Finding> {
    let clock_wrong =
        clock.is_some_and(|c| matches!(verdict(c), ClockVerdict::SignInWillFail | ClockVerdict::TimeZoneLikely { .. }));
    browser
        .probes
        .iter()
        .filter(|p| !p.reachable)
        .map(|probe| {
            let host = edge
                .probe_names
                .iter()
                .find(|(url, _)| *url == probe.url)
                .map_or_else(|| Text { fr: probe.url.clone(), en: probe.url.clone() }, |(_, name)| name.clone());
            let drift = clock.map_or(Text::default(), |c| i18n::drift(c.client_ahead_ms()));
            let entry = if clock_wrong { &CRT_CLOCK } else { &CRT_FILTER };
            Finding::from_entry(entry, &Facts::default().with("host", host).with("drift", drift))
        })
        .collect()
}
