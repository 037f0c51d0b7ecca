//! The request line, written by hand: one line per request is the edge's hottest log, and
//! `tracing-subscriber`'s formatting (a calendar computed per line, every field through `Debug` and a
//! visitor) cost a fifth of `GET /api/time`'s instructions. The line is byte for byte what the
//! subscriber writes for the same event, in either format — a test holds both to it — into a
//! reused buffer, with the date and time of day worked out once a second, then one write to stderr.
//!
//! It is written only where `logs::init` installed the logs, only while the subscriber would take
//! an info event of `preflight_edge::request` (so a filter that turns request lines off also skips
//! their formatting), and without colours: an interactive terminal gets the subscriber's own line.

use std::cell::RefCell;
use std::io::Write;
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use super::LogFormat;

/// The request line's target, as the subscriber names it.
pub const TARGET: &str = "preflight_edge::request";

/// The format `logs::init` chose, when it is plain (no colours).
static PLAIN_FORMAT: OnceLock<LogFormat> = OnceLock::new();

pub(super) fn set_plain_format(format: LogFormat) {
    let _ = PLAIN_FORMAT.set(format);
}

/// One request's fields.
pub struct RequestLine<'a> {
    pub method: &'a str,
    pub route: &'a str,
    pub status: u16,
    pub latency_ms: f64,
    pub access: &'a str,
}

/// Writes `line` to stderr if the logs are plain; `false` when the subscriber must write it.
pub fn write(line: &RequestLine<'_>) -> bool {
    let Some(format) = PLAIN_FORMAT.get() else { return false };
    if !tracing::enabled!(target: TARGET, tracing::Level::INFO) {
        return true;
    }
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    BUFFER.with(|buffer| {
        let Ok(mut buffer) = buffer.try_borrow_mut() else { return };
        let Buffer { text, clock } = &mut *buffer;
        text.clear();
        format_line(text, *format, clock.date_and_time(now.as_secs()), now.subsec_micros(), line);
        // As the subscriber does: a lost log line is not worth failing a request for.
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    });
    true
}

thread_local! {
    static BUFFER: RefCell<Buffer> = RefCell::new(Buffer { text: String::with_capacity(LINE_CAPACITY), clock: Clock::default() });
}

/// Bytes kept for a line: a JSON line is about 230.
const LINE_CAPACITY: usize = 512;

struct Buffer {
    text: String,
    clock: Clock,
}

/// The date and time of day of the last second a line was written in (`2026-11-30T19:33:18`).
#[derive(Default)]
struct Clock {
    second: Option<u64>,
    stamp: String,
}

impl Clock {
    /// `2026-11-30T19:33:18` for that second, worked out once a second.
    fn date_and_time(&mut self, unix_seconds: u64) -> &str {
        if self.second != Some(unix_seconds) {
            self.second = Some(unix_seconds);
            self.stamp = date_and_time(unix_seconds);
        }
        &self.stamp
    }
}

/// `YYYY-MM-DDTHH:MM:SS` in UTC, from the civil calendar (Howard Hinnant's `civil_from_days`).
fn date_and_time(unix_seconds: u64) -> String {
    let (days, second_of_day) = (unix_seconds / 86_400, unix_seconds % 86_400);
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    let (hour, minute, second) = (second_of_day / 3_600, second_of_day / 60 % 60, second_of_day % 60);
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}")
}

