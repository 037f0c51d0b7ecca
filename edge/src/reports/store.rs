//! Where reports are kept: a trait object in `AppState`, so each host brings its own storage
//! (embedded SQLite natively, Workers KV later). Futures are boxed and `Send` so handlers stay
//! `Send`; a host whose futures are not `Send` wraps them (on Workers, `worker::send::SendFuture`).

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;

use preflight_core::report::{Report, ShortCode, is_expired};

pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the report storage is not available: {0}")]
    Unavailable(String),
    #[error("a stored report cannot be read: {0}")]
    Corrupt(String),
}

/// Whether `put` stored the report, or another live report already has that code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PutOutcome {
    Stored,
    CodeTaken,
}

pub trait ReportStore: Send + Sync {
    /// Stores `report` under `code` until `report.expires_at_ms` (each record carries its own
    /// expiry). Resolves only once the report is durable: its code may then be shown to the agent.
    fn put<'a>(&'a self, code: &'a ShortCode, report: &'a Report, now_ms: i64) -> StoreFuture<'a, PutOutcome>;

    /// The live report under `code`; an expired one is deleted on the way and never returned.
    fn get<'a>(&'a self, code: &'a ShortCode, now_ms: i64) -> StoreFuture<'a, Option<Report>>;

    /// Deletes every expired report; returns how many.
    fn purge_expired(&self, now_ms: i64) -> StoreFuture<'_, u64>;
}

/// Reports in memory: for tests, and for an edge started without storage.
#[derive(Default)]
pub struct MemoryStore {
    reports: Mutex<HashMap<String, Report>>,
}

impl MemoryStore {
    fn reports(&self) -> std::sync::MutexGuard<'_, HashMap<String, Report>> {
        self.reports.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl ReportStore for MemoryStore {
    fn put<'a>(&'a self, code: &'a ShortCode, report: &'a Report, now_ms: i64) -> StoreFuture<'a, PutOutcome> {
        Box::pin(async move {
            let mut reports = self.reports();
            match reports.get(code.as_str()) {
                Some(live) if !is_expired(live.expires_at_ms, now_ms) => Ok(PutOutcome::CodeTaken),
                _ => {
                    reports.insert(code.as_str().to_owned(), report.clone());
                    Ok(PutOutcome::Stored)
                }
            }
        })
    }

    fn get<'a>(&'a self, code: &'a ShortCode, now_ms: i64) -> StoreFuture<'a, Option<Report>> {
        Box::pin(async move {
            let mut reports = self.reports();
            match reports.get(code.as_str()) {
                Some(r) if is_expired(r.expires_at_ms, now_ms) => {
                    reports.remove(code.as_str());
                    Ok(None)
                }
                found => Ok(found.cloned()),
            }
        })
    }

    fn purge_expired(&self, now_ms: i64) -> StoreFuture<'_, u64> {
        Box::pin(async move {
            let mut reports = self.reports();
            let before = reports.len();
            reports.retain(|_, r| !is_expired(r.expires_at_ms, now_ms));
            Ok((before - reports.len()) as u64)
        })
    }
}

/// The same contract, checked against every implementation.
#[cfg(test)]
pub(crate) mod contract {
    use super::*;
    use preflight_core::channel::AccessClass;
    use preflight_core::checks::BrowserObservations;
    use preflight_core::report::{DeviceSummary, REPORT_VERSION};

    pub fn report(received_at_ms: i64, expires_at_ms: i64) -> Report {
        Report {
            v: REPORT_VERSION,
            ticket: Some("INC-1".into()),
            agent_id: None,
            received_at_ms,
            expires_at_ms,
            portal_version: "1".into(),
            edge_version: "0".into(),
            access: AccessClass::Unknown,
            site: None,
            device: DeviceSummary::default(),
            observations: BrowserObservations::default(),
            findings: Vec::new(),
        }
    }

    pub async fn check(store: &dyn ReportStore) {
        let a = ShortCode::from_random([1, 2, 3, 4, 5, 6, 7, 8]);
        let b = ShortCode::from_random([9; 8]);
        let live = report(1_000, 10_000);
        assert_eq!(store.put(&a, &live, 1_000).await.unwrap(), PutOutcome::Stored);
        assert_eq!(store.put(&a, &report(2_000, 20_000), 2_000).await.unwrap(), PutOutcome::CodeTaken);
        assert_eq!(store.get(&a, 5_000).await.unwrap(), Some(live.clone()));
        assert_eq!(store.get(&b, 5_000).await.unwrap(), None);
        // Expired: never returned, deleted on read.
        assert_eq!(store.get(&a, 10_000).await.unwrap(), None);
        assert_eq!(store.get(&a, 5_000).await.unwrap(), None, "deleted, not just hidden");
        // An expired code may be given again.
        assert_eq!(store.put(&a, &report(11_000, 12_000), 11_000).await.unwrap(), PutOutcome::Stored);
        assert_eq!(store.put(&b, &report(11_000, 50_000), 11_000).await.unwrap(), PutOutcome::Stored);
        assert_eq!(store.purge_expired(12_000).await.unwrap(), 1);
        assert_eq!(store.get(&a, 11_500).await.unwrap(), None);
        assert!(store.get(&b, 12_000).await.unwrap().is_some());
        assert_eq!(store.purge_expired(12_000).await.unwrap(), 0);
    }

    #[tokio::test]
    async fn memory_store_keeps_the_contract() {
        check(&MemoryStore::default()).await;
    }
}
