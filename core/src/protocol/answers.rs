//! Every answer body of the edge's API, defined once: the edge serializes these and the widget reads
//! them (with serde on the check page; through [`super::wire`] on the login page, where serde's code
//! would not fit the size budget). Request bodies are `checks::BrowserObservations` and
//! `report::ReportUpload`.

use serde::{Deserialize, Serialize};

use crate::channel::classify::Access;
use crate::channel::route::{IntentChoice, Recommendation};
use crate::channel::summary::AccessSummary;
use crate::finding::{Code, Finding};
use crate::i18n::Text;
use crate::report::Report;
use crate::shared_device::SessionHints;

/// `POST /api/check`: one finding per check, the one to show first, and the session hints — and the
/// edge's stamps, which make the check's own round trip a time sample (`clock::exchange`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckAnswer {
    pub v: u32,
    pub findings: Vec<Finding>,
    /// Index of the finding to show first (the login page shows only that one).
    pub top: usize,
    /// The session hints, so that the login page needs no second request.
    pub session: SessionHintsAnswer,
    /// Edge clock when it took the request (ms since the epoch): the `t1` a `sent` stamp was judged
    /// against.
    pub t1: f64,
    /// Edge clock when the answer left (NTP's t2; equal to `t1` on Workers, whose clock stands still
    /// during a request).
    pub t2: f64,
    /// The clock's finding rests on the request's `sent` stamp, too coarse for it (undecided, or a
    /// drift to state): send the check again with `sample` (this exchange's t0, t1, t2 and t3).
    pub wants_sample: bool,
}

/// `GET /api/session-hints`, and the `session` part of a check's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionHintsAnswer {
    #[serde(flatten)]
    pub hints: SessionHints,
    /// Internal access closed now at the agent's site, or a known issue of the device; usually null.
    pub notice: Option<Text>,
}

/// `GET /api/check-plan`: the HTTPS hosts whose certificate health the widget probes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckPlan {
    pub v: u32,
    pub probes: Vec<String>,
    /// Edge clock when it took the request and when the answer left: the check page's plan is its
    /// time sample (NTP's t1 and t2), so that its check carries a measured clock.
    pub t1: f64,
    pub t2: f64,
}

/// `GET /api/route`: the channel to use for an intent, from where the agent is, now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RouteAnswer {
    pub v: u32,
    pub intent: String,
    pub access: Access,
    #[serde(flatten)]
    pub recommendation: Recommendation,
}

/// `GET /api/access`: the "Your access" panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessAnswer {
    pub v: u32,
    #[serde(flatten)]
    pub summary: AccessSummary,
}

/// `GET /api/intents`: what the intent picker offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Choices {
    pub v: u32,
    pub intents: Vec<IntentChoice>,
    pub departments: Vec<DepartmentChoice>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DepartmentChoice {
    pub id: String,
    pub name: String,
}

/// `POST /api/reports`: the code to read out, once the report is stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Receipt {
    pub v: u32,
    /// Grouped for reading out, e.g. `K7F3-QX9D`.
    pub code: String,
    /// RFC 3339, and the same instant in ms since the epoch.
    pub expires_at: String,
    pub expires_at_ms: crate::time::UnixMs,
}

/// `GET /api/reports/{code}`: the report, its most likely cause and the summary to paste.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LookupAnswer {
    pub v: u32,
    pub code: String,
    pub most_likely_cause: Option<Code>,
    pub summary: Text,
    pub report: Report,
}

/// `GET /healthz`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
    pub edge_version: String,
    pub portal_version: String,
    /// `available`, or `unavailable` when the report store could not be opened (the edge still
    /// serves everything else; the reason is in its log and in the report endpoints' 503).
    pub reports: String,
}

/// Every error (RFC 9457 `application/problem+json`): a status, a title, and a detail that says
/// what to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProblemDetails {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channel::AccessClass;
    use crate::checks::{BrowserObservations, EdgeObservations, evaluate};
    use crate::config::{CITY_PORTAL_EXAMPLE, DeploymentConfig};
    use crate::shared_device::SessionHints;

    /// What the edge writes, the widget reads back whole.
    fn round_trips<T: Serialize + for<'de> Deserialize<'de> + PartialEq + std::fmt::Debug>(value: T) {
        let json = serde_json::to_string(&value).unwrap();
        assert_eq!(serde_json::from_str::<T>(&json).unwrap(), value, "{json}");
    }

    #[test]
    fn every_answer_reads_back_as_written() {
        let findings = evaluate(&BrowserObservations::default(), &EdgeObservations::default());
        let hints = SessionHints {
            v: 1,
            shared_workstation: true,
            public_network_hint: false,
            idle_minutes: 10,
            countdown_seconds: 60,
        };
        let session = SessionHintsAnswer { hints, notice: Some(Text { fr: "a".into(), en: "b".into() }) };
        round_trips(CheckAnswer {
            v: 1,
            findings: findings.clone(),
            top: 2,
            session: session.clone(),
            t1: 1_764_086_400_000.0,
            t2: 1_764_086_400_001.25,
            wants_sample: true,
        });
        round_trips(session);
        round_trips(CheckPlan { v: 1, probes: vec!["https://idp.example.fr/".into()], t1: 2.5, t2: 3.0 });
        let config = DeploymentConfig::parse(CITY_PORTAL_EXAMPLE).unwrap();
        round_trips(Choices {
            v: 1,
            intents: crate::channel::route::intent_choices(&config),
            departments: vec![DepartmentChoice { id: "dfa".into(), name: "Finances".into() }],
        });
        let receipt = Receipt {
            v: 1,
            code: "K7F3-QX9D".into(),
            expires_at: "2026-12-07T10:00:00Z".into(),
            expires_at_ms: crate::time::UnixMs::from_millis(1),
        };
        round_trips(receipt);
        round_trips(Health {
            status: "ok".into(),
            edge_version: "0.1.0".into(),
            portal_version: "2026.11.1".into(),
            reports: "available".into(),
        });
        round_trips(ProblemDetails {
            kind: "about:blank".into(),
            title: "Bad Request".into(),
            status: 400,
            detail: "x".into(),
        });
        let access = Access { class: AccessClass::Internet, site: None };
        let intent = crate::channel::route::Intent::App("messagerie".into());
        let now = jiff::Timestamp::from_second(1_764_086_400).unwrap();
        let recommendation = crate::channel::route::recommend(&config, &access, &intent, now, None).unwrap();
        round_trips(RouteAnswer { v: 1, intent: "messagerie".into(), access, recommendation });
    }

    #[test]
    fn the_session_hints_are_flat_in_the_json() {
        let hints = SessionHints {
            v: 1,
            shared_workstation: false,
            public_network_hint: true,
            idle_minutes: 3,
            countdown_seconds: 20,
        };
        let json = serde_json::to_value(SessionHintsAnswer { hints, notice: None }).unwrap();
        assert_eq!(json["public_network_hint"], true);
        assert_eq!(json["notice"], serde_json::Value::Null);
    }
}
