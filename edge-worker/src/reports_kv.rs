//! Helpdesk reports on Workers KV: one key per short code, the report as JSON, written with KV's
//! `expirationTtl` set to the report's remaining lifetime, so KV deletes it by itself.
//!
//! KV is eventually consistent across locations: a report is read back where the helpdesk is, which
//! may lag its upload by up to a minute elsewhere; the code check on upload is best effort (codes are
//! random, so a clash is already unlikely). KV has no count of its keys: the store quota of
//! `[limits]` is not enforced here; the upload rate limit (Rate Limiting binding) and the account's
//! KV limits bound it.
//!
//! Signed-out helpdesk sessions are keys too, expiring with the session: a sign-out may take up to a
//! minute to reach other locations.

use preflight_core::report::{Report, ShortCode, is_expired};
use preflight_core::time::UnixMs;
use preflight_edge::reports::store::{PutOutcome, ReportStore, StoreError, StoreFuture, StoreQuota};
use worker::KvStore;
use worker::send::{SendFuture, SendWrapper};

const KEY_PREFIX: &str = "report:";
const REVOKED_PREFIX: &str = "revoked-session:";
/// KV refuses a shorter `expirationTtl`.
const KV_MIN_TTL_SECONDS: i64 = 60;

pub struct KvReportStore(SendWrapper<KvStore>);

impl KvReportStore {
    pub fn new(kv: KvStore) -> Self {
        KvReportStore(SendWrapper::new(kv))
    }

    async fn read(&self, key: &str) -> Result<Option<Report>, StoreError> {
        let text = self.0.get(key).text().await.map_err(|e| StoreError::Unavailable(e.to_string()))?;
        text.map(|t| serde_json::from_str(&t).map_err(|e| StoreError::Corrupt(e.to_string()))).transpose()
    }
}

fn key(code: &ShortCode) -> String {
    format!("{KEY_PREFIX}{}", code.as_str())
}

impl ReportStore for KvReportStore {
    fn put<'a>(
        &'a self,
        code: &'a ShortCode,
        report: &'a Report,
        now: UnixMs,
        _quota: StoreQuota,
    ) -> StoreFuture<'a, PutOutcome> {
        Box::pin(SendFuture::new(async move {
            let key = key(code);
            if self.read(&key).await?.is_some_and(|live| !is_expired(live.expires_at_ms, now)) {
                return Ok(PutOutcome::CodeTaken);
            }
            let json = serde_json::to_string(report).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let ttl_seconds = (report.expires_at_ms.millis_since(now) / 1000).max(KV_MIN_TTL_SECONDS);
            let put = self.0.put(&key, json).map_err(|e| StoreError::Unavailable(e.to_string()))?;
            put.expiration_ttl(ttl_seconds as u64)
                .execute()
                .await
                .map_err(|e| StoreError::Unavailable(e.to_string()))?;
            Ok(PutOutcome::Stored)
        }))
    }

    fn get<'a>(&'a self, code: &'a ShortCode, now: UnixMs) -> StoreFuture<'a, Option<Report>> {
        Box::pin(SendFuture::new(async move {
            let key = key(code);
            match self.read(&key).await? {
                Some(report) if is_expired(report.expires_at_ms, now) => {
                    self.0.delete(&key).await.map_err(|e| StoreError::Unavailable(e.to_string()))?;
                    Ok(None)
                }
                found => Ok(found),
            }
        }))
    }

    /// KV deletes expired reports itself (`expirationTtl`).
    fn purge_expired(&self, _now: UnixMs) -> StoreFuture<'_, u64> {
        Box::pin(async { Ok(0) })
    }

    fn revoke_session<'a>(&'a self, id: &'a str, until: UnixMs) -> StoreFuture<'a, ()> {
        Box::pin(SendFuture::new(async move {
            let ttl_seconds = (until.millis_since(UnixMs::from_clock_reading(preflight_edge::read_clock())) / 1000)
                .max(KV_MIN_TTL_SECONDS);
            let put = self
                .0
                .put(&format!("{REVOKED_PREFIX}{id}"), "1")
                .map_err(|e| StoreError::Unavailable(e.to_string()))?;
            put.expiration_ttl(ttl_seconds as u64).execute().await.map_err(|e| StoreError::Unavailable(e.to_string()))
        }))
    }

    fn session_revoked<'a>(&'a self, id: &'a str, _now: UnixMs) -> StoreFuture<'a, bool> {
        Box::pin(SendFuture::new(async move {
            let found = self.0.get(&format!("{REVOKED_PREFIX}{id}")).text().await;
            found.map(|v| v.is_some()).map_err(|e| StoreError::Unavailable(e.to_string()))
        }))
    }
}
