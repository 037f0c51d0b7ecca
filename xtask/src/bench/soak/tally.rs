//! What the soak's clients saw: each request is answered (2xx or 3xx), limited (429, the rate limits
//! doing their job) or an error — any other status, a connection that failed or closed, or no
//! answer in time. Counted per request kind and per second, merged over the client threads.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

use super::keep_alive::Failure;
use crate::bench::stats::quantile;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Answered,
    Limited,
    Error(String),
}

impl Outcome {
    pub fn of(result: Result<u16, Failure>) -> Outcome {
        match result {
            Ok(200..=399) => Outcome::Answered,
            Ok(429) => Outcome::Limited,
            Ok(status) => Outcome::Error(format!("status {status}")),
            Err(failure) => Outcome::Error(failure.label().to_owned()),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Counts {
    pub answered: u64,
    pub limited: u64,
    pub errors: u64,
}

impl Counts {
    fn add(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Answered => self.answered += 1,
            Outcome::Limited => self.limited += 1,
            Outcome::Error(_) => self.errors += 1,
        }
    }

    fn merge(&mut self, other: Counts) {
        self.answered += other.answered;
        self.limited += other.limited;
        self.errors += other.errors;
    }

    pub fn total(&self) -> u64 {
        self.answered + self.limited + self.errors
    }
}

#[derive(Debug, Default, Serialize)]
pub struct Tally {
    pub counts: Counts,
    /// Errors by kind: "timeout", "status 503"…
    pub errors: BTreeMap<String, u64>,
    pub by_request: BTreeMap<&'static str, Counts>,
    /// Second of the soak → what happened in it (the moment the edge went offline shows here).
    pub per_second: Vec<Counts>,
    /// Requests sent again on a fresh connection after a reused one turned out closed by the edge
    /// while idle, before any answer: what HTTP clients do, not an error.
    pub retried_on_fresh_connection: u64,
    /// Send times skipped because a client thread was more than a second behind its schedule.
    pub skipped_sends: u64,
    /// Time to the whole answer (from the connect, when a connection had to be opened), in µs,
    /// of the requests answered or limited: a fast error page is no answer.
    #[serde(skip)]
    pub latencies_us: BTreeMap<&'static str, Vec<u32>>,
}

impl Tally {
    pub fn record(&mut self, label: &'static str, second: usize, outcome: Outcome, latency: Option<Duration>) {
        self.counts.add(&outcome);
        self.by_request.entry(label).or_default().add(&outcome);
        if self.per_second.len() <= second {
            self.per_second.resize(second + 1, Counts::default());
        }
        self.per_second[second].add(&outcome);
        match (outcome, latency) {
            (Outcome::Error(kind), _) => *self.errors.entry(kind).or_default() += 1,
            (_, Some(latency)) => {
                let us = latency.as_micros().min(u32::MAX.into()) as u32;
                self.latencies_us.entry(label).or_default().push(us);
            }
            (_, None) => {}
        }
    }

    pub fn merge(mut self, other: Tally) -> Tally {
        self.counts.merge(other.counts);
        for (kind, n) in other.errors {
            *self.errors.entry(kind).or_default() += n;
        }
        for (label, counts) in other.by_request {
            self.by_request.entry(label).or_default().merge(counts);
        }
        if self.per_second.len() < other.per_second.len() {
            self.per_second.resize(other.per_second.len(), Counts::default());
        }
        for (second, counts) in other.per_second.into_iter().enumerate() {
            self.per_second[second].merge(counts);
        }
        self.retried_on_fresh_connection += other.retried_on_fresh_connection;
        self.skipped_sends += other.skipped_sends;
        for (label, latencies) in other.latencies_us {
            self.latencies_us.entry(label).or_default().extend(latencies);
        }
        self
    }

    /// Median and 99th percentile of every latency, in ms; `None` without any answer.
    pub fn latency_ms(&self) -> Option<(f64, f64)> {
        percentiles_ms(self.latencies_us.values().flatten())
    }

    /// The same for each request kind.
    pub fn latency_ms_by_request(&self) -> BTreeMap<&'static str, (f64, f64)> {
        self.latencies_us.iter().filter_map(|(label, us)| Some((*label, percentiles_ms(us.iter())?))).collect()
    }

    /// The first second with an error, if any.
    pub fn first_error_second(&self) -> Option<usize> {
        self.per_second.iter().position(|c| c.errors > 0)
    }

    /// The request with the most errors, and how many.
    pub fn most_errors(&self) -> Option<(&'static str, u64)> {
        let (label, counts) = self.by_request.iter().max_by_key(|(_, counts)| counts.errors)?;
        (counts.errors > 0).then_some((*label, counts.errors))
    }

    /// "timeout 120, connection closed 3", most frequent first.
    pub fn error_kinds(&self) -> String {
        let mut kinds: Vec<(&String, &u64)> = self.errors.iter().collect();
        kinds.sort_by(|a, b| b.1.cmp(a.1));
        kinds.iter().map(|(kind, n)| format!("{kind} {n}")).collect::<Vec<_>>().join(", ")
    }
}

fn percentiles_ms<'a>(latencies_us: impl Iterator<Item = &'a u32>) -> Option<(f64, f64)> {
    let mut sorted: Vec<f64> = latencies_us.map(|&us| f64::from(us) / 1000.0).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    Some((quantile(&sorted, 0.5), quantile(&sorted, 0.99)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_failures_are_answered_limited_or_errors() {
        assert_eq!(Outcome::of(Ok(201)), Outcome::Answered);
        assert_eq!(Outcome::of(Ok(303)), Outcome::Answered);
        assert_eq!(Outcome::of(Ok(429)), Outcome::Limited);
        assert_eq!(Outcome::of(Ok(404)), Outcome::Error("status 404".into()));
        assert_eq!(Outcome::of(Err(Failure::Timeout)), Outcome::Error("timeout".into()));
    }

    #[test]
    fn merged_tallies_add_up_per_kind_and_second() {
        let ms = |n| Some(Duration::from_millis(n));
        let mut a = Tally::default();
        a.record("GET /api/time", 0, Outcome::Answered, ms(1));
        a.record("GET /api/time", 2, Outcome::Error("timeout".into()), None);
        let mut b = Tally::default();
        b.record("POST /api/reports", 1, Outcome::Limited, ms(3));
        b.record("GET /", 2, Outcome::Error("timeout".into()), None);
        b.record("GET /", 2, Outcome::Error("status 503".into()), ms(2));
        let all = a.merge(b);
        assert_eq!((all.counts.answered, all.counts.limited, all.counts.errors), (1, 1, 3));
        assert_eq!(all.per_second.len(), 3);
        assert_eq!(all.per_second[2].errors, 3);
        assert_eq!(all.first_error_second(), Some(2));
        assert_eq!(all.error_kinds(), "timeout 2, status 503 1");
        assert_eq!(all.by_request["GET /"].errors, 2);
        assert_eq!(all.most_errors(), Some(("GET /", 2)));
        assert_eq!(all.latencies_us.values().flatten().count(), 2, "errors have no latency");
        assert_eq!(all.latency_ms_by_request()["POST /api/reports"], (3.0, 3.0));
        let (p50, p99) = all.latency_ms().unwrap();
        assert_eq!(p50, 2.0);
        assert!((p99 - 2.98).abs() < 1e-9);
        assert_eq!(Tally::default().latency_ms(), None);
    }
}
