//! Limits on every field of an upload: the body limit bounds the whole, these bound each part, so a
//! stored report stays small and every string shown to the helpdesk is short.

use crate::protocol::check_version;

use super::{REPORT_VERSION, ReportUpload};

pub mod limits {
    pub const TICKET: usize = 32;
    pub const AGENT_ID: usize = 64;
    pub const VERSION: usize = 64;
    pub const SERVICE_WORKERS: usize = 16;
    pub const PATH: usize = 256;
    pub const PROBES: usize = 32;
    pub const URL: usize = 256;
    /// A clock further off than a year is not a reading: the probes went wrong.
    pub const CLOCK_MS: f64 = 366.0 * 24.0 * 3_600_000.0;
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReportError {
    #[error("report version {got} is not known to this edge (it reads version {supported}): reload the check page")]
    UnknownVersion { got: u32, supported: u32 },
    #[error("observations: {0}")]
    Observations(String),
    #[error("`{field}` is longer than {max} characters: shorten it")]
    TooLong { field: &'static str, max: usize },
    #[error("`{field}` has more than {max} entries")]
    TooMany { field: &'static str, max: usize },
    #[error("ticket: {0}")]
    Ticket(String),
    #[error("`agent_id` contains control characters: type letters, digits and punctuation only")]
    AgentIdCharacters,
    #[error("`clock` must be finite numbers within a year, with a non-negative error bound")]
    Clock,
}

/// What is wrong with a ticket reference, if anything: 1 to 32 letters, digits, `-`, `_` or `.`.
/// The same rule guards the check page's link, its QR code and the upload.
pub fn ticket_problem(ticket: &str) -> Option<String> {
    if ticket.is_empty() || ticket.len() > limits::TICKET {
        return Some(format!("a ticket reference has 1 to {} characters, e.g. INC-2026-0042", limits::TICKET));
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    (!ticket.chars().all(allowed))
        .then(|| "a ticket reference uses only letters, digits, `-`, `_` and `.`, e.g. INC-2026-0042".to_owned())
}

impl ReportUpload {
    /// Checks every limit, and normalises: an empty agent ID is no agent ID.
    pub fn validate(mut self) -> Result<Self, ReportError> {
        if self.v != REPORT_VERSION {
            return Err(ReportError::UnknownVersion { got: self.v, supported: REPORT_VERSION });
        }
        let o = &self.observations;
        check_version(o.v).map_err(|e| ReportError::Observations(e.to_string()))?;
        if let Some(ticket) = &self.ticket
            && let Some(problem) = ticket_problem(ticket)
        {
            return Err(ReportError::Ticket(problem));
        }
        self.agent_id = self.agent_id.map(|a| a.trim().to_owned()).filter(|a| !a.is_empty());
        if let Some(agent) = &self.agent_id {
            too_long("agent_id", agent, limits::AGENT_ID)?;
            if agent.chars().any(char::is_control) {
                return Err(ReportError::AgentIdCharacters);
            }
        }
        if let Some(version) = &o.loaded_version {
            too_long("observations.loaded_version", version, limits::VERSION)?;
        }
        too_many("observations.service_workers", o.service_workers.len(), limits::SERVICE_WORKERS)?;
        for path in &o.service_workers {
            too_long("observations.service_workers[]", path, limits::PATH)?;
        }
        too_many("observations.probes", o.probes.len(), limits::PROBES)?;
        for probe in &o.probes {
            too_long("observations.probes[].url", &probe.url, limits::URL)?;
        }
        if let Some(clock) = &o.clock {
            let fine = clock.offset_ms.is_finite()
                && clock.offset_ms.abs() <= limits::CLOCK_MS
                && clock.error_bound_ms.is_finite()
                && (0.0..=limits::CLOCK_MS).contains(&clock.error_bound_ms);
            if !fine {
                return Err(ReportError::Clock);
            }
        }
        Ok(self)
    }
}

fn too_long(field: &'static str, value: &str, max: usize) -> Result<(), ReportError> {
    if value.chars().count() > max { Err(ReportError::TooLong { field, max }) } else { Ok(()) }
}

fn too_many(field: &'static str, count: usize, max: usize) -> Result<(), ReportError> {
    if count > max { Err(ReportError::TooMany { field, max }) } else { Ok(()) }
}
