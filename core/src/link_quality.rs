//! The VPN stability monitor's math: loss, round-trip times, jitter, and a verdict in plain words.

use serde::Serialize;

use crate::i18n::{Text, duration};

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

/// "unstable: 6 % loss, jitter 180 ms — video calls and large uploads will fail".
pub fn describe(s: &LinkStats) -> Text {
    let loss = format!("{}\u{a0}%", s.loss_percent.round() as u64);
    let jitter = duration(s.jitter_ms.unwrap_or(0.0));
    let (fr, en) = match verdict(s) {
        LinkVerdict::NotEnoughData => ("Mesure en cours…".to_owned(), "Measuring…".to_owned()),
        LinkVerdict::Stable => (
            format!("Connexion stable : {loss} de pertes, gigue {jitter}."),
            format!("Stable connection: {loss} loss, jitter {jitter}."),
        ),
        LinkVerdict::Degraded => (
            format!(
                "Connexion dégradée : {loss} de pertes, gigue {jitter} — les pages et la messagerie seront lentes."
            ),
            format!("Degraded connection: {loss} loss, jitter {jitter} — pages and mail will be slow."),
        ),
        LinkVerdict::Unstable => (
            format!(
                "Connexion instable : {loss} de pertes, gigue {jitter} — les visioconférences et les gros envois échoueront."
            ),
            format!("Unstable connection: {loss} loss, jitter {jitter} — video calls and large uploads will fail."),
        ),
    };
    Text { fr, en }
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
        let text = describe(&stats(&samples));
        assert_eq!(
            text.en,
            "Unstable connection: 6\u{a0}% loss, jitter 180\u{a0}ms — video calls and large uploads will fail."
        );
        assert!(text.fr.starts_with("Connexion instable : 6\u{a0}% de pertes, gigue 180\u{a0}ms"));
    }
}
