//! The native report store: one embedded SQLite file in the data directory.
//!
//! WAL with `synchronous = FULL`: every insert is committed and synced before `put` resolves, so a
//! report whose code was shown survives `kill -9` (and a power cut). `secure_delete` overwrites
//! deleted reports, and every delete checkpoints the WAL, so an expired report is really gone.
//! The data directory is private to the edge's user (0700) and so are the files (0600), whatever
//! the umask: SQLite gives its WAL and shared-memory files the database file's mode.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use preflight_core::report::{Report, ShortCode, is_expired};
use preflight_core::time::UnixMs;
use rusqlite::{Connection, OptionalExtension, params};

use super::store::{PutOutcome, ReportStore, StoreError, StoreFuture, StoreQuota};

pub const DATABASE_FILE: &str = "reports.sqlite3";

/// Schema changes, in order; `PRAGMA user_version` is how many have run.
const MIGRATIONS: &[&str] = &[
    "CREATE TABLE reports (
        code TEXT PRIMARY KEY NOT NULL,
        expires_at_ms INTEGER NOT NULL,
        report_json TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX reports_by_expiry ON reports (expires_at_ms);",
    // Helpdesk sessions signed out before their expiry.
    "CREATE TABLE revoked_sessions (
        id TEXT PRIMARY KEY NOT NULL,
        until_ms INTEGER NOT NULL
    ) WITHOUT ROWID;",
    // Friction statistics (`crate::statistics::sqlite`): the same text wrangler applies to D1.
    crate::statistics::sql::SCHEMA,
    // Phishing clones (`crate::canary::sqlite`): each origin (scheme and host) a copy of the login
    // page was seen on, never anything about the agents who opened it.
    "CREATE TABLE clone_origins (
        origin TEXT PRIMARY KEY NOT NULL,
        first_seen_ms INTEGER NOT NULL,
        last_seen_ms INTEGER NOT NULL,
        count INTEGER NOT NULL,
        alerted_ms INTEGER
    ) WITHOUT ROWID;",
];

pub struct SqliteStore {
    // One connection behind a mutex: reports are few and small; calls run on the blocking pool.
    connection: Arc<Mutex<Connection>>,
    pub path: PathBuf,
}

pub(crate) fn unavailable(e: impl std::fmt::Display) -> StoreError {
    StoreError::Unavailable(e.to_string())
}

impl SqliteStore {
    /// Opens (or creates) the database in `data_dir`, checks that it is readable and whole, and
    /// brings its schema up to date.
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        private_dir(data_dir)?;
        let path = data_dir.join(DATABASE_FILE);
        private_file(&path)?;
        // Errors name the file, not its path: the reason reaches clients in a 503.
        let at = |e: rusqlite::Error| unavailable(format!("{DATABASE_FILE}: {e}"));
        let mut connection = Connection::open(&path).map_err(at)?;
        connection
            .execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON; \
                 PRAGMA busy_timeout = 5000;",
            )
            .map_err(at)?;
        let check: String = connection.query_row("PRAGMA quick_check", [], |row| row.get(0)).map_err(at)?;
        if check != "ok" {
            return Err(unavailable(format!("{DATABASE_FILE} is damaged ({check}): restore it or move it away")));
        }
        migrate(&mut connection)?;
        Ok(SqliteStore { connection: Arc::new(Mutex::new(connection)), path })
    }

    /// Runs `work` with the connection on tokio's blocking pool.
    pub(crate) fn blocking<'a, T: Send + 'static>(
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

/// Creates `dir` readable by the edge's user only, or makes an existing one so.
fn private_dir(dir: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    let failed = |e: std::io::Error| unavailable(format!("the data directory: {e}"));
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir).map_err(failed)?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(failed)
}

/// Creates the database file readable by the edge's user only (before SQLite does, with the umask's
/// mode), or makes an existing one so.
fn private_file(path: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let failed = |e: std::io::Error| unavailable(format!("{DATABASE_FILE}: {e}"));
    std::fs::OpenOptions::new().create(true).append(true).mode(0o600).open(path).map_err(failed)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(failed)
}

/// Empties the write-ahead log into the database, where `secure_delete` has overwritten what was
/// deleted: until then a deleted report's bytes still sit in the log.
pub(crate) fn checkpoint(c: &Connection) -> Result<(), StoreError> {
    c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").map_err(unavailable)
}

