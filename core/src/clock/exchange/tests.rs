use proptest::prelude::*;

use super::*;
use crate::clock::{ClockVerdict, HOUR_MS, KERBEROS_MAX_SKEW_MS, TOTP_STEP_MS, estimate, verdict};

const NOW: f64 = 1_764_086_400_000.0; // 2025-11-25T16:00:00Z
const BUDGET: f64 = CHECK_BUDGET_MS as f64;

/// A check exchange of a device `ahead` ms ahead of the edge, with one-way delays and the edge's
/// processing; the device's timestamps in whole ms (`Date.now()`), the edge's stamp `t1` as the
/// native edge takes it (whole ms) and `t2` fractional.
fn exchange(ahead: f64, out_ms: f64, processing_ms: f64, back_ms: f64) -> (SentStamp, ClockSample) {
    let sent = SentStamp { t0: (NOW + ahead).floor(), within_ms: BUDGET };
    let t1 = (NOW + out_ms).floor();
    let t2 = NOW + out_ms + processing_ms;
    let t3 = (t2 + back_ms + ahead).floor();
    (sent, sent.sample(t1, t2, t3))
}

fn exact(ahead: f64) -> ClockVerdict {
    verdict(&ClockEstimate { offset_ms: -ahead, error_bound_ms: 0.0, delay_ms: 0.0, valid_samples: 1 })
}

#[test]
fn the_stamp_alone_decides_a_clock_two_minutes_fast_on_a_slow_link() {
    // The case: +120 s, and the request took 1.5 s on a cold connection.
    let (sent, sample) = exchange(120_000.0, 1_400.0, 2.0, 100.0);
    let first = sent.estimate_at(sample.t1).unwrap();
    assert_eq!(verdict(&first), ClockVerdict::TwoFactorAtRisk);
    assert!((first.client_ahead_ms() - 120_000.0).abs() <= first.error_bound_ms);
    assert!(!answered_late(&sent, sample.t3));
}

#[test]
fn near_a_threshold_the_full_sample_decides() {
    // 29 s ahead: the stamp's 2 s interval (28.98 s to 30.98 s) straddles the 30 s step; the
    // 40 ms round trip's ±20 ms does not.
    let (sent, sample) = exchange(29_000.0, 20.0, 1.0, 20.0);
    assert_eq!(verdict(&sent.estimate_at(sample.t1).unwrap()), ClockVerdict::Inconclusive);
    let full = estimate(&[sample]).unwrap();
    assert_eq!(verdict(&full), ClockVerdict::Ok);
    assert!(full.error_bound_ms <= 21.0 + CLIENT_RESOLUTION_MS, "{full:?}");
}

#[test]
fn an_answer_later_than_promised_is_told_apart() {
    // Decided from the stamp, but the answer came 3 s after a 2 s promise: the request may have
    // taken longer than the interval assumed, so the full sample must decide.
    let (sent, sample) = exchange(120_000.0, 2_900.0, 1.0, 100.0);
    assert_ne!(verdict(&sent.estimate_at(sample.t1).unwrap()), ClockVerdict::Inconclusive);
    assert!(answered_late(&sent, sample.t3));
    let full = estimate(&[sample]).unwrap();
    assert!((full.client_ahead_ms() - 120_000.0).abs() <= full.error_bound_ms);
}

#[test]
fn hostile_stamps_are_refused() {
    let ok = SentStamp { t0: NOW, within_ms: BUDGET };
    assert_eq!(ok.validate(), Ok(()));
    assert_eq!(SentStamp { t0: f64::NAN, ..ok }.validate(), Err(SampleError::NotFinite));
    assert_eq!(SentStamp { within_ms: f64::INFINITY, ..ok }.validate(), Err(SampleError::NotFinite));
    assert_eq!(SentStamp { t0: 0.0, ..ok }.validate(), Err(SampleError::Implausible));
    for within_ms in [0.0, -1.0, MAX_WITHIN_MS + 1.0] {
        assert_eq!(SentStamp { within_ms, ..ok }.validate(), Err(SampleError::WindowOutOfRange));
    }
    assert_eq!(ok.estimate_at(f64::NAN), Err(SampleError::NotFinite));
    assert_eq!(ok.estimate_at(1.0), Err(SampleError::Implausible));
    assert!(SampleError::WindowOutOfRange.to_string().contains("10000 ms"));
}

