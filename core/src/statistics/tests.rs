use super::*;

const T: i64 = 1_764_583_200_000; // 2025-12-01T10:00Z

fn at(ms: i64) -> UnixMs {
    UnixMs::from_millis(ms)
}

#[test]
fn a_check_falls_in_the_hour_it_happened_in() {
    let cell = Cell::of_check(at(T + 59 * 60_000 + 59_999), Code::ClkSkew, AccessClass::Vpn, None, None, None);
    assert_eq!(cell.hour, at(T));
    assert_eq!(hour_of(at(T + HOUR_MS)), at(T + HOUR_MS));
    assert_eq!(hour_of(at(-1)), at(-HOUR_MS), "before the epoch too, never a panic");
}

#[test]
fn a_site_is_kept_only_for_internal_access() {
    let inside = Cell::of_check(at(T), Code::ClkOk, AccessClass::Internal, Some("hotel-de-ville"), None, None);
    assert_eq!(inside.site.as_deref(), Some("hotel-de-ville"));
    let vpn = Cell::of_check(at(T), Code::ClkOk, AccessClass::Vpn, Some("hotel-de-ville"), None, None);
    assert_eq!(vpn.site, None);
}

#[test]
fn cells_are_stored_as_families_and_read_back_whole() {
    let cell = Cell::of_check(
        at(T + 5),
        Code::CacStale,
        AccessClass::Internal,
        Some("mairie-annexe"),
        Some(BrowserFamily::Firefox),
        Some(OsFamily::Linux),
    );
    let (hour, code, access, site, browser, os) = cell.columns();
    assert_eq!(
        (hour, code, access, site, browser, os),
        (T, "CAC-STALE", "internal", "mairie-annexe", "firefox", "linux")
    );
    assert_eq!(Cell::from_columns(hour, code, access, site, browser, os), Some(cell));
    let unknown = Cell::of_check(at(T), Code::ClkOk, AccessClass::Unknown, None, None, None);
    let (hour, code, access, site, browser, os) = unknown.columns();
    assert_eq!((site, browser, os), ("", "", ""));
    assert_eq!(Cell::from_columns(hour, code, access, site, browser, os), Some(unknown));
}

#[test]
fn a_row_this_version_does_not_know_is_left_out() {
    assert_eq!(Cell::from_columns(T, "XYZ-NEW", "vpn", "", "", ""), None);
    assert_eq!(Cell::from_columns(T, "CLK-OK", "satellite", "", "", ""), None);
    assert_eq!(Cell::from_columns(T, "CLK-OK", "vpn", "", "netscape", ""), None);
    assert_eq!(Cell::from_columns(T, "CLK-OK", "vpn", "", "", "beos"), None);
    assert_eq!(Cell::from_columns(T, "CLK-OK", "internal", "Not An Id<script>", "", ""), None);
}

#[test]
fn cells_under_k_are_never_shown() {
    let cell = |n| CellCount { cell: Cell::of_check(at(T), Code::ClkOk, AccessClass::Vpn, None, None, None), count: n };
    let shown = shown([cell(0), cell(1), cell(K_ANONYMITY - 1), cell(K_ANONYMITY), cell(120)]);
    assert_eq!(shown.iter().map(|c| c.count).collect::<Vec<_>>(), [K_ANONYMITY, 120]);
}

#[test]
fn retention_counts_calendar_months() {
    let now: jiff::Timestamp = "2026-12-01T10:30:00Z".parse().unwrap();
    let cutoff = retention_cutoff(UnixMs::from_timestamp(now), DEFAULT_RETENTION_MONTHS);
    let expected: jiff::Timestamp = "2025-11-01T10:00:00Z".parse().unwrap();
    assert_eq!(cutoff, UnixMs::from_timestamp(expected));
    let month: jiff::Timestamp = "2026-03-31T00:00:00Z".parse().unwrap();
    let one = retention_cutoff(UnixMs::from_timestamp(month), 1);
    assert_eq!(one, UnixMs::from_timestamp("2026-02-28T00:00:00Z".parse().unwrap()), "clamped to the month's end");
    let _ = retention_cutoff(UnixMs::from_millis(i64::MIN), 0);
    let _ = retention_cutoff(UnixMs::from_millis(i64::MAX), u32::MAX);
}

#[test]
fn failing_means_warning_or_error() {
    let cell = |code| Cell::of_check(at(T), code, AccessClass::Vpn, None, None, None);
    assert!(cell(Code::ClkSkew).is_failing());
    assert!(cell(Code::CacStale).is_failing());
    assert!(!cell(Code::ClkOk).is_failing());
    assert!(!cell(Code::ClkUnavailable).is_failing(), "the check did not run: nothing is known to fail");
}

#[test]
fn old_cells_are_looked_for_first_then_once_an_hour() {
    assert!(purge_due(None, at(T)), "a fresh process or isolate purges first");
    assert!(!purge_due(Some(at(T)), at(T + HOUR_MS - 1)));
    assert!(purge_due(Some(at(T)), at(T + PURGE_EVERY_MS)));
    assert!(purge_due(Some(at(T)), at(T - 1)), "a clock set back does not postpone it");
    assert!(purge_due(Some(at(i64::MAX)), at(i64::MIN)), "never an overflow");
}