/// A full disk (or `max_page_count`) says so plainly: the report was not stored.
pub(crate) fn write_failed(e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DiskFull) => unavailable("the report store's disk is full"),
        _ => unavailable(e),
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
    fn put<'a>(
        &'a self,
        code: &'a ShortCode,
        report: &'a Report,
        now: UnixMs,
        quota: StoreQuota,
    ) -> StoreFuture<'a, PutOutcome> {
        // Serialized once: what is stored is also what the quota counts (as `stored_bytes` does).
        let json = serde_json::to_string(report);
        let (code, expires) = (code.as_str().to_owned(), report.expires_at_ms.as_millis());
        self.blocking(move |c| {
            let json = json.map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let bytes = json.len() as u64;
            let tx = c.transaction().map_err(unavailable)?;
            let (count, total) = live_usage(&tx, now)?;
            if !quota.admits(count, total, bytes) {
                return Ok(PutOutcome::Full);
            }
            // An expired report's code may be given again.
            tx.execute("DELETE FROM reports WHERE code = ?1 AND expires_at_ms <= ?2", params![code, now.as_millis()])
                .map_err(write_failed)?;
            let inserted = tx
                .execute(
                    "INSERT OR IGNORE INTO reports (code, expires_at_ms, report_json) VALUES (?1, ?2, ?3)",
                    params![code, expires, json],
                )
                .map_err(write_failed)?;
            tx.commit().map_err(write_failed)?;
            Ok(if inserted == 1 { PutOutcome::Stored } else { PutOutcome::CodeTaken })
        })
    }

    fn get<'a>(&'a self, code: &'a ShortCode, now: UnixMs) -> StoreFuture<'a, Option<Report>> {
        let code = code.as_str().to_owned();
        self.blocking(move |c| {
            let row: Option<(i64, String)> = c
                .query_row("SELECT expires_at_ms, report_json FROM reports WHERE code = ?1", [&code], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })
                .optional()
                .map_err(unavailable)?;
            match row {
                Some((expires, _)) if is_expired(UnixMs::from_millis(expires), now) => {
                    c.execute("DELETE FROM reports WHERE code = ?1", [&code]).map_err(write_failed)?;
                    checkpoint(c)?;
                    Ok(None)
                }
                Some((_, json)) => {
                    serde_json::from_str(&json).map(Some).map_err(|e| StoreError::Corrupt(e.to_string()))
                }
                None => Ok(None),
            }
        })
    }

    fn usage(&self, now: UnixMs) -> StoreFuture<'_, Option<(u64, u64)>> {
        self.blocking(move |c| live_usage(c, now).map(Some))
    }

    fn purge_expired(&self, now: UnixMs) -> StoreFuture<'_, u64> {
        self.blocking(move |c| {
            let deleted = c
                .execute("DELETE FROM reports WHERE expires_at_ms <= ?1", [now.as_millis()])
                .map_err(unavailable)? as u64;
            c.execute("DELETE FROM revoked_sessions WHERE until_ms <= ?1", [now.as_millis()]).map_err(write_failed)?;
            if deleted > 0 {
                checkpoint(c)?;
            }
            Ok(deleted)
        })
    }

    fn revoke_session<'a>(&'a self, id: &'a str, until: UnixMs) -> StoreFuture<'a, ()> {
        let id = id.to_owned();
        self.blocking(move |c| {
            c.execute(
                "INSERT OR REPLACE INTO revoked_sessions (id, until_ms) VALUES (?1, ?2)",
                params![id, until.as_millis()],
            )
            .map_err(write_failed)?;
            Ok(())
        })
    }

    fn session_revoked<'a>(&'a self, id: &'a str, now: UnixMs) -> StoreFuture<'a, bool> {
        let id = id.to_owned();
        self.blocking(move |c| {
            c.query_row(
                "SELECT 1 FROM revoked_sessions WHERE id = ?1 AND until_ms > ?2",
                params![id, now.as_millis()],
                |_| Ok(()),
            )
            .optional()
            .map(|row| row.is_some())
            .map_err(unavailable)
        })
    }
}

