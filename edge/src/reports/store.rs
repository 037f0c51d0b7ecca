//! Where reports are kept: a trait object in `AppState`, so each host brings its own storage
//! (embedded SQLite natively, Workers KV on Cloudflare, memory in tests), or [`UnavailableStore`]
//! when it has none that works: the rest of the edge serves on. Futures are boxed and `Send` so handlers stay
//! `Send`; a host whose futures are not `Send` wraps them (on Workers, `worker::send::SendFuture`).

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;

use preflight_core::report::{Report, ShortCode, is_expired};
use preflight_core::time::UnixMs;

pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the storage is not available: {0}")]
    Unavailable(String),
    #[error("a stored report cannot be read: {0}")]
    Corrupt(String),
}

/// Whether `put` stored the report, or another live report already has that code, or the store
/// holds as much as it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PutOutcome {
    Stored,
    CodeTaken,
    Full,
}

/// How much all live reports together may take (`[limits] max_stored_reports`, `max_store_megabytes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreQuota {
    pub max_reports: u64,
    pub max_bytes: u64,
}

impl StoreQuota {
    /// Whether one more report of `bytes` fits beside `count` reports of `total` bytes.
    pub fn admits(&self, count: u64, total: u64, bytes: u64) -> bool {
        count < self.max_reports && total.saturating_add(bytes) <= self.max_bytes
    }
}

/// Whether reports can be stored and read now, for `/healthz`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreHealth {
    Available,
    Unavailable(String),
}

pub trait ReportStore: Send + Sync {
    /// Stores `report` under `code` until `report.expires_at_ms` (each record carries its own
    /// expiry), if `quota` admits it. Resolves only once the report is durable: its code may then
    /// be shown to the agent.
    fn put<'a>(
        &'a self,
        code: &'a ShortCode,
        report: &'a Report,
        now: UnixMs,
        quota: StoreQuota,
    ) -> StoreFuture<'a, PutOutcome>;

    /// The live report under `code`; an expired one is deleted on the way and never returned.
    fn get<'a>(&'a self, code: &'a ShortCode, now: UnixMs) -> StoreFuture<'a, Option<Report>>;

    /// Deletes every expired report; returns how many.
    fn purge_expired(&self, now: UnixMs) -> StoreFuture<'_, u64>;

    /// Remembers that the helpdesk session `id` was signed out, until it would have expired.
    fn revoke_session<'a>(&'a self, id: &'a str, until: UnixMs) -> StoreFuture<'a, ()>;

    /// Whether the helpdesk session `id` was signed out.
    fn session_revoked<'a>(&'a self, id: &'a str, now: UnixMs) -> StoreFuture<'a, bool>;

    /// How many live reports the store holds, and their bytes (what the quota counts), for the
    /// operators' metrics; `None` where the store cannot tell cheaply (KV).
    fn usage(&self, now: UnixMs) -> StoreFuture<'_, Option<(u64, u64)>> {
        let _ = now;
        Box::pin(async { Ok(None) })
    }

    fn health(&self) -> StoreHealth {
        StoreHealth::Available
    }
}

/// A store that could not be opened (a corrupt or unreadable database): every call says why, so
/// that report endpoints answer 503 with the reason while the rest of the edge serves.
pub struct UnavailableStore(pub String);

impl UnavailableStore {
    fn refuse<T>(&self) -> StoreFuture<'_, T> {
        let reason = self.0.clone();
        Box::pin(async move { Err(StoreError::Unavailable(reason)) })
    }
}

impl ReportStore for UnavailableStore {
    fn put<'a>(&'a self, _: &'a ShortCode, _: &'a Report, _: UnixMs, _: StoreQuota) -> StoreFuture<'a, PutOutcome> {
        self.refuse()
    }

    fn get<'a>(&'a self, _: &'a ShortCode, _: UnixMs) -> StoreFuture<'a, Option<Report>> {
        self.refuse()
    }

    fn purge_expired(&self, _: UnixMs) -> StoreFuture<'_, u64> {
        self.refuse()
    }

    fn revoke_session<'a>(&'a self, _: &'a str, _: UnixMs) -> StoreFuture<'a, ()> {
        self.refuse()
    }

    fn session_revoked<'a>(&'a self, _: &'a str, _: UnixMs) -> StoreFuture<'a, bool> {
        self.refuse()
    }

    fn health(&self) -> StoreHealth {
        StoreHealth::Unavailable(self.0.clone())
    }
}

