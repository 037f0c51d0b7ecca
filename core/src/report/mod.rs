//! Helpdesk reports: what an agent agrees to share, the short code read out on the phone, how long
//! it is kept, and how the helpdesk reads it (the most likely cause first, a plain-text summary).
//!
//! The agent's browser uploads a [`ReportUpload`] (observations, an optional ticket and agent ID);
//! the edge recomputes the findings with `checks::evaluate`, adds what it knows (access class, device
//! families and versions, portal version, times) and keeps a [`Report`]. Nothing personal: no IP
//! address, no cookie contents, no raw user agent; an agent ID only when the agent typed one.

pub(crate) mod code;
pub mod share;
pub(crate) mod summary;
mod ttl;
pub(crate) mod validate;
pub mod viewer;

use serde::{Deserialize, Serialize};

use crate::channel::AccessClass;
use crate::checks::BrowserObservations;
use crate::client::{BrowserFamily, ClientFacts, OsFamily};
use crate::finding::Finding;
use crate::sign_in::SignInError;
use crate::time::UnixMs;

pub use code::{CODE_LEN, CODE_RANDOM_BYTES, CodeError, ShortCode};
pub use summary::{
    clock_line, device_line, failed_checks, local_time, most_likely_cause, plain_text, sign_in_error_line,
};
pub use ttl::{DEFAULT_TTL_DAYS, ReportTtl, TTL_DAYS, is_expired};
pub use validate::{ReportError, limits, ticket_problem, ticket_problem_in};

/// A stored report (its JSON) is at most this large: a real one is about 2 KB, and each field's
/// own limit keeps it near that; this bounds what an upload can cost the store whatever it holds.
pub const MAX_STORED_BYTES: usize = 8 * 1024;

/// Version of the upload body and of the stored report.
pub const REPORT_VERSION: u32 = 1;

/// What the agent's browser sends to `POST /api/reports`, after the agent agreed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportUpload {
    pub v: u32,
    /// The helpdesk ticket reference from the link (`/check?ticket=…`).
    #[serde(default)]
    pub ticket: Option<String>,
    /// Only when the agent typed it into the optional field.
    #[serde(default)]
    pub agent_id: Option<String>,
    pub observations: BrowserObservations,
    /// The failed sign-in the portal handed to the check page (`/check?error=…`), when there was one.
    #[serde(default)]
    pub sign_in_error: Option<SignInError>,
}

/// Device families and versions: from the user agent and client hints, never the raw string.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeviceSummary {
    pub os: Option<OsFamily>,
    pub os_version: Option<String>,
    pub browser: Option<BrowserFamily>,
    pub browser_version: Option<String>,
}

impl From<&ClientFacts> for DeviceSummary {
    fn from(facts: &ClientFacts) -> Self {
        DeviceSummary {
            os: facts.os,
            os_version: facts.os_version.as_ref().map(|v| v.to_string()),
            browser: facts.browser,
            browser_version: facts.browser_version.as_ref().map(|v| v.to_string()),
        }
    }
}

/// What the edge knows about an upload, besides the upload itself.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportContext {
    pub received_at_ms: UnixMs,
    pub ttl: ReportTtl,
    pub portal_version: String,
    pub edge_version: String,
    pub access: AccessClass,
    pub site: Option<String>,
    pub device: DeviceSummary,
}

/// A stored report: every field is listed, with how long it is kept, in the README.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub v: u32,
    pub ticket: Option<String>,
    pub agent_id: Option<String>,
    pub received_at_ms: UnixMs,
    pub expires_at_ms: UnixMs,
    /// The portal version deployed when the report came in (the page's own is in the observations).
    pub portal_version: String,
    pub edge_version: String,
    /// Where the agent connected from, as a class (and site id): never the address.
    pub access: AccessClass,
    pub site: Option<String>,
    pub device: DeviceSummary,
    pub observations: BrowserObservations,
    /// The identity provider's error the agent came with: provider, code, correlation ID, time.
    #[serde(default)]
    pub sign_in_error: Option<SignInError>,
    /// Computed by the edge with `checks::evaluate`, so they match the catalog.
    pub findings: Vec<Finding>,
}

impl Report {
    /// The report kept for a validated upload.
    pub fn assemble(upload: ReportUpload, context: ReportContext, findings: Vec<Finding>) -> Report {
        Report {
            v: REPORT_VERSION,
            ticket: upload.ticket,
            agent_id: upload.agent_id,
            received_at_ms: context.received_at_ms,
            expires_at_ms: context.ttl.expires_at(context.received_at_ms),
            portal_version: context.portal_version,
            edge_version: context.edge_version,
            access: context.access,
            site: context.site,
            device: context.device,
            observations: upload.observations,
            sign_in_error: upload.sign_in_error,
            findings,
        }
    }
}

#[cfg(test)]
mod tests;