/// Live reports and their bytes of JSON: what the quota counts and the metrics show.
fn live_usage(c: &Connection, now: UnixMs) -> Result<(u64, u64), StoreError> {
    c.query_row(
        "SELECT count(*), coalesce(sum(length(report_json)), 0) FROM reports WHERE expires_at_ms > ?1",
        [now.as_millis()],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )
    .map_err(unavailable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::store::contract;
    use crate::reports::store::contract::ms;

    #[tokio::test]
    async fn sqlite_store_keeps_the_contract() {
        let dir = tempfile::tempdir().unwrap();
        contract::check(&SqliteStore::open(dir.path()).unwrap()).await;
        let dir = tempfile::tempdir().unwrap();
        contract::check_quota(&SqliteStore::open(dir.path()).unwrap()).await;
    }

    #[test]
    fn the_data_directory_and_its_files_are_private_whatever_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("data");
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let _store = SqliteStore::open(&dir).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            assert_eq!(mode(&path), 0o600, "{}", path.display());
        }
        assert!(dir.join(format!("{DATABASE_FILE}-wal")).exists(), "the WAL was checked too");
    }

    #[test]
    fn a_corrupt_database_is_refused_with_its_path_and_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(DATABASE_FILE), vec![0x5a; 8192]).unwrap();
        let err = SqliteStore::open(dir.path()).err().expect("a corrupt file is not opened");
        assert!(err.to_string().contains(DATABASE_FILE) && err.to_string().contains("not a database"), "{err}");
    }

    /// The bytes of a deleted report are in neither the database nor its write-ahead log.
    #[tokio::test]
    async fn an_expired_report_read_and_deleted_leaves_no_trace_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path()).unwrap();
        let code = ShortCode::from_random([3; preflight_core::report::CODE_RANDOM_BYTES]);
        let mut report = contract::report(1_000, 2_000);
        report.ticket = Some("SECRET-TICKET-4242".into());
        assert_eq!(store.put(&code, &report, ms(1_000), contract::ROOMY).await.unwrap(), PutOutcome::Stored);
        assert_eq!(store.get(&code, ms(5_000)).await.unwrap(), None, "expired");
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            assert!(!bytes.windows(18).any(|w| w == b"SECRET-TICKET-4242"), "found in a file after deletion");
        }
    }

    /// A full disk (simulated with `max_page_count`): every report is either stored or refused with
    /// an error, never half-stored, and the store says so in plain words.
    #[tokio::test]
    async fn a_full_disk_refuses_reports_and_keeps_every_stored_one() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path()).unwrap();
        store.connection.lock().unwrap().pragma_update(None, "max_page_count", 8).unwrap();
        let (mut stored, mut refusal) = (Vec::new(), None);
        for n in 0..200u8 {
            let code = ShortCode::from_random([n; preflight_core::report::CODE_RANDOM_BYTES]);
            match store.put(&code, &contract::report(1_000, 10_000), ms(1_000), contract::ROOMY).await {
                Ok(outcome) => {
                    assert_eq!(outcome, PutOutcome::Stored);
                    stored.push(code);
                }
                Err(e) => {
                    refusal = Some(e.to_string());
                    assert_eq!(store.get(&code, ms(1_000)).await.unwrap(), None, "a refused report is not stored");
                    break;
                }
            }
        }
        let refusal = refusal.expect("the disk filled up");
        assert!(refusal.contains("disk is full"), "{refusal}");
        for code in &stored {
            assert!(store.get(code, ms(1_000)).await.unwrap().is_some(), "{code:?} was stored and must stay");
        }
    }

    #[tokio::test]
    async fn reports_survive_a_reopen_and_the_schema_is_migrated_once() {
        let dir = tempfile::tempdir().unwrap();
        let code = ShortCode::from_random([7; preflight_core::report::CODE_RANDOM_BYTES]);
        let report = contract::report(1_000, 10_000);
        {
            let store = SqliteStore::open(dir.path()).unwrap();
            assert_eq!(store.put(&code, &report, ms(1_000), contract::ROOMY).await.unwrap(), PutOutcome::Stored);
        }
        let store = SqliteStore::open(dir.path()).unwrap();
        assert_eq!(store.get(&code, ms(2_000)).await.unwrap(), Some(report));
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
