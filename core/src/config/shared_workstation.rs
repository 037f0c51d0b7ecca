//! `[shared_workstation]`: known shared computers, idle timings and where logging out leads.

use std::net::IpAddr;

use super::Spanned;
use serde::{Deserialize, Serialize};

use super::errors::{ConfigError, error_at};
use super::network::Network;
use crate::logout::logout_url_problem;
use crate::shared_device::{
    AccessClass, DEFAULT_COUNTDOWN_SECONDS, DEFAULT_IDLE_MINUTES, SessionHints, public_network_hint,
};

/// Where `GET /logout` leads when the config names no identity provider: the edge's own page.
pub const DEFAULT_LOGOUT_URL: &str = "/logged-out";

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SharedWorkstationConfig {
    /// Networks (CIDR) of the city's shared workstations: kiosks, lobbies, libraries.
    #[serde(default)]
    pub networks: Vec<Spanned<String>>,
    /// Networks (CIDR) whose clients come from the internet without the VPN, such as the city's
    /// public Wi-Fi: they get the public-network reminder.
    #[serde(default)]
    pub public_wifi_networks: Vec<Spanned<String>>,
    /// Minutes without input before the countdown, on a shared device.
    #[serde(default = "default_idle_minutes")]
    pub idle_minutes: Spanned<i64>,
    /// Seconds of countdown before the automatic log out and wipe.
    #[serde(default = "default_countdown_seconds")]
    pub countdown_seconds: Spanned<i64>,
    /// The identity provider's logout URL (https), or a path on the portal.
    #[serde(default = "default_logout_url")]
    pub logout_url: Spanned<String>,
}

impl Default for SharedWorkstationConfig {
    fn default() -> Self {
        SharedWorkstationConfig {
            networks: Vec::new(),
            public_wifi_networks: Vec::new(),
            idle_minutes: default_idle_minutes(),
            countdown_seconds: default_countdown_seconds(),
            logout_url: default_logout_url(),
        }
    }
}

fn default_idle_minutes() -> Spanned<i64> {
    Spanned::new(0..0, i64::from(DEFAULT_IDLE_MINUTES))
}

fn default_countdown_seconds() -> Spanned<i64> {
    Spanned::new(0..0, i64::from(DEFAULT_COUNTDOWN_SECONDS))
}

fn default_logout_url() -> Spanned<String> {
    Spanned::new(0..0, DEFAULT_LOGOUT_URL.to_owned())
}

const IDLE_MINUTES: std::ops::RangeInclusive<i64> = 1..=240;
const COUNTDOWN_SECONDS: std::ops::RangeInclusive<i64> = 10..=600;

impl SharedWorkstationConfig {
    pub(super) fn validate(&self, text: &str, errors: &mut Vec<ConfigError>) {
        let mut at = |span, message: String| errors.push(error_at(text, span, message));
        for (key, list) in [("networks", &self.networks), ("public_wifi_networks", &self.public_wifi_networks)] {
            for network in list.iter().filter(|n| n.get_ref().parse::<Network>().is_err()) {
                at(
                    network.span(),
                    format!(
                        "`{}` in `shared_workstation.{key}` is not a network: write an address and a prefix length, e.g. \"10.20.0.0/16\"",
                        network.get_ref()
                    ),
                );
            }
        }
        if !IDLE_MINUTES.contains(self.idle_minutes.get_ref()) {
            at(
                self.idle_minutes.span(),
                "`shared_workstation.idle_minutes` must be 1 to 240 minutes, e.g. 10".to_owned(),
            );
        }
        if !COUNTDOWN_SECONDS.contains(self.countdown_seconds.get_ref()) {
            at(
                self.countdown_seconds.span(),
                "`shared_workstation.countdown_seconds` must be 10 to 600 seconds, e.g. 60".to_owned(),
            );
        }
        if let Some(problem) = logout_url_problem(self.logout_url.get_ref()) {
            at(self.logout_url.span(), problem);
        }
    }

    /// Whether `ip` is one of the known shared workstations.
    pub fn is_shared_workstation(&self, ip: IpAddr) -> bool {
        Network::any_contains(&parsed(&self.networks), &ip)
    }

    /// Whether `ip` is on a public Wi-Fi network listed in the config.
    pub fn is_public_wifi(&self, ip: IpAddr) -> bool {
        Network::any_contains(&parsed(&self.public_wifi_networks), &ip)
    }

    pub fn idle_minutes(&self) -> u32 {
        u32::try_from(*self.idle_minutes.get_ref()).unwrap_or(DEFAULT_IDLE_MINUTES)
    }

    pub fn countdown_seconds(&self) -> u32 {
        u32::try_from(*self.countdown_seconds.get_ref()).unwrap_or(DEFAULT_COUNTDOWN_SECONDS)
    }

