//! Counts not yet stored: the edge adds each counted check here and writes them out together, so a
//! check costs no disk write of its own.

use std::collections::HashMap;

use super::{Cell, CellCount};

/// Distinct cells held before the edge must write them out (a busy hour of a large city has a few
/// thousand: 25 codes × 4 access classes × sites × 5 browsers × 7 OSes at the very most per site).
pub const MAX_PENDING_CELLS: usize = 4_096;

#[derive(Debug, Default)]
pub struct PendingCounts {
    counts: HashMap<Cell, u64>,
}

impl PendingCounts {
    pub fn new() -> PendingCounts {
        PendingCounts::default()
    }

    /// Adds one check to its cell. Returns whether the tally just became full and must be written
    /// out now (once: the writer empties it).
    pub fn add(&mut self, cell: Cell) -> bool {
        self.add_count(cell, 1)
    }

    /// Adds `n` checks to a cell (counts given back after a failed write).
    pub fn add_count(&mut self, cell: Cell, n: u64) -> bool {
        let before = self.counts.len();
        *self.counts.entry(cell).or_insert(0) += n;
        before < MAX_PENDING_CELLS && self.counts.len() >= MAX_PENDING_CELLS
    }

    /// Every pending count, emptying the tally.
    pub fn take(&mut self) -> Vec<CellCount> {
        self.counts.drain().map(|(cell, count)| CellCount { cell, count }).collect()
    }

    /// Distinct cells pending.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channel::AccessClass;
    use crate::finding::Code;
    use crate::time::UnixMs;

    fn cell(code: Code, ms: i64) -> Cell {
        Cell::of_check(UnixMs::from_millis(ms), code, AccessClass::Vpn, None, None, None)
    }

    #[test]
    fn counts_add_up_per_cell_and_are_taken_once() {
        let mut pending = PendingCounts::new();
        for _ in 0..3 {
            pending.add(cell(Code::ClkOk, 1_000));
        }
        pending.add(cell(Code::ClkSkew, 2_000));
        pending.add(cell(Code::ClkOk, 3_600_000));
        let mut taken = pending.take();
        taken.sort_by_key(|c| (c.cell.hour, c.cell.code.as_str()));
        let counts: Vec<(i64, &str, u64)> =
            taken.iter().map(|c| (c.cell.hour.as_millis(), c.cell.code.as_str(), c.count)).collect();
        assert_eq!(counts, [(0, "CLK-OK", 3), (0, "CLK-SKEW", 1), (3_600_000, "CLK-OK", 1)]);
        assert!(pending.is_empty() && pending.take().is_empty());
    }

    #[test]
    fn a_full_tally_asks_to_be_written_out() {
        let mut pending = PendingCounts::new();
        let full = (0..MAX_PENDING_CELLS as i64 + 5).map(|h| pending.add(cell(Code::ClkOk, h * 3_600_000)));
        assert_eq!(full.collect::<Vec<_>>().iter().position(|f| *f), Some(MAX_PENDING_CELLS - 1), "once, when full");
        assert!(!pending.add_count(cell(Code::ClkOk, 0), 7));
        let taken = pending.take();
        assert_eq!(taken.iter().map(|c| c.count).sum::<u64>(), MAX_PENDING_CELLS as u64 + 5 + 7);
    }
}