/// The subscriber's line for the request event, in `format`, written at `date_and_time` and
/// `micros`: `2026-11-30T19:33:18.864848Z`, as the subscriber writes UTC times.
fn format_line(text: &mut String, format: LogFormat, date_and_time: &str, micros: u32, line: &RequestLine<'_>) {
    use std::fmt::Write as _;
    let timestamp = format_args!("{date_and_time}.{micros:06}Z");
    let RequestLine { method, route, status, latency_ms, access } = line;
    // Writing into a String cannot fail.
    let _ = match format {
        LogFormat::Human => writeln!(
            text,
            "{timestamp}  INFO answered method={method:?} route={route:?} status={status} \
             latency_ms={latency_ms:?} access={access:?}"
        ),
        LogFormat::Json => {
            let json = |value: &str| serde_json::to_string(value).unwrap_or_default();
            let latency = serde_json::to_string(latency_ms).unwrap_or_default();
            writeln!(
                text,
                "{{\"timestamp\":\"{timestamp}\",\"level\":\"INFO\",\"message\":\"answered\",\"method\":{},\
                 \"route\":{},\"status\":{status},\"latency_ms\":{latency},\"access\":{},\"target\":\"{TARGET}\"}}",
                json(method),
                json(route),
                json(access)
            )
        }
    };
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    /// What the subscriber writes, captured.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn subscriber_line(format: LogFormat, line: &RequestLine<'_>) -> String {
        let captured = Captured::default();
        let writer = captured.clone();
        let builder = tracing_subscriber::fmt().with_writer(move || writer.clone()).with_ansi(false);
        let event = || {
            tracing::info!(
                target: "preflight_edge::request",
                method = line.method,
                route = line.route,
                status = line.status,
                latency_ms = line.latency_ms,
                access = line.access,
                "answered"
            )
        };
        match format {
            LogFormat::Human => tracing::subscriber::with_default(builder.with_target(false).finish(), event),
            LogFormat::Json => tracing::subscriber::with_default(
                builder.json().flatten_event(true).with_current_span(false).finish(),
                event,
            ),
        }
        String::from_utf8(captured.0.lock().unwrap().clone()).unwrap()
    }

    /// The subscriber's line with its time of writing replaced by ours.
    fn with_our_time(subscriber: &str, timestamp: &str) -> String {
        let start = subscriber.find("20").unwrap();
        let end = start + subscriber[start..].find('Z').unwrap() + 1;
        format!("{}{timestamp}{}", &subscriber[..start], &subscriber[end..])
    }

    #[test]
    fn the_line_is_the_subscriber_s_in_both_formats() {
        let lines = [
            RequestLine { method: "GET", route: "/api/time", status: 200, latency_ms: 0.0, access: "unknown" },
            RequestLine { method: "POST", route: "/api/reports/{code}", status: 429, latency_ms: 12.4, access: "vpn" },
            RequestLine {
                method: "PROPFIND",
                route: "(static files)",
                status: 405,
                latency_ms: 3.0,
                access: "internet",
            },
        ];
        let timestamp = "2026-11-30T19:33:18.064848Z";
        for format in [LogFormat::Human, LogFormat::Json] {
            for line in &lines {
                let mut ours = String::new();
                format_line(&mut ours, format, "2026-11-30T19:33:18", 64_848, line);
                assert_eq!(ours, with_our_time(&subscriber_line(format, line), timestamp), "{format:?}");
            }
        }
    }

    #[test]
    fn times_are_utc_calendar_times_with_microseconds() {
        let mut clock = Clock::default();
        assert_eq!(clock.date_and_time(0), "1970-01-01T00:00:00");
        assert_eq!(clock.date_and_time(1_796_083_273), "2026-12-01T00:01:13");
        assert_eq!(clock.date_and_time(1_796_083_273), "2026-12-01T00:01:13", "the same second again");
        assert_eq!(clock.date_and_time(951_825_600), "2000-02-29T12:00:00", "a leap day");
        assert_eq!(clock.date_and_time(4_107_542_399), "2100-02-28T23:59:59", "2100 is no leap year");
        assert_eq!(clock.date_and_time(4_107_542_400), "2100-03-01T00:00:00");
        let mut text = String::new();
        let line = RequestLine { method: "GET", route: "/", status: 200, latency_ms: 0.0, access: "vpn" };
        format_line(&mut text, LogFormat::Human, "1970-01-01T00:00:00", 7, &line);
        assert!(text.starts_with("1970-01-01T00:00:00.000007Z  INFO"), "{text}");
    }

    #[test]
    fn times_agree_with_the_subscriber_s_clock_every_day_for_four_centuries() {
        for day in (0..146_097 * 4 / 100).map(|d| d * 100 + 17) {
            let seconds = day * 86_400 + 45_296;
            let expected =
                jiff::Timestamp::from_second(seconds as i64).unwrap().strftime("%Y-%m-%dT%H:%M:%S").to_string();
            assert_eq!(date_and_time(seconds), expected, "day {day}");
        }
    }
}
