//! `[statistics]`: how long the anonymous friction statistics are kept.

use serde::{Deserialize, Serialize};

use super::Spanned;
use super::errors::{ConfigError, error_at};
use crate::statistics::{DEFAULT_RETENTION_MONTHS, RETENTION_MONTHS};

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StatisticsConfig {
    /// Months hourly cells are kept before they are deleted.
    #[serde(default = "default_retention_months")]
    pub retention_months: Spanned<i64>,
}

impl Default for StatisticsConfig {
    fn default() -> Self {
        StatisticsConfig { retention_months: default_retention_months() }
    }
}

fn default_retention_months() -> Spanned<i64> {
    Spanned::new(0..0, i64::from(DEFAULT_RETENTION_MONTHS))
}

impl StatisticsConfig {
    pub(super) fn validate(&self, text: &str, errors: &mut Vec<ConfigError>) {
        if self.months().is_none() {
            let message = format!(
                "`statistics.retention_months` must be {} to {} months, e.g. {DEFAULT_RETENTION_MONTHS}",
                RETENTION_MONTHS.start(),
                RETENTION_MONTHS.end()
            );
            errors.push(error_at(text, self.retention_months.span(), message));
        }
    }

    fn months(&self) -> Option<u32> {
        u32::try_from(*self.retention_months.get_ref()).ok().filter(|m| RETENTION_MONTHS.contains(m))
    }

    /// The retention, in months (the default when invalid, which validation refuses anyway).
    pub fn retention_months(&self) -> u32 {
        self.months().unwrap_or(DEFAULT_RETENTION_MONTHS)
    }
}

#[cfg(test)]
mod tests {
    use crate::config::DeploymentConfig;

    fn with(section: &str) -> String {
        format!("[portal]\nname = \"p\"\nversion = \"1\"\n{section}")
    }

    #[test]
    fn thirteen_months_by_default_and_what_is_written_otherwise() {
        assert_eq!(DeploymentConfig::parse(&with("")).unwrap().statistics.retention_months(), 13);
        let six = DeploymentConfig::parse(&with("[statistics]\nretention_months = 6\n")).unwrap();
        assert_eq!(six.statistics.retention_months(), 6);
    }

    #[test]
    fn a_retention_out_of_range_is_refused_at_its_place() {
        for months in ["0", "61", "-3"] {
            let e =
                DeploymentConfig::parse(&with(&format!("[statistics]\nretention_months = {months}\n"))).unwrap_err();
            assert_eq!((e.0[0].line, e.0[0].column), (5, 20), "{e}");
            assert!(e.0[0].message.contains("1 to 60 months"), "{e}");
        }
    }
}
