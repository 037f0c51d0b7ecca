//! Clone sightings in the native store: the `clone_origins` table of the report database (its own
//! migration), rewritten whole when it changed (at most core's `MAX_CLONE_ORIGINS` rows).

use preflight_core::canary::{CloneSighting, MAX_CLONE_ORIGINS, origin_key};
use preflight_core::time::UnixMs;
use rusqlite::params;

use super::CloneStore;
use crate::reports::sqlite::{SqliteStore, unavailable, write_failed};
use crate::reports::store::StoreFuture;

impl CloneStore for SqliteStore {
    fn load(&self) -> StoreFuture<'_, Vec<CloneSighting>> {
        self.blocking(|c| {
            let mut query = c
                .prepare(
                    "SELECT origin, first_seen_ms, last_seen_ms, count, alerted_ms FROM clone_origins \
                     ORDER BY last_seen_ms DESC LIMIT ?1",
                )
                .map_err(unavailable)?;
            let limit = i64::try_from(MAX_CLONE_ORIGINS).unwrap_or(i64::MAX);
            let rows = query
                .query_map([limit], |row| {
                    Ok(CloneSighting {
                        origin: row.get(0)?,
                        first_seen: UnixMs::from_millis(row.get(1)?),
                        last_seen: UnixMs::from_millis(row.get(2)?),
                        count: u64::try_from(row.get::<_, i64>(3)?).unwrap_or(0),
                        alerted: row.get::<_, Option<i64>>(4)?.map(UnixMs::from_millis),
                    })
                })
                .map_err(unavailable)?;
            let mut sightings = Vec::new();
            for row in rows {
                // A row that is no origin (edited by hand) is left out, not shown.
                let sighting = row.map_err(unavailable)?;
                if origin_key(&sighting.origin).as_deref() == Some(sighting.origin.as_str()) {
                    sightings.push(sighting);
                }
            }
            Ok(sightings)
        })
    }

    fn save(&self, sightings: Vec<CloneSighting>) -> StoreFuture<'_, ()> {
        self.blocking(move |c| {
            let tx = c.transaction().map_err(unavailable)?;
            tx.execute("DELETE FROM clone_origins", []).map_err(write_failed)?;
            {
                let mut insert = tx
                    .prepare(
                        "INSERT INTO clone_origins (origin, first_seen_ms, last_seen_ms, count, alerted_ms) \
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                    )
                    .map_err(unavailable)?;
                for s in sightings.iter().take(MAX_CLONE_ORIGINS) {
                    let count = i64::try_from(s.count).unwrap_or(i64::MAX);
                    let alerted = s.alerted.map(UnixMs::as_millis);
                    let row = params![s.origin, s.first_seen.as_millis(), s.last_seen.as_millis(), count, alerted];
                    insert.execute(row).map_err(write_failed)?;
                }
            }
            tx.commit().map_err(write_failed)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn sightings_survive_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let at = UnixMs::from_millis;
        let seen = CloneSighting {
            origin: "https://portail-ville.example".to_owned(),
            first_seen: at(1_000),
            last_seen: at(9_000),
            count: 12,
            alerted: Some(at(1_000)),
        };
        SqliteStore::open(dir.path()).unwrap().save(vec![seen.clone()]).await.unwrap();
        let reopened = SqliteStore::open(dir.path()).unwrap();
        assert_eq!(reopened.load().await.unwrap(), [seen]);
        reopened.save(vec![]).await.unwrap();
        assert_eq!(reopened.load().await.unwrap(), []);
    }
}
