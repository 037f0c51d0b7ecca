//! Where statistics cells are kept: a trait object in `AppState`, as reports are (SQLite natively,
//! in its own table; D1 on Workers; memory in tests). A store only ever returns cells core lets be shown
//! (`preflight_core::statistics::shown`): nothing reads a cell under k.

use std::collections::HashMap;
use std::sync::Mutex;

use preflight_core::statistics::{Cell, CellCount, shown};
use preflight_core::time::UnixMs;

use crate::reports::store::{StoreError, StoreFuture};

pub trait StatisticsStore: Send + Sync {
    /// Adds each count to its cell.
    fn add(&self, counts: Vec<CellCount>) -> StoreFuture<'_, ()>;

    /// Every cell from the hour `from` on that may be shown (at least k counts), oldest first.
    fn shown_cells(&self, from: UnixMs) -> StoreFuture<'_, Vec<CellCount>>;

    /// Deletes the cells of hours before `cutoff`; returns how many.
    fn purge_before(&self, cutoff: UnixMs) -> StoreFuture<'_, u64>;
}

/// Cells in memory: tests, and a build without SQLite.
#[derive(Default)]
pub struct MemoryStatistics {
    cells: Mutex<HashMap<Cell, u64>>,
}

impl StatisticsStore for MemoryStatistics {
    fn add(&self, counts: Vec<CellCount>) -> StoreFuture<'_, ()> {
        let mut cells = self.cells.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        for c in counts {
            *cells.entry(c.cell).or_insert(0) += c.count;
        }
        Box::pin(async { Ok(()) })
    }

    fn shown_cells(&self, from: UnixMs) -> StoreFuture<'_, Vec<CellCount>> {
        let cells = self.cells.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut all: Vec<CellCount> = cells
            .iter()
            .filter(|(cell, _)| cell.hour >= from)
            .map(|(cell, count)| CellCount { cell: cell.clone(), count: *count })
            .collect();
        all.sort_by_key(|c| c.cell.hour);
        let result = shown(all);
        Box::pin(async move { Ok(result) })
    }

    fn purge_before(&self, cutoff: UnixMs) -> StoreFuture<'_, u64> {
        let mut cells = self.cells.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let before = cells.len();
        cells.retain(|cell, _| cell.hour >= cutoff);
        let purged = (before - cells.len()) as u64;
        Box::pin(async move { Ok(purged) })
    }
}

/// A host with nowhere to keep cells (the store failed to open, no D1 binding on Workers): counts
/// are dropped, and the page says why (the reason).
pub struct NoStatistics(pub String);

impl StatisticsStore for NoStatistics {
    fn add(&self, _counts: Vec<CellCount>) -> StoreFuture<'_, ()> {
        Box::pin(async { Ok(()) })
    }

    fn shown_cells(&self, _from: UnixMs) -> StoreFuture<'_, Vec<CellCount>> {
        let reason = self.0.clone();
        Box::pin(async move { Err(StoreError::Unavailable(reason)) })
    }

    fn purge_before(&self, _cutoff: UnixMs) -> StoreFuture<'_, u64> {
        Box::pin(async { Ok(0) })
    }
}
