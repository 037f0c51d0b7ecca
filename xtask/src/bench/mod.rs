//! `cargo xtask bench [--quick]`: every budget of the product measured side by side, each against a
//! reference in the same run (this machine is shared: absolute times drift, ratios hold).
//!
//! Writes the table to stdout, `BENCHMARKS.md` (a quick run writes `target/bench/BENCHMARKS.md`, so
//! smoke figures never replace the committed ones) and `target/bench/results.json`.

mod clock_accuracy;
mod delay_proxy;
mod edge_load;
mod edge_memory;
mod login_cost;
mod login_network;
mod machine;
mod nginx;
mod observatory;
mod open_files;
mod report;
mod same_answer;
pub(crate) mod soak;
mod stats;
mod tools;
mod widget_size;
mod worker_latency;
mod worker_size;
mod wrk;

use std::path::PathBuf;
use std::time::Duration;

use report::{Report, Row, Section, Status};

use crate::{Result, browser, cmd, root};

/// How much to measure: a full run judges the budgets, a quick one only shows that it all works.
pub struct Plan {
    pub quick: bool,
    /// Page loads per variant (with and without the widget).
    pub page_loads: usize,
    /// Cold loads of the login page at each emulated latency.
    pub network_loads: usize,
    /// Same threads, connections and duration for the edge and for nginx.
    pub load: wrk::Load,
    /// Alternating edge/nginx rounds: the median round is reported.
    pub load_rounds: usize,
    /// How long the soak's mixed traffic and half-open connections last.
    pub soak: Duration,
    /// Starts of `wrangler dev` per worker, each timed by its first request.
    pub worker_starts: usize,
    /// Requests of each kind timed on warm workers.
    pub worker_requests: usize,
}

impl Plan {
    fn from_args(args: &[String]) -> Result<Self> {
        let quick = match args {
            [] => false,
            [flag] if flag == "--quick" => true,
            _ => return Err("usage: cargo xtask bench [--quick]".into()),
        };
        let seconds = if quick { 2 } else { 10 };
        Ok(Plan {
            quick,
            page_loads: if quick { 6 } else { 24 },
            network_loads: if quick { 2 } else { 5 },
            load: wrk::Load { threads: 2, connections: 32, duration: Duration::from_secs(seconds) },
            load_rounds: if quick { 1 } else { 3 },
            soak: Duration::from_secs(if quick { 10 } else { 60 }),
            worker_starts: if quick { 1 } else { 3 },
            worker_requests: if quick { 30 } else { 300 },
        })
    }
}

pub fn run(args: &[String]) -> Result {
    let plan = Plan::from_args(args)?;
    let out = bench_dir();
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    browser::ensure_node_packages()?;

    let mut report = Report {
        date: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
        quick: plan.quick,
        machine: machine::Machine::current(),
        rows: Vec::new(),
        details: Default::default(),
    };
    report.add("widget_size", or_failed("widget size", widget_size::measure()));
    let edge = release_edge();
    let login = edge.clone().and_then(|bin| login_cost::measure(&plan, &bin));
    report.add("login_cost", or_failed("login page", login));
    report
        .add("clock_accuracy", or_failed("clock accuracy", edge.clone().and_then(|bin| clock_accuracy::measure(&bin))));
    report.add("edge_load", or_failed("edge load", edge.clone().and_then(|bin| edge_load::measure(&plan, &bin, &out))));
    report.add("soak", or_failed("soak", edge.clone().and_then(|bin| soak::measure(plan.soak, &bin, &out))));
    report.add("observatory", or_failed("security headers", edge.and_then(|bin| observatory::measure(&bin))));
    report.add("workers", or_failed("Workers bundle", worker_size::measure()));
    report.add("workers_latency", or_failed("Workers latency", worker_latency::measure(&plan)));
    write(&report, &out)
}

/// The edge as deployed: the standard release profile.
fn release_edge() -> Result<PathBuf> {
    cmd::run(cmd::cargo().args(["build", "--release", "-p", "preflight-edge"]))?;
    Ok(root().join("target/release/preflight-edge"))
}

/// A measurement that fails becomes a failed row; the others still run.
fn or_failed(area: &'static str, result: Result<Section>) -> Section {
    result.unwrap_or_else(|error| {
        eprintln!("bench: {area} failed: {error}");
        Section { rows: vec![Row::failed(area, &error)], details: serde_json::json!({ "error": error }) }
    })
}

fn write(report: &Report, out: &std::path::Path) -> Result {
    let markdown = report.markdown();
    let md_path = if report.quick { out.join("BENCHMARKS.md") } else { root().join("BENCHMARKS.md") };
    let json_path = out.join("results.json");
    let json = serde_json::to_string_pretty(report).map_err(|e| e.to_string())?;
    std::fs::write(&md_path, &markdown).map_err(|e| format!("{}: {e}", md_path.display()))?;
    std::fs::write(&json_path, json + "\n").map_err(|e| format!("{}: {e}", json_path.display()))?;
    println!("{}\n{}", report.table(), report.tally());
    eprintln!("wrote {} and {}", md_path.display(), json_path.display());
    if report.count(Status::Failed) > 0 { Err("some measurements failed (see the table)".into()) } else { Ok(()) }
}

/// Where the bench writes its results and runs nginx.
fn bench_dir() -> PathBuf {
    root().join("target/bench")
}
