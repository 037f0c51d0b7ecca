//! The VPN stability monitor: its math (loss, round-trip times, jitter), its verdict in plain
//! words, how long it may measure, why it stopped, and the words of its panel.

use serde::Serialize;

use crate::finding::Severity;
use crate::i18n::{Lang, Template, duration, texts};

/// Beyond these, video calls stutter and large uploads fail.
pub const UNSTABLE_LOSS_PERCENT: f64 = 5.0;
pub const UNSTABLE_JITTER_MS: f64 = 100.0;
pub const UNSTABLE_P95_MS: f64 = 800.0;
/// Beyond these, things work but feel slow.
pub const DEGRADED_LOSS_PERCENT: f64 = 1.0;
pub const DEGRADED_JITTER_MS: f64 = 30.0;
pub const DEGRADED_P95_MS: f64 = 300.0;
/// Fewer pings than this say nothing yet.
pub const MIN_SAMPLES: usize = 5;
/// A ping that has not come back after this long counts as lost: on a call, it would have been.
pub const PING_LOST_AFTER_MS: u32 = 2_000;
/// The monitor pings once a second.
pub const PING_EVERY_MS: u32 = 1_000;
/// How long the agent may choose to measure, in minutes: long enough to catch a drop, short enough
/// not to load the edge for nothing.
pub const MEASURE_MINUTES: std::ops::RangeInclusive<u32> = 1..=10;

texts! {
    /// The panel's heading.
    pub TITLE { fr: "Stabilité de la connexion (VPN)", en: "Connection stability (VPN)" }
    /// The label of the duration picker, and each of its choices.
    pub DURATION { fr: "Durée de la mesure", en: "Measurement duration" }
    pub MINUTES { fr: "{minutes} min", en: "{minutes} min" }
    pub START { fr: "Démarrer la mesure", en: "Start measuring" }
    pub STOP { fr: "Arrêter", en: "Stop" }
    /// The names of the four figures, in the order of [`LinkStats::figures`].
    pub LOSS { fr: "Pertes", en: "Loss" }
    pub MEDIAN { fr: "Temps de réponse médian", en: "Median round trip" }
    pub P95 { fr: "Temps de réponse p95", en: "p95 round trip" }
    pub JITTER { fr: "Gigue", en: "Jitter" }
    /// The chart's text alternative.
    pub CHART {
        fr: "Temps de réponse de chaque mesure ; les points rouges sont des pertes.",
        en: "Round trip of each ping; red dots are losses.",
    }
    /// Added to the verdict when the measurement ends (see [`Stop`]).
    pub STOPPED { fr: "Mesure terminée.", en: "Measurement finished." }
    pub STOPPED_HIDDEN { fr: "Mesure arrêtée : la page a été masquée.", en: "Measurement stopped: the page was hidden." }
    /// The verdicts, by [`LinkVerdict`].
    pub MEASURING { fr: "Mesure en cours…", en: "Measuring…" }
    pub STABLE { fr: "Connexion stable : {loss} de pertes, gigue {jitter}.", en: "Stable connection: {loss} loss, jitter {jitter}." }
    pub DEGRADED {
        fr: "Connexion dégradée : {loss} de pertes, gigue {jitter} — les pages et la messagerie seront lentes.",
        en: "Degraded connection: {loss} loss, jitter {jitter} — pages and mail will be slow.",
    }
    pub UNSTABLE {
        fr: "Connexion instable : {loss} de pertes, gigue {jitter} — les visioconférences et les gros envois échoueront.",
        en: "Unstable connection: {loss} loss, jitter {jitter} — video calls and large uploads will fail.",
    }
}

/// The measurement's length from the agent's choice: within [`MEASURE_MINUTES`], the shortest when
/// the choice cannot be read.
pub fn measure_minutes(choice: &str) -> u32 {
    let (shortest, longest) = (*MEASURE_MINUTES.start(), *MEASURE_MINUTES.end());
    choice.trim().parse::<u32>().map_or(shortest, |m| m.clamp(shortest, longest))
}

/// Why a measurement ended before or at its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// Its time was up, or the agent pressed Stop.
    Finished,
    /// The page was hidden: a hidden tab's timers are throttled, so its pings would read as losses.
    PageHidden,
}

