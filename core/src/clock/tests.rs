use super::*;
use proptest::prelude::*;

const NOW: f64 = 1_764_086_400_000.0; // 2025-11-25T16:00:00Z

/// A probe seen by a client whose clock is `ahead` ms ahead of the edge, with one-way delays.
fn probe(ahead: f64, out_ms: f64, processing_ms: f64, back_ms: f64) -> ClockSample {
    let t0 = NOW + ahead;
    let t1 = NOW + out_ms;
    let t2 = t1 + processing_ms;
    let t3 = t2 + back_ms + ahead;
    ClockSample { t0, t1, t2, t3 }
}

fn estimate_for(ahead: f64, rtt: f64) -> ClockEstimate {
    estimate(&[probe(ahead, rtt / 2.0, 0.1, rtt / 2.0)]).unwrap()
}

#[test]
fn symmetric_delays_give_the_exact_offset() {
    let e = estimate(&[probe(-47_000.0, 20.0, 1.0, 20.0)]).unwrap();
    assert!((e.offset_ms - 47_000.0).abs() < 1e-6);
    assert!((e.client_ahead_ms() + 47_000.0).abs() < 1e-6);
    assert!((e.delay_ms - 40.0).abs() < 1e-6);
    assert!((e.error_bound_ms - (20.0 + CLIENT_RESOLUTION_MS)).abs() < 1e-6);
}

#[test]
fn edge_processing_time_is_not_counted_as_network_delay() {
    let e = estimate(&[probe(0.0, 5.0, 300.0, 5.0)]).unwrap();
    assert!((e.delay_ms - 10.0).abs() < 1e-6);
    assert!(e.offset_ms.abs() < 1e-6);
}

#[test]
fn the_lowest_delay_sample_wins() {
    let samples = [probe(1_000.0, 200.0, 1.0, 10.0), probe(1_000.0, 3.0, 1.0, 4.0), probe(1_000.0, 50.0, 1.0, 50.0)];
    let e = estimate(&samples).unwrap();
    assert!((e.delay_ms - 7.0).abs() < 1e-6);
    assert_eq!(e.valid_samples, 3);
    assert!((e.client_ahead_ms() - 1_000.0).abs() <= e.error_bound_ms);
}

#[test]
fn frozen_edge_clock_as_on_workers_is_fine() {
    // Workers freeze Date.now() during a request: t1 == t2.
    let e = estimate(&[probe(2_000.0, 15.0, 0.0, 15.0)]).unwrap();
    assert!((e.client_ahead_ms() - 2_000.0).abs() < 1e-6);
}

#[test]
fn impossible_samples_are_rejected() {
    let ok = probe(0.0, 10.0, 1.0, 10.0);
    assert_eq!(ok.validate(), Ok(()));
    assert_eq!(ClockSample { t0: f64::NAN, ..ok }.validate(), Err(SampleError::NotFinite));
    assert_eq!(ClockSample { t2: f64::INFINITY, ..ok }.validate(), Err(SampleError::NotFinite));
    assert_eq!(ClockSample { t1: 0.0, t2: 0.0, ..ok }.validate(), Err(SampleError::Implausible));
    assert_eq!(ClockSample { t3: ok.t0 - 1.0, ..ok }.validate(), Err(SampleError::ClientWentBackwards));
    assert_eq!(ClockSample { t2: ok.t1 - 1.0, ..ok }.validate(), Err(SampleError::EdgeWentBackwards));
    // The edge claims 500 ms of processing inside a 21 ms round trip.
    assert_eq!(ClockSample { t2: ok.t1 + 500.0, ..ok }.validate(), Err(SampleError::NegativeDelay));
}

#[test]
fn millisecond_rounding_of_a_fast_round_trip_is_tolerated() {
    // Same millisecond on the client, 0.4 ms of edge processing: delay −0.4 ms.
    let s = ClockSample { t0: NOW, t1: NOW + 0.2, t2: NOW + 0.6, t3: NOW };
    let e = estimate(&[s]).unwrap();
    assert_eq!(e.delay_ms, 0.0);
    assert_eq!(e.error_bound_ms, CLIENT_RESOLUTION_MS);
}

