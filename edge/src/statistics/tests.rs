//! The path of a host without a background loop (Workers): what an answer counted is written after
//! it, old cells are looked for once an hour, and a failed purge is tried again.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use preflight_core::channel::AccessClass;
use preflight_core::config::{CITY_PORTAL_EXAMPLE, DeploymentConfig};
use preflight_core::finding::Code;
use preflight_core::statistics::{Cell, CellCount, HOUR_MS};

use super::store::{MemoryStatistics, StatisticsStore};
use super::*;
use crate::reports::store::StoreFuture;

/// 2025-12-01T10:30Z.
const NOW: i64 = 1_764_585_000_000;

/// Memory cells, counting purges, failing them on demand.
#[derive(Default)]
struct CountedPurges {
    cells: MemoryStatistics,
    purges: AtomicUsize,
    fail: AtomicBool,
}

impl StatisticsStore for CountedPurges {
    fn add(&self, counts: Vec<CellCount>) -> StoreFuture<'_, ()> {
        self.cells.add(counts)
    }

    fn shown_cells(&self, from: UnixMs) -> StoreFuture<'_, Vec<CellCount>> {
        self.cells.shown_cells(from)
    }

    fn purge_before(&self, cutoff: UnixMs) -> StoreFuture<'_, u64> {
        self.purges.fetch_add(1, Ordering::SeqCst);
        if self.fail.load(Ordering::SeqCst) {
            return Box::pin(async { Err(StoreError::Unavailable("D1 is away".to_owned())) });
        }
        self.cells.purge_before(cutoff)
    }
}

fn state(store: Arc<CountedPurges>, clock: fn() -> f64) -> AppState {
    let mut state = AppState::new(DeploymentConfig::parse(CITY_PORTAL_EXAMPLE).unwrap(), std::env::temp_dir());
    state.clock = clock;
    state.with_statistics_store(store)
}

fn record(state: &AppState, address: [u8; 4]) {
    let cell = Cell::of_check(state.now(), Code::ClkOk, AccessClass::Internet, None, None, None);
    state.statistics.record(state.now(), ClientKey::of(address.into()), "agent", cell);
}

#[tokio::test]
async fn an_answer_s_counts_are_written_after_it_and_old_cells_purged_once_an_hour() {
    let store = Arc::new(CountedPurges::default());
    let state = state(store.clone(), || NOW as f64);
    assert!(state.statistics.has_work(state.now()), "a fresh isolate looks for old cells first");
    write_after_answer(&state).await.unwrap();
    assert_eq!(store.purges.load(Ordering::SeqCst), 1);
    assert!(!state.statistics.has_work(state.now()), "nothing to do until a check is counted");

    for last in 1..=5 {
        record(&state, [10, 0, 0, last]);
        record(&state, [10, 0, 0, last]); // again in the hour: counted once
    }
    assert!(state.statistics.has_work(state.now()));
    write_after_answer(&state).await.unwrap();
    let shown = store.shown_cells(UnixMs::EPOCH).await.unwrap();
    assert_eq!(shown.iter().map(|c| c.count).collect::<Vec<_>>(), [5]);
    assert_eq!(store.purges.load(Ordering::SeqCst), 1, "not again within the hour");

    let mut an_hour_later = state.clone();
    an_hour_later.clock = || (NOW + HOUR_MS) as f64;
    assert!(an_hour_later.statistics.has_work(an_hour_later.now()));
    write_after_answer(&an_hour_later).await.unwrap();
    assert_eq!(store.purges.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_failed_purge_is_tried_again_by_the_next_answer() {
    let store = Arc::new(CountedPurges::default());
    store.fail.store(true, Ordering::SeqCst);
    let state = state(store.clone(), || NOW as f64);
    assert!(write_after_answer(&state).await.is_err());
    assert!(state.statistics.has_work(state.now()), "still due");
    store.fail.store(false, Ordering::SeqCst);
    write_after_answer(&state).await.unwrap();
    assert_eq!(store.purges.load(Ordering::SeqCst), 2);
    assert!(!state.statistics.has_work(state.now()));
}
