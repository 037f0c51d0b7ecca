//! Test-only network faults: on `/api/time` for the VPN monitor's browser tests, on `/api/check` for
//! the login line's (a slow first request, lost requests, a hanging edge).
//!
//! Compiled only with the `fault-injection` feature and enabled only by the `--inject-faults` flag at
//! start-up: no request can switch it on, and release builds do not contain it.

use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Faults {
    /// Every n-th time probe is never answered (the client times out): n = 0 drops none.
    pub drop_every: u64,
    /// Added to every answer.
    pub delay_ms: u64,
    /// Added to every other answer, on top of `delay_ms`.
    pub jitter_ms: u64,
    /// The first `POST /api/check` waits this long (a cold connection on a slow link).
    pub check_delay_first_ms: u64,
    /// The first n `POST /api/check` are never answered (lost; n large: the edge hangs).
    pub check_drop_first: u64,
}

impl FromStr for Faults {
    type Err = String;

    /// `drop_every=5,delay_ms=40,jitter_ms=150`, `check_delay_first_ms=1500`, `check_drop_first=1`
    fn from_str(text: &str) -> Result<Self, String> {
        let mut faults = Faults::default();
        for pair in text.split(',').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').ok_or_else(|| format!("`{pair}`: write key=value"))?;
            let value: u64 = value.parse().map_err(|_| format!("`{pair}`: the value must be a whole number"))?;
            match key {
                "drop_every" => faults.drop_every = value,
                "delay_ms" => faults.delay_ms = value,
                "jitter_ms" => faults.jitter_ms = value,
                "check_delay_first_ms" => faults.check_delay_first_ms = value,
                "check_drop_first" => faults.check_drop_first = value,
                _ => {
                    return Err(format!(
                        "unknown fault `{key}`: use drop_every, delay_ms, jitter_ms, check_delay_first_ms, \
                         check_drop_first"
                    ));
                }
            }
        }
        Ok(faults)
    }
}

/// The faults and how many time probes and checks came in so far.
pub type FaultState = Arc<(Faults, AtomicU64, AtomicU64)>;

pub async fn apply(faults: FaultState, request: Request, next: Next) -> Response {
    let (faults, probes, checks) = &*faults;
    if request.uri().path() == "/api/check" {
        let n = checks.fetch_add(1, Ordering::Relaxed) + 1;
        if n <= faults.check_drop_first {
            std::future::pending::<()>().await;
        }
        if n == 1 {
            tokio::time::sleep(Duration::from_millis(faults.check_delay_first_ms)).await;
        }
    }
    if request.uri().path() == "/api/time" {
        let n = probes.fetch_add(1, Ordering::Relaxed) + 1;
        if faults.drop_every > 0 && n.is_multiple_of(faults.drop_every) {
            std::future::pending::<()>().await;
        }
        let jitter = if n.is_multiple_of(2) { faults.jitter_ms } else { 0 };
        tokio::time::sleep(Duration::from_millis(faults.delay_ms + jitter)).await;
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_parse_and_reject_typos() {
        let f: Faults = "drop_every=5,delay_ms=40,jitter_ms=150".parse().unwrap();
        assert_eq!(f, Faults { drop_every: 5, delay_ms: 40, jitter_ms: 150, ..Faults::default() });
        let f: Faults = "check_delay_first_ms=1500,check_drop_first=2".parse().unwrap();
        assert_eq!(f, Faults { check_delay_first_ms: 1_500, check_drop_first: 2, ..Faults::default() });
        assert!("drop=5".parse::<Faults>().unwrap_err().contains("unknown fault"));
        assert!("delay_ms=x".parse::<Faults>().is_err());
    }
}
