//! The CSV export of the shown cells: one row per hourly cell, the same cells the page charts.
//! Every field is a family name, a code or a config id (letters, digits, `-`): nothing to quote and
//! nothing a spreadsheet would read as a formula.

use super::CellCount;
use super::view::hour_label;

pub const HEADER: &str = "hour_utc,code,access,site,browser,os,count\r\n";

/// `cells` (already [`super::shown`]) as CSV, with a header line; CRLF line ends (RFC 4180).
pub fn render(cells: &[CellCount]) -> String {
    let mut csv = String::from(HEADER);
    for c in cells {
        let (_, code, access, site, browser, os) = c.cell.columns();
        let hour = hour_label(c.cell.hour);
        csv.push_str(&format!("{hour},{code},{access},{site},{browser},{os},{}\r\n", c.count));
    }
    csv
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channel::AccessClass;
    use crate::client::{BrowserFamily, OsFamily};
    use crate::finding::Code;
    use crate::statistics::{Cell, shown};
    use crate::time::UnixMs;

    #[test]
    fn one_row_per_shown_cell_and_none_under_k() {
        let at = UnixMs::from_millis(1_764_583_200_000);
        let cell = |code, n| CellCount {
            cell: Cell::of_check(
                at,
                code,
                AccessClass::Internal,
                Some("hotel-de-ville"),
                Some(BrowserFamily::Chrome),
                Some(OsFamily::Windows),
            ),
            count: n,
        };
        let csv = render(&shown([cell(Code::ClkOk, 12), cell(Code::ClkSkew, 4)]));
        assert_eq!(csv, format!("{HEADER}2025-12-01 10:00,CLK-OK,internal,hotel-de-ville,chrome,windows,12\r\n"));
    }

    #[test]
    fn no_field_can_start_a_formula_or_need_quoting() {
        // A letter first (never `=`, `+`, `-` or `@`), then letters, digits and hyphens (`SSO-3PC`).
        for code in Code::ALL {
            let text = code.as_str();
            assert!(text.starts_with(|c: char| c.is_ascii_uppercase()), "{code:?}");
            assert!(text.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'), "{code:?}");
        }
    }
}
