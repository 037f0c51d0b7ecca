//! The deployment config (TOML): what a portal team writes to describe their portal.
//!
//! Parsing and validation are pure: the edge reads the file and passes the text in. Every error
//! points at `line:column` and says how to fix it; all errors are reported at once.

mod errors;
mod shared_workstation;

use serde::Deserialize;
use toml::Spanned;

use errors::error_at;
pub use errors::{ConfigError, ConfigErrors};
pub use shared_workstation::SharedWorkstationConfig;

/// The example deployment, used when no `--config` is given.
pub const CITY_PORTAL_EXAMPLE: &str = include_str!("../../../config/city-portal.toml");

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeploymentConfig {
    pub portal: PortalConfig,
    #[serde(default)]
    pub edge: EdgeConfig,
    #[serde(default)]
    pub shared_workstation: SharedWorkstationConfig,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortalConfig {
    /// Shown to agents, e.g. "Portail des agents".
    pub name: Spanned<String>,
    /// The portal version deployed now; a page that loaded another one is stale.
    pub version: Spanned<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EdgeConfig {
    /// Origins (`https://host[:port]`) of portal pages served elsewhere that may call the edge API.
    #[serde(default)]
    pub cors_origins: Vec<Spanned<String>>,
}

impl DeploymentConfig {
    pub fn parse(text: &str) -> Result<Self, ConfigErrors> {
        let config: DeploymentConfig = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            ConfigErrors(vec![error_at(text, span, e.message().trim_end().to_owned())])
        })?;
        let errors = config.validate(text);
        if errors.is_empty() { Ok(config) } else { Err(ConfigErrors(errors)) }
    }

    fn validate(&self, text: &str) -> Vec<ConfigError> {
        let mut errors = Vec::new();
        let mut check = |value: &Spanned<String>, problem: Option<String>| {
            if let Some(message) = problem {
                errors.push(error_at(text, value.span(), message));
            }
        };
        check(&self.portal.name, non_empty("portal.name", self.portal.name.get_ref()));
        check(&self.portal.version, version_problem(self.portal.version.get_ref()));
        for origin in &self.edge.cors_origins {
            check(origin, origin_problem(origin.get_ref()));
        }
        self.shared_workstation.validate(text, &mut errors);
        errors
    }

    pub fn portal_version(&self) -> &str {
        self.portal.version.get_ref()
    }

    pub fn cors_origins(&self) -> impl Iterator<Item = &str> {
        self.edge.cors_origins.iter().map(|o| o.get_ref().as_str())
    }
}

fn non_empty(field: &str, value: &str) -> Option<String> {
    value.trim().is_empty().then(|| format!("`{field}` is empty: give it a value, e.g. \"Portail des agents\""))
}

fn version_problem(version: &str) -> Option<String> {
    let fine = !version.is_empty() && version.len() <= 64 && version.chars().all(|c| c.is_ascii_graphic());
    (!fine).then(|| {
        "`portal.version` must be 1 to 64 visible ASCII characters without spaces, e.g. \"2026.11.1\"".to_owned()
    })
}

/// An origin is a scheme and a host, with an optional port, and nothing else.
fn origin_problem(origin: &str) -> Option<String> {
    let rest = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
    let fine = rest
        .is_some_and(|host| !host.is_empty() && !host.contains(['/', '?', '#', '@', ' ']) && !host.starts_with(':'));
    (!fine).then(|| {
        format!("`{origin}` is not an origin: write the scheme and host only, e.g. \"https://portail.example.fr\"")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_config_is_valid() {
        let config = DeploymentConfig::parse(CITY_PORTAL_EXAMPLE).unwrap();
        assert!(!config.portal_version().is_empty());
    }

    #[test]
    fn syntax_errors_point_at_line_and_column() {
        let err = DeploymentConfig::parse("[portal]\nname = \"x\"\nversion = 2026.11\n").unwrap_err();
        assert_eq!(err.0.len(), 1);
        assert_eq!((err.0[0].line, err.0[0].column), (3, 11), "{err}");
    }

    #[test]
    fn unknown_keys_are_refused_with_the_expected_ones() {
        let err = DeploymentConfig::parse("[portal]\nname = \"x\"\nversion = \"1\"\nverison = \"2\"\n").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("4:1:"), "{text}");
        assert!(text.contains("verison"), "{text}");
    }

    #[test]
    fn missing_sections_are_named() {
        let err = DeploymentConfig::parse("[edge]\n").unwrap_err();
        assert!(err.to_string().contains("portal"), "{err}");
    }

    #[test]
    fn all_semantic_errors_are_reported_at_once_with_a_fix() {
        let text = "[portal]\nname = \" \"\nversion = \"2026 11\"\n\n[edge]\ncors_origins = [\"https://ok.example\", \"portail.example/login\"]\n";
        let err = DeploymentConfig::parse(text).unwrap_err();
        let at: Vec<(usize, usize)> = err.0.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(at, vec![(2, 8), (3, 11), (6, 39)], "{err}");
        assert!(err.0[2].message.contains("e.g. \"https://"), "{err}");
    }

    #[test]
    fn origins_are_scheme_and_host_only() {
        assert!(origin_problem("https://portail.example.fr").is_none());
        assert!(origin_problem("http://127.0.0.1:8080").is_none());
        assert!(origin_problem("https://portail.example.fr/").is_some());
        assert!(origin_problem("ftp://x").is_some());
        assert!(origin_problem("https://").is_some());
        assert!(origin_problem("https://user@host").is_some());
    }
}
