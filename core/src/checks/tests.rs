use super::*;
use crate::finding::{Code, Severity};
use crate::i18n::Text;
use crate::time::UnixMs;

fn healthy() -> BrowserObservations {
    BrowserObservations {
        v: 1,
        clock: Some(ClockObservation { offset_ms: 120.0, error_bound_ms: 8.0 }),
        sent: None,
        sample: None,
        cookies_enabled: true,
        cookie_write_read: true,
        cookie_probe: true,
        local_storage: true,
        session_storage: true,
        secure_context: true,
        loopback_host: false,
        loaded_version: Some("2026.11.1".into()),
        service_workers: vec![],
        storage_usage: Some(2_000_000),
        storage_quota: Some(100_000_000),
        probes: vec![ProbeObservation { url: "https://connexion.example.fr/".into(), reachable: true }],
    }
}

fn edge() -> EdgeObservations {
    EdgeObservations {
        deployed_version: "2026.11.1".into(),
        cookie_header_bytes: 420,
        test_cookie_returned: Some(true),
        portal_service_worker: None,
        probe_names: vec![(
            "https://connexion.example.fr/".into(),
            Text { fr: "Service de connexion".into(), en: "Sign-in service".into() },
        )],
        os: None,
        certificate_windows: vec![],
        now: UnixMs::from_millis(NOW_MS as i64),
    }
}

/// 2025-11-25T12:00:00Z.
const NOW_MS: f64 = 1_764_072_000_000.0;

fn codes(browser: &BrowserObservations, edge: &EdgeObservations) -> Vec<Code> {
    evaluate(browser, edge).iter().map(|f| f.code).collect()
}

#[test]
fn a_healthy_browser_gets_one_ok_per_check() {
    assert_eq!(codes(&healthy(), &edge()), [Code::ClkOk, Code::SecOk, Code::CooOk, Code::StoOk, Code::CacOk]);
    assert!(evaluate(&healthy(), &edge()).iter().all(|f| f.severity == Severity::Ok));
}

#[test]
fn cookies_blocked_in_the_browser_or_lost_on_the_way() {
    let off = BrowserObservations { cookies_enabled: false, ..healthy() };
    assert!(codes(&off, &edge()).contains(&Code::CooBlocked));
    let unreadable = BrowserObservations { cookie_write_read: false, ..healthy() };
    assert!(codes(&unreadable, &edge()).contains(&Code::CooBlocked));
    let lost = EdgeObservations { test_cookie_returned: Some(false), ..edge() };
    assert!(codes(&healthy(), &lost).contains(&Code::CooBlocked));
    let unknown = EdgeObservations { test_cookie_returned: None, ..edge() };
    assert!(codes(&healthy(), &unknown).contains(&Code::CooOk), "a first visit is not a failure");
}

#[test]
fn a_large_cookie_header_warns_then_errors() {
    let large = EdgeObservations { cookie_header_bytes: 7 * 1024 + 200, ..edge() };
    let finding = evaluate(&healthy(), &large).into_iter().find(|f| f.code == Code::CooLarge).unwrap();
    assert_eq!(finding.severity, Severity::Warning);
    assert!(finding.message.fr.contains("7,2\u{a0}Ko"), "{}", finding.message.fr);
    assert!(finding.message.en.contains("7.2\u{a0}KB"));
    let huge = EdgeObservations { cookie_header_bytes: 9000, ..edge() };
    assert!(codes(&healthy(), &huge).contains(&Code::CooTooLarge));
}

#[test]
fn storage_blocked_or_nearly_full() {
    let private = BrowserObservations { session_storage: false, ..healthy() };
    assert!(codes(&private, &edge()).contains(&Code::StoBlocked));
    let full = BrowserObservations { storage_usage: Some(95), storage_quota: Some(100), ..healthy() };
    assert!(codes(&full, &edge()).contains(&Code::StoFull));
    let unknown = BrowserObservations { storage_usage: None, storage_quota: None, ..healthy() };
    assert!(codes(&unknown, &edge()).contains(&Code::StoOk));
}

#[test]
fn a_stale_version_or_a_foreign_service_worker() {
    let old = BrowserObservations { loaded_version: Some("2026.10.4".into()), ..healthy() };
    let stale = evaluate(&old, &edge()).into_iter().find(|f| f.code == Code::CacStale).unwrap();
    assert!(stale.message.en.contains("(2026.10.4 instead of 2026.11.1)"), "{}", stale.message.en);
    let worker = BrowserObservations { service_workers: vec!["/old-sw.js".into()], ..healthy() };
    assert!(codes(&worker, &edge()).contains(&Code::CacWorker));
    let own = EdgeObservations { portal_service_worker: Some("/old-sw.js".into()), ..edge() };
    assert!(codes(&worker, &own).contains(&Code::CacOk), "the portal's own worker is fine");
}

