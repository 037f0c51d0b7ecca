//! The statistics' SQL, one text for both stores, which both speak SQLite with `?N` parameters: the
//! native store (`sqlite`) and D1 on Workers (`preflight-edge-worker`). The table is created by
//! `edge/migrations/0001_friction_cells.sql`: the native store's migration 3, and wrangler's D1
//! migration.

/// The `friction_cells` table.
pub const SCHEMA: &str = include_str!("../../migrations/0001_friction_cells.sql");

/// Adds `?7` checks to a cell: hour (ms), code, access, site, browser, OS.
pub const ADD: &str = "INSERT INTO friction_cells (hour_ms, code, access, site, browser, os, count) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
     ON CONFLICT (hour_ms, code, access, site, browser, os) DO UPDATE SET count = count + excluded.count";

/// The cells from the hour `?1` on with at least `?2` (k) counts, oldest first, `?3` rows at most;
/// columns in [`ADD`]'s order.
pub const SHOWN_FROM: &str = "SELECT hour_ms, code, access, site, browser, os, count FROM friction_cells \
     WHERE hour_ms >= ?1 AND count >= ?2 ORDER BY hour_ms LIMIT ?3";

/// Deletes the cells of hours before `?1`.
pub const PURGE_BEFORE: &str = "DELETE FROM friction_cells WHERE hour_ms < ?1";
