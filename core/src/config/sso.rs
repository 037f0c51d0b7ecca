//! `[sso]`: the single sign-on readiness checks of the check page: the second origin that answers
//! the cross-site probe frame, and whether the deployment uses phishing-resistant MFA (passkeys).

use serde::{Deserialize, Serialize};

use super::Spanned;
use super::errors::{ConfigError, error_at};

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SsoConfig {
    /// Another origin of this same edge (`https://host[:port]`), on another site than the pages: the
    /// check page frames its `/sso-probe.html` to see whether third-party cookies and storage work.
    /// Without it, the third-party cookie check does not run.
    pub probe_origin: Option<Spanned<String>>,
    /// The deployment's sign-in uses phishing-resistant MFA (passkeys, security keys): the check page
    /// then says whether this browser can use them.
    #[serde(default)]
    pub passkeys: bool,
}

impl SsoConfig {
    pub fn probe_origin(&self) -> Option<&str> {
        self.probe_origin.as_ref().map(|o| o.get_ref().as_str())
    }

    pub(super) fn validate(&self, text: &str, public_url: Option<&str>, errors: &mut Vec<ConfigError>) {
        let Some(origin) = &self.probe_origin else { return };
        if let Some(problem) = super::origin_problem(origin.get_ref()) {
            errors.push(error_at(text, origin.span(), format!("`sso.probe_origin`: {problem}")));
        } else if public_url.is_some_and(|public| public.eq_ignore_ascii_case(origin.get_ref())) {
            let message = "`sso.probe_origin` is the public URL: it must be another site (another domain) that \
                           reaches this edge, e.g. \"https://sso-probe.example.net\""
                .to_owned();
            errors.push(error_at(text, origin.span(), message));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::DeploymentConfig;

    #[test]
    fn the_probe_origin_is_an_origin_other_than_the_public_url() {
        let head = "[portal]\nname = \"p\"\nversion = \"1\"\n[edge]\npublic_url = \"https://a.example\"\n";
        let fine = DeploymentConfig::parse(&format!(
            "{head}[sso]\nprobe_origin = \"https://b.example.net\"\npasskeys = true\n"
        ));
        assert_eq!(fine.unwrap().sso.probe_origin(), Some("https://b.example.net"));
        let path =
            DeploymentConfig::parse(&format!("{head}[sso]\nprobe_origin = \"https://b.example/x\"\n")).unwrap_err();
        assert_eq!((path.0[0].line, path.0[0].column), (7, 16), "{path}");
        let same =
            DeploymentConfig::parse(&format!("{head}[sso]\nprobe_origin = \"https://a.example\"\n")).unwrap_err();
        assert!(same.to_string().contains("another site"), "{same}");
    }
}
