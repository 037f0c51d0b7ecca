use super::*;
use crate::checks::{ClockObservation, EdgeObservations, ObservationError, ProbeObservation, evaluate};
use crate::finding::{Code, Severity};
use crate::i18n::{Facts, Lang};
use crate::protocol::PROTOCOL_VERSION;
use crate::time::UnixMs;

fn observations() -> BrowserObservations {
    BrowserObservations {
        v: PROTOCOL_VERSION,
        clock: Some(ClockObservation { offset_ms: -360_000.0, error_bound_ms: 12.0 }),
        cookies_enabled: true,
        cookie_write_read: true,
        local_storage: true,
        session_storage: true,
        secure_context: true,
        loaded_version: Some("2026.11.1".into()),
        ..BrowserObservations::default()
    }
}

fn upload() -> ReportUpload {
    ReportUpload {
        v: REPORT_VERSION,
        ticket: Some("INC-2026-0042".into()),
        agent_id: None,
        observations: observations(),
        sign_in_error: None,
    }
}

fn report() -> Report {
    let upload = upload().validate(&[]).unwrap();
    let edge = EdgeObservations { deployed_version: "2026.11.1".into(), ..EdgeObservations::default() };
    let findings = evaluate(&upload.observations, &edge);
    let context = ReportContext {
        received_at_ms: UnixMs::from_millis(1_764_100_980_000),
        ttl: ReportTtl::default(),
        portal_version: "2026.11.1".into(),
        edge_version: "0.1.0".into(),
        access: AccessClass::Internet,
        site: None,
        device: DeviceSummary {
            os: Some(OsFamily::Windows),
            os_version: Some("10.0".into()),
            browser: Some(BrowserFamily::Chrome),
            browser_version: Some("131.0.0.0".into()),
        },
    };
    Report::assemble(upload, context, findings)
}

#[test]
fn a_valid_upload_passes_and_an_empty_agent_id_is_none() {
    let mut u = upload();
    u.agent_id = Some("  ".into());
    assert_eq!(u.validate(&[]).unwrap().agent_id, None);
    let mut u = upload();
    u.agent_id = Some(" A12345 ".into());
    assert_eq!(u.validate(&[]).unwrap().agent_id.as_deref(), Some("A12345"));
}

#[test]
fn a_request_stamp_does_not_travel_into_a_report() {
    let mut u = upload();
    u.observations.sent = Some(crate::clock::exchange::SentStamp { t0: 1_764_086_400_000.0, within_ms: 2_500.0 });
    u.observations.sample = Some(crate::clock::ClockSample { t0: 1.7e12, t1: 1.7e12, t2: 1.7e12, t3: 1.7e12 });
    let validated = u.validate(&[]).unwrap();
    assert_eq!((validated.observations.sent, validated.observations.sample), (None, None));
}

#[test]
fn unknown_versions_are_named() {
    let mut u = upload();
    u.v = 2;
    let err = u.validate(&[]).unwrap_err();
    assert_eq!(err, ReportError::UnknownVersion { got: 2, supported: REPORT_VERSION });
    assert!(err.to_string().contains("version 2"), "{err}");
    let mut u = upload();
    u.observations.v = 99;
    assert!(matches!(u.validate(&[]), Err(ReportError::Observations(_))));
}

#[test]
fn every_string_and_list_is_bounded_and_printable() {
    let too_long = |field, max| Err(ReportError::Observations(ObservationError::TooLong { field, max }));
    let mut u = upload();
    u.agent_id = Some("x".repeat(limits::AGENT_ID + 1));
    assert_eq!(u.validate(&[]), too_long("agent_id", limits::AGENT_ID));
    for forged in ["A1\u{7}", "A1\nTicket: INC-9", "A1\u{202E}2"] {
        let mut u = upload();
        u.agent_id = Some(forged.into());
        assert!(
            matches!(
                u.validate(&[]),
                Err(ReportError::Observations(ObservationError::Unprintable { field: "agent_id", .. }))
            ),
            "{forged:?}"
        );
    }
    // The observations' own limits (checks::validate) apply inside a report too.
    let mut u = upload();
    u.observations.probes = vec![ProbeObservation { url: "https://x.test/".into(), reachable: true }];
    assert!(matches!(u.clone().validate(&[]), Err(ReportError::Observations(ObservationError::UnknownProbe { .. }))));
    assert!(u.validate(&["https://x.test/"]).is_ok());
    let mut u = upload();
    u.observations.clock = Some(ClockObservation { offset_ms: f64::NAN, error_bound_ms: 1.0 });
    assert_eq!(u.validate(&[]).unwrap_err(), ReportError::Observations(ObservationError::Clock));
}

#[test]
fn tickets_are_short_and_plain() {
    assert!(ticket_problem("INC-2026-0042").is_none());
    assert!(ticket_problem("a.b_c").is_none());
    assert!(ticket_problem("").is_some());
    assert!(ticket_problem(&"1".repeat(33)).is_some());
    for bad in ["<script>", "a b", "x\"y", "é"] {
        assert!(ticket_problem(bad).is_some(), "{bad}");
    }
    let mut u = upload();
    u.ticket = Some("<b>".into());
    assert!(matches!(u.validate(&[]), Err(ReportError::Ticket(_))));
}

