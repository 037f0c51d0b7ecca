//! The soak: the release edge behind a (simulated) reverse proxy, under a paced mix of what agents
//! and the helpdesk do, from 100,000 client addresses, while a slow client holds 10,000 half-open
//! connections. The edge must answer every request (a 429 from a rate limit counts as an answer)
//! and stay within its memory budget.

mod client_addresses;
mod half_open;
pub(crate) mod keep_alive;
mod random;
mod tally;
mod traffic;
pub(crate) mod visits;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::json;

use super::edge_memory::{self, Memory, RSS_BUDGET_BYTES, mb};
use super::open_files;
use super::report::{Row, Section};
use crate::edge_process::{EdgeProcess, TEST_HELPDESK_TOKEN};
use crate::{Result, root};

const AREA: &str = "soak";
const LATENCY: &str = "mixed traffic: latency of the answers (2xx, 3xx, 429)";
/// The pace asked of the clients, and the least the edge must answer for the soak to count.
const TARGET_RATE: f64 = 2_500.0;
const RATE_BUDGET: f64 = 2_000.0;
const CLIENTS: usize = 64;
const HALF_OPEN: usize = 10_000;
const HALF_OPEN_OPENS_PER_S: u32 = 2_500;
/// Files the bench needs besides the soak's connections (binaries, pipes, the edge's stdout).
const OTHER_FILES: u64 = 256;
/// The example config's own line, and what the soak's copy says instead: the bench is the proxy.
const NO_PROXY: &str = "trusted_proxies = []";
const LOOPBACK_PROXY: &str = r#"trusted_proxies = ["127.0.0.1/32", "::1/128"]"#;

/// The edge's memory and open files, once a second.
#[derive(Debug, Serialize)]
struct Sample {
    second: u64,
    rss_bytes: Option<u64>,
    open_files: Option<usize>,
}

/// Everything one soak saw.
struct Soak {
    duration: Duration,
    traffic: tally::Tally,
    half_open: half_open::HalfOpenTally,
    at_start: Memory,
    /// `None` when the edge could not be read any more (it exited).
    at_end: Option<Memory>,
    exit: Option<String>,
    edge_open_files_at_end: Option<usize>,
    edge_open_file_limit: Option<u64>,
    bench_open_file_limit: u64,
    per_second: Vec<Sample>,
}

pub fn measure(duration: Duration, edge_bin: &Path, out: &Path) -> Result<Section> {
    check_widget_is_built()?;
    let config = behind_proxy_config(&out.join("soak"))?;
    let mut edge = EdgeProcess::start_with_config(edge_bin, &config)?;
    let addr: SocketAddr = edge.url.trim_start_matches("http://").parse().map_err(|e| format!("{}: {e}", edge.url))?;
    let pid = edge.pid();
    // Read before the bench raises its own limit: the edge keeps the one it was started with.
    let edge_open_file_limit = open_files::soft_limit_of(pid);
    let bench_open_file_limit = open_files::raise_own(HALF_OPEN as u64 + CLIENTS as u64 + OTHER_FILES)?;
    let half_open = half_open::HalfOpenLoad {
        connections: HALF_OPEN.min(bench_open_file_limit.saturating_sub(CLIENTS as u64 + OTHER_FILES) as usize),
        opens_per_s: HALF_OPEN_OPENS_PER_S,
        duration,
    };
    let pace = traffic::Pace { rate_per_s: TARGET_RATE, clients: CLIENTS, duration };
    let requests = visits::Requests::new(TEST_HELPDESK_TOKEN);
    let at_start = edge_memory::read(pid)?;
    eprintln!(
        "soak: {TARGET_RATE:.0} req/s from {CLIENTS} clients and {} half-open connections for {} s on {addr}",
        half_open.connections,
        duration.as_secs()
    );

    let (traffic, (half_open, held), per_second) = std::thread::scope(|scope| {
        let holder = scope.spawn(|| half_open::hold(addr, half_open));
        let clients = scope.spawn(|| traffic::run(addr, pace, &requests));
        let per_second = sample_edge(pid, duration);
        let traffic = clients.join().expect("the soak clients panicked");
        (traffic, holder.join().expect("the half-open client panicked"), per_second)
    });
    // Read while the half-open connections are still held: the end of the soak, not after it.
    let (at_end, edge_open_files_at_end) = (edge_memory::read(pid).ok(), open_files::open_by(pid));
    drop(held);
    let exit = edge.exit_status().map(|status| status.to_string());
    let soak = Soak {
        duration,
        traffic,
        half_open,
        at_start,
        at_end,
        exit,
        edge_open_files_at_end,
        edge_open_file_limit,
        bench_open_file_limit,
        per_second,
    };
    Ok(Section { rows: rows(&soak), details: details(&soak) })
}