#[test]
fn plain_http_is_an_error_except_on_loopback() {
    let http = BrowserObservations { secure_context: false, ..healthy() };
    assert!(codes(&http, &edge()).contains(&Code::SecInsecure));
    let dev = BrowserObservations { secure_context: false, loopback_host: true, ..healthy() };
    assert!(codes(&dev, &edge()).contains(&Code::SecOk));
}

#[test]
fn an_unreachable_https_host_blames_the_clock_only_when_it_is_far_off() {
    let failing = vec![ProbeObservation { url: "https://connexion.example.fr/".into(), reachable: false }];
    let clock_fine = BrowserObservations { probes: failing.clone(), ..healthy() };
    let filter = evaluate(&clock_fine, &edge()).into_iter().find(|f| f.code == Code::CrtFilter).unwrap();
    assert!(filter.message.fr.starts_with("Service de connexion est injoignable"), "{}", filter.message.fr);
    assert!(filter.remedy.en.contains("CRT-FILTER"));

    let skewed = BrowserObservations {
        probes: failing,
        clock: Some(ClockObservation { offset_ms: -3.0 * 86_400_000.0, error_bound_ms: 10.0 }),
        ..healthy()
    };
    let blamed = evaluate(&skewed, &edge()).into_iter().find(|f| f.code == Code::CrtClock).unwrap();
    assert!(
        blamed
            .message
            .en
            .contains("Sign-in service refuses the secure connection because of the device clock (72\u{a0}h ahead)"),
        "{}",
        blamed.message.en
    );
}

#[test]
fn a_device_time_outside_a_known_certificate_validity_is_blamed_even_unprobed() {
    let day = 86_400_000.0;
    let windows = vec![CertificateWindow {
        url: "https://webmail.example.fr/".into(),
        valid_from: UnixMs::from_clock_reading(NOW_MS - 30.0 * day),
        valid_until: UnixMs::from_clock_reading(NOW_MS + 10.0 * day),
    }];
    let edge = EdgeObservations { certificate_windows: windows, ..edge() };
    // 20 days ahead: past the certificate's end, as the browser will see it. The host was not probed.
    let ahead = BrowserObservations {
        clock: Some(ClockObservation { offset_ms: -20.0 * day, error_bound_ms: 10.0 }),
        ..healthy()
    };
    let found: Vec<Finding> = evaluate(&ahead, &edge).into_iter().filter(|f| f.code == Code::CrtClock).collect();
    assert_eq!(found.len(), 1);
    assert!(found[0].message.en.contains("https://webmail.example.fr/ refuses"), "{}", found[0].message.en);
    // A clock within the window raises nothing for that host.
    assert!(!codes(&healthy(), &edge).iter().any(|c| matches!(c, Code::CrtClock | Code::CrtFilter)));
    // 40 days behind: before the certificate's start.
    let behind = BrowserObservations {
        clock: Some(ClockObservation { offset_ms: 40.0 * day, error_bound_ms: 10.0 }),
        ..healthy()
    };
    assert!(codes(&behind, &edge).contains(&Code::CrtClock));
}

#[test]
fn without_clock_samples_the_clock_is_unavailable_not_guessed() {
    let none = BrowserObservations { clock: None, ..healthy() };
    assert_eq!(codes(&none, &edge())[0], Code::ClkUnavailable);
}

#[test]
fn observations_round_trip_as_json_and_refuse_unknown_fields() {
    let json = serde_json::to_string(&healthy()).unwrap();
    let back: BrowserObservations = serde_json::from_str(&json).unwrap();
    assert_eq!(back, healthy());
    let extra = json.replacen('{', "{\"ip\":\"10.0.0.1\",", 1);
    assert!(serde_json::from_str::<BrowserObservations>(&extra).is_err());
}