/// The distance from `ahead` to the nearest threshold (±30 s, ±5 min, the time-zone islands).
fn distance_to_a_threshold(ahead: f64) -> f64 {
    let skew = ahead.abs();
    let mut nearest = (skew - TOTP_STEP_MS).abs().min((skew - KERBEROS_MAX_SKEW_MS).abs());
    let hours = (ahead / HOUR_MS).round();
    if hours != 0.0 {
        let island = (ahead - hours * HOUR_MS).abs();
        nearest = nearest.min((island - crate::clock::TIME_ZONE_TOLERANCE_MS).abs());
    }
    nearest
}

proptest! {
    #[test]
    fn the_stamp_bounds_the_true_offset_whatever_the_delays(
        ahead in -7_200_000.0..7_200_000.0f64,
        out_ms in 0.0..1_000.0f64,
        processing_ms in 0.0..50.0f64,
        back_ms in 0.0..1_000.0f64,
    ) {
        let (sent, sample) = exchange(ahead, out_ms, processing_ms, back_ms);
        let e = sent.estimate_at(sample.t1).unwrap();
        prop_assert!((e.client_ahead_ms() - ahead).abs() <= e.error_bound_ms + 1e-6,
            "estimated {} true {} bound {}", e.client_ahead_ms(), ahead, e.error_bound_ms);
        let full = estimate(&[sample]).unwrap();
        prop_assert!((full.client_ahead_ms() - ahead).abs() <= full.error_bound_ms + 1e-6);
    }

    #[test]
    fn the_first_verdict_is_decided_away_from_the_thresholds_and_right_when_decided(
        ahead in -7_200_000.0..7_200_000.0f64,
        out_ms in 0.0..1_000.0f64,
        back_ms in 0.0..1_000.0f64,
    ) {
        let (sent, sample) = exchange(ahead, out_ms, 1.0, back_ms);
        let first = verdict(&sent.estimate_at(sample.t1).unwrap());
        // The truth may lie anywhere in the interval, which is the whole budget wide.
        if distance_to_a_threshold(ahead) > BUDGET + 2.0 * CLIENT_RESOLUTION_MS {
            prop_assert_ne!(first, ClockVerdict::Inconclusive);
        }
        if first != ClockVerdict::Inconclusive {
            let same_severity = crate::clock::finding(&sent.estimate_at(sample.t1).unwrap()).severity
                == crate::clock::finding(&ClockEstimate { offset_ms: -ahead, error_bound_ms: 0.0, delay_ms: 0.0, valid_samples: 1 }).severity;
            prop_assert!(first == exact(ahead) || same_severity, "decided {first:?}, truth {:?}", exact(ahead));
        }
    }

    #[test]
    fn the_full_sample_of_a_kept_promise_is_never_coarser_than_the_stamp(
        ahead in -400_000.0..400_000.0f64,
        out_ms in 0.0..1_000.0f64,
        back_ms in 0.0..1_000.0f64,
    ) {
        let (sent, sample) = exchange(ahead, out_ms, 1.0, back_ms);
        prop_assert!(!answered_late(&sent, sample.t3));
        let (first, full) = (sent.estimate_at(sample.t1).unwrap(), estimate(&[sample]).unwrap());
        prop_assert!(full.error_bound_ms <= first.error_bound_ms + 1e-6, "{full:?} vs {first:?}");
        prop_assert!((full.client_ahead_ms() - ahead).abs() <= full.error_bound_ms + 1e-6);
    }
}
