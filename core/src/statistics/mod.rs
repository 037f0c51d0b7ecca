//! Anonymous friction statistics for the portal team: each check counted once into an hourly cell
//! (finding code × access class × site × browser family × OS family), never an address, a user
//! agent or an identifier; cells under [`K_ANONYMITY`] counts are never shown or exported.
//!
//! Pure: the edge passes the time, the client's key and a fresh random salt in, stores the cells,
//! and reads them back through [`shown`].

pub mod calendar;
pub mod csv;
pub mod dedup;
pub mod spikes;
pub mod tally;
pub mod view;

use crate::channel::AccessClass;
use crate::client::{BrowserFamily, OsFamily};
use crate::finding::{Code, Severity};
use crate::time::UnixMs;

/// A cell with fewer counts than this is never shown, charted or exported (k-anonymity).
pub const K_ANONYMITY: u64 = 5;
/// How long cells are kept by default: a year and the same month of the year before.
pub const DEFAULT_RETENTION_MONTHS: u32 = 13;
/// What `[statistics] retention_months` may be.
pub const RETENTION_MONTHS: std::ops::RangeInclusive<u32> = 1..=60;
pub const HOUR_MS: i64 = 60 * 60 * 1000;
/// How often cells past the retention are looked for: natively by the flush loop, on Workers by
/// each isolate after an answer (no background loop there).
pub const PURGE_EVERY_MS: i64 = HOUR_MS;

/// One hourly cell's key. Every field is a bounded family from core or the config: nothing in it
/// tells one agent from another.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cell {
    /// The start of the hour (UTC) the checks fell in.
    pub hour: UnixMs,
    /// The check's top finding: the one the login line showed.
    pub code: Code,
    pub access: AccessClass,
    /// The site's id from the config, when the agent was on a site's internal network.
    pub site: Option<String>,
    pub browser: Option<BrowserFamily>,
    pub os: Option<OsFamily>,
}

/// A cell and how many checks fell in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellCount {
    pub cell: Cell,
    pub count: u64,
}

/// The start of the hour `at` falls in.
pub fn hour_of(at: UnixMs) -> UnixMs {
    UnixMs::from_millis(at.as_millis().div_euclid(HOUR_MS).saturating_mul(HOUR_MS))
}

impl Cell {
    /// The cell of one check, in the hour of `at`.
    pub fn of_check(
        at: UnixMs,
        code: Code,
        access: AccessClass,
        site: Option<&str>,
        browser: Option<BrowserFamily>,
        os: Option<OsFamily>,
    ) -> Cell {
        // A site only on the internal network, where the classification set it.
        let site = if access == AccessClass::Internal { site.map(str::to_owned) } else { None };
        Cell { hour: hour_of(at), code, access, site, browser, os }
    }

    /// Whether the agent was told something would make sign-in fail (warning or error).
    pub fn is_failing(&self) -> bool {
        crate::catalog::entry(self.code).severity >= Severity::Warning
    }

    /// The cell's fields as stored and exported: hour (ms), code, access, site, browser, OS; an
    /// unknown site, browser or OS is an empty string.
    pub fn columns(&self) -> (i64, &'static str, &'static str, &str, &'static str, &'static str) {
        (
            self.hour.as_millis(),
            self.code.as_str(),
            self.access.as_str(),
            self.site.as_deref().unwrap_or(""),
            self.browser.map_or("", BrowserFamily::as_str),
            self.os.map_or("", OsFamily::as_str),
        )
    }

    /// A stored row read back; `None` when a field is not one this version knows (a row written
    /// by a later version, or tampered with), which is then left out rather than guessed.
    pub fn from_columns(hour: i64, code: &str, access: &str, site: &str, browser: &str, os: &str) -> Option<Cell> {
        fn optional(text: &str) -> Option<&str> {
            (!text.is_empty()).then_some(text)
        }
        let browser = match optional(browser) {
            Some(name) => Some(BrowserFamily::parse(name)?),
            None => None,
        };
        let os = match optional(os) {
            Some(name) => Some(OsFamily::parse(name)?),
            None => None,
        };
        let site = match optional(site) {
            Some(id) if crate::config::access::id_is_valid(id) => Some(id.to_owned()),
            Some(_) => return None,
            None => None,
        };
        Some(Cell {
            hour: hour_of(UnixMs::from_millis(hour)),
            code: Code::parse(code)?,
            access: AccessClass::parse(access)?,
            site,
            browser,
            os,
        })
    }
}

/// The cells that may be shown or exported: those with at least [`K_ANONYMITY`] counts. Every
/// chart, total and export is computed from these only, so no figure reveals a small cell.
pub fn shown(cells: impl IntoIterator<Item = CellCount>) -> Vec<CellCount> {
    cells.into_iter().filter(|c| c.count >= K_ANONYMITY).collect()
}

/// The first hour still kept at `now` with a retention of `months`: cells of earlier hours are
/// deleted. Calendar months in UTC (13 months before 2026-12-01T10:00Z is 2025-11-01T10:00Z).
pub fn retention_cutoff(now: UnixMs, months: u32) -> UnixMs {
    let months = i64::from(months.clamp(*RETENTION_MONTHS.start(), *RETENTION_MONTHS.end()));
    hour_of(calendar::months_before(now, months))
}

/// Whether old cells should be looked for at `now`, the last purge having run at `last` (`None`:
/// never, in this process or isolate). A clock set back is no reason to wait an hour longer.
pub fn purge_due(last: Option<UnixMs>, now: UnixMs) -> bool {
    last.is_none_or(|at| !(0..PURGE_EVERY_MS).contains(&now.millis_since(at)))
}

#[cfg(test)]
mod tests;
