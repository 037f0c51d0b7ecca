use super::{BrowserObservations, EdgeObservations};
use crate::catalog::browser::{CRT_CLOCK, CRT_FILTER};
use crate::clock::{ClockEstimate, ClockVerdict, verdict};
use crate::finding::Finding;
use crate::i18n::{self, Facts, Text};
use crate::time::UnixMs;

/// One finding per probe host the agent cannot use: the clock's fault when it is far off
/// (certificates look expired or not yet valid) or when the device's time falls outside the host
/// certificate's known validity dates — even if the host was not probed, as on the login page —
/// otherwise, for an unreachable host, a certificate or filtering problem for IT.
pub fn findings(browser: &BrowserObservations, edge: &EdgeObservations, clock: Option<&ClockEstimate>) -> Vec<Finding> {
    let clock_wrong =
        clock.is_some_and(|c| matches!(verdict(c), ClockVerdict::SignInWillFail | ClockVerdict::TimeZoneLikely { .. }));
    let outside_validity = |url: &str| {
        let device_now = clock.map(|c| UnixMs::from_clock_reading(edge.now.as_clock_reading() + c.client_ahead_ms()));
        let window = edge.certificate_windows.iter().find(|w| w.url == url);
        matches!((device_now, window), (Some(now), Some(w)) if now < w.valid_from || now > w.valid_until)
    };
    let probed = browser.probes.iter().map(|p| (p.url.as_str(), p.reachable));
    let only_known = edge
        .certificate_windows
        .iter()
        .filter(|w| !browser.probes.iter().any(|p| p.url == w.url))
        .map(|w| (w.url.as_str(), true));
    probed
        .chain(only_known)
        .filter_map(|(url, reachable)| {
            let blame_clock = outside_validity(url) || (!reachable && clock_wrong);
            if reachable && !blame_clock {
                return None;
            }
            let entry = if blame_clock { &CRT_CLOCK } else { &CRT_FILTER };
            let drift = clock.map_or(Text::default(), |c| i18n::drift(c.client_ahead_ms()));
            Some(Finding::from_entry(entry, &Facts::default().with("host", host_name(edge, url)).with("drift", drift)))
        })
        .collect()
}

fn host_name(edge: &EdgeObservations, url: &str) -> Text {
    edge.probe_names
        .iter()
        .find(|(known, _)| known == url)
        .map_or_else(|| Text { fr: url.to_owned(), en: url.to_owned() }, |(_, name)| name.clone())
}