#[test]
fn a_report_keeps_the_observations_and_expires_after_its_ttl() {
    let r = report();
    assert_eq!(r.expires_at_ms.millis_since(r.received_at_ms), 7 * 24 * 3_600_000);
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(serde_json::from_str::<Report>(&json).unwrap(), r);
}

#[test]
fn the_most_likely_cause_is_the_most_severe_then_the_first_in_the_catalog() {
    let none = Facts::default();
    let f = |code| Finding::from_catalog(code, &none);
    // Both errors: the clock family comes first in the catalog, whatever the order found.
    let findings = vec![f(Code::CooBlocked), f(Code::StoOk), f(Code::ClkSkew), f(Code::CacStale)];
    assert_eq!(most_likely_cause(&findings).unwrap().code, Code::ClkSkew);
    assert_eq!(f(Code::CooBlocked).severity, Severity::Error);
    let quiet = vec![f(Code::ClkOk), f(Code::CooOk)];
    assert!(most_likely_cause(&quiet).is_none());
    assert_eq!(failed_checks(&findings).count(), 3);
}

#[test]
fn the_plain_text_summary_reads_in_both_languages() {
    let r = report();
    let code = ShortCode::parse("K7F3-QX9D").unwrap();
    let fr = plain_text(&r, &code, Lang::Fr);
    assert!(fr.starts_with("Rapport Preflight K7F3-QX9D — ticket INC-2026-0042\n"), "{fr}");
    assert!(fr.contains("Cause la plus probable : CLK-SKEW"), "{fr}");
    assert!(fr.contains("6\u{a0}min d'avance (±12\u{a0}ms)"), "{fr}");
    assert!(fr.contains("Chrome 131.0.0.0 · Windows 10.0"), "{fr}");
    assert!(fr.contains("Europe/Paris"), "{fr}");
    let en = plain_text(&r, &code, Lang::En);
    assert!(en.contains("Most likely cause: CLK-SKEW"), "{en}");
    assert!(en.contains("- Access: internet"), "{en}");
    assert!(!en.contains("Agent ID"), "no agent ID was typed: {en}");
}

#[test]
fn times_read_in_paris_local_time_with_daylight_saving() {
    // 2026-11-25T20:03:00Z is 21:03 in winter (UTC+1); 2026-07-01T08:05:00Z is 10:05 in summer.
    assert_eq!(local_time(UnixMs::from_millis(1_795_636_980_000)), "2026-11-25 21:03 (Europe/Paris)");
    assert_eq!(local_time(UnixMs::from_millis(1_782_893_100_000)), "2026-07-01 10:05 (Europe/Paris)");
    // Out of jiff's range: the raw milliseconds, not a panic.
    assert_eq!(local_time(UnixMs::from_millis(i64::MAX)), i64::MAX.to_string());
}

#[test]
fn a_real_report_is_well_within_the_stored_size_limit() {
    let json = serde_json::to_string(&report()).unwrap();
    assert!(json.len() * 2 < MAX_STORED_BYTES, "{} bytes", json.len());
}

fn entra_error() -> crate::sign_in::SignInError {
    crate::sign_in::SignInError {
        idp: Some("entra".into()),
        code: Some("AADSTS50058".into()),
        correlation_id: Some("6f1c2b1e-0d4a-4c1b-9d3e-2a7f5b8c9d01".into()),
        time: Some("2026-12-01T02:41:07Z".into()),
    }
}

#[test]
fn the_sign_in_error_goes_into_the_report_and_its_summary() {
    let mut u = upload();
    u.sign_in_error = Some(entra_error());
    let upload = u.validate(&[]).unwrap();
    let edge = EdgeObservations { deployed_version: "2026.11.1".into(), ..EdgeObservations::default() };
    let findings = evaluate(&upload.observations, &edge);
    let mut with_error = report();
    with_error.sign_in_error = upload.sign_in_error.clone();
    with_error.findings = findings;
    let code = ShortCode::from_random([7; CODE_RANDOM_BYTES]);
    let en = plain_text(&with_error, &code, Lang::En);
    assert!(
        en.contains(
            "- Sign-in error: Microsoft Entra ID AADSTS50058 — correlation ID 6f1c2b1e-0d4a-4c1b-9d3e-2a7f5b8c9d01 — at 2026-12-01T02:41:07Z"
        ),
        "{en}"
    );
    let fr = plain_text(&with_error, &code, Lang::Fr);
    assert!(fr.contains("- Erreur de connexion : Microsoft Entra ID AADSTS50058 — corrélation 6f1c"), "{fr}");
    assert!(!plain_text(&report(), &code, Lang::En).contains("Sign-in error"));
}

#[test]
fn a_sign_in_error_is_bounded_and_printable_and_an_empty_one_is_none() {
    let with = |error: crate::sign_in::SignInError| {
        let mut u = upload();
        u.sign_in_error = Some(error);
        u.validate(&[])
    };
    let forged = crate::sign_in::SignInError { correlation_id: Some("abc\nForged: line".into()), ..entra_error() };
    assert!(matches!(with(forged), Err(ReportError::SignInError(_))));
    let long = crate::sign_in::SignInError { code: Some("A".repeat(65)), ..entra_error() };
    assert!(matches!(with(long), Err(ReportError::SignInError(_))));
    let blank = crate::sign_in::SignInError { idp: Some(" ".into()), ..Default::default() };
    assert_eq!(with(blank).unwrap().sign_in_error, None);
}
