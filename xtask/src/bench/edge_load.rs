//! Edge throughput and latency: wrk against the release edge's `GET /api/time` and against nginx
//! serving the same answer (`same_answer` compares both first: a reference that answers otherwise
//! fails the row), same threads, connections and duration, alternating in the same run; nginx's
//! `return 204` beside them for information; and the edge's memory under that load.

use std::path::Path;

use serde::Serialize;
use serde_json::json;

use super::edge_memory::{self, RSS_BUDGET_BYTES, mb};
use super::nginx::Nginx;
use super::report::{Row, Section, Status};
use super::same_answer;
use super::stats::summarise;
use super::wrk::{self, Outcome};
use super::{Plan, tools};
use crate::edge_process::EdgeProcess;
use crate::{Result, root};

const AREA: &str = "edge load";
const CHECK_SCRIPT: &str = "xtask/bench/post-check.lua";

const TIME_PATH: &str = "/api/time";

#[derive(Debug, Serialize)]
struct Round {
    time: Outcome,
    /// nginx serving the edge's `/api/time` answer.
    nginx: Outcome,
    /// nginx's `return 204`.
    nginx_204: Outcome,
    check: Option<Outcome>,
    /// Edge `/api/time` req/s over nginx's same answer, in this round.
    ratio: f64,
    /// Edge `/api/time` req/s over nginx's `return 204`, in this round.
    ratio_204: f64,
}

pub fn measure(plan: &Plan, edge_bin: &Path, out: &Path) -> Result<Section> {
    let [wrk, nginx_bin]: [_; 2] = tools::ensure(&["wrk", "nginx"])?.try_into().expect("two programs");
    let edge = EdgeProcess::start(edge_bin)?;
    let nginx = Nginx::start(&nginx_bin, &out.join("nginx"))?;
    let (time_url, check_url) = (format!("{}{TIME_PATH}", edge.url), format!("{}/api/check", edge.url));
    let (nginx_url, nginx_204_url) = (format!("{}{TIME_PATH}", nginx.url), format!("{}/", nginx.url));
    let same = same_answer::compare(&edge.url, &nginx.url, TIME_PATH)?;
    let check_exists = answers_non_404(&check_url)?;
    let script = root().join(CHECK_SCRIPT);
    let mut rounds = Vec::new();
    for _ in 0..plan.load_rounds {
        let time = wrk::run(&wrk, &plan.load, &time_url, None)?;
        let reference = wrk::run(&wrk, &plan.load, &nginx_url, None)?;
        let nginx_204 = wrk::run(&wrk, &plan.load, &nginx_204_url, None)?;
        let check = if check_exists { Some(wrk::run(&wrk, &plan.load, &check_url, Some(&script))?) } else { None };
        rounds.push(Round {
            ratio: time.requests_per_s / reference.requests_per_s,
            ratio_204: time.requests_per_s / nginx_204.requests_per_s,
            time,
            nginx: reference,
            nginx_204,
            check,
        });
    }
    let memory = edge_memory::read(edge.pid())?;
    drop(nginx);

    let mut rows = throughput_rows(&rounds, plan, &same);
    rows.push(match median_of(&rounds, |r| r.check) {
        Some(check) => Row::info(AREA, "POST /api/check (edge)", figures(&check)),
        None => Row::skipped(AREA, "POST /api/check (edge)", "skipped: /api/check not implemented yet (404)"),
    });
    let (peak, now) = (memory.peak_bytes, memory.rss_bytes);
    rows.push(Row::budget(
        AREA,
        "edge peak RSS under load (VmHWM)",
        format!("{:.1} MB (RSS after load {:.1} MB)", mb(peak), mb(now)),
        "≤ 30 MB",
        peak <= RSS_BUDGET_BYTES,
    ));
    let details = json!({
        "load": plan.load.describe(),
        "same_answer": same,
        "rounds": rounds,
        "vm_hwm_bytes": peak,
        "vm_rss_bytes": now,
    });
    Ok(Section { rows, details })
}

fn throughput_rows(rounds: &[Round], plan: &Plan, same: &same_answer::Comparison) -> Vec<Row> {
    let median_ratio = |pick: fn(&Round) -> f64| {
        summarise(&rounds.iter().map(pick).collect::<Vec<_>>()).map_or(f64::NAN, |s| s.median)
    };
    let (ratio, ratio_204) = (median_ratio(|r| r.ratio), median_ratio(|r| r.ratio_204));
    let time = median_of(rounds, |r| Some(r.time)).unwrap_or_default();
    let nginx = median_of(rounds, |r| Some(r.nginx)).unwrap_or_default();
    let nginx_204 = median_of(rounds, |r| Some(r.nginx_204)).unwrap_or_default();
    let how = format!("{} rounds of {}", rounds.len(), plan.load.describe());
    let errors = time.non_2xx + time.socket_errors + nginx.non_2xx + nginx.socket_errors;
    let measure = "GET /api/time req/s, edge / nginx serving the same answer";
    let value = format!("{ratio:.2} ({:.0} vs {:.0} req/s; {how})", time.requests_per_s, nginx.requests_per_s);
    let budget = match &same.verdict {
        Ok(()) => Row::budget(AREA, measure, value, "≥ 1.0", ratio >= 1.0 && errors == 0),
        Err(why) => Row {
            area: AREA,
            measure: measure.into(),
            value: format!("{why} ({value})"),
            budget: "≥ 1.0".into(),
            status: Status::Failed,
        },
    };
    let value_204 =
        format!("{ratio_204:.2} ({:.0} vs {:.0} req/s; {how})", time.requests_per_s, nginx_204.requests_per_s);
    vec![
        budget,
        Row::info(AREA, "nginx's answer to GET /api/time, against the edge's", same.describe()),
        Row::info(AREA, "GET /api/time req/s, edge / nginx `return 204`", value_204),
        Row::info(AREA, "GET /api/time (edge)", figures(&time)),
        Row::info(AREA, "GET /api/time (nginx, the same answer)", figures(&nginx)),
        Row::info(AREA, "nginx `return 204`", figures(&nginx_204)),
    ]
}

