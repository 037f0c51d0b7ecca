//! Login page cost: the demo login page in headless Chromium, with and without the widget, from the
//! same edge (`tests/bench/login-cost.mjs` drives the browser and prints raw figures as JSON).

use std::path::Path;
use std::process::{Command, Stdio};

use serde::Deserialize;

use super::Plan;
use super::report::{Row, Section};
use super::stats::{Summary, compare, summarise};
use crate::edge_process::EdgeProcess;
use crate::{Result, browser, root};

const AREA: &str = "login page";
const SCRIPT: &str = "bench/login-cost.mjs";
/// The verdict must follow the page quickly on localhost, so the agent sees it before typing.
const VERDICT_BUDGET_MS: f64 = 250.0;

#[derive(Debug, Deserialize, serde::Serialize)]
struct Raw {
    loads: usize,
    page: Variants<PageLoad>,
    /// The same page under emulated networks (`login_network`).
    #[serde(default)]
    network: Vec<super::login_network::NetworkRun>,
}

#[derive(Debug, Deserialize, serde::Serialize)]
struct Variants<T> {
    with: Vec<T>,
    without: Vec<T>,
}

/// One load without input, as the page measured it (ms from navigation start).
#[derive(Debug, Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct PageLoad {
    dcl: f64,
    verdict_after_dcl: Option<f64>,
    /// Whether the page had the element: proves that the variants differ as intended.
    widget: bool,
    code: Option<String>,
    fcp: Option<f64>,
    lcp: Option<f64>,
    cls: f64,
    shifts: u32,
    /// The identifier field painted, typable, and the main thread free (None: it never was).
    form_ready: Option<f64>,
}

pub fn measure(plan: &Plan, edge_bin: &Path) -> Result<Section> {
    let chromium = browser::ensure_chromium()?;
    let edge = EdgeProcess::start(edge_bin)?;
    let mut node = Command::new("node");
    node.arg(SCRIPT).current_dir(browser::tests_dir()).stderr(Stdio::inherit());
    node.env("PREFLIGHT_URL", &edge.url).env("PREFLIGHT_ROOT", root()).env("CHROMIUM_PATH", &chromium);
    node.env("BENCH_LOADS", plan.page_loads.to_string());
    node.env("BENCH_NET_LOADS", plan.network_loads.to_string());
    eprintln!("$ node tests/{SCRIPT} ({} loads per variant, edge {})", plan.page_loads, edge.url);
    let output = node.output().map_err(|e| format!("cannot start node: {e}"))?;
    if !output.status.success() {
        return Err(format!("tests/{SCRIPT} failed ({})", output.status));
    }
    let raw: Raw =
        serde_json::from_slice(&output.stdout).map_err(|e| format!("tests/{SCRIPT} printed no JSON: {e}"))?;
    if raw.page.with.iter().any(|l| !l.widget) || raw.page.without.iter().any(|l| l.widget) {
        return Err(format!("tests/{SCRIPT}: a page had the wrong variant (widget present or missing)"));
    }
    let mut all = rows(&raw);
    all.extend(super::login_network::rows(&raw.network));
    Ok(Section { rows: all, details: serde_json::to_value(&raw).map_err(|e| e.to_string())? })
}

fn rows(raw: &Raw) -> Vec<Row> {
    let (with, without) = (&raw.page.with, &raw.page.without);
    let pick = |loads: &[PageLoad], f: fn(&PageLoad) -> Option<f64>| {
        summarise(&loads.iter().map(|l| f(l).unwrap_or(f64::NAN)).collect::<Vec<_>>())
    };
    let verdict = pick(with, |l| l.verdict_after_dcl);
    let verdict_value = match (&verdict, verdicts_missing(with)) {
        (Some(s), 0) => spread(s),
        (Some(s), missing) => format!("{}; {missing} loads without a verdict", spread(s)),
        (None, _) => "no verdict in any load".into(),
    };
    let verdict_met = verdict.is_some_and(|s| s.median <= VERDICT_BUDGET_MS) && verdicts_missing(with) == 0;

    let ready = |loads: &[PageLoad]| loads.iter().map(|l| l.form_ready.unwrap_or(f64::NAN)).collect::<Vec<_>>();
    let (ready_with, ready_without) = (ready(with), ready(without));
    let form = compare(&ready_with, &ready_without);
    let form_value = match form {
        Some(c) => format!(
            "{}; {:+.1} ms, rank test z = {:.2}",
            versus(&summarise(&ready_with), &summarise(&ready_without)),
            c.median_difference,
            c.z
        ),
        None => "not measured (the form was never ready)".into(),
    };
    let (cls_with, cls_without) = (pick(with, |l| Some(l.cls)), pick(without, |l| Some(l.cls)));
    let cls_added = mean(with.iter().map(|l| l.cls)) - mean(without.iter().map(|l| l.cls));
    let (lcp_with, lcp_without) = (pick(with, |l| l.lcp), pick(without, |l| l.lcp));
    vec![
        Row::budget(AREA, "first verdict after DOMContentLoaded (end)", verdict_value, "≤ 250 ms median", verdict_met),
        Row::budget(
            AREA,
            "form ready (#agent-id painted, typable, main thread free), with vs without widget",
            form_value,
            "no difference beyond noise",
            form.is_some_and(|c| !c.slower),
        ),
        Row::budget(
            AREA,
            "CLS added by the widget (mean with − mean without)",
            format!("{cls_added:+.4} (max {:.4} with, {:.4} without)", max(&cls_with), max(&cls_without)),
            "0",
            cls_added <= 0.0,
        ),
        Row::info(AREA, "LCP, with vs without widget", versus(&lcp_with, &lcp_without)),
        Row::info(
            AREA,
            "DOMContentLoaded end, with vs without widget",
            versus(&pick(with, |l| Some(l.dcl)), &pick(without, |l| Some(l.dcl))),
        ),
    ]
}