fn rows(soak: &Soak) -> Vec<Row> {
    let latency = match soak.traffic.latency_ms() {
        Some((p50, p99)) => format!("p50 {p50:.2} ms, p99 {p99:.2} ms"),
        None => "no answer at all".into(),
    };
    vec![
        errors_row(&soak.traffic, soak.duration, soak.half_open.target),
        rate_row(&soak.traffic, soak.duration),
        Row::info(AREA, LATENCY, latency),
        memory_row(soak.at_start, soak.at_end, soak.exit.as_deref()),
        half_open_row(&soak.half_open, soak.edge_open_files_at_end, soak.edge_open_file_limit),
    ]
}

fn details(soak: &Soak) -> serde_json::Value {
    let percentiles = |(p50, p99): (f64, f64)| json!({ "p50": p50, "p99": p99 });
    let by_request: serde_json::Map<String, serde_json::Value> = soak
        .traffic
        .latency_ms_by_request()
        .into_iter()
        .map(|(request, latency)| (request.to_owned(), percentiles(latency)))
        .collect();
    json!({
        "duration_s": soak.duration.as_secs(),
        "pace": { "target_rate_per_s": TARGET_RATE, "clients": CLIENTS },
        "client_addresses": client_addresses::POOL_SIZE,
        "answered_rate_per_s": answered_rate(&soak.traffic, soak.duration),
        "latency_ms": soak.traffic.latency_ms().map(percentiles),
        "latency_ms_by_request": by_request,
        "traffic": soak.traffic,
        "half_open": soak.half_open,
        "memory_at_start": soak.at_start,
        "memory_at_end": soak.at_end,
        "edge_exit": soak.exit,
        "edge_open_files_at_end": soak.edge_open_files_at_end,
        "edge_open_file_limit": soak.edge_open_file_limit,
        "bench_open_file_limit": soak.bench_open_file_limit,
        "per_second": soak.per_second,
    })
}

fn errors_row(traffic: &tally::Tally, duration: Duration, half_open: usize) -> Row {
    let counts = traffic.counts;
    let mut value = format!("{} in {} requests", counts.errors, counts.total());
    if counts.errors > 0 {
        value += &format!(" ({})", traffic.error_kinds());
        if let Some((request, errors)) = traffic.most_errors() {
            value += &format!(", {errors} on {request}");
        }
        if let Some(second) = traffic.first_error_second() {
            value += &format!(", the first in second {second}");
        }
    }
    value += &format!("; {} limited (429)", counts.limited);
    let measure =
        format!("mixed traffic for {} s beside {half_open} half-open connections: errors", duration.as_secs());
    Row::budget(AREA, &measure, value, "0", counts.errors == 0 && counts.total() > 0)
}

/// Requests answered 2xx, 3xx or 429 per second.
fn answered_rate(traffic: &tally::Tally, duration: Duration) -> f64 {
    (traffic.counts.answered + traffic.counts.limited) as f64 / duration.as_secs_f64()
}

fn rate_row(traffic: &tally::Tally, duration: Duration) -> Row {
    let rate = answered_rate(traffic, duration);
    let sent = traffic.counts.total() as f64 / duration.as_secs_f64();
    let mut value = format!(
        "{rate:.0} req/s answered (2xx, 3xx, 429) of {sent:.0} sent, paced at {TARGET_RATE:.0} \
         ({CLIENTS} keep-alive connections, {} client addresses)",
        client_addresses::POOL_SIZE
    );
    if sent < TARGET_RATE * 0.98 {
        value += &format!("; the clients fell behind the pace ({} sends skipped)", traffic.skipped_sends);
    }
    Row::budget(AREA, "mixed traffic: answered req/s", value, &format!("≥ {RATE_BUDGET:.0} req/s"), rate >= RATE_BUDGET)
}

fn memory_row(at_start: Memory, at_end: Option<Memory>, exit: Option<&str>) -> Row {
    let measure = "edge RSS at the end and peak (VmRSS, VmHWM)";
    let Some(at_end) = at_end else {
        let value = format!("not read: the edge exited ({})", exit.unwrap_or("unknown status"));
        return Row::budget(AREA, measure, value, "≤ 30 MB", false);
    };
    let value = format!(
        "{:.1} MB at the end, peak {:.1} MB ({:.1} MB at the start)",
        mb(at_end.rss_bytes),
        mb(at_end.peak_bytes),
        mb(at_start.rss_bytes)
    );
    let met = at_end.rss_bytes <= RSS_BUDGET_BYTES && at_end.peak_bytes <= RSS_BUDGET_BYTES && exit.is_none();
    Row::budget(AREA, measure, value, "≤ 30 MB", met)
}

