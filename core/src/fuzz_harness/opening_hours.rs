use jiff::Timestamp;

use crate::config::opening_hours::{HoursRule, closing_time, next_opening_today, site_time_zone};

/// Opening hours as a config states them, first line the instant to ask about (seconds since the
/// epoch), then one rule per line. A rule that parses is written as documented (day names, digits,
/// `:` and `-`) and back as it reads, and the answers
/// about that instant in Paris agree: open exactly when a rule says so, closing later today, next
/// opening later today on a day a rule applies.
pub fn opening_hours(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut lines = text.split('\n');
    let Some(Ok(seconds)) = lines.next().map(|l| l.trim().parse::<i64>()) else { return };
    let (min, max) = (Timestamp::MIN.as_second(), Timestamp::MAX.as_second());
    let seconds = min + seconds.rem_euclid(max - min + 1);
    let now = Timestamp::from_second(seconds).expect("within jiff's range").to_zoned_datetime(site_time_zone());

    let mut rules = Vec::new();
    for line in lines {
        match line.parse::<HoursRule>() {
            Ok(rule) => {
                let written = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == ':' || c == '-';
                assert!(line.chars().all(|c| written(c) || c.is_whitespace()), "{line} is not how rules are written");
                assert!(rule.opens < rule.closes, "{line}");
                assert_eq!(rule.to_string().parse(), Ok(rule), "{line} is written back as {rule}");
                let json = serde_json::to_string(&rule).expect("a rule is written as JSON");
                assert_eq!(serde_json::from_str::<HoursRule>(&json).expect("and read back"), rule);
                rules.push(rule);
            }
            Err(message) => assert!(!message.is_empty()),
        }
    }

    let time = now.time();
    match closing_time(&rules, &now) {
        Some(closes) => assert!(closes > time && rules.iter().any(|r| r.is_open_at(&now) && r.closes == closes)),
        None => assert!(!rules.iter().any(|r| r.is_open_at(&now))),
    }
    if let Some(opens) = next_opening_today(&rules, &now) {
        assert!(opens > time && rules.iter().any(|r| r.applies_on(now.weekday()) && r.opens == opens));
    }
}