/// The serialized size of a report, as the stores count it against their quota.
pub fn stored_bytes(report: &Report) -> u64 {
    serde_json::to_vec(report).map_or(u64::MAX, |json| json.len() as u64)
}

/// Reports in memory: for tests, and for an edge started without storage.
#[derive(Default)]
pub struct MemoryStore {
    reports: Mutex<HashMap<String, Report>>,
    revoked_sessions: Mutex<HashMap<String, UnixMs>>,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl MemoryStore {
    fn reports(&self) -> std::sync::MutexGuard<'_, HashMap<String, Report>> {
        lock(&self.reports)
    }
}

impl ReportStore for MemoryStore {
    fn usage(&self, now: UnixMs) -> StoreFuture<'_, Option<(u64, u64)>> {
        Box::pin(async move {
            let reports = self.reports();
            let live = reports.values().filter(|r| !is_expired(r.expires_at_ms, now));
            Ok(Some(live.fold((0, 0), |(n, bytes), r| (n + 1, bytes + stored_bytes(r)))))
        })
    }

    fn put<'a>(
        &'a self,
        code: &'a ShortCode,
        report: &'a Report,
        now: UnixMs,
        quota: StoreQuota,
    ) -> StoreFuture<'a, PutOutcome> {
        Box::pin(async move {
            let mut reports = self.reports();
            let live = reports.values().filter(|r| !is_expired(r.expires_at_ms, now));
            let (count, total) = live.fold((0, 0), |(n, bytes), r| (n + 1, bytes + stored_bytes(r)));
            match reports.get(code.as_str()) {
                Some(live) if !is_expired(live.expires_at_ms, now) => Ok(PutOutcome::CodeTaken),
                _ if !quota.admits(count, total, stored_bytes(report)) => Ok(PutOutcome::Full),
                _ => {
                    reports.insert(code.as_str().to_owned(), report.clone());
                    Ok(PutOutcome::Stored)
                }
            }
        })
    }

    fn get<'a>(&'a self, code: &'a ShortCode, now: UnixMs) -> StoreFuture<'a, Option<Report>> {
        Box::pin(async move {
            let mut reports = self.reports();
            match reports.get(code.as_str()) {
                Some(r) if is_expired(r.expires_at_ms, now) => {
                    reports.remove(code.as_str());
                    Ok(None)
                }
                found => Ok(found.cloned()),
            }
        })
    }

    fn purge_expired(&self, now: UnixMs) -> StoreFuture<'_, u64> {
        Box::pin(async move {
            let mut reports = self.reports();
            let before = reports.len();
            reports.retain(|_, r| !is_expired(r.expires_at_ms, now));
            lock(&self.revoked_sessions).retain(|_, until| !is_expired(*until, now));
            Ok((before - reports.len()) as u64)
        })
    }

    fn revoke_session<'a>(&'a self, id: &'a str, until: UnixMs) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            lock(&self.revoked_sessions).insert(id.to_owned(), until);
            Ok(())
        })
    }

    fn session_revoked<'a>(&'a self, id: &'a str, now: UnixMs) -> StoreFuture<'a, bool> {
        Box::pin(async move { Ok(lock(&self.revoked_sessions).get(id).is_some_and(|until| !is_expired(*until, now))) })
    }
}

/// The same contract, checked against every implementation.
#[cfg(test)]
pub(crate) mod contract {
    use super::*;
    use preflight_core::channel::AccessClass;
    use preflight_core::checks::BrowserObservations;
    use preflight_core::report::{DeviceSummary, REPORT_VERSION};

    /// An instant of the contract's story, in ms.
    pub fn ms(ms: i64) -> UnixMs {
        UnixMs::from_millis(ms)
    }

    pub fn report(received_at_ms: i64, expires_at_ms: i64) -> Report {
        Report {
            v: REPORT_VERSION,
            ticket: Some("INC-1".into()),
            agent_id: None,
            received_at_ms: ms(received_at_ms),
            expires_at_ms: ms(expires_at_ms),
            portal_version: "1".into(),
            edge_version: "0".into(),
            access: AccessClass::Unknown,
            site: None,
            device: DeviceSummary::default(),
            observations: BrowserObservations::default(),
            sign_in_error: None,
            findings: Vec::new(),
        }
    }

    pub const ROOMY: StoreQuota = StoreQuota { max_reports: 1_000, max_bytes: 1_000_000 };