impl Stop {
    /// The page's name for it (`data-stop-reason`).
    pub fn as_str(self) -> &'static str {
        match self {
            Stop::Finished => "stopped",
            Stop::PageHidden => "stopped-hidden",
        }
    }

    /// What the agent reads after the verdict.
    pub fn text(self) -> Template {
        match self {
            Stop::Finished => STOPPED,
            Stop::PageHidden => STOPPED_HIDDEN,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LinkStats {
    pub sent: usize,
    pub lost: usize,
    pub loss_percent: f64,
    pub median_rtt_ms: Option<f64>,
    pub p95_rtt_ms: Option<f64>,
    /// Mean absolute difference between consecutive round trips.
    pub jitter_ms: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkVerdict {
    NotEnoughData,
    Stable,
    Degraded,
    Unstable,
}

impl LinkVerdict {
    /// How the verdict is shown, as a finding of that severity would be; none while measuring.
    pub fn severity(self) -> Option<Severity> {
        match self {
            LinkVerdict::NotEnoughData => None,
            LinkVerdict::Stable => Some(Severity::Ok),
            LinkVerdict::Degraded => Some(Severity::Warning),
            LinkVerdict::Unstable => Some(Severity::Error),
        }
    }
}

impl LinkStats {
    /// The four figures as shown, in the order loss, median, p95, jitter ("6 %", "42 ms"; "–" for a
    /// round trip not measured yet).
    pub fn figures(&self) -> [String; 4] {
        let ms = |v: Option<f64>| v.map_or_else(|| "–".to_owned(), duration);
        [percent(self.loss_percent), ms(self.median_rtt_ms), ms(self.p95_rtt_ms), ms(self.jitter_ms)]
    }
}

/// "6 %", rounded to a whole percent.
fn percent(value: f64) -> String {
    format!("{}\u{a0}%", value.round() as u64)
}

/// `samples[i]` is the round trip of ping `i`, or `None` when it was lost (timed out or failed).
pub fn stats(samples: &[Option<f64>]) -> LinkStats {
    let mut rtts: Vec<f64> = samples.iter().flatten().copied().filter(|r| r.is_finite() && *r >= 0.0).collect();
    let lost = samples.len() - rtts.len();
    let jitter =
        (rtts.len() >= 2).then(|| rtts.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f64>() / (rtts.len() - 1) as f64);
    rtts.sort_by(f64::total_cmp);
    LinkStats {
        sent: samples.len(),
        lost,
        loss_percent: if samples.is_empty() { 0.0 } else { 100.0 * lost as f64 / samples.len() as f64 },
        median_rtt_ms: percentile(&rtts, 50.0),
        p95_rtt_ms: percentile(&rtts, 95.0),
        jitter_ms: jitter,
    }
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    Some(sorted[rank.min(sorted.len()) - 1])
}

pub fn verdict(s: &LinkStats) -> LinkVerdict {
    if s.sent < MIN_SAMPLES {
        return LinkVerdict::NotEnoughData;
    }
    let (jitter, p95) = (s.jitter_ms.unwrap_or(0.0), s.p95_rtt_ms.unwrap_or(f64::INFINITY));
    if s.loss_percent >= UNSTABLE_LOSS_PERCENT || jitter >= UNSTABLE_JITTER_MS || p95 >= UNSTABLE_P95_MS {
        LinkVerdict::Unstable
    } else if s.loss_percent >= DEGRADED_LOSS_PERCENT || jitter >= DEGRADED_JITTER_MS || p95 >= DEGRADED_P95_MS {
        LinkVerdict::Degraded
    } else {
        LinkVerdict::Stable
    }
}

/// "Unstable connection: 6 % loss, jitter 180 ms — video calls and large uploads will fail."
pub fn describe(s: &LinkStats, lang: Lang) -> String {
    let template = match verdict(s) {
        LinkVerdict::NotEnoughData => MEASURING,
        LinkVerdict::Stable => STABLE,
        LinkVerdict::Degraded => DEGRADED,
        LinkVerdict::Unstable => UNSTABLE,
    };
    template.fill(lang, &[("loss", &percent(s.loss_percent)), ("jitter", &duration(s.jitter_ms.unwrap_or(0.0)))])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steady(rtt: f64, n: usize) -> Vec<Option<f64>> {
        vec![Some(rtt); n]
    }

    #[test]
    fn stats_of_a_steady_link() {
        let s = stats(&steady(20.0, 10));
        assert_eq!((s.sent, s.lost, s.loss_percent), (10, 0, 0.0));
        assert_eq!((s.median_rtt_ms, s.p95_rtt_ms, s.jitter_ms), (Some(20.0), Some(20.0), Some(0.0)));
        assert_eq!(verdict(&s), LinkVerdict::Stable);
    }

    #[test]
    fn loss_median_p95_and_jitter() {
        let samples = [
            Some(10.0),
            None,
            Some(30.0),
            Some(20.0),
            None,
            Some(100.0),
            Some(40.0),
            Some(50.0),
            Some(60.0),
            Some(70.0),
        ];
        let s = stats(&samples);
        assert_eq!((s.lost, s.loss_percent), (2, 20.0));
        assert_eq!(s.median_rtt_ms, Some(40.0));
        assert_eq!(s.p95_rtt_ms, Some(100.0));
        // |30-10| + |20-30| + |100-20| + |40-100| + |50-40| + |60-50| + |70-60| = 200, over 7 gaps.
        assert!((s.jitter_ms.unwrap() - 200.0 / 7.0).abs() < 1e-9);
    }

    #[test]
    fn verdicts_follow_the_thresholds() {
        let mut six_percent_loss = steady(20.0, 47);
        six_percent_loss.extend([None, None, None]);
        assert_eq!(verdict(&stats(&six_percent_loss)), LinkVerdict::Unstable);
        let jittery: Vec<_> = (0..20).map(|i| Some(if i % 2 == 0 { 20.0 } else { 200.0 })).collect();
        assert_eq!(verdict(&stats(&jittery)), LinkVerdict::Unstable);
        let mut slowish = steady(20.0, 99);
        slowish.push(None);
        assert_eq!(verdict(&stats(&slowish)), LinkVerdict::Degraded);
        assert_eq!(verdict(&stats(&steady(400.0, 10))), LinkVerdict::Degraded);
        assert_eq!(verdict(&stats(&steady(20.0, 4))), LinkVerdict::NotEnoughData);
    }

    #[test]
    fn all_lost_is_unstable_not_a_panic() {
        let s = stats(&[None; 8]);
        assert_eq!((s.median_rtt_ms, s.jitter_ms), (None, None));
        assert_eq!(verdict(&s), LinkVerdict::Unstable);
    }

    #[test]
    fn the_description_reads_like_the_issue_says() {
        let mut samples: Vec<Option<f64>> = (0..47).map(|i| Some(if i % 2 == 0 { 20.0 } else { 200.0 })).collect();
        samples.extend([None, None, None]);
        let s = stats(&samples);
        assert_eq!(
            describe(&s, Lang::En),
            "Unstable connection: 6\u{a0}% loss, jitter 180\u{a0}ms — video calls and large uploads will fail."
        );
        assert!(describe(&s, Lang::Fr).starts_with("Connexion instable : 6\u{a0}% de pertes, gigue 180\u{a0}ms"));
        assert_eq!(describe(&stats(&steady(20.0, 2)), Lang::En), "Measuring…");
    }

    #[test]
    fn figures_read_as_shown() {
        assert_eq!(stats(&[]).figures(), ["0\u{a0}%", "–", "–", "–"]);
        let s = stats(&[Some(20.0), None, Some(40.0)]);
        assert_eq!(s.figures(), ["33\u{a0}%", "20\u{a0}ms", "40\u{a0}ms", "20\u{a0}ms"]);
    }

    #[test]
    fn verdicts_are_shown_with_the_severity_they_mean() {
        assert_eq!(LinkVerdict::NotEnoughData.severity(), None);
        assert_eq!(LinkVerdict::Stable.severity(), Some(Severity::Ok));
        assert_eq!(LinkVerdict::Degraded.severity(), Some(Severity::Warning));
        assert_eq!(LinkVerdict::Unstable.severity(), Some(Severity::Error));
    }

    #[test]
    fn the_measurement_lasts_one_to_ten_minutes() {
        assert_eq!(measure_minutes("5"), 5);
        assert_eq!(measure_minutes("0"), 1);
        assert_eq!(measure_minutes("60"), 10);
        assert_eq!(measure_minutes("abc"), 1);
        assert_eq!(measure_minutes(""), 1);
    }

    #[test]
    fn a_hidden_page_stops_the_measurement_and_says_why() {
        assert_eq!(Stop::PageHidden.as_str(), "stopped-hidden");
        assert_eq!(Stop::Finished.as_str(), "stopped");
        assert!(Stop::PageHidden.text().fr.contains("la page a été masquée"));
        assert_eq!(Stop::Finished.text(), STOPPED);
    }
}
