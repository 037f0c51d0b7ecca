//! A spike: a failing finding whose hourly rate at a site or on an access mode jumps far above its
//! recent baseline — a stale cache after a deploy, a certificate that expired at noon.

use std::collections::HashMap;

use super::{CellCount, HOUR_MS, K_ANONYMITY};
use crate::channel::AccessClass;
use crate::finding::Code;
use crate::time::UnixMs;

/// The hours before the one judged that make its baseline.
pub const BASELINE_HOURS: i64 = 24;
/// A rate is a spike from this many times its baseline…
pub const SPIKE_FACTOR: f64 = 3.0;
/// …and at least this much above it (a share of the hour's checks: 0.2 is 20 points).
pub const SPIKE_MIN_RISE: f64 = 0.2;
/// A baseline needs at least this many checks in its hours; with fewer nothing is judged.
pub const MIN_BASELINE_CHECKS: u64 = 4 * K_ANONYMITY;

/// Where a spike happened: at a site, or on an access mode.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    Site(String),
    Access(AccessClass),
}

impl Scope {
    /// `site` or `access`, and the site's id or the class's name: bounded labels for metrics.
    pub fn labels(&self) -> (&'static str, &str) {
        match self {
            Scope::Site(id) => ("site", id),
            Scope::Access(class) => ("access", class.as_str()),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Spike {
    pub hour: UnixMs,
    pub code: Code,
    pub scope: Scope,
    /// Checks with this finding in the hour, and all checks of the scope in the hour.
    pub count: u64,
    pub checks: u64,
    /// `count / checks`, and the same share over the baseline's hours.
    pub rate: f64,
    pub baseline: f64,
}

/// The spikes of `hour`, judged from `cells` (the shown cells of that hour and the
/// [`BASELINE_HOURS`] before), most severe rise first.
pub fn spikes_in(cells: &[CellCount], hour: UnixMs) -> Vec<Spike> {
    let baseline_from = hour.plus_millis(-BASELINE_HOURS * HOUR_MS);
    // (scope, in the judged hour?) → checks, and (scope, code, in the judged hour?) → failing checks.
    let mut checks: HashMap<(Scope, bool), u64> = HashMap::new();
    let mut failing: HashMap<(Scope, Code, bool), u64> = HashMap::new();
    for c in cells.iter().filter(|c| c.cell.hour >= baseline_from && c.cell.hour <= hour) {
        let now = c.cell.hour == hour;
        for scope in scopes(&c.cell) {
            *checks.entry((scope.clone(), now)).or_insert(0) += c.count;
            if c.cell.is_failing() {
                *failing.entry((scope, c.cell.code, now)).or_insert(0) += c.count;
            }
        }
    }
    let mut spikes: Vec<Spike> = failing
        .iter()
        .filter(|((_, _, now), count)| *now && **count >= K_ANONYMITY)
        .filter_map(|((scope, code, _), &count)| {
            let checks_now = *checks.get(&(scope.clone(), true))?;
            let checks_before = checks.get(&(scope.clone(), false)).copied().unwrap_or(0);
            if checks_before < MIN_BASELINE_CHECKS {
                return None;
            }
            let before = failing.get(&(scope.clone(), *code, false)).copied().unwrap_or(0);
            let (rate, baseline) = (count as f64 / checks_now as f64, before as f64 / checks_before as f64);
            let spike = rate >= SPIKE_FACTOR * baseline && rate - baseline >= SPIKE_MIN_RISE;
            spike.then(|| Spike { hour, code: *code, scope: scope.clone(), count, checks: checks_now, rate, baseline })
        })
        .collect();
    spikes.sort_by(|a, b| (b.rate - b.baseline).total_cmp(&(a.rate - a.baseline)).then(a.scope.cmp(&b.scope)));
    spikes
}

fn scopes(cell: &super::Cell) -> impl Iterator<Item = Scope> {
    let access = Scope::Access(cell.access);
    cell.site.clone().map(Scope::Site).into_iter().chain(std::iter::once(access))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::statistics::Cell;

    const H: i64 = 1_764_583_200_000;

    fn count(hours_before: i64, code: Code, access: AccessClass, site: Option<&str>, n: u64) -> CellCount {
        let at = UnixMs::from_millis(H - hours_before * HOUR_MS);
        CellCount { cell: Cell::of_check(at, code, access, site, None, None), count: n }
    }

    fn steady_day() -> Vec<CellCount> {
        let mut cells = Vec::new();
        for h in 1..=BASELINE_HOURS {
            cells.push(count(h, Code::ClkOk, AccessClass::Internal, Some("hotel-de-ville"), 40));
            cells.push(count(h, Code::ClkOk, AccessClass::Vpn, None, 20));
        }
        cells.push(count(3, Code::CacStale, AccessClass::Internal, Some("hotel-de-ville"), 5));
        cells
    }

    #[test]
    fn a_stale_cache_after_a_deploy_is_a_spike_at_its_site_and_on_its_access_mode() {
        let mut cells = steady_day();
        cells.push(count(0, Code::ClkOk, AccessClass::Internal, Some("hotel-de-ville"), 20));
        cells.push(count(0, Code::CacStale, AccessClass::Internal, Some("hotel-de-ville"), 25));
        cells.push(count(0, Code::ClkOk, AccessClass::Vpn, None, 20));
        let spikes = spikes_in(&cells, UnixMs::from_millis(H));
        let scopes: Vec<(&str, &str)> = spikes.iter().map(|s| s.scope.labels()).collect();
        assert_eq!(scopes, [("site", "hotel-de-ville"), ("access", "internal")], "{spikes:?}");
        let site = &spikes[0];
        assert_eq!((site.code, site.count, site.checks), (Code::CacStale, 25, 45));
        assert!((site.baseline - 5.0 / 965.0).abs() < 1e-9, "{site:?}");
    }

    #[test]
    fn a_steady_rate_a_small_count_or_no_history_is_no_spike() {
        let mut steady = steady_day();
        steady.push(count(0, Code::ClkOk, AccessClass::Vpn, None, 20));
        for h in 0..=BASELINE_HOURS {
            steady.push(count(h, Code::ClkSkew, AccessClass::Vpn, None, 6));
        }
        assert!(spikes_in(&steady, UnixMs::from_millis(H)).is_empty(), "the same share every hour");

        let mut small = steady_day();
        small.push(count(0, Code::ClkOk, AccessClass::Vpn, None, 5));
        small.push(count(0, Code::CacStale, AccessClass::Vpn, None, 4));
        assert!(spikes_in(&small, UnixMs::from_millis(H)).is_empty(), "under k counts");

        let fresh = vec![count(0, Code::CacStale, AccessClass::Internet, None, 30)];
        assert!(spikes_in(&fresh, UnixMs::from_millis(H)).is_empty(), "no baseline to jump from");
    }

    #[test]
    fn ok_findings_never_spike() {
        let mut cells = steady_day();
        cells.push(count(0, Code::CacOk, AccessClass::Vpn, None, 50));
        assert!(spikes_in(&cells, UnixMs::from_millis(H)).is_empty());
    }
}
