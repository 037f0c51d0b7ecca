//! `[limits]`: what one edge gives to clients — connections, timeouts, the report store's size.
//!
//! Every value has a default that suits a login page (below, and in README's "Limits and
//! hardening"); a deployment changes one by naming it. Rate limits per client are constants of the
//! edge, listed in README too.

use std::ops::RangeInclusive;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::Spanned;
use super::errors::{ConfigError, error_at};

/// A client has this long to send a whole request head, from the moment the edge waits for one
/// (a new connection, or the end of the previous answer). Half-sent requests are closed then.
pub const HEADER_READ_TIMEOUT_SECONDS: u64 = 10;
/// A connection with no request in progress is closed after this long.
pub const KEEP_ALIVE_TIMEOUT_SECONDS: u64 = 5;
/// A request body (a check, a report, a form) must arrive whole within this long.
pub const REQUEST_BODY_TIMEOUT_SECONDS: u64 = 10;
/// Open connections at most; past it, the longest-idle connection makes room, and when none is idle
/// the new one is closed at once. The edge also keeps it below its open-files limit. A connection
/// holds about 25 KB: 256 keep the edge within 30 MB whatever clients hold open (the soak measured
/// 31 MB with 512), and idle ones make room, so only requests in progress at the same instant
/// count against it — an evicted browser merely opens a new connection.
pub const MAX_CONNECTIONS: u64 = 256;
/// On SIGTERM or SIGINT, requests in progress get this long to finish before the edge exits.
pub const SHUTDOWN_GRACE_SECONDS: u64 = 10;
/// Reports kept at most, all clients together; past it uploads get 503 until reports expire.
pub const MAX_STORED_REPORTS: u64 = 20_000;
/// Bytes of stored reports at most (reports are ≤ 8 KB each), all clients together.
pub const MAX_STORE_MEGABYTES: u64 = 64;

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsConfig {
    #[serde(default = "header_read_timeout")]
    pub header_read_timeout_seconds: Spanned<u64>,
    #[serde(default = "keep_alive_timeout")]
    pub keep_alive_timeout_seconds: Spanned<u64>,
    #[serde(default = "request_body_timeout")]
    pub request_body_timeout_seconds: Spanned<u64>,
    #[serde(default = "max_connections")]
    pub max_connections: Spanned<u64>,
    #[serde(default = "shutdown_grace")]
    pub shutdown_grace_seconds: Spanned<u64>,
    #[serde(default = "max_stored_reports")]
    pub max_stored_reports: Spanned<u64>,
    #[serde(default = "max_store_megabytes")]
    pub max_store_megabytes: Spanned<u64>,
}

fn header_read_timeout() -> Spanned<u64> {
    Spanned::new(0..0, HEADER_READ_TIMEOUT_SECONDS)
}
fn keep_alive_timeout() -> Spanned<u64> {
    Spanned::new(0..0, KEEP_ALIVE_TIMEOUT_SECONDS)
}
fn request_body_timeout() -> Spanned<u64> {
    Spanned::new(0..0, REQUEST_BODY_TIMEOUT_SECONDS)
}
fn max_connections() -> Spanned<u64> {
    Spanned::new(0..0, MAX_CONNECTIONS)
}
fn shutdown_grace() -> Spanned<u64> {
    Spanned::new(0..0, SHUTDOWN_GRACE_SECONDS)
}
fn max_stored_reports() -> Spanned<u64> {
    Spanned::new(0..0, MAX_STORED_REPORTS)
}
fn max_store_megabytes() -> Spanned<u64> {
    Spanned::new(0..0, MAX_STORE_MEGABYTES)
}

impl Default for LimitsConfig {
    fn default() -> Self {
        LimitsConfig {
            header_read_timeout_seconds: header_read_timeout(),
            keep_alive_timeout_seconds: keep_alive_timeout(),
            request_body_timeout_seconds: request_body_timeout(),
            max_connections: max_connections(),
            shutdown_grace_seconds: shutdown_grace(),
            max_stored_reports: max_stored_reports(),
            max_store_megabytes: max_store_megabytes(),
        }
    }
}

impl LimitsConfig {
    /// Each value, its name and the range it must be in.
    fn ranges(&self) -> [(&'static str, &Spanned<u64>, RangeInclusive<u64>); 7] {
        [
            ("header_read_timeout_seconds", &self.header_read_timeout_seconds, 1..=300),
            ("keep_alive_timeout_seconds", &self.keep_alive_timeout_seconds, 1..=300),
            ("request_body_timeout_seconds", &self.request_body_timeout_seconds, 1..=300),
            ("max_connections", &self.max_connections, 16..=1_000_000),
            ("shutdown_grace_seconds", &self.shutdown_grace_seconds, 0..=300),
            ("max_stored_reports", &self.max_stored_reports, 1..=10_000_000),
            ("max_store_megabytes", &self.max_store_megabytes, 1..=100_000),
        ]
    }

    pub(super) fn validate(&self, text: &str, errors: &mut Vec<ConfigError>) {
        for (name, value, range) in self.ranges() {
            if !range.contains(value.get_ref()) {
                let message = format!("`limits.{name}` must be {} to {}", range.start(), range.end());
                errors.push(error_at(text, value.span(), message));
            }
        }
    }

    pub fn header_read_timeout(&self) -> Duration {
        Duration::from_secs(*self.header_read_timeout_seconds.get_ref())
    }
    pub fn keep_alive_timeout(&self) -> Duration {
        Duration::from_secs(*self.keep_alive_timeout_seconds.get_ref())
    }
    pub fn request_body_timeout(&self) -> Duration {
        Duration::from_secs(*self.request_body_timeout_seconds.get_ref())
    }
    pub fn max_connections(&self) -> usize {
        usize::try_from(*self.max_connections.get_ref()).unwrap_or(usize::MAX)
    }
    pub fn shutdown_grace(&self) -> Duration {
        Duration::from_secs(*self.shutdown_grace_seconds.get_ref())
    }
    pub fn max_stored_reports(&self) -> u64 {
        *self.max_stored_reports.get_ref()
    }
    pub fn max_store_bytes(&self) -> u64 {
        self.max_store_megabytes.get_ref().saturating_mul(1_000_000)
    }
}

#[cfg(test)]
mod tests {
    use super::super::DeploymentConfig;

    const BASE: &str = "[portal]\nname = \"p\"\nversion = \"1\"\n";

    #[test]
    fn defaults_suit_a_login_page() {
        let limits = DeploymentConfig::parse(BASE).unwrap().limits;
        assert_eq!(limits.header_read_timeout().as_secs(), 10);
        assert_eq!(limits.keep_alive_timeout().as_secs(), 5);
        assert_eq!(limits.max_connections(), 256);
        assert_eq!(limits.max_store_bytes(), 64_000_000);
    }

    #[test]
    fn values_are_read_and_out_of_range_ones_are_refused_at_their_place() {
        let ok = DeploymentConfig::parse(&format!("{BASE}[limits]\nmax_connections = 64\n")).unwrap();
        assert_eq!(ok.limits.max_connections(), 64);
        let text = format!("{BASE}[limits]\nheader_read_timeout_seconds = 0\nmax_connections = 3\n");
        let err = DeploymentConfig::parse(&text).unwrap_err();
        let at: Vec<(usize, usize)> = err.0.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(at, vec![(5, 31), (6, 19)], "{err}");
        assert!(err.to_string().contains("`limits.max_connections` must be 16 to 1000000"), "{err}");
    }
}
