//! `[alerts]`: where the security team is told about phishing clones (`core::canary`): a webhook that
//! receives a JSON POST, with a timeout and a few retries.

use serde::{Deserialize, Serialize};

use super::Spanned;
use super::errors::{ConfigError, error_at};

pub const DEFAULT_WEBHOOK_TIMEOUT_SECONDS: i64 = 5;
pub const WEBHOOK_TIMEOUT_SECONDS: std::ops::RangeInclusive<i64> = 1..=30;
pub const DEFAULT_WEBHOOK_RETRIES: i64 = 3;
pub const WEBHOOK_RETRIES: std::ops::RangeInclusive<i64> = 0..=10;

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AlertsConfig {
    /// The security team's webhook (`https://…`, or `http://` on a private network). None: clones
    /// are only recorded and shown on `/stats`.
    pub webhook_url: Option<Spanned<String>>,
    /// Seconds one delivery may take.
    #[serde(default = "default_timeout")]
    pub webhook_timeout_seconds: Spanned<i64>,
    /// Further tries after a failed delivery (with a growing pause).
    #[serde(default = "default_retries")]
    pub webhook_retries: Spanned<i64>,
}

impl Default for AlertsConfig {
    fn default() -> Self {
        AlertsConfig {
            webhook_url: None,
            webhook_timeout_seconds: default_timeout(),
            webhook_retries: default_retries(),
        }
    }
}

fn default_timeout() -> Spanned<i64> {
    Spanned::new(0..0, DEFAULT_WEBHOOK_TIMEOUT_SECONDS)
}

fn default_retries() -> Spanned<i64> {
    Spanned::new(0..0, DEFAULT_WEBHOOK_RETRIES)
}

impl AlertsConfig {
    pub(super) fn validate(&self, text: &str, errors: &mut Vec<ConfigError>) {
        if let Some(url) = &self.webhook_url
            && let Some(problem) = super::access::app_url_problem(url.get_ref())
        {
            errors.push(error_at(text, url.span(), format!("`alerts.webhook_url`: {problem}")));
        }
        for (key, value, range, default) in [
            (
                "webhook_timeout_seconds",
                &self.webhook_timeout_seconds,
                WEBHOOK_TIMEOUT_SECONDS,
                DEFAULT_WEBHOOK_TIMEOUT_SECONDS,
            ),
            ("webhook_retries", &self.webhook_retries, WEBHOOK_RETRIES, DEFAULT_WEBHOOK_RETRIES),
        ] {
            if !range.contains(value.get_ref()) {
                let message = format!("`alerts.{key}` must be {} to {}, e.g. {default}", range.start(), range.end());
                errors.push(error_at(text, value.span(), message));
            }
        }
    }

    pub fn webhook_url(&self) -> Option<&str> {
        self.webhook_url.as_ref().map(|u| u.get_ref().as_str())
    }

    pub fn timeout_seconds(&self) -> u64 {
        u64::try_from(*self.webhook_timeout_seconds.get_ref()).unwrap_or(DEFAULT_WEBHOOK_TIMEOUT_SECONDS as u64)
    }

    pub fn retries(&self) -> u32 {
        u32::try_from(*self.webhook_retries.get_ref()).unwrap_or(DEFAULT_WEBHOOK_RETRIES as u32)
    }
}

#[cfg(test)]
mod tests {
    use crate::config::DeploymentConfig;

    fn with(section: &str) -> String {
        format!("[portal]\nname = \"p\"\nversion = \"1\"\n{section}")
    }

    #[test]
    fn no_webhook_by_default_five_seconds_and_three_retries() {
        let config = DeploymentConfig::parse(&with("")).unwrap();
        assert_eq!(
            (config.alerts.webhook_url(), config.alerts.timeout_seconds(), config.alerts.retries()),
            (None, 5, 3)
        );
        let set = DeploymentConfig::parse(&with(
            "[alerts]\nwebhook_url = \"https://soc.example.fr/hooks/preflight\"\nwebhook_timeout_seconds = 2\nwebhook_retries = 0\n",
        ))
        .unwrap();
        assert_eq!(set.alerts.webhook_url(), Some("https://soc.example.fr/hooks/preflight"));
        assert_eq!((set.alerts.timeout_seconds(), set.alerts.retries()), (2, 0));
    }

    #[test]
    fn a_bad_webhook_or_bounds_are_refused_at_their_place() {
        let e = DeploymentConfig::parse(&with("[alerts]\nwebhook_url = \"soc.example.fr\"\n")).unwrap_err();
        assert_eq!((e.0[0].line, e.0[0].column), (5, 15), "{e}");
        let e = DeploymentConfig::parse(&with("[alerts]\nwebhook_timeout_seconds = 0\nwebhook_retries = 11\n"))
            .unwrap_err();
        assert_eq!(e.0.len(), 2, "{e}");
        assert!(e.0[0].message.contains("1 to 30") && e.0[1].message.contains("0 to 10"), "{e}");
    }
}
