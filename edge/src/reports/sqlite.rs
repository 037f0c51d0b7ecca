//! The native report store: one embedded SQLite file in the data directory.
//!
//! WAL with `synchronous = FULL`: every insert is committed and synced before `put` resolves, so a
//! report whose code was shown survives `kill -9` (and a power cut). `secure_delete` overwrites
//! deleted reports, and a purge checkpoints the WAL, so an expired report is really gone.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use preflight_core::report::{Report, ShortCode, is_expired};
use rusqlite::{Connection, OptionalExtension, params};

use super::store::{PutOutcome, ReportStore, StoreError, StoreFuture};

pub const DATABASE_FILE: &str = "reports.sqlite3";

/// Schema changes, in order; `PRAGMA user_version` is how many have run.
const MIGRATIONS: &[&str] = &["CREATE TABLE reports (
        code TEXT PRIMARY KEY NOT NULL,
        expires_at_ms INTEGER NOT NULL,
        report_json TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX reports_by_expiry ON reports (expires_at_ms);"];

pub struct SqliteStore {
    // One connection behind a mutex: reports are few and small; calls run on the blocking pool.
    connection: Arc<Mutex<Connection>>,
    pub path: PathBuf,
}

fn unavailable(e: impl std::fmt::Display) -> StoreError {
    StoreError::Unavailable(e.to_string())
}

impl SqliteStore {
    /// Opens (or creates) the database in `data_dir` and brings its schema up to date.
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(data_dir)
            .map_err(|e| unavailable(format!("cannot create the data directory {}: {e}", data_dir.display())))?;
        let path = data_dir.join(DATABASE_FILE);
        let mut connection = Connection::open(&path).map_err(|e| unavailable(format!("{}: {e}", path.display())))?;
        connection
            .execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON; \
                 PRAGMA busy_timeout = 5000;",
            )
            .map_err(unavailable)?;
        migrate(&mut connection)?;
        Ok(SqliteStore { connection: Arc::new(Mutex::new(connection)), path })
    }

    /// Runs `work` with the connection on tokio's blocking pool.
    fn blocking<'a, T: Send + 'static>(
        &'a self,
        work: impl FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> StoreFuture<'a, T> {
        let connection = self.connection.clone();
        Box::pin(async move {
            tokio::task::spawn_blocking(move || {
                let mut guard = connection.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                work(&mut guard)
            })
            .await
            .map_err(unavailable)?
        })
    }
}

fn migrate(connection: &mut Connection) -> Result<(), StoreError> {
    let done: usize = connection.query_row("PRAGMA user_version", [], |row| row.get(0)).map_err(unavailable)?;
    if done > MIGRATIONS.len() {
        return Err(unavailable(format!(
            "the database has schema version {done}, newer than this edge knows ({}): run a newer edge",
            MIGRATIONS.len()
        )));
    }
    for (version, migration) in MIGRATIONS.iter().enumerate().skip(done) {
        let tx = connection.transaction().map_err(unavailable)?;
        tx.execute_batch(migration).map_err(unavailable)?;
        tx.pragma_update(None, "user_version", version + 1).map_err(unavailable)?;
        tx.commit().map_err(unavailable)?;
    }
    Ok(())
}

impl ReportStore for SqliteStore {
    fn put<'a>(&'a self, code: &'a ShortCode, report: &'a Report, now_ms: i64) -> StoreFuture<'a, PutOutcome> {
        let json = serde_json::to_string(report);
        let (code, expires) = (code.as_str().to_owned(), report.expires_at_ms);
        self.blocking(move |c| {
            let json = json.map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let tx = c.transaction().map_err(unavailable)?;
            // An expired report's code may be given again.
            tx.execute("DELETE FROM reports WHERE code = ?1 AND expires_at_ms <= ?2", params![code, now_ms])
                .map_err(unavailable)?;
            let inserted = tx
                .execute(
                    "INSERT OR IGNORE INTO reports (code, expires_at_ms, report_json) VALUES (?1, ?2, ?3)",
                    params![code, expires, json],
                )
                .map_err(unavailable)?;
            tx.commit().map_err(unavailable)?;
            Ok(if inserted == 1 { PutOutcome::Stored } else { PutOutcome::CodeTaken })
        })
    }

    fn get<'a>(&'a self, code: &'a ShortCode, now_ms: i64) -> StoreFuture<'a, Option<Report>> {
        let code = code.as_str().to_owned();
        self.blocking(move |c| {
            let row: Option<(i64, String)> = c
                .query_row("SELECT expires_at_ms, report_json FROM reports WHERE code = ?1", [&code], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })
                .optional()
                .map_err(unavailable)?;
            match row {
                Some((expires, _)) if is_expired(expires, now_ms) => {
                    c.execute("DELETE FROM reports WHERE code = ?1", [&code]).map_err(unavailable)?;
                    Ok(None)
                }
                Some((_, json)) => {
                    serde_json::from_str(&json).map(Some).map_err(|e| StoreError::Corrupt(e.to_string()))
                }
                None => Ok(None),
            }
        })
    }

    fn purge_expired(&self, now_ms: i64) -> StoreFuture<'_, u64> {
        self.blocking(move |c| {
            let deleted =
                c.execute("DELETE FROM reports WHERE expires_at_ms <= ?1", [now_ms]).map_err(unavailable)? as u64;
            if deleted > 0 {
                // Deleted pages may still sit in the write-ahead log: fold it in and empty it.
                c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").map_err(unavailable)?;
            }
            Ok(deleted)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::store::contract;

    #[tokio::test]
    async fn sqlite_store_keeps_the_contract() {
        let dir = tempfile::tempdir().unwrap();
        contract::check(&SqliteStore::open(dir.path()).unwrap()).await;
    }

    #[tokio::test]
    async fn reports_survive_a_reopen_and_the_schema_is_migrated_once() {
        let dir = tempfile::tempdir().unwrap();
        let code = ShortCode::from_random([7; preflight_core::report::CODE_RANDOM_BYTES]);
        let report = contract::report(1_000, 10_000);
        {
            let store = SqliteStore::open(dir.path()).unwrap();
            assert_eq!(store.put(&code, &report, 1_000).await.unwrap(), PutOutcome::Stored);
        }
        let store = SqliteStore::open(dir.path()).unwrap();
        assert_eq!(store.get(&code, 2_000).await.unwrap(), Some(report));
        let version: usize =
            store.connection.lock().unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(version, MIGRATIONS.len());
    }

    #[test]
    fn a_newer_schema_is_refused_with_a_clear_message() {
        let dir = tempfile::tempdir().unwrap();
        Connection::open(dir.path().join(DATABASE_FILE)).unwrap().pragma_update(None, "user_version", 99).unwrap();
        let err = SqliteStore::open(dir.path()).err().unwrap();
        assert!(err.to_string().contains("newer than this edge"), "{err}");
    }
}
