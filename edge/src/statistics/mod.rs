//! Friction statistics on the edge: each check's cell (core's `statistics::Cell`) counted once per
//! client and hour through core's de-duplication into a pending tally, which the host writes to its
//! store: natively every [`FLUSH_EVERY`] (and at shutdown); on Workers, which have no background
//! loop, after each answer ([`write_after_answer`]). Nothing about the client leaves memory: the
//! store only ever receives cells and counts.

pub mod sql;
#[cfg(feature = "sqlite")]
pub mod sqlite;
pub mod store;

#[cfg(feature = "native")]
use std::collections::HashSet;
use std::sync::Mutex;

use preflight_core::channel::classify::ClientKey;
use preflight_core::statistics::dedup::{HourlyDedup, SALT_BYTES};
#[cfg(feature = "native")]
use preflight_core::statistics::spikes::{BASELINE_HOURS, Scope};
use preflight_core::statistics::tally::PendingCounts;
use preflight_core::statistics::{Cell, CellCount, purge_due, retention_cutoff};
#[cfg(feature = "native")]
use preflight_core::statistics::{HOUR_MS, hour_of};
use preflight_core::time::UnixMs;

use crate::reports::store::StoreError;
use crate::state::AppState;

/// How often pending counts are written to the store (and spikes looked for), natively.
#[cfg(feature = "native")]
pub const FLUSH_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// The de-duplication, the pending counts, and the spikes already counted for the metrics.
#[derive(Default)]
pub struct Recorder {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    dedup: HourlyDedup,
    pending: PendingCounts,
    /// When old cells were last looked for by this process (or isolate).
    last_purge: Option<UnixMs>,
    /// The spikes of the current hour already counted (`preflight_friction_spikes_total`).
    #[cfg(feature = "native")]
    flagged: HashSet<(UnixMs, &'static str, Scope)>,
}

impl Recorder {
    /// Counts one check unless this client was already counted this hour. Returns whether the
    /// pending tally is full and should be written out now.
    pub fn record(&self, now: UnixMs, client: ClientKey, user_agent: &str, cell: Cell) -> bool {
        let mut inner = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if !inner.dedup.check(now, client, user_agent, fresh_salt).counts() {
            return false;
        }
        inner.pending.add(cell)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn take(&self) -> Vec<CellCount> {
        self.lock().pending.take()
    }

    /// Whether counts wait to be written, or old cells to be looked for.
    pub fn has_work(&self, now: UnixMs) -> bool {
        let inner = self.lock();
        !inner.pending.is_empty() || purge_due(inner.last_purge, now)
    }

    /// Whether old cells should be looked for now; if so, the purge counts as started.
    fn start_purge(&self, now: UnixMs) -> bool {
        let mut inner = self.lock();
        let due = purge_due(inner.last_purge, now);
        if due {
            inner.last_purge = Some(now);
        }
        due
    }

    /// The purge failed: the next call tries again.
    fn purge_failed(&self) {
        self.lock().last_purge = None;
    }

    /// Counts that could not be written, kept for the next try — unless the tally is already full
    /// (the store has been failing for a while): memory stays bounded, and those counts are lost.
    fn give_back(&self, counts: Vec<CellCount>) {
        let mut inner = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if inner.pending.len() >= preflight_core::statistics::tally::MAX_PENDING_CELLS {
            // On Workers the host logs the write's failure itself.
            #[cfg(feature = "native")]
            tracing::warn!("{} statistics cells dropped: the store keeps failing", counts.len());
            return;
        }
        for c in counts {
            inner.pending.add_count(c.cell, c.count);
        }
    }

    /// Whether `spike` is new this hour (and remembers it); older hours are forgotten.
    #[cfg(feature = "native")]
    fn first_time(&self, hour: UnixMs, code: &'static str, scope: &Scope) -> bool {
        let mut inner = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        inner.flagged.retain(|(h, _, _)| *h == hour);
        inner.flagged.insert((hour, code, scope.clone()))
    }
}

/// Random bytes for the hour's salt. Should the system's randomness fail (never seen on a real
/// host), std's per-process random hash keys stand in: still never stored, still dropped each hour.
fn fresh_salt() -> [u8; SALT_BYTES] {
    let mut salt = [0; SALT_BYTES];
    if getrandom::fill(&mut salt).is_err() {
        use std::hash::BuildHasher;
        for (i, chunk) in salt.chunks_mut(8).enumerate() {
            chunk.copy_from_slice(&std::collections::hash_map::RandomState::new().hash_one(i).to_le_bytes());
        }
    }
    salt
}

/// One check for the statistics: its top finding, where the client is and its device families.
pub fn record_check(
    state: &AppState,
    address: std::net::IpAddr,
    access: &preflight_core::channel::classify::Access,
    headers: &axum::http::HeaderMap,
    code: preflight_core::finding::Code,
) {
    let facts = crate::access_panel::device_facts(headers, None);
    let now = state.now();
    let cell = Cell::of_check(now, code, access.class, access.site.as_deref(), facts.browser, facts.os);
    let user_agent = headers.get(axum::http::header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
    let full = state.statistics.record(now, ClientKey::of(address), user_agent, cell);
    // On Workers the host writes the tally after every answer ([`write_after_answer`]).
    #[cfg(feature = "native")]
    if full {
        let state = state.clone();
        tokio::spawn(async move {
            if let Err(e) = write_pending(&state).await {
                tracing::warn!("statistics not written, will retry: {e}");
            }
        });
    }
    #[cfg(not(feature = "native"))]
    let _ = full;
}

/// Writes the pending counts to the store (given back on failure, to try again). Returns how many
/// checks were written.
pub async fn write_pending(state: &AppState) -> Result<u64, StoreError> {
    let counts = state.statistics.take();
    let written: u64 = counts.iter().map(|c| c.count).sum();
    if !counts.is_empty()
        && let Err(e) = state.statistics_store.add(counts.clone()).await
    {
        state.statistics.give_back(counts);
        return Err(e);
    }
    Ok(written)
}

/// Deletes the cells past `[statistics] retention_months` when [`purge_due`] (once an hour per
/// process natively, per isolate on Workers); a failed purge is tried again on the next call.
/// Returns how many cells were deleted.
pub async fn purge_if_due(state: &AppState) -> Result<u64, StoreError> {
    let now = state.now();
    if !state.statistics.start_purge(now) {
        return Ok(0);
    }
    let cutoff = retention_cutoff(now, state.config.statistics.retention_months());
    let purged = state.statistics_store.purge_before(cutoff).await;
    if purged.is_err() {
        state.statistics.purge_failed();
    }
    purged
}

/// For a host without a background loop (Workers), once an answer is sent: writes what was counted
/// (given back on failure, for the next answer to write) and purges old cells when due. Hosts ask
/// [`Recorder::has_work`] first, so that most answers schedule nothing.
pub async fn write_after_answer(state: &AppState) -> Result<(), StoreError> {
    write_pending(state).await?;
    purge_if_due(state).await.map(drop)
}

/// Writes the pending counts, then counts the current hour's new spikes for the metrics.
#[cfg(feature = "native")]
pub async fn flush(state: &AppState) -> Result<u64, StoreError> {
    let written = write_pending(state).await?;
    let hour = hour_of(state.now());
    let cells = state.statistics_store.shown_cells(hour.plus_millis(-BASELINE_HOURS * HOUR_MS)).await?;
    for spike in preflight_core::statistics::spikes::spikes_in(&cells, hour) {
        if state.statistics.first_time(hour, spike.code.as_str(), &spike.scope) {
            crate::metrics::count_spike(&spike);
        }
    }
    Ok(written)
}

/// Writes the counts every [`FLUSH_EVERY`], and deletes cells past the retention every hour.
#[cfg(feature = "native")]
pub async fn flush_periodically(state: AppState) {
    let mut every = tokio::time::interval(FLUSH_EVERY);
    loop {
        every.tick().await;
        if let Err(e) = flush(&state).await {
            tracing::warn!("statistics not written, will retry: {e}");
        }
        if let Err(e) = purge_if_due(&state).await {
            tracing::warn!("old statistics not purged, will retry: {e}");
        }
    }
}

#[cfg(test)]
mod tests;
