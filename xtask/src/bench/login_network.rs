//! The login page under emulated networks (`tests/bench/login-cost.mjs`, DevTools network
//! emulation: added latency per request, 1.6 Mbit/s down, 750 kbit/s up, cold loads): the first
//! verdict after DOMContentLoaded against 3 × RTT + 150 ms, with the requests made and the depth of
//! their chain of round trips up to the verdict.

use serde::{Deserialize, Serialize};

use super::report::Row;
use super::stats::summarise;

const AREA: &str = "login page, emulated network";
/// Beyond the round trips, what the verdict may cost: the widget's compile and the page's work.
const SLACK_MS: f64 = 150.0;
/// Round trips the budget allows: the widget's download, the check, and one to spare.
const ROUND_TRIPS: f64 = 3.0;
/// The emulated link's download rate (`LINK` in `tests/bench/login-cost.mjs`), bytes per ms.
const DOWNLOAD_BYTES_PER_MS: f64 = 1_600_000.0 / 8.0 / 1000.0;
/// Round trips no verdict can do without once the widget's files are requested: theirs, and the
/// check's (sent once the wasm is in).
const FLOOR_ROUND_TRIPS: f64 = 2.0;

/// Every load at one added latency.
#[derive(Debug, Deserialize, Serialize)]
pub struct NetworkRun {
    pub latency: f64,
    pub loads: Vec<NetLoad>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NetLoad {
    pub verdict_after_dcl: Option<f64>,
    pub requests: usize,
    pub round_trips: usize,
    pub code: Option<String>,
    /// The paths requested up to the verdict, in the order they started.
    pub names: Vec<String>,
    /// When the widget's wasm had fully arrived, after DCL (negative: before it): the floor its
    /// download sets at this bandwidth, whatever the round trips.
    pub wasm_after_dcl: Option<f64>,
    /// When the first check answer had arrived, after DCL.
    pub check_after_dcl: Option<f64>,
    /// DOMContentLoaded's end, from navigation start.
    pub dcl: f64,
    /// When the first of the widget's files was requested (its preload), from navigation start.
    pub widget_requested: f64,
    /// Bytes the link carried from then up to the verdict (every request's `transferSize`, the
    /// page's own files included).
    pub bytes_from_widget: f64,
}

impl NetLoad {
    /// The link's floor for this load's verdict, after DCL: from the widget's first request, the
    /// bytes the link carried up to the verdict at its rate, plus the two round trips that cannot
    /// overlap them (the widget's files, then the check). Where it is above the budget, the page's
    /// own files and the widget's together leave the budget no room on this link.
    fn floor_after_dcl(&self, latency: f64) -> f64 {
        self.widget_requested + self.bytes_from_widget / DOWNLOAD_BYTES_PER_MS + FLOOR_ROUND_TRIPS * latency - self.dcl
    }
}

/// The budget at an added latency: 3 × RTT + 150 ms.
fn budget_ms(latency: f64) -> f64 {
    ROUND_TRIPS * latency + SLACK_MS
}

pub fn rows(runs: &[NetworkRun]) -> Vec<Row> {
    runs.iter().map(row).collect()
}

fn row(run: &NetworkRun) -> Row {
    let measure = format!("first verdict after DCL, +{} ms per request", run.latency);
    let verdicts: Vec<f64> = run.loads.iter().map(|l| l.verdict_after_dcl.unwrap_or(f64::NAN)).collect();
    let missing = run.loads.iter().filter(|l| l.verdict_after_dcl.is_none()).count();
    let budget = budget_ms(run.latency);
    let Some(summary) = summarise(&verdicts) else {
        return Row::budget(AREA, &measure, "no verdict in any load".into(), &format!("≤ {budget} ms"), false);
    };
    let most = |f: fn(&NetLoad) -> usize| run.loads.iter().map(f).max().unwrap_or(0);
    let mut value = format!(
        "median {:.0} ms, p95 {:.0} ms ({} loads{}); {} sequential round trips, {} requests",
        summary.median,
        summary.p95,
        summary.n,
        if missing > 0 { format!(", {missing} without a verdict") } else { String::new() },
        most(|l| l.round_trips),
        most(|l| l.requests),
    );
    value += &milestones(run);
    value += &link_floor(run);
    let met = missing == 0 && summary.median <= budget;
    Row::budget(AREA, &measure, value, &format!("≤ {budget} ms (3 × RTT + 150)"), met)
}

/// Where the time went, medians over the loads: the wasm's arrival, then the check's answer.
fn milestones(run: &NetworkRun) -> String {
    let median = |f: fn(&NetLoad) -> Option<f64>| {
        let values: Vec<f64> = run.loads.iter().filter_map(f).collect();
        summarise(&values).map_or("n/a".to_string(), |s| format!("{:+.0} ms", s.median))
    };
    format!(
        "; wasm in at {}, check answered at {} after DCL",
        median(|l| l.wasm_after_dcl),
        median(|l| l.check_after_dcl)
    )
}

/// The link's floor, medians over the loads: what no widget could beat on this page at this rate.
fn link_floor(run: &NetworkRun) -> String {
    let floors: Vec<f64> = run.loads.iter().map(|l| l.floor_after_dcl(run.latency)).collect();
    let bytes: Vec<f64> = run.loads.iter().map(|l| l.bytes_from_widget).collect();
    match (summarise(&floors), summarise(&bytes)) {
        (Some(floor), Some(bytes)) => format!(
            "; link floor {:+.0} ms after DCL ({:.1} KB from the widget's first request at 1.6 Mbit/s + 2 × RTT)",
            floor.median,
            bytes.median / 1000.0
        ),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::report::Status;
    use super::*;

    fn run(latency: f64, verdicts: &[Option<f64>]) -> NetworkRun {
        let load = |v: &Option<f64>| NetLoad {
            verdict_after_dcl: *v,
            requests: 7,
            round_trips: 3,
            code: Some("CLK-OK".into()),
            names: vec!["/".into()],
            wasm_after_dcl: Some(120.0),
            check_after_dcl: v.map(|v| v - 20.0),
            dcl: 100.0,
            widget_requested: 90.0,
            bytes_from_widget: 40_000.0,
        };
        NetworkRun { latency, loads: verdicts.iter().map(load).collect() }
    }

    #[test]
    fn the_budget_grows_with_the_round_trip() {
        assert_eq!(rows(&[run(50.0, &[Some(280.0), Some(300.0)])])[0].status, Status::Met);
        assert_eq!(rows(&[run(50.0, &[Some(320.0), Some(330.0)])])[0].status, Status::Missed);
        let missing = &rows(&[run(300.0, &[Some(500.0), None])])[0];
        assert_eq!(missing.status, Status::Missed);
        assert!(missing.value.contains("1 without a verdict"), "{}", missing.value);
        assert!(missing.value.contains("3 sequential round trips, 7 requests"));
        assert!(missing.value.contains("wasm in at +120 ms, check answered at +480 ms after DCL"), "{}", missing.value);
        // Requested at 90 ms, then 40 KB at 200 B/ms is 200 ms, plus 2 × 300 ms, less the DCL at 100 ms.
        assert!(missing.value.contains("link floor +790 ms after DCL (40.0 KB"), "{}", missing.value);
    }
}