fn half_open_row(tally: &half_open::HalfOpenTally, open_files_at_end: Option<usize>, edge_limit: Option<u64>) -> Row {
    let mut value = format!(
        "{:.0} held on average of {} (peak {}); the edge closed {} and answered {}; {} connects failed",
        tally.held_mean,
        tally.target,
        tally.held_peak,
        tally.closed_by_edge,
        tally.answered_by_edge,
        tally.connect_failures
    );
    if let (Some(open), Some(limit)) = (open_files_at_end, edge_limit) {
        value += &format!("; edge files open at the end {open} of its limit {limit}");
    }
    Row::info(AREA, "half-open connections", value)
}

/// The edge's memory and open files once a second until the soak is over.
fn sample_edge(pid: u32, duration: Duration) -> Vec<Sample> {
    let start = Instant::now();
    let mut samples = Vec::new();
    for second in 0..=duration.as_secs() {
        std::thread::sleep((start + Duration::from_secs(second)).saturating_duration_since(Instant::now()));
        let rss_bytes = edge_memory::read(pid).ok().map(|m| m.rss_bytes);
        samples.push(Sample { second, rss_bytes, open_files: open_files::open_by(pid) });
    }
    samples
}

/// The login page's files must be there, or every page load would be a 404.
fn check_widget_is_built() -> Result {
    for file in visits::LOGIN_PAGE_FILES {
        let path = root().join("www").join(file.trim_start_matches('/'));
        let path = if file == "/" { path.join("index.html") } else { path };
        if !path.is_file() {
            return Err(format!("{} is missing: run `cargo xtask build` first", path.display()));
        }
    }
    Ok(())
}

/// The example config with the bench, on loopback, as the trusted reverse proxy.
fn behind_proxy_config(dir: &Path) -> Result<PathBuf> {
    let example = root().join("config/city-portal.toml");
    let text = std::fs::read_to_string(&example).map_err(|e| format!("{}: {e}", example.display()))?;
    let config = trust_loopback_proxy(&text)?;
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = dir.join("city-portal-behind-proxy.toml");
    std::fs::write(&path, config).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

fn trust_loopback_proxy(config: &str) -> Result<String> {
    match config.lines().filter(|l| l.trim() == NO_PROXY).count() {
        1 => Ok(config.replace(NO_PROXY, LOOPBACK_PROXY)),
        n => Err(format!("config/city-portal.toml has {n} `{NO_PROXY}` lines, the soak expects one to replace")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::report::Status;

    #[test]
    fn the_soak_config_trusts_loopback_only() {
        let example = std::fs::read_to_string(root().join("config/city-portal.toml")).unwrap();
        let config = trust_loopback_proxy(&example).unwrap();
        assert_eq!(config.lines().count(), example.lines().count());
        assert!(config.contains(r#"trusted_proxies = ["127.0.0.1/32", "::1/128"]"#));
        assert!(trust_loopback_proxy("[networks]\n").is_err());
    }

    #[test]
    fn any_error_misses_the_budget_and_says_when_it_began() {
        let mut traffic = tally::Tally::default();
        traffic.record("GET /", 0, tally::Outcome::Answered, Some(Duration::from_millis(1)));
        traffic.record("GET /", 0, tally::Outcome::Limited, Some(Duration::from_millis(1)));
        assert_eq!(errors_row(&traffic, Duration::from_secs(10), 100).status, Status::Met);
        traffic.record("GET /api/time", 4, tally::Outcome::Error("timeout".into()), None);
        let row = errors_row(&traffic, Duration::from_secs(10), 100);
        assert_eq!(row.status, Status::Missed);
        assert_eq!(
            row.value,
            "1 in 3 requests (timeout 1), 1 on GET /api/time, the first in second 4; 1 limited (429)"
        );
    }

    #[test]
    fn memory_is_judged_at_the_end_and_at_the_peak() {
        let memory = |rss_bytes, peak_bytes| Memory { rss_bytes, peak_bytes };
        let start = memory(9_000_000, 9_000_000);
        assert_eq!(memory_row(start, Some(memory(12_000_000, 20_000_000)), None).status, Status::Met);
        assert_eq!(memory_row(start, Some(memory(12_000_000, 31_000_000)), None).status, Status::Missed);
        let exited = memory_row(start, None, Some("signal: 9 (SIGKILL)"));
        assert_eq!(exited.status, Status::Missed);
        assert!(exited.value.contains("SIGKILL"));
    }
}