fn verdicts_missing(loads: &[PageLoad]) -> usize {
    loads.iter().filter(|l| l.verdict_after_dcl.is_none()).count()
}

fn spread(s: &Summary) -> String {
    format!("median {:.1} ms, p95 {:.1} ms ({} loads)", s.median, s.p95, s.n)
}

fn versus(with: &Option<Summary>, without: &Option<Summary>) -> String {
    match (with, without) {
        (Some(w), Some(wo)) => format!(
            "median {:.1} vs {:.1} ms, p95 {:.1} vs {:.1} ms, IQR {:.1} / {:.1} ms ({} / {} loads)",
            w.median, wo.median, w.p95, wo.p95, w.iqr, wo.iqr, w.n, wo.n
        ),
        _ => "not measured (no figure from the page)".into(),
    }
}

fn max(s: &Option<Summary>) -> f64 {
    s.map_or(f64::NAN, |s| s.max)
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0), |(sum, n), v| (sum + v, n + 1));
    if n == 0 { 0.0 } else { sum / n as f64 }
}

#[cfg(test)]
mod tests {
    use super::super::report::Status;
    use super::*;

    fn load(verdict: Option<f64>, cls: f64, form_ready: f64) -> PageLoad {
        let (fcp, lcp) = (Some(40.0), Some(80.0));
        let form_ready = Some(form_ready);
        PageLoad {
            dcl: 30.0,
            verdict_after_dcl: verdict,
            widget: true,
            code: None,
            fcp,
            lcp,
            cls,
            shifts: 0,
            form_ready,
        }
    }

    /// Loads with the given verdicts, and as many without the widget whose form is ready at 50, 51… ms.
    fn raw(verdicts: &[Option<f64>], cls_with: f64, ready_with: f64) -> Raw {
        let with = verdicts.iter().enumerate().map(|(i, v)| load(*v, cls_with, ready_with + i as f64));
        let without = (0..verdicts.len()).map(|i| load(None, 0.0, 50.0 + i as f64));
        Raw {
            loads: verdicts.len(),
            page: Variants { with: with.collect(), without: without.collect() },
            network: Vec::new(),
        }
    }

    #[test]
    fn a_quick_verdict_a_still_page_and_an_unchanged_form_meet_every_budget() {
        let rows = rows(&raw(&[Some(100.0), Some(120.0), Some(140.0)], 0.0, 50.5));
        assert!(rows.iter().all(|r| matches!(r.status, Status::Met | Status::Info)), "{rows:#?}");
        assert!(rows[0].value.starts_with("median 120.0 ms"));
    }

    #[test]
    fn a_slow_or_missing_verdict_misses() {
        assert_eq!(rows(&raw(&[Some(300.0), Some(320.0)], 0.0, 50.0))[0].status, Status::Missed);
        let missing = rows(&raw(&[Some(100.0), None], 0.0, 50.0));
        assert_eq!(missing[0].status, Status::Missed);
        assert!(missing[0].value.contains("1 loads without a verdict"));
    }

    #[test]
    fn a_later_form_or_any_added_shift_misses() {
        let rows = rows(&raw(&[Some(100.0), Some(100.0), Some(100.0)], 0.01, 90.0));
        assert_eq!(rows[1].status, Status::Missed);
        assert_eq!(rows[2].status, Status::Missed);
        assert!(rows[2].value.starts_with("+0.0100"));
    }
}