    /// What the edge tells a page about the client at `peer` (`None` when the address is unknown),
    /// whose access the channels classified `class`: a public Wi-Fi network of the config, or the
    /// internet without the VPN, gets the reminder to log out.
    pub fn session_hints(&self, peer: Option<IpAddr>, class: AccessClass) -> SessionHints {
        let on_public_wifi = peer.is_some_and(|ip| self.is_public_wifi(ip));
        SessionHints {
            shared_workstation: peer.is_some_and(|ip| self.is_shared_workstation(ip)),
            public_network_hint: on_public_wifi || public_network_hint(class),
            idle_minutes: self.idle_minutes(),
            countdown_seconds: self.countdown_seconds(),
            ..SessionHints::default()
        }
    }

    /// Where `GET /logout` sends the agent: only ever this configured, validated URL.
    pub fn logout_url(&self) -> &str {
        self.logout_url.get_ref()
    }
}

/// Validation has refused every malformed network, so none is dropped here.
fn parsed(list: &[Spanned<String>]) -> Vec<Network> {
    list.iter().filter_map(|n| n.get_ref().parse().ok()).collect()
}

#[cfg(test)]
mod tests {
    use crate::channel::AccessClass;
    use crate::config::DeploymentConfig;

    const PORTAL: &str = "[portal]\nname = \"p\"\nversion = \"1\"\n";

    fn parse(section: &str) -> Result<DeploymentConfig, crate::config::ConfigErrors> {
        DeploymentConfig::parse(&format!("{PORTAL}[shared_workstation]\n{section}"))
    }

    #[test]
    fn without_the_section_nothing_is_shared_and_logout_stays_on_the_portal() {
        let config = DeploymentConfig::parse(PORTAL).unwrap();
        let shared = &config.shared_workstation;
        assert!(!shared.is_shared_workstation("10.0.0.1".parse().unwrap()));
        assert_eq!((shared.idle_minutes(), shared.countdown_seconds()), (10, 60));
        assert_eq!(shared.logout_url(), "/logged-out");
    }

    #[test]
    fn configured_networks_and_timings_are_used() {
        let config = parse(
            "networks = [\"10.42.0.0/24\"]\npublic_wifi_networks = [\"192.0.2.0/24\"]\nidle_minutes = 3\n\
             countdown_seconds = 20\nlogout_url = \"https://idp.example.fr/logout\"\n",
        )
        .unwrap();
        let shared = &config.shared_workstation;
        assert!(shared.is_shared_workstation("10.42.0.9".parse().unwrap()));
        assert!(!shared.is_shared_workstation("10.43.0.9".parse().unwrap()));
        assert!(shared.is_public_wifi("192.0.2.44".parse().unwrap()));
        assert_eq!((shared.idle_minutes(), shared.countdown_seconds()), (3, 20));
        assert_eq!(shared.logout_url(), "https://idp.example.fr/logout");
    }

    #[test]
    fn every_mistake_is_reported_at_its_line_and_column() {
        let err = parse(
            "networks = [\"10.42.0.0/24\", \"lobby\"]\npublic_wifi_networks = [\"192.0.2.0/33\"]\n\
             idle_minutes = 0\ncountdown_seconds = 5\nlogout_url = \"//evil.example\"\n",
        )
        .unwrap_err();
        let at: Vec<(usize, usize)> = err.0.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(at, vec![(5, 29), (6, 25), (7, 16), (8, 21), (9, 14)], "{err}");
        assert!(err.0[0].message.contains("e.g. \"10.20.0.0/16\""), "{err}");
        assert!(err.0[4].message.contains("logout URL"), "{err}");
    }

    #[test]
    fn session_hints_follow_the_peer_address() {
        let config =
            parse("networks = [\"10.42.0.0/24\"]\npublic_wifi_networks = [\"192.0.2.0/24\"]\nidle_minutes = 3\n")
                .unwrap();
        let hints = |ip: &str| config.shared_workstation.session_hints(Some(ip.parse().unwrap()), AccessClass::Unknown);
        let kiosk = hints("10.42.0.7");
        assert!(kiosk.shared_workstation && !kiosk.public_network_hint);
        assert_eq!((kiosk.idle_minutes, kiosk.countdown_seconds), (3, 60));
        let wifi = hints("192.0.2.9");
        assert!(!wifi.shared_workstation && wifi.public_network_hint);
        let loopback = hints("127.0.0.1");
        assert!(!loopback.shared_workstation && !loopback.public_network_hint);
        let unknown = config.shared_workstation.session_hints(None, AccessClass::Unknown);
        assert!(!unknown.shared_workstation && !unknown.public_network_hint);
        // From the internet without the VPN, wherever: the reminder too.
        let internet =
            config.shared_workstation.session_hints(Some("203.0.113.9".parse().unwrap()), AccessClass::Internet);
        assert!(internet.public_network_hint);
        let vpn = config.shared_workstation.session_hints(Some("198.51.100.4".parse().unwrap()), AccessClass::Vpn);
        assert!(!vpn.public_network_hint);
    }

    #[test]
    fn unknown_keys_in_the_section_are_refused() {
        let err = parse("idle_minute = 5\n").unwrap_err();
        assert!(err.to_string().starts_with("5:1:") && err.to_string().contains("idle_minute"), "{err}");
    }
}