    pub async fn check(store: &dyn ReportStore) {
        let a = ShortCode::from_random([1, 2, 3, 4, 5, 6, 7, 8]);
        let b = ShortCode::from_random([9; 8]);
        let live = report(1_000, 10_000);
        assert_eq!(store.put(&a, &live, ms(1_000), ROOMY).await.unwrap(), PutOutcome::Stored);
        assert_eq!(store.put(&a, &report(2_000, 20_000), ms(2_000), ROOMY).await.unwrap(), PutOutcome::CodeTaken);
        assert_eq!(store.get(&a, ms(5_000)).await.unwrap(), Some(live.clone()));
        assert_eq!(store.get(&b, ms(5_000)).await.unwrap(), None);
        // Expired: never returned, deleted on read.
        assert_eq!(store.get(&a, ms(10_000)).await.unwrap(), None);
        assert_eq!(store.get(&a, ms(5_000)).await.unwrap(), None, "deleted, not just hidden");
        // An expired code may be given again.
        assert_eq!(store.put(&a, &report(11_000, 12_000), ms(11_000), ROOMY).await.unwrap(), PutOutcome::Stored);
        assert_eq!(store.put(&b, &report(11_000, 50_000), ms(11_000), ROOMY).await.unwrap(), PutOutcome::Stored);
        assert_eq!(store.purge_expired(ms(12_000)).await.unwrap(), 1);
        assert_eq!(store.get(&a, ms(11_500)).await.unwrap(), None);
        assert!(store.get(&b, ms(12_000)).await.unwrap().is_some());
        assert_eq!(store.purge_expired(ms(12_000)).await.unwrap(), 0);
        assert_eq!(store.health(), StoreHealth::Available);
        // Signed-out sessions are remembered until they would have expired.
        assert!(!store.session_revoked("s1", ms(12_000)).await.unwrap());
        store.revoke_session("s1", ms(20_000)).await.unwrap();
        assert!(store.session_revoked("s1", ms(12_000)).await.unwrap());
        assert!(!store.session_revoked("s2", ms(12_000)).await.unwrap());
        assert!(!store.session_revoked("s1", ms(20_000)).await.unwrap(), "expired anyway");
        store.purge_expired(ms(20_000)).await.unwrap();
        assert!(!store.session_revoked("s1", ms(12_000)).await.unwrap(), "forgotten once expired");
    }

    /// Live reports count against the quota, expired ones do not.
    pub async fn check_quota(store: &dyn ReportStore) {
        let one = stored_bytes(&report(0, 10_000));
        let quota = StoreQuota { max_reports: 2, max_bytes: 3 * one };
        let code = |n: u8| ShortCode::from_random([n; 8]);
        assert_eq!(store.put(&code(1), &report(0, 10_000), ms(0), quota).await.unwrap(), PutOutcome::Stored);
        assert_eq!(store.put(&code(2), &report(0, 5_000), ms(0), quota).await.unwrap(), PutOutcome::Stored);
        assert_eq!(store.put(&code(3), &report(0, 10_000), ms(0), quota).await.unwrap(), PutOutcome::Full);
        assert_eq!(store.get(&code(3), ms(0)).await.unwrap(), None, "a refused report is not stored");
        // Once one has expired there is room again.
        assert_eq!(store.put(&code(3), &report(6_000, 10_000), ms(6_000), quota).await.unwrap(), PutOutcome::Stored);
        let by_bytes = StoreQuota { max_reports: 100, max_bytes: 2 * one };
        assert_eq!(store.put(&code(4), &report(6_000, 10_000), ms(6_000), by_bytes).await.unwrap(), PutOutcome::Full);
    }

    #[tokio::test]
    async fn memory_store_keeps_the_contract() {
        check(&MemoryStore::default()).await;
        check_quota(&MemoryStore::default()).await;
    }

    #[tokio::test]
    async fn an_unavailable_store_says_why_on_every_call() {
        let store = UnavailableStore("reports.sqlite3: file is not a database".into());
        let code = ShortCode::from_random([1; 8]);
        let err = store.put(&code, &report(0, 1), ms(0), ROOMY).await.unwrap_err();
        assert!(err.to_string().contains("file is not a database"), "{err}");
        assert!(store.get(&code, ms(0)).await.is_err());
        assert!(matches!(store.health(), StoreHealth::Unavailable(_)));
    }
}