#[test]
fn invalid_samples_are_skipped_and_reported_when_none_is_left() {
    let bad = ClockSample { t0: f64::NAN, t1: NOW, t2: NOW, t3: NOW };
    let good = probe(0.0, 10.0, 1.0, 10.0);
    assert_eq!(estimate(&[bad, good]).unwrap().valid_samples, 1);
    assert_eq!(estimate(&[bad]), Err(EstimateError::NoValidSample(SampleError::NotFinite)));
    assert_eq!(estimate(&[]), Err(EstimateError::NoSamples));
}

#[test]
fn verdicts_follow_the_named_thresholds() {
    assert_eq!(verdict(&estimate_for(0.0, 10.0)), ClockVerdict::Ok);
    assert_eq!(verdict(&estimate_for(29_000.0, 10.0)), ClockVerdict::Ok);
    assert_eq!(verdict(&estimate_for(-29_000.0, 10.0)), ClockVerdict::Ok);
    assert_eq!(verdict(&estimate_for(-47_000.0, 10.0)), ClockVerdict::TwoFactorAtRisk);
    assert_eq!(verdict(&estimate_for(120_000.0, 10.0)), ClockVerdict::TwoFactorAtRisk);
    assert_eq!(verdict(&estimate_for(360_000.0, 10.0)), ClockVerdict::SignInWillFail);
    assert_eq!(verdict(&estimate_for(-600_000.0, 10.0)), ClockVerdict::SignInWillFail);
    assert_eq!(verdict(&estimate_for(86_400_000.0 * 3.5, 10.0)), ClockVerdict::SignInWillFail);
    // A wrong date (a year behind) is not a time zone either, although it is whole hours.
    assert_eq!(verdict(&estimate_for(-86_400_000.0 * 365.0, 10.0)), ClockVerdict::SignInWillFail);
}

#[test]
fn whole_hours_point_at_the_time_zone() {
    assert_eq!(verdict(&estimate_for(3_600_000.0, 10.0)), ClockVerdict::TimeZoneLikely { hours: 1 });
    assert_eq!(verdict(&estimate_for(14.0 * 3_600_000.0, 10.0)), ClockVerdict::TimeZoneLikely { hours: 14 });
    assert_eq!(verdict(&estimate_for(15.0 * 3_600_000.0, 10.0)), ClockVerdict::SignInWillFail);
    assert_eq!(verdict(&estimate_for(-7_200_000.0 + 45_000.0, 10.0)), ClockVerdict::TimeZoneLikely { hours: -2 });
    assert_eq!(verdict(&estimate_for(3_600_000.0 + 90_000.0, 10.0)), ClockVerdict::SignInWillFail);
    // Less than an hour is never a time zone, however round.
    assert_eq!(verdict(&estimate_for(1_800_000.0, 10.0)), ClockVerdict::SignInWillFail);
}

#[test]
fn a_bound_that_straddles_a_threshold_is_inconclusive() {
    // 25 s ahead ± 10 s could be 35 s: can't tell Ok from 2FA-at-risk.
    assert_eq!(verdict(&estimate_for(25_000.0, 20_000.0)), ClockVerdict::Inconclusive);
    // 0 ± 40 s could be anything from ok to 2FA-at-risk either side.
    assert_eq!(verdict(&estimate_for(0.0, 80_000.0)), ClockVerdict::Inconclusive);
    // A slow but decisive measurement is still decided.
    assert_eq!(verdict(&estimate_for(0.0, 20_000.0)), ClockVerdict::Ok);
    assert_eq!(verdict(&estimate_for(-120_000.0, 20_000.0)), ClockVerdict::TwoFactorAtRisk);
}

