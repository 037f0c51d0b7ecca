//! Known issues: rules on the agent's OS, browser and VPN client version, each with its advice.

use super::Spanned;
use serde::{Deserialize, Serialize};

use crate::client::{BrowserFamily, ClientFacts, OsFamily, Version};
use crate::i18n::Text;

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct KnownIssue {
    pub id: Spanned<String>,
    /// Matches only this OS family, when set.
    pub os: Option<OsFamily>,
    /// Matches only from this OS version on (e.g. after an update), when set.
    pub os_version_at_least: Option<Version>,
    pub browser: Option<BrowserFamily>,
    /// Matches only when the browser is older than this, when set.
    pub browser_below: Option<Version>,
    /// Matches only when the agent's VPN client is older than this, when set.
    pub vpn_client_below: Option<Version>,
    pub advice: Text,
}

impl KnownIssue {
    /// A rule matches when every condition it sets holds; an unknown fact never matches a condition.
    pub fn matches(&self, facts: &ClientFacts) -> bool {
        let os = self.os.is_none_or(|want| facts.os == Some(want));
        let os_version =
            self.os_version_at_least.as_ref().is_none_or(|min| facts.os_version.as_ref().is_some_and(|v| v >= min));
        let browser = self.browser.is_none_or(|want| facts.browser == Some(want));
        let browser_version =
            self.browser_below.as_ref().is_none_or(|max| facts.browser_version.as_ref().is_some_and(|v| v < max));
        let vpn = self.vpn_client_below.as_ref().is_none_or(|max| facts.vpn_client.as_ref().is_some_and(|v| v < max));
        os && os_version && browser && browser_version && vpn
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{CITY_PORTAL_EXAMPLE, DeploymentConfig};

    fn matching(facts: &ClientFacts) -> Vec<String> {
        let config = DeploymentConfig::parse(CITY_PORTAL_EXAMPLE).unwrap();
        config.known_issues.iter().filter(|k| k.matches(facts)).map(|k| k.id.get_ref().clone()).collect()
    }

    fn windows_with_vpn(version: Option<&str>) -> ClientFacts {
        ClientFacts { os: Some(OsFamily::Windows), vpn_client: version.and_then(Version::parse), ..Default::default() }
    }

    #[test]
    fn an_old_vpn_client_on_windows_matches() {
        assert_eq!(matching(&windows_with_vpn(Some("7.1.9"))), vec!["vpn-client-after-os-update"]);
    }

    #[test]
    fn a_recent_or_unknown_vpn_client_does_not_match() {
        assert!(matching(&windows_with_vpn(Some("7.2"))).is_empty());
        assert!(matching(&windows_with_vpn(None)).is_empty(), "unknown facts never match a condition");
    }

    #[test]
    fn the_os_condition_is_honoured() {
        let mac = ClientFacts { os: Some(OsFamily::Macos), ..windows_with_vpn(Some("6.0")) };
        assert!(matching(&mac).is_empty());
    }

    #[test]
    fn browser_version_rules_match_old_browsers_only() {
        let safari = |v: &str| ClientFacts {
            browser: Some(BrowserFamily::Safari),
            browser_version: Version::parse(v),
            ..Default::default()
        };
        assert_eq!(matching(&safari("15.6")), vec!["old-safari-portal"]);
        assert!(matching(&safari("17.6")).is_empty());
    }

    #[test]
    fn bad_versions_and_families_in_the_config_point_at_their_place() {
        let text = "[portal]\nname = \"p\"\nversion = \"1\"\n[[known_issues]]\nid = \"k\"\nos = \"windos\"\nadvice = { fr = \"a\", en = \"b\" }\n";
        let err = DeploymentConfig::parse(text).unwrap_err();
        assert_eq!(err.0[0].line, 6, "{err}");
        assert!(err.to_string().contains("windos"));
        let text = text.replace("os = \"windos\"", "vpn_client_below = \"7.x\"");
        let err = DeploymentConfig::parse(&text).unwrap_err();
        assert!(err.to_string().contains("e.g. \"7.2.1\""), "{err}");
    }
}
