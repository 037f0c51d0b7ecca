//! `[helpdesk]`: how long reports are kept, and (for a demo only) the viewer's token.
//!
//! A real deployment sets the token in the `PREFLIGHT_HELPDESK_TOKEN` environment variable, which
//! wins over this file: a committed config is no place for a secret.

use super::Spanned;
use serde::{Deserialize, Serialize};

use super::errors::{ConfigError, error_at};
use crate::report::{DEFAULT_TTL_DAYS, ReportTtl, TTL_DAYS};
use crate::time::UnixMs;

/// A token shorter than this is guessable.
pub const MIN_TOKEN_CHARS: usize = 16;
/// A helpdesk viewer's session lasts a working day, then the token is asked again.
pub const SESSION_LIFETIME_MS: i64 = 10 * 60 * 60 * 1000;

/// Whether a signed session expiring at `expires` is live at `now`: not expired, and not expiring
/// later than a session made now would (a far-future expiry is not one this edge signed in good faith).
pub fn session_is_live(expires: UnixMs, now: UnixMs) -> bool {
    now < expires && expires <= now.plus_millis(SESSION_LIFETIME_MS)
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HelpdeskConfig {
    /// Days a report is kept before it is deleted.
    #[serde(default = "default_ttl_days")]
    pub report_ttl_days: Spanned<i64>,
    /// The helpdesk viewer's token, when the environment does not give one.
    pub token: Option<Spanned<String>>,
}

impl Default for HelpdeskConfig {
    fn default() -> Self {
        HelpdeskConfig { report_ttl_days: default_ttl_days(), token: None }
    }
}

fn default_ttl_days() -> Spanned<i64> {
    Spanned::new(0..0, i64::from(DEFAULT_TTL_DAYS))
}

impl HelpdeskConfig {
    pub(super) fn validate(&self, text: &str, errors: &mut Vec<ConfigError>) {
        if self.ttl().is_none() {
            let message = format!(
                "`helpdesk.report_ttl_days` must be {} to {} days, e.g. {DEFAULT_TTL_DAYS}",
                TTL_DAYS.start(),
                TTL_DAYS.end()
            );
            errors.push(error_at(text, self.report_ttl_days.span(), message));
        }
        if let Some(token) = &self.token
            && let Some(problem) = token_problem(token.get_ref())
        {
            errors.push(error_at(text, token.span(), format!("`helpdesk.token`: {problem}")));
        }
    }

    fn ttl(&self) -> Option<ReportTtl> {
        u32::try_from(*self.report_ttl_days.get_ref()).ok().and_then(ReportTtl::days)
    }

    pub fn report_ttl(&self) -> ReportTtl {
        self.ttl().unwrap_or_default()
    }

    pub fn config_token(&self) -> Option<&str> {
        self.token.as_ref().map(|t| t.get_ref().as_str())
    }
}

/// What is wrong with a helpdesk token, if anything (the environment's is checked the same way).
pub fn token_problem(token: &str) -> Option<String> {
    bearer_token_problem("helpdesk", token)
}

/// The rule every bearer token of the edge follows (the helpdesk's, the metrics'), worded for the
/// token named `what`.
pub fn bearer_token_problem(what: &str, token: &str) -> Option<String> {
    let fine = token.chars().count() >= MIN_TOKEN_CHARS && token.chars().all(|c| c.is_ascii_graphic());
    (!fine).then(|| {
        format!(
            "a {what} token has at least {MIN_TOKEN_CHARS} visible ASCII characters without spaces; generate one, e.g. with `openssl rand -hex 24`"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::super::DeploymentConfig;
    use super::{SESSION_LIFETIME_MS, session_is_live};
    use crate::time::UnixMs;

    #[test]
    fn a_session_is_live_for_a_working_day_and_never_longer() {
        let now = UnixMs::from_millis(1_795_600_000_000);
        assert!(session_is_live(now.plus_millis(1), now));
        assert!(session_is_live(now.plus_millis(SESSION_LIFETIME_MS), now));
        assert!(!session_is_live(now, now), "expired at its expiry instant");
        assert!(!session_is_live(now.plus_millis(SESSION_LIFETIME_MS + 1), now), "longer than any session we sign");
        assert_eq!(SESSION_LIFETIME_MS, 36_000_000);
    }

    const BASE: &str = "[portal]\nname = \"p\"\nversion = \"1\"\n";

    #[test]
    fn reports_are_kept_seven_days_and_no_token_by_default() {
        let config = DeploymentConfig::parse(BASE).unwrap();
        assert_eq!(config.helpdesk.report_ttl().in_days(), 7);
        assert_eq!(config.helpdesk.config_token(), None);
    }

    #[test]
    fn ttl_and_token_are_validated_at_their_place() {
        let text = format!("{BASE}[helpdesk]\nreport_ttl_days = 0\ntoken = \"short\"\n");
        let err = DeploymentConfig::parse(&text).unwrap_err();
        let at: Vec<(usize, usize)> = err.0.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(at, vec![(5, 19), (6, 9)], "{err}");
        assert!(err.to_string().contains("1 to 30 days"), "{err}");
        let ok = format!("{BASE}[helpdesk]\nreport_ttl_days = 3\ntoken = \"0123456789abcdef\"\n");
        let config = DeploymentConfig::parse(&ok).unwrap();
        assert_eq!(config.helpdesk.report_ttl().in_days(), 3);
        assert_eq!(config.helpdesk.config_token(), Some("0123456789abcdef"));
    }
}