#[test]
fn findings_carry_code_severity_and_numbers_in_both_languages() {
    let f = finding(&estimate_for(-47_000.0, 24.0));
    assert_eq!(f.code, Code::ClkTotp);
    assert_eq!(f.severity, crate::finding::Severity::Warning);
    assert!(f.message.en.contains("47\u{a0}s behind"), "{}", f.message.en);
    assert!(f.message.fr.contains("47\u{a0}s de retard"), "{}", f.message.fr);
    assert!(f.remedy.en.contains("Set time automatically"));

    let tz = finding(&estimate_for(3_600_400.0, 24.0));
    assert_eq!(tz.code, Code::ClkTz);
    assert!(tz.message.en.contains("1\u{a0}h ahead"), "{}", tz.message.en);
    assert!(tz.message.fr.contains("fuseau horaire"));

    let ok = finding(&estimate_for(0.0, 24.0));
    assert_eq!(ok.code, Code::ClkOk);
    assert!(ok.message.en.contains("±13\u{a0}ms"), "{}", ok.message.en);
    assert!(!ok.message.en.contains('{'), "unfilled placeholder: {}", ok.message.en);
}

#[test]
fn unavailable_finding_is_calm() {
    let f = unavailable_finding();
    assert_eq!(f.code, Code::ClkUnavailable);
    assert_eq!(f.severity.aria_role(), "status");
    assert!(f.remedy.en.contains("sign in"));
}

/// Client timestamps as a browser gives them: whole milliseconds.
fn quantised(s: ClockSample) -> ClockSample {
    ClockSample { t0: s.t0.floor(), t3: s.t3.floor(), ..s }
}

proptest! {
    #[test]
    fn the_true_offset_is_within_the_error_bound(
        ahead in -7_200_000.0..7_200_000.0f64,
        out_ms in 0.0..3_000.0f64,
        back_ms in 0.0..3_000.0f64,
        processing_ms in 0.0..50.0f64,
    ) {
        let e = estimate(&[quantised(probe(ahead, out_ms, processing_ms, back_ms))]).unwrap();
        prop_assert!((e.client_ahead_ms() - ahead).abs() <= e.error_bound_ms + 1e-6,
            "estimated {} true {} bound {}", e.client_ahead_ms(), ahead, e.error_bound_ms);
    }

    #[test]
    fn symmetric_delays_are_accurate_to_the_timestamp_resolution(
        ahead in -7_200_000.0..7_200_000.0f64,
        one_way in 0.0..3_000.0f64,
        processing_ms in 0.0..50.0f64,
    ) {
        let e = estimate(&[quantised(probe(ahead, one_way, processing_ms, one_way))]).unwrap();
        prop_assert!((e.client_ahead_ms() - ahead).abs() <= CLIENT_RESOLUTION_MS + 1e-6);
    }

    #[test]
    fn the_best_of_several_samples_keeps_the_bound(
        ahead in -600_000.0..600_000.0f64,
        delays in proptest::collection::vec((0.0..2_000.0f64, 0.0..2_000.0f64), 1..8),
    ) {
        let samples: Vec<_> = delays.iter().map(|&(o, b)| quantised(probe(ahead, o, 0.5, b))).collect();
        let e = estimate(&samples).unwrap();
        let min_delay = samples.iter().map(|s| s.delay_ms()).fold(f64::INFINITY, f64::min).max(0.0);
        prop_assert!((e.delay_ms - min_delay).abs() < 1e-6);
        prop_assert!((e.client_ahead_ms() - ahead).abs() <= e.error_bound_ms + 1e-6);
    }

    #[test]
    fn a_decided_verdict_holds_for_the_true_offset(
        ahead in -7_200_000.0..7_200_000.0f64,
        out_ms in 0.0..60_000.0f64,
        back_ms in 0.0..60_000.0f64,
    ) {
        let e = estimate(&[quantised(probe(ahead, out_ms, 1.0, back_ms))]).unwrap();
        let v = verdict(&e);
        if v != ClockVerdict::Inconclusive {
            let truth = verdict(&ClockEstimate { offset_ms: -ahead, error_bound_ms: 0.0, delay_ms: 0.0, valid_samples: 1 });
            // Both sides of a time-zone island are "sign-in will fail": either answer is an error.
            let same_severity = finding(&e).severity == finding(&ClockEstimate { offset_ms: -ahead, error_bound_ms: 0.0, delay_ms: 0.0, valid_samples: 1 }).severity;
            prop_assert!(v == truth || same_severity, "decided {v:?}, truth {truth:?}");
        }
    }
}
