//! The document's answer examples, computed by core from the example deployment
//! (`config/city-portal.toml`) and one healthy browser: what an edge really answers, in core's own
//! words, so no example can drift from the texts or the shapes.

use preflight_core::channel::AccessClass;
use preflight_core::channel::classify::Access;
use preflight_core::channel::route::{Intent, intent_choices, recommend};
use preflight_core::channel::summary::summarize;
use preflight_core::checks::{BrowserObservations, ClockObservation, EdgeObservations, evaluate};
use preflight_core::client::ClientFacts;
use preflight_core::config::{CITY_PORTAL_EXAMPLE, DeploymentConfig};
use preflight_core::finding::most_important_index;
use preflight_core::protocol::{
    AccessAnswer, CheckAnswer, Choices, DepartmentChoice, PROTOCOL_VERSION, RouteAnswer, SessionHintsAnswer,
};
use preflight_core::report::{REPORT_VERSION, ReportUpload};
use preflight_core::shared_device::SessionHints;
use preflight_core::sign_in::SignInError;
use serde::Serialize;
use serde_json::Value;

/// Tuesday 2025-11-25, 17:00 in Paris: a weekday afternoon.
const NOW_SECONDS: i64 = 1_764_086_400;

fn json(value: impl Serialize) -> Value {
    serde_json::to_value(value).unwrap_or_default()
}

fn config() -> Option<DeploymentConfig> {
    DeploymentConfig::parse(CITY_PORTAL_EXAMPLE).ok()
}

fn now() -> jiff::Timestamp {
    jiff::Timestamp::from_second(NOW_SECONDS).unwrap_or_default()
}

fn from_the_internet() -> Access {
    Access { class: AccessClass::Internet, site: None }
}

/// A healthy browser's observations: the body of `POST /api/check` and of a report.
pub fn observations() -> BrowserObservations {
    BrowserObservations {
        v: PROTOCOL_VERSION,
        clock: Some(ClockObservation { offset_ms: 15.0, error_bound_ms: 4.0 }),
        cookies_enabled: true,
        cookie_write_read: true,
        local_storage: true,
        session_storage: true,
        secure_context: true,
        loaded_version: Some("2026.11.1".into()),
        storage_usage: Some(1_000),
        storage_quota: Some(100_000_000),
        ..BrowserObservations::default()
    }
}

/// An upload as the check page sends it, with the ticket of the link the helpdesk sent.
pub fn report_upload() -> ReportUpload {
    ReportUpload {
        v: REPORT_VERSION,
        ticket: Some("INC-2026-0042".into()),
        agent_id: None,
        observations: observations(),
        // The portal linked the check page with the sign-in that failed.
        sign_in_error: Some(SignInError {
            idp: Some("entra".into()),
            code: Some("AADSTS50058".into()),
            correlation_id: Some("6f1c2b1e-0d4a-4c1b-9d3e-2a7f5b8c9d01".into()),
            time: Some("2026-12-01T02:41:07Z".into()),
        }),
    }
}

pub fn session_hints() -> SessionHintsAnswer {
    SessionHintsAnswer { hints: SessionHints::default(), notice: None }
}

pub fn check_answer() -> Value {
    let edge = EdgeObservations { deployed_version: "2026.11.1".into(), ..EdgeObservations::default() };
    let findings = evaluate(&observations(), &edge);
    let top = most_important_index(&findings).unwrap_or_default();
    let (t1, t2) = (1_764_086_400_000.0, 1_764_086_400_000.75);
    json(CheckAnswer { v: PROTOCOL_VERSION, findings, top, session: session_hints(), t1, t2, wants_sample: false })
}

pub fn access_answer() -> Value {
    let Some(config) = config() else { return Value::Null };
    let summary = summarize(&config, &from_the_internet(), &ClientFacts::default(), now());
    json(AccessAnswer { v: PROTOCOL_VERSION, summary })
}

pub fn route_answer() -> Value {
    let Some(config) = config() else { return Value::Null };
    let intent = "messagerie";
    let Ok(recommendation) = recommend(&config, &from_the_internet(), &Intent::App(intent.into()), now(), None) else {
        return Value::Null;
    };
    json(RouteAnswer { v: PROTOCOL_VERSION, intent: intent.into(), access: from_the_internet(), recommendation })
}

pub fn choices() -> Value {
    let Some(config) = config() else { return Value::Null };
    let departments =
        config.departments.iter().map(|d| DepartmentChoice { id: d.id.get_ref().clone(), name: d.name.clone() });
    json(Choices { v: PROTOCOL_VERSION, intents: intent_choices(&config), departments: departments.collect() })
}
