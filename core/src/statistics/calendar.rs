//! The UTC calendar the statistics need — a date and hour for labels, months back for the retention —
//! counted by hand (Howard Hinnant's `days_from_civil` / `civil_from_days`) rather than with jiff's
//! span arithmetic and `strftime`, which together cost the Workers bundle 48 KB gzip (measured). The
//! tests hold it to jiff's answers.

use crate::time::UnixMs;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// A UTC instant's calendar fields: year, month (1-12), day (1-31), hour, minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UtcFields {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
}

pub fn utc_fields(at: UnixMs) -> UtcFields {
    let ms = at.as_millis();
    let (year, month, day) = civil_from_days(ms.div_euclid(DAY_MS));
    let minutes = ms.rem_euclid(DAY_MS) / 60_000;
    UtcFields { year, month, day, hour: (minutes / 60) as u32, minute: (minutes % 60) as u32 }
}

/// `at`, `months` calendar months earlier (UTC, same time of day), the day clamped to the month's
/// last (2026-03-31 one month back is 2026-02-28). Saturates instead of overflowing.
pub fn months_before(at: UnixMs, months: i64) -> UnixMs {
    let ms = at.as_millis();
    let (year, month, day) = civil_from_days(ms.div_euclid(DAY_MS));
    let index = (year * 12 + i64::from(month) - 1).saturating_sub(months);
    let (year, month) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
    let day = day.min(days_in_month(year, month));
    let start_of_day = days_from_civil(year, month, day).saturating_mul(DAY_MS);
    UnixMs::from_millis(start_of_day.saturating_add(ms.rem_euclid(DAY_MS)))
}

fn is_leap(year: i64) -> bool {
    year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month = i64::from(month);
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era.saturating_mul(146_097).saturating_add(day_of_era - 719_468)
}

/// The proleptic Gregorian date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Instants from 1600 to 2400, a prime number of hours apart, and the edges of jiff's range.
    fn instants() -> impl Iterator<Item = UnixMs> {
        let (from, to) = (-11_676_096_000_000_i64, 13_569_465_600_000_i64);
        (from..to).step_by(7_919 * 3_600_000 + 61_000).map(UnixMs::from_millis)
    }

    #[test]
    fn fields_are_jiff_s() {
        for at in instants() {
            let z = at.timestamp().unwrap().to_zoned_datetime(jiff::tz::TimeZone::UTC);
            let expected = UtcFields {
                year: i64::from(z.year()),
                month: z.month() as u32,
                day: z.day() as u32,
                hour: z.hour() as u32,
                minute: z.minute() as u32,
            };
            assert_eq!(utc_fields(at), expected, "{at:?}");
        }
    }

    #[test]
    fn months_back_are_jiff_s_clamped_to_the_month_s_end() {
        for at in instants() {
            for months in [1, 2, 11, 13, 60] {
                let z = at.timestamp().unwrap().to_zoned_datetime(jiff::tz::TimeZone::UTC);
                let expected = z.checked_sub(jiff::Span::new().months(months)).unwrap();
                assert_eq!(months_before(at, months), UnixMs::from_timestamp(expected.timestamp()), "{at:?} {months}");
            }
        }
    }

    #[test]
    fn extreme_instants_saturate_and_never_panic() {
        for at in [i64::MIN, i64::MIN + 1, -1, 0, i64::MAX] {
            let _ = utc_fields(UnixMs::from_millis(at));
            for months in [0, 1, 60, i64::MAX, i64::MIN] {
                let _ = months_before(UnixMs::from_millis(at), months);
            }
        }
    }
}