/// Each figure's median over the rounds (a round's figures are not mixed with another's ratio).
fn median_of(rounds: &[Round], pick: impl Fn(&Round) -> Option<Outcome>) -> Option<Outcome> {
    let outcomes: Vec<Outcome> = rounds.iter().filter_map(pick).collect();
    let median = |f: fn(&Outcome) -> f64| summarise(&outcomes.iter().map(f).collect::<Vec<_>>()).map(|s| s.median);
    Some(Outcome {
        requests_per_s: median(|o| o.requests_per_s)?,
        p50_ms: median(|o| o.p50_ms)?,
        p99_ms: median(|o| o.p99_ms)?,
        requests: outcomes.iter().map(|o| o.requests).sum(),
        non_2xx: outcomes.iter().map(|o| o.non_2xx).sum(),
        socket_errors: outcomes.iter().map(|o| o.socket_errors).sum(),
    })
}

fn figures(o: &Outcome) -> String {
    let mut text = format!("{:.0} req/s, latency p50 {:.2} ms, p99 {:.2} ms", o.requests_per_s, o.p50_ms, o.p99_ms);
    if o.non_2xx + o.socket_errors > 0 {
        text += &format!(" ({} non-2xx answers, {} socket errors)", o.non_2xx, o.socket_errors);
    }
    text
}

/// Whether a route exists yet: the edge answers unknown `/api/…` paths with a 404 problem.
fn answers_non_404(url: &str) -> Result<bool> {
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(5)))
        .build();
    let agent = ureq::Agent::new_with_config(config);
    let response = agent
        .post(url)
        .header("content-type", "application/json")
        .send(r#"{"v":1}"#)
        .map_err(|e| format!("{url}: {e}"))?;
    Ok(response.status() != 404)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(requests_per_s: f64, p99_ms: f64) -> Outcome {
        Outcome { requests_per_s, p50_ms: 0.5, p99_ms, requests: 10, ..Default::default() }
    }

    fn comparison(verdict: std::result::Result<(), String>) -> same_answer::Comparison {
        let answer = same_answer::WireAnswer {
            status_line: "HTTP/1.1 200 OK".into(),
            headers: vec![],
            body: String::new(),
            wire_bytes: 0,
        };
        same_answer::Comparison { edge: answer.clone(), nginx: answer, verdict }
    }

    #[test]
    fn figures_are_medians_over_rounds_and_errors_add_up() {
        let round = |rps, p99| Round {
            time: outcome(rps, p99),
            nginx: outcome(100.0, 1.0),
            nginx_204: outcome(200.0, 1.0),
            check: None,
            ratio: rps / 100.0,
            ratio_204: rps / 200.0,
        };
        let rounds = [round(90.0, 3.0), round(120.0, 1.0), round(100.0, 2.0)];
        let time = median_of(&rounds, |r| Some(r.time)).unwrap();
        assert_eq!((time.requests_per_s, time.p99_ms, time.requests), (100.0, 2.0, 30));
        assert_eq!(median_of(&rounds, |r| r.check), None);
        let plan = Plan {
            quick: true,
            page_loads: 1,
            network_loads: 1,
            load: wrk::Load { threads: 1, connections: 1, duration: Default::default() },
            load_rounds: 3,
            soak: Default::default(),
            worker_starts: 1,
            worker_requests: 1,
        };
        let rows = throughput_rows(&rounds, &plan, &comparison(Ok(())));
        assert!(rows[0].value.starts_with("1.00 (100 vs 100 req/s"));
        assert_eq!(rows[0].status, Status::Met);
        assert!(rows[2].value.starts_with("0.50 (100 vs 200 req/s"), "{}", rows[2].value);
        assert_eq!(rows[2].status, Status::Info);
        // A reference that answers otherwise is no reference: the row fails whatever the figures.
        let rows = throughput_rows(&rounds, &plan, &comparison(Err("not the same answer: body".into())));
        assert_eq!(rows[0].status, Status::Failed);
        assert!(rows[0].value.starts_with("not the same answer"), "{}", rows[0].value);
    }
}
