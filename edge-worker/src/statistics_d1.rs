//! Friction statistics on Workers: the cells in D1, in the native store's own table and SQL
//! (`preflight_edge::statistics::sql`; the table is created by `wrangler d1 migrations apply`
//! from `edge/migrations/`), and the `/stats` token from a Workers secret.
//!
//! Rows are read as plain JS arrays (`raw`), not through serde: the bundle is size-budgeted.

use std::sync::Arc;

use preflight_core::statistics::{Cell, CellCount, K_ANONYMITY, shown};
use preflight_core::time::UnixMs;
use preflight_edge::reports::store::{StoreError, StoreFuture};
use preflight_edge::statistics::sql;
use preflight_edge::statistics::store::{NoStatistics, StatisticsStore};
use worker::js_sys::Array;
use worker::send::{SendFuture, SendWrapper};
use worker::wasm_bindgen::{JsCast, JsValue};
use worker::{D1Database, Env, console_error};

/// The D1 database of the statistics (`wrangler d1 create`, see README).
const BINDING: &str = "STATISTICS";
/// The statistics page's token (`wrangler secret put`), as the native edge's environment variable.
pub const TOKEN_SECRET: &str = "PREFLIGHT_STATS_TOKEN";
/// Rows read for one page or export at most: fewer than the native store's 500,000, as an isolate
/// has 128 MB of memory; 30 days of 130 shown cells an hour fit.
pub const MAX_ROWS_READ: u32 = 100_000;

/// The `STATISTICS` database, or a store that says it is missing: checks are still answered, the
/// counts dropped, and `/stats` says why (fail closed: an isolate's memory is no store).
pub fn store(env: &Env) -> Arc<dyn StatisticsStore> {
    match env.d1(BINDING) {
        Ok(db) => Arc::new(D1Statistics(SendWrapper::new(db))),
        Err(e) => {
            console_error!("preflight-edge: no D1 database {BINDING}: statistics are not kept: {e}");
            Arc::new(NoStatistics(format!("no D1 database {BINDING} is bound to the worker")))
        }
    }
}

/// The statistics token when it is valid and sessions can be signed (`session_secret` is the
/// valid session secret, if any); else `None`, `/stats` disabled, and the reason logged.
pub fn token(token: Option<String>, helpdesk_token: Option<&str>, session_secret: Option<&str>) -> Option<String> {
    let token = token?;
    let problem = match (preflight_edge::statistics_token_problem(&token, helpdesk_token), session_secret) {
        (Some(problem), _) => problem,
        (None, None) => "no valid session secret (PREFLIGHT_SESSION_SECRET) to sign sessions with".to_owned(),
        (None, Some(_)) => return Some(token),
    };
    console_error!("preflight-edge: {TOKEN_SECRET}: {problem}: /stats is disabled");
    None
}

struct D1Statistics(SendWrapper<D1Database>);

fn unavailable(e: worker::Error) -> StoreError {
    StoreError::Unavailable(e.to_string())
}

/// A number as D1 binds it (a JS number: exact up to 2^53, far above any hour or count).
fn number(n: i64) -> JsValue {
    JsValue::from_f64(n as f64)
}

impl StatisticsStore for D1Statistics {
    fn add(&self, counts: Vec<CellCount>) -> StoreFuture<'_, ()> {
        Box::pin(SendFuture::new(async move {
            let upsert = self.0.prepare(sql::ADD);
            let mut batch = Vec::with_capacity(counts.len());
            for c in &counts {
                let (hour, code, access, site, browser, os) = c.cell.columns();
                let count = number(i64::try_from(c.count).unwrap_or(i64::MAX));
                let values = [number(hour), code.into(), access.into(), site.into(), browser.into(), os.into(), count];
                batch.push(upsert.clone().bind(&values).map_err(unavailable)?);
            }
            // One round trip, and all or nothing: D1 runs a batch as one transaction.
            self.0.batch(batch).await.map_err(unavailable).map(drop)
        }))
    }

    fn shown_cells(&self, from: UnixMs) -> StoreFuture<'_, Vec<CellCount>> {
        Box::pin(SendFuture::new(async move {
            let values = [number(from.as_millis()), number(K_ANONYMITY as i64), MAX_ROWS_READ.into()];
            let query = self.0.prepare(sql::SHOWN_FROM).bind(&values).map_err(unavailable)?;
            let rows = query.raw_js_value().await.map_err(unavailable)?;
            // The query keeps only shown cells already; core decides, whatever the SQL says.
            Ok(shown(rows.iter().filter_map(cell_count)))
        }))
    }

    /// Returns 0: nothing reads the count on Workers (no metrics there), and D1's `meta` would
    /// bring a deserializer into the bundle.
    fn purge_before(&self, cutoff: UnixMs) -> StoreFuture<'_, u64> {
        Box::pin(SendFuture::new(async move {
            let purge = self.0.prepare(sql::PURGE_BEFORE).bind(&[number(cutoff.as_millis())]).map_err(unavailable)?;
            purge.run().await.map_err(unavailable).map(|_| 0)
        }))
    }
}

/// One row of `SHOWN_FROM`, or `None` when a field is not one this version reads (a later version's
/// code, a tampered row): left out, not guessed.
fn cell_count(row: &JsValue) -> Option<CellCount> {
    let row = row.dyn_ref::<Array>()?;
    let text = |i: u32| row.get(i).as_string();
    // `as` saturates and maps NaN to 0: never a panic, whatever is stored.
    let hour = row.get(0).as_f64()? as i64;
    let cell = Cell::from_columns(hour, &text(1)?, &text(2)?, &text(3)?, &text(4)?, &text(5)?)?;
    Some(CellCount { cell, count: row.get(6).as_f64()? as u64 })
}