#[test]
fn clock_remedies_name_the_switch_of_the_agents_os() {
    let skewed = BrowserObservations {
        clock: Some(ClockObservation { offset_ms: -600_000.0, error_bound_ms: 5.0 }),
        ..healthy()
    };
    let on = |os| evaluate(&skewed, &EdgeObservations { os: Some(os), ..edge() }).remove(0);
    assert!(on(crate::client::OsFamily::Windows).remedy.en.contains("Time & language"));
    assert!(on(crate::client::OsFamily::Macos).remedy.fr.contains("Réglages Système"));
    assert!(on(crate::client::OsFamily::Android).remedy.en.contains("Settings > System > Date & time"));
    let generic = evaluate(&skewed, &edge()).remove(0);
    assert!(generic.remedy.en.contains("Set time automatically"));
    // Other findings keep their own remedy.
    let ok = evaluate(&healthy(), &EdgeObservations { os: Some(crate::client::OsFamily::Windows), ..edge() });
    assert_eq!(ok[0].remedy.en, "Nothing to do.");
}

#[test]
fn without_the_edge_only_local_checks_conclude() {
    let mut browser = healthy();
    browser.clock = None;
    let found: Vec<Code> = evaluate_locally(&browser).iter().map(|f| f.code).collect();
    assert_eq!(found, [Code::ClkUnavailable, Code::SecOk, Code::CooOk, Code::StoOk]);
    browser.cookie_write_read = false;
    browser.local_storage = false;
    let found: Vec<Code> = evaluate_locally(&browser).iter().map(|f| f.code).collect();
    assert_eq!(found, [Code::ClkUnavailable, Code::SecOk, Code::CooBlocked, Code::StoBlocked]);
}

#[test]
fn loopback_names_are_recognised_and_lookalikes_are_not() {
    for name in ["localhost", "localhost.", "portal.localhost", "127.0.0.1", "127.8.9.10", "[::1]"] {
        assert!(is_loopback_host(name), "{name}");
    }
    for name in ["portal.test", "localhost.example.fr", "128.0.0.1", "10.0.0.1", "mylocalhost", "127.example.fr"] {
        assert!(!is_loopback_host(name), "{name}");
    }
}

#[test]
fn without_its_own_estimate_the_check_is_timed_by_its_stamp() {
    use crate::clock::exchange::SentStamp;
    let now = edge().now.as_clock_reading();
    // Sent 1.2 s of device time "after" the edge's now, 2 min fast, within 2.5 s.
    let stamped = BrowserObservations {
        clock: None,
        sent: Some(SentStamp { t0: now + 120_000.0 - 300.0, within_ms: 2_500.0 }),
        ..healthy()
    };
    let clock = clock_estimate(&stamped, &edge()).unwrap();
    assert!((clock.client_ahead_ms() - 120_000.0).abs() <= clock.error_bound_ms);
    assert_eq!(evaluate(&stamped, &edge())[0].code, Code::ClkTotp);
    // Decided, but the drift it states is only ±1.25 s: the widget is asked for the exact sample.
    assert!(wants_sample(&stamped, &edge()));
    // The widget's own estimate, when it sends one, wins over the stamp.
    let both = BrowserObservations { clock: healthy().clock, ..stamped.clone() };
    assert_eq!(evaluate(&both, &edge())[0].code, Code::ClkOk);
    // Neither: the clock is not available.
    let neither = BrowserObservations { clock: None, sent: None, ..healthy() };
    assert_eq!(evaluate(&neither, &edge())[0].code, Code::ClkUnavailable);
    assert!(!wants_sample(&neither, &edge()));
    // On time by the stamp: no drift is stated, so nothing more is needed.
    let on_time = BrowserObservations { sent: Some(SentStamp { t0: now - 300.0, within_ms: 2_500.0 }), ..neither };
    assert_eq!(evaluate(&on_time, &edge())[0].code, Code::ClkOk);
    assert!(!wants_sample(&on_time, &edge()));
}

#[test]
fn an_undecided_stamp_asks_for_the_sample_which_then_decides() {
    use crate::clock::ClockSample;
    use crate::clock::exchange::SentStamp;
    let now = edge().now.as_clock_reading();
    // 29 s fast, 20 ms each way: the stamp's interval runs from 28.98 s to 31.48 s.
    let sent = SentStamp { t0: now - 20.0 + 29_000.0, within_ms: 2_500.0 };
    let stamped = BrowserObservations { clock: None, sent: Some(sent), ..healthy() };
    assert!(wants_sample(&stamped, &edge()));
    assert_eq!(evaluate(&stamped, &edge())[0].code, Code::ClkUnsure);
    let sample = ClockSample { t0: sent.t0, t1: now, t2: now + 1.0, t3: now + 21.0 + 29_000.0 };
    let sampled = BrowserObservations { sample: Some(sample), ..stamped };
    assert!(!wants_sample(&sampled, &edge()));
    assert_eq!(evaluate(&sampled, &edge())[0].code, Code::ClkOk);
}
