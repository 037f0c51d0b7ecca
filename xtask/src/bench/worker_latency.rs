//! The edge on Workers, timed in `wrangler dev --local` (workerd on loopback) beside the smallest
//! JavaScript worker answering the same `GET /api/time` (`xtask/bench/reference-worker/`), in the
//! same run: the first request after each start (cold start: the isolate, its module and, for the
//! edge, the wasm instance and the config read on the first request), then requests one after
//! another on a kept-alive connection, alternating between the two workers so that both see the
//! same machine. Ratios only: workerd on this machine is not Cloudflare's network, and wrangler's
//! own proxy sits in front of both.

use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::json;

use super::report::{Row, Section};
use super::stats::summarise;
use super::{Plan, soak};
use crate::wrangler::{self, Ready, WranglerDev};
use crate::{Result, root};

const AREA: &str = "workers";
const REFERENCE_CONFIG: &str = "xtask/bench/reference-worker/wrangler.toml";
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, Default, Serialize)]
struct Timings {
    /// The first `GET /api/time` after each start, in ms.
    cold_ms: Vec<f64>,
    /// Later `GET /api/time`, in ms.
    time_ms: Vec<f64>,
    /// `POST /api/check` (the edge only), in ms.
    check_ms: Vec<f64>,
}

/// Needs the worker built into `edge/build/` (`worker_size` builds it first).
pub fn measure(plan: &Plan) -> Result<Section> {
    wrangler::ensure_packages()?;
    let check_body = serde_json::to_vec(&soak::visits::healthy_browser()).map_err(|e| e.to_string())?;
    let (mut edge, mut reference) = (Timings::default(), Timings::default());
    let state = root().join("target/bench/wrangler-state");
    for start in 0..plan.worker_starts {
        let _ = std::fs::remove_dir_all(&state);
        let edge_dev = WranglerDev::start_with(None, &state.join("edge"), &[], Ready::Listening)?;
        let edge_agent = agent();
        edge.cold_ms.push(timed(|| get_time(&edge_agent, &edge_dev.url))?);
        let reference_config = root().join(REFERENCE_CONFIG);
        let reference_dev =
            WranglerDev::start_with(Some(&reference_config), &state.join("reference"), &[], Ready::Listening)?;
        let reference_agent = agent();
        reference.cold_ms.push(timed(|| get_time(&reference_agent, &reference_dev.url))?);
        // Warm requests once, after the first start.
        if start == 0 {
            for _ in 0..plan.worker_requests {
                edge.time_ms.push(timed(|| get_time(&edge_agent, &edge_dev.url))?);
                reference.time_ms.push(timed(|| get_time(&reference_agent, &reference_dev.url))?);
                edge.check_ms.push(timed(|| post_check(&edge_agent, &edge_dev.url, &check_body))?);
            }
        }
    }
    let _ = std::fs::remove_dir_all(&state);
    let rows = rows(&edge, &reference);
    Ok(Section { rows, details: json!({ "edge": edge, "reference": reference }) })
}

fn rows(edge: &Timings, reference: &Timings) -> Vec<Row> {
    let median = |ms: &[f64]| summarise(ms).map_or(f64::NAN, |s| s.median);
    let p95 = |ms: &[f64]| summarise(ms).map_or(f64::NAN, |s| s.p95);
    let (cold, cold_reference) = (median(&edge.cold_ms), median(&reference.cold_ms));
    let (time, time_reference, check) = (median(&edge.time_ms), median(&reference.time_ms), median(&edge.check_ms));
    let n = |ms: &[f64]| ms.len();
    vec![
        Row::info(
            AREA,
            "cold start: first GET /api/time after `wrangler dev --local` starts, edge / JS reference",
            format!(
                "{:.2} ({cold:.0} vs {cold_reference:.0} ms, median of {} starts each)",
                cold / cold_reference,
                n(&edge.cold_ms)
            ),
        ),
        Row::info(
            AREA,
            "GET /api/time latency in workerd, edge / JS reference",
            format!(
                "{:.2} (median {time:.2} vs {time_reference:.2} ms, p95 {:.2} vs {:.2} ms; {} requests each)",
                time / time_reference,
                p95(&edge.time_ms),
                p95(&reference.time_ms),
                n(&edge.time_ms)
            ),
        ),
        Row::info(
            AREA,
            "POST /api/check latency in workerd, edge / JS reference's GET /api/time",
            format!(
                "{:.2} (median {check:.2} vs {time_reference:.2} ms, p95 {:.2} ms; {} requests)",
                check / time_reference,
                p95(&edge.check_ms),
                n(&edge.check_ms)
            ),
        ),
    ]
}

fn agent() -> ureq::Agent {
    let config = ureq::Agent::config_builder().timeout_global(Some(REQUEST_TIMEOUT)).build();
    ureq::Agent::new_with_config(config)
}

/// The wall time of `request`, in ms.
fn timed(request: impl FnOnce() -> Result) -> Result<f64> {
    let started = Instant::now();
    request()?;
    Ok(started.elapsed().as_secs_f64() * 1000.0)
}

fn get_time(agent: &ureq::Agent, base: &str) -> Result {
    let url = format!("{base}/api/time");
    let mut response = agent.get(&url).call().map_err(|e| format!("{url}: {e}"))?;
    let body = response.body_mut().read_to_string().map_err(|e| format!("{url}: {e}"))?;
    let answer: preflight_core::protocol::TimeProbeResponse =
        serde_json::from_str(&body).map_err(|e| format!("{url}: not a time probe's answer ({e}): {body}"))?;
    if answer.t1 <= 0.0 {
        return Err(format!("{url}: no edge time in {body}"));
    }
    Ok(())
}

fn post_check(agent: &ureq::Agent, base: &str, body: &[u8]) -> Result {
    let url = format!("{base}/api/check");
    let mut response =
        agent.post(&url).header("content-type", "application/json").send(body).map_err(|e| format!("{url}: {e}"))?;
    let answer = response.body_mut().read_to_string().map_err(|e| format!("{url}: {e}"))?;
    if !answer.contains("\"findings\"") {
        return Err(format!("{url}: no findings in {answer}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_ratios_of_medians() {
        let edge = Timings { cold_ms: vec![300.0, 200.0, 900.0], time_ms: vec![2.0, 4.0], check_ms: vec![6.0] };
        let reference = Timings { cold_ms: vec![100.0], time_ms: vec![1.0, 3.0], check_ms: vec![] };
        let rows = rows(&edge, &reference);
        assert!(rows[0].value.starts_with("3.00 (300 vs 100 ms, median of 3 starts"), "{}", rows[0].value);
        assert!(rows[1].value.starts_with("1.50 (median 3.00 vs 2.00 ms"), "{}", rows[1].value);
        assert!(rows[2].value.starts_with("3.00 (median 6.00 vs 2.00 ms"), "{}", rows[2].value);
    }

    #[test]
    fn the_reference_worker_answers_with_the_edge_s_api_headers() {
        let worker = std::fs::read_to_string(root().join("xtask/bench/reference-worker/worker.js")).unwrap();
        for header in ["no-store", "nosniff", "frame-ancestors 'none'", "DENY", "same-origin", "application/json"] {
            assert!(worker.contains(header), "the reference worker lacks {header}");
        }
        assert!(root().join(REFERENCE_CONFIG).is_file());
    }
}
