//! Statistics cells in the native store: the `friction_cells` table of the report database (its own
//! migration), one row per hourly cell, counts added in one transaction per write.

use preflight_core::statistics::{Cell, CellCount, K_ANONYMITY, shown};
use preflight_core::time::UnixMs;
use rusqlite::params;

use super::sql;
use super::store::StatisticsStore;
use crate::reports::sqlite::{SqliteStore, checkpoint, unavailable, write_failed};
use crate::reports::store::StoreFuture;

/// Rows read for one page or export at most: 13 months of a busy deployment's shown cells fit.
pub const MAX_ROWS_READ: usize = 500_000;

impl StatisticsStore for SqliteStore {
    fn add(&self, counts: Vec<CellCount>) -> StoreFuture<'_, ()> {
        self.blocking(move |c| {
            let tx = c.transaction().map_err(unavailable)?;
            {
                let mut upsert = tx.prepare_cached(sql::ADD).map_err(unavailable)?;
                for c in &counts {
                    let (hour, code, access, site, browser, os) = c.cell.columns();
                    let n = i64::try_from(c.count).unwrap_or(i64::MAX);
                    upsert.execute(params![hour, code, access, site, browser, os, n]).map_err(write_failed)?;
                }
            }
            tx.commit().map_err(write_failed)
        })
    }

    fn shown_cells(&self, from: UnixMs) -> StoreFuture<'_, Vec<CellCount>> {
        self.blocking(move |c| {
            let mut query = c.prepare_cached(sql::SHOWN_FROM).map_err(unavailable)?;
            let k = i64::try_from(K_ANONYMITY).unwrap_or(i64::MAX);
            let limit = i64::try_from(MAX_ROWS_READ).unwrap_or(i64::MAX);
            let rows = query
                .query_map(params![from.as_millis(), k, limit], |row| {
                    let text = |i: usize| row.get::<_, String>(i);
                    let cell = Cell::from_columns(row.get(0)?, &text(1)?, &text(2)?, &text(3)?, &text(4)?, &text(5)?);
                    let count = u64::try_from(row.get::<_, i64>(6)?).unwrap_or(0);
                    Ok(cell.map(|cell| CellCount { cell, count }))
                })
                .map_err(unavailable)?;
            let mut cells = Vec::new();
            for row in rows {
                // A row this version cannot read (a later version's code) is left out, not guessed.
                if let Some(cell) = row.map_err(unavailable)? {
                    cells.push(cell);
                }
            }
            // The query keeps only shown cells already; core decides, whatever the SQL says.
            Ok(shown(cells))
        })
    }

    fn purge_before(&self, cutoff: UnixMs) -> StoreFuture<'_, u64> {
        self.blocking(move |c| {
            let deleted = c.execute(sql::PURGE_BEFORE, [cutoff.as_millis()]).map_err(write_failed)? as u64;
            if deleted > 0 {
                checkpoint(c)?;
            }
            Ok(deleted)
        })
    }
}

#[cfg(test)]
mod tests {
    use preflight_core::channel::AccessClass;
    use preflight_core::client::{BrowserFamily, OsFamily};
    use preflight_core::finding::Code;

    use super::*;

    const H: i64 = 1_764_583_200_000;

    fn cell(hour: i64, code: Code, site: Option<&str>) -> Cell {
        let access = if site.is_some() { AccessClass::Internal } else { AccessClass::Vpn };
        let at = UnixMs::from_millis(H + hour * 3_600_000);
        Cell::of_check(at, code, access, site, Some(BrowserFamily::Chrome), Some(OsFamily::Windows))
    }

    #[tokio::test]
    async fn counts_add_up_small_cells_are_never_read_and_old_hours_are_purged() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path()).unwrap();
        let a = cell(0, Code::ClkOk, Some("hotel-de-ville"));
        let small = cell(0, Code::ClkSkew, None);
        let later = cell(2, Code::CacStale, None);
        store
            .add(vec![CellCount { cell: a.clone(), count: 3 }, CellCount { cell: small.clone(), count: 4 }])
            .await
            .unwrap();
        store
            .add(vec![CellCount { cell: a.clone(), count: 2 }, CellCount { cell: later.clone(), count: 9 }])
            .await
            .unwrap();
        let shown = store.shown_cells(UnixMs::from_millis(H)).await.unwrap();
        assert_eq!(shown, [CellCount { cell: a, count: 5 }, CellCount { cell: later.clone(), count: 9 }]);
        assert_eq!(store.purge_before(UnixMs::from_millis(H + 3_600_000)).await.unwrap(), 2);
        assert_eq!(store.shown_cells(UnixMs::EPOCH).await.unwrap(), [CellCount { cell: later, count: 9 }]);
    }

    #[tokio::test]
    async fn the_table_holds_families_and_counts_only() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path()).unwrap();
        store.add(vec![CellCount { cell: cell(0, Code::ClkOk, Some("mairie-annexe")), count: 7 }]).await.unwrap();
        let columns: Vec<String> = store
            .blocking(|c| {
                let mut q = c.prepare("SELECT name FROM pragma_table_info('friction_cells')").map_err(unavailable)?;
                let names = q.query_map([], |row| row.get(0)).map_err(unavailable)?;
                names.collect::<Result<Vec<String>, _>>().map_err(unavailable)
            })
            .await
            .unwrap();
        assert_eq!(columns, ["hour_ms", "code", "access", "site", "browser", "os", "count"]);
    }
}
