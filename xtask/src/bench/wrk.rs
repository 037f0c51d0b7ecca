//! `wrk` runs and the figures read from its report.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde::Serialize;

use crate::Result;

/// Same for every server in a run, so that only the server differs.
#[derive(Debug, Clone, Copy)]
pub struct Load {
    pub threads: u32,
    pub connections: u32,
    pub duration: Duration,
}

impl Load {
    pub fn describe(&self) -> String {
        format!("{} threads, {} connections, {} s", self.threads, self.connections, self.duration.as_secs())
    }
}

/// What one wrk run measured.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Outcome {
    pub requests_per_s: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub requests: u64,
    /// Answers that were not 2xx or 3xx, and socket errors: a fast error is no throughput.
    pub non_2xx: u64,
    pub socket_errors: u64,
}

/// Runs wrk against `url` (optionally with a Lua script, e.g. for a POST) and reads its report.
pub fn run(wrk: &Path, load: &Load, url: &str, script: Option<&Path>) -> Result<Outcome> {
    let mut command = Command::new(wrk);
    command
        .arg(format!("--threads={}", load.threads))
        .arg(format!("--connections={}", load.connections))
        .arg(format!("--duration={}s", load.duration.as_secs().max(1)))
        .args(["--timeout=2s", "--latency"]);
    if let Some(script) = script {
        command.arg("--script").arg(script);
    }
    eprintln!("$ wrk {} {url}", load.describe());
    let output = command.arg(url).output().map_err(|e| format!("cannot start wrk: {e}"))?;
    let report = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!("wrk failed on {url}: {}{}", report, String::from_utf8_lossy(&output.stderr)));
    }
    parse(&report).ok_or_else(|| format!("cannot read wrk's report:\n{report}"))
}

/// Reads wrk's `--latency` report; `None` if a required figure is missing.
pub fn parse(report: &str) -> Option<Outcome> {
    let mut outcome = Outcome::default();
    let (mut rate, mut p50, mut p99) = (None, None, None);
    for line in report.lines().map(str::trim) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["Requests/sec:", value] => rate = value.parse().ok(),
            ["50%", value] => p50 = duration_ms(value),
            ["99%", value] => p99 = duration_ms(value),
            [count, "requests", "in", ..] => outcome.requests = count.parse().ok()?,
            ["Non-2xx", "or", "3xx", "responses:", count] => outcome.non_2xx = count.parse().ok()?,
            ["Socket", "errors:", rest @ ..] => outcome.socket_errors = socket_errors(rest),
            _ => {}
        }
    }
    outcome.requests_per_s = rate?;
    outcome.p50_ms = p50?;
    outcome.p99_ms = p99?;
    Some(outcome)
}

/// "connect 0, read 2, write 0, timeout 1" → 3.
fn socket_errors(words: &[&str]) -> u64 {
    words.iter().filter_map(|w| w.trim_end_matches(',').parse::<u64>().ok()).sum()
}

/// wrk's durations: "602.00us", "1.26ms", "2.00s", "1.00m".
fn duration_ms(text: &str) -> Option<f64> {
    let split = text.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = text.split_at(split);
    let scale = match unit {
        "us" => 0.001,
        "ms" => 1.0,
        "s" => 1000.0,
        "m" => 60_000.0,
        _ => return None,
    };
    Some(number.parse::<f64>().ok()? * scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "Running 10s test @ http://127.0.0.1:8080/api/time
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   636.45us  200.37us   8.05ms   83.54%
    Req/Sec    39.41k     2.11k   44.42k    71.00%
  Latency Distribution
     50%  602.00us
     75%  707.00us
     90%  836.00us
     99%    1.26ms
  784340 requests in 10.00s, 99.98MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 12
Requests/sec:  78430.21
Transfer/sec:     10.00MB
";

    #[test]
    fn reads_rate_percentiles_and_errors() {
        let outcome = parse(REPORT).unwrap();
        assert_eq!(outcome.requests_per_s, 78430.21);
        assert!((outcome.p50_ms - 0.602).abs() < 1e-9);
        assert_eq!(outcome.p99_ms, 1.26);
        assert_eq!(outcome.requests, 784_340);
        assert_eq!(outcome.non_2xx, 12);
        assert_eq!(outcome.socket_errors, 3);
    }

    #[test]
    fn a_report_without_the_rate_is_unreadable() {
        assert_eq!(parse("Running 1s test @ http://127.0.0.1:1/\n"), None);
    }

    #[test]
    fn durations_in_every_unit() {
        assert_eq!(duration_ms("2.00s"), Some(2000.0));
        assert_eq!(duration_ms("1.50m"), Some(90_000.0));
        assert_eq!(duration_ms("7.00ms"), Some(7.0));
        assert_eq!(duration_ms("7.00"), None);
        assert_eq!(duration_ms("7.00h"), None);
    }
}
