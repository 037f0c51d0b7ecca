use super::observations_json::{assert_printable, browser_strings};
use super::{NOW, assert_filled, edge_observations, example_config};
use crate::channel::AccessClass;
use crate::checks::evaluate;
use crate::client::{BrowserFamily, OsFamily};
use crate::i18n::Lang;
use crate::report::{
    CODE_RANDOM_BYTES, DeviceSummary, Report, ReportContext, ReportTtl, ReportUpload, ShortCode, limits, plain_text,
};

/// A `POST /api/reports` body: an upload that passes validation keeps every limit, becomes a report
/// that reads back from storage (JSON) with the same findings, and has a summary naming its code,
/// one fact per line: nothing an agent sends can forge a line of what the helpdesk pastes.
pub fn report_upload(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(upload) = serde_json::from_str::<ReportUpload>(text) else { return };
    let probe_urls: Vec<&str> = example_config().probe_urls().collect();
    let Ok(upload) = upload.validate(&probe_urls) else { return };
    let o = &upload.observations;
    assert!(upload.ticket.as_deref().is_none_or(|t| crate::report::ticket_problem(t).is_none()));
    if let Some(agent) = &upload.agent_id {
        assert!(!agent.is_empty() && agent.trim() == agent && agent.chars().count() <= limits::AGENT_ID);
    }
    assert!(o.service_workers.len() <= limits::SERVICE_WORKERS && o.probes.len() <= limits::PROBES);
    assert!(o.probes.iter().all(|p| probe_urls.contains(&p.url.as_str())));
    assert!(o.clock.is_none_or(|c| c.offset_ms.is_finite() && c.error_bound_ms >= 0.0));
    if let Some(e) = &upload.sign_in_error {
        let fields = [&e.idp, &e.code, &e.correlation_id, &e.time];
        assert!(fields.iter().any(|f| f.is_some()), "an empty sign-in error is none");
        for field in fields.into_iter().flatten() {
            assert!(!field.is_empty() && field.chars().count() <= crate::sign_in::limits::CODE);
            assert!(crate::printable::first_unprintable(field).is_none(), "{field:?}");
        }
    }

    let braces = browser_strings(o).any(|s| s.contains('{'));
    let findings = evaluate(o, &edge_observations(true));
    if !braces {
        assert_filled(&findings);
    }
    assert_printable(&findings);
    let report = Report::assemble(upload, context(), findings);
    let stored = serde_json::to_string(&report).expect("a report is stored as JSON");
    let mut read: Report = serde_json::from_str(&stored).expect("a stored report reads back");
    // JSON floats read back to within a rounding step: compare the rest exactly.
    assert!(read.observations.clock.is_some() == report.observations.clock.is_some());
    read.observations.clock = report.observations.clock;
    assert_eq!(read, report);

    let mut random = [0; CODE_RANDOM_BYTES];
    random.iter_mut().zip(data).for_each(|(r, d)| *r = *d);
    let code = ShortCode::from_random(random);
    for lang in [Lang::Fr, Lang::En] {
        let summary = plain_text(&report, &code, lang);
        assert!(summary.contains(&code.grouped()), "{summary}");
        let facts = 9
            + report.findings.len()
            + usize::from(report.agent_id.is_some())
            + usize::from(report.sign_in_error.is_some());
        assert_eq!(summary.lines().count(), facts, "{summary}");
    }
}

/// What the edge knows about an upload from a Windows PC on the internet.
fn context() -> ReportContext {
    ReportContext {
        received_at_ms: NOW,
        ttl: ReportTtl::default(),
        portal_version: example_config().portal_version().to_owned(),
        edge_version: "0.1.0".into(),
        access: AccessClass::Internet,
        site: None,
        device: DeviceSummary {
            os: Some(OsFamily::Windows),
            os_version: Some("10.0".into()),
            browser: Some(BrowserFamily::Chrome),
            browser_version: Some("131.0.0.0".into()),
        },
    }
}
