//! Limits on every field of an upload: the body limit bounds the whole, these bound each part, so a
//! stored report stays small and every string shown to the helpdesk is short.

use crate::checks::{ObservationError, check_text};
use crate::i18n::{Lang, texts};

use super::{REPORT_VERSION, ReportUpload};

pub mod limits {
    pub const TICKET: usize = 32;
    pub const AGENT_ID: usize = 64;
    pub use crate::checks::limits::*;
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReportError {
    #[error("report version {got} is not known to this edge (it reads version {supported}): reload the check page")]
    UnknownVersion { got: u32, supported: u32 },
    #[error(transparent)]
    Observations(#[from] ObservationError),
    #[error("ticket: {0}")]
    Ticket(String),
    #[error("sign_in_error: {0}")]
    SignInError(#[from] crate::sign_in::SignInErrorProblem),
}

texts! {
    TICKET_LENGTH {
        fr: "une référence de ticket a de 1 à {max} caractères, par exemple INC-2026-0042",
        en: "a ticket reference has 1 to {max} characters, e.g. INC-2026-0042",
    }
    TICKET_CHARACTERS {
        fr: "une référence de ticket n'a que des lettres, des chiffres, « - », « _ » et « . », par exemple INC-2026-0042",
        en: "a ticket reference uses only letters, digits, `-`, `_` and `.`, e.g. INC-2026-0042",
    }
}

/// What is wrong with a ticket reference, if anything, in English (for the API): 1 to 32 letters,
/// digits, `-`, `_` or `.`. The same rule guards the check page's link, its QR code and the upload.
pub fn ticket_problem(ticket: &str) -> Option<String> {
    ticket_problem_in(ticket, Lang::En)
}

/// [`ticket_problem`], worded in `lang` for a page.
pub fn ticket_problem_in(ticket: &str, lang: Lang) -> Option<String> {
    if ticket.is_empty() || ticket.len() > limits::TICKET {
        return Some(TICKET_LENGTH.fill(lang, &[("max", &limits::TICKET.to_string())]));
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    (!ticket.chars().all(allowed)).then(|| TICKET_CHARACTERS.get(lang).to_owned())
}

impl ReportUpload {
    /// Checks every limit, and normalises: an empty agent ID is no agent ID. `probe_urls` are the
    /// config's probe hosts, the only ones a report may speak of.
    pub fn validate(mut self, probe_urls: &[&str]) -> Result<Self, ReportError> {
        if self.v != REPORT_VERSION {
            return Err(ReportError::UnknownVersion { got: self.v, supported: REPORT_VERSION });
        }
        if let Some(ticket) = &self.ticket
            && let Some(problem) = ticket_problem(ticket)
        {
            return Err(ReportError::Ticket(problem));
        }
        self.agent_id = self.agent_id.map(|a| a.trim().to_owned()).filter(|a| !a.is_empty());
        if let Some(agent) = &self.agent_id {
            check_text("agent_id", agent, limits::AGENT_ID)?;
        }
        self.observations.validate(probe_urls)?;
        self.sign_in_error = self.sign_in_error.map(|e| e.validate()).transpose()?.filter(|e| !e.is_empty());
        // A report is judged after its check: a request stamp would be timed against the wrong
        // moment. Only the widget's own estimate speaks for the clock.
        self.observations.sent = None;
        self.observations.sample = None;
        Ok(self)
    }
}
