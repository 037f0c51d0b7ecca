//! The deployment config (TOML): what a portal team writes to describe their portal.
//!
//! Parsing and validation are pure: the edge reads the file and passes the text in. Every error
//! points at `line:column` and says how to fix it; all errors are reported at once.
//!
//! Without the `toml` feature (the Workers edge) a config is only deserialized, already validated
//! at build time: validation is then unused, and linted in the default build.
#![cfg_attr(not(feature = "toml"), allow(dead_code))]

pub mod access;
pub mod alerts;
mod errors;
pub mod helpdesk;
pub mod known_issues;
pub mod limits;
pub mod network;
pub mod opening_hours;
pub mod security;
mod shared_workstation;
pub mod sign_in_errors;
mod spanned;
pub mod sso;
pub mod statistics;

use serde::{Deserialize, Serialize};
pub use spanned::Spanned;

use errors::error_at;
pub use errors::{ConfigError, ConfigErrors};
pub use shared_workstation::SharedWorkstationConfig;

/// The example deployment, used when no `--config` is given.
pub const CITY_PORTAL_EXAMPLE: &str = include_str!("../../../config/city-portal.toml");

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DeploymentConfig {
    pub portal: PortalConfig,
    #[serde(default)]
    pub edge: EdgeConfig,
    #[serde(default)]
    pub networks: access::NetworksConfig,
    #[serde(default)]
    pub sites: Vec<access::Site>,
    #[serde(default)]
    pub apps: Vec<access::App>,
    #[serde(default)]
    pub departments: Vec<access::Department>,
    #[serde(default)]
    pub known_issues: Vec<known_issues::KnownIssue>,
    /// HTTPS hosts the agent's browser must reach (identity provider, webmail…), probed by the checks.
    #[serde(default)]
    pub probe_hosts: Vec<access::ProbeHost>,
    #[serde(default)]
    pub shared_workstation: SharedWorkstationConfig,
    #[serde(default)]
    pub helpdesk: helpdesk::HelpdeskConfig,
    #[serde(default)]
    pub security: security::SecurityConfig,
    #[serde(default)]
    pub statistics: statistics::StatisticsConfig,
    #[serde(default)]
    pub alerts: alerts::AlertsConfig,
    #[serde(default)]
    pub limits: limits::LimitsConfig,
    /// The identity provider's errors this deployment knows, beside the built-in catalog.
    #[serde(default)]
    pub sign_in_errors: Vec<sign_in_errors::SignInErrorRule>,
    #[serde(default)]
    pub sso: sso::SsoConfig,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PortalConfig {
    /// Shown to agents, e.g. "Portail des agents".
    pub name: Spanned<String>,
    /// The portal version deployed now; a page that loaded another one is stale.
    pub version: Spanned<String>,
    /// Where agents sign in (the identity provider), when it is not this site.
    pub identity_provider_url: Option<Spanned<String>>,
    /// The path of the portal's own service worker script, if it has one (any other is stale).
    pub service_worker: Option<String>,
    /// The origins the portal's login page is served from (`https://host[:port]`): the canary warns on
    /// any other (`core::canary`). Empty: the canary is off.
    #[serde(default)]
    pub origins: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EdgeConfig {
    /// Origins (`https://host[:port]`) of portal pages served elsewhere that may call the edge API.
    #[serde(default)]
    pub cors_origins: Vec<Spanned<String>>,
    /// The origin agents reach this edge at (`https://host[:port]`). It alone decides `Secure`
    /// cookies, HSTS and the check page's QR link: never a request header.
    pub public_url: Option<Spanned<String>>,
}

impl DeploymentConfig {
    /// Reads and validates the config's TOML text: every problem, at its `line:column`.
    #[cfg(feature = "toml")]
    pub fn parse(text: &str) -> Result<Self, ConfigErrors> {
        let config: DeploymentConfig = toml::from_str(text).map_err(|e| {
            let message = e.message().trim_end().to_owned();
            let span = errors::narrow_to_quoted_value(text, e.span().unwrap_or(0..0), &message);
            ConfigErrors(vec![error_at(text, span, message)])
        })?;
        let errors = config.validate(text);
        if errors.is_empty() { Ok(config) } else { Err(ConfigErrors(errors)) }
    }

    fn validate(&self, text: &str) -> Vec<ConfigError> {
        let at = |value: &Spanned<String>, problem: Option<String>| problem.map(|m| error_at(text, value.span(), m));
        let mut errors: Vec<ConfigError> = Vec::new();
        errors.extend(at(&self.portal.name, non_empty("portal.name", self.portal.name.get_ref())));
        errors.extend(at(&self.portal.version, version_problem(self.portal.version.get_ref())));
        errors.extend(self.edge.cors_origins.iter().filter_map(|o| at(o, origin_problem(o.get_ref()))));
        errors.extend(self.portal.origins.iter().filter_map(|o| at(o, origin_problem(o.get_ref()))));
        if let Some(url) = &self.edge.public_url {
            errors.extend(at(url, origin_problem(url.get_ref())));
        }
        if let Some(url) = &self.portal.identity_provider_url {
            errors.extend(at(url, access::app_url_problem(url.get_ref())));
        }
        if let Some(extra) = self.probe_hosts.get(crate::checks::limits::PROBES) {
            let message = format!(
                "at most {} probe hosts: list the services agents need to sign in (identity provider, webmail)",
                crate::checks::limits::PROBES
            );
            errors.push(error_at(text, extra.url.span(), message));
        }
        for host in &self.probe_hosts {
            errors.extend(at(&host.url, access::https_url_problem(host.url.get_ref())));
            if let Some(Err((span, message))) = host.certificate.as_ref().map(|c| c.window()) {
                errors.push(error_at(text, span, message));
            }
        }
        for app in &self.apps {
            errors.extend(at(&app.url, access::app_url_problem(app.url.get_ref())));
            if crate::channel::route::BUILT_IN_INTENTS.contains(&app.id.get_ref().as_str()) {
                let message = format!(
                    "app id `{}` is a built-in intent of the picker: give the app another id, e.g. \"{}-app\"",
                    app.id.get_ref(),
                    app.id.get_ref()
                );
                errors.push(error_at(text, app.id.span(), message));
            }
            if app.channels.get_ref().is_empty() {
                let message = format!(
                    "app `{}` works on no channel: list at least one of \"internal\", \"vpn\", \"portal\"",
                    app.id.get_ref()
                );
                errors.push(error_at(text, app.channels.span(), message));
            }
        }
        for (kind, ids) in self.ids() {
            errors.extend(ids.iter().filter_map(|id| at(id, access::id_problem(id.get_ref()))));
            errors.extend(duplicates(&ids).into_iter().map(|id| {
                error_at(text, id.span(), format!("{kind} id `{}` is used twice: ids must be unique", id.get_ref()))
            }));
        }
        errors.extend(self.overlapping_networks().into_iter().map(|(net, other)| {
            let message = format!(
                "network {} overlaps {}: an address must belong to one site or to the VPN, not both",
                net.get_ref(),
                other.get_ref()
            );
            error_at(text, net.span(), message)
        }));
        self.shared_workstation.validate(text, &mut errors);
        self.helpdesk.validate(text, &mut errors);
        self.security.validate(text, &mut errors);
        self.statistics.validate(text, &mut errors);
        self.alerts.validate(text, &mut errors);
        self.limits.validate(text, &mut errors);
        sign_in_errors::validate(&self.sign_in_errors, text, &mut errors);
        self.sso.validate(text, self.public_url(), &mut errors);
        errors
    }

    fn ids(&self) -> [(&'static str, Vec<&Spanned<String>>); 4] {
        [
            ("app", self.apps.iter().map(|a| &a.id).collect()),
            ("site", self.sites.iter().map(|s| &s.id).collect()),
            ("department", self.departments.iter().map(|d| &d.id).collect()),
            ("known issue", self.known_issues.iter().map(|k| &k.id).collect()),
        ]
    }

    /// Internal and VPN networks that share addresses: the later one of each pair is reported.
    fn overlapping_networks(&self) -> Vec<(&Spanned<network::Network>, &Spanned<network::Network>)> {
        let all: Vec<_> = self.sites.iter().flat_map(|s| &s.networks).chain(&self.networks.vpn_egress).collect();
        let mut pairs = Vec::new();
        for (i, later) in all.iter().enumerate() {
            if let Some(earlier) = all[..i].iter().find(|e| e.get_ref().overlaps(later.get_ref())) {
                pairs.push((*later, *earlier));
            }
        }
        pairs
    }

    pub fn app(&self, id: &str) -> Option<&access::App> {
        self.apps.iter().find(|a| a.id.get_ref() == id)
    }

    pub fn site(&self, id: &str) -> Option<&access::Site> {
        self.sites.iter().find(|s| s.id.get_ref() == id)
    }

    pub fn department(&self, id: &str) -> Option<&access::Department> {
        self.departments.iter().find(|d| d.id.get_ref() == id)
    }

    /// Whether `client` may read the edge's metrics without the metrics token.
    pub fn may_read_metrics(&self, client: std::net::IpAddr) -> bool {
        let client = client.to_canonical();
        self.networks.metrics_readers.iter().any(|n| n.get_ref().contains(&client))
    }

    pub fn trusted_proxies(&self) -> Vec<network::Network> {
        self.networks.trusted_proxies.iter().map(|n| *n.get_ref()).collect()
    }

    pub fn portal_version(&self) -> &str {
        self.portal.version.get_ref()
    }

    /// The config as a bundle may carry it (the Workers build embeds it): without the helpdesk token,
    /// which must come from a secret. Says whether there was one to leave out.
    pub fn without_secrets(mut self) -> (Self, bool) {
        let had_token = self.helpdesk.token.take().is_some();
        (self, had_token)
    }

    /// The configured public origin, if any.
    pub fn public_url(&self) -> Option<&str> {
        self.edge.public_url.as_ref().map(|u| u.get_ref().as_str())
    }

    /// The config as the Workers edge embeds it: JSON of the values, without the spans that only
    /// validation (done at build time) needs; a build without the TOML parser reads it back.
    #[cfg(feature = "toml")]
    pub fn to_embedded_json(&self) -> Result<String, serde_json::Error> {
        let mut value = serde_json::to_value(self)?;
        spanned::strip_spans(&mut value);
        serde_json::to_string(&value)
    }

    /// One line for the edge's start-up log: what this deployment holds, no secret (the token is
    /// only said to be set or not).
    pub fn summary(&self) -> String {
        format!(
            "portal {:?} version {}; {} site(s), {} app(s), {} department(s), {} probe host(s), {} trusted proxy \
             network(s); public URL {}; helpdesk token in the config: {}",
            self.portal.name.get_ref(),
            self.portal_version(),
            self.sites.len(),
            self.apps.len(),
            self.departments.len(),
            self.probe_hosts.len(),
            self.networks.trusted_proxies.len(),
            self.public_url().unwrap_or("not set"),
            if self.helpdesk.config_token().is_some() { "yes" } else { "no" },
        )
    }

    /// Whether agents reach this edge over HTTPS: `Secure` cookies and HSTS follow from it.
    pub fn served_over_https(&self) -> bool {
        self.public_url().is_some_and(|u| u.starts_with("https://"))
    }

    pub fn cors_origins(&self) -> impl Iterator<Item = &str> {
        self.edge.cors_origins.iter().map(|o| o.get_ref().as_str())
    }

    /// Every absolute URL the edge may redirect a browser to: the apps' and the logout URL.
    pub fn redirect_targets(&self) -> Vec<&str> {
        let apps = self.apps.iter().map(|a| a.url.get_ref().as_str());
        apps.chain(std::iter::once(self.shared_workstation.logout_url())).collect()
    }

    /// The probe hosts' URLs, in config order: the widget checks each one's HTTPS health.
    pub fn probe_urls(&self) -> impl Iterator<Item = &str> {
        self.probe_hosts.iter().map(|h| h.url.get_ref().as_str())
    }

    /// The probe hosts whose certificate validity dates are known.
    pub fn certificate_windows(&self) -> Vec<crate::checks::CertificateWindow> {
        let known = self.probe_hosts.iter().filter_map(|h| Some((h, h.certificate.as_ref()?.window().ok()?)));
        known
            .map(|(host, (from, until))| crate::checks::CertificateWindow {
                url: host.url.get_ref().clone(),
                valid_from: from,
                valid_until: until,
            })
            .collect()
    }

    /// `https://host[:port]` of each probe host, for the page's `connect-src`: the widget may reach
    /// them and nothing else.
    pub fn probe_origins(&self) -> Vec<&str> {
        let origin = |url: &'_ str| -> usize {
            let host_start = "https://".len();
            url[host_start..].find(['/', '?', '#']).map_or(url.len(), |end| host_start + end)
        };
        let mut origins: Vec<&str> = self.probe_urls().map(|url| &url[..origin(url)]).collect();
        origins.dedup();
        origins
    }
}

/// No white space, control or format character: a URL goes into headers (CSP, `Location`) and links.
pub(crate) fn is_clean(url: &str) -> bool {
    !url.chars().any(|c| c.is_whitespace() || crate::printable::is_unprintable(c))
}

/// The second and later occurrences of each id.
fn duplicates<'a>(ids: &[&'a Spanned<String>]) -> Vec<&'a Spanned<String>> {
    let repeated = |i: &usize| ids[..*i].iter().any(|e| e.get_ref() == ids[*i].get_ref());
    (0..ids.len()).filter(repeated).map(|i| ids[i]).collect()
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
    let fine = rest.is_some_and(|host| {
        !host.is_empty() && !host.contains(['/', '?', '#', '@', '\\']) && !host.starts_with(':') && is_clean(host)
    });
    (!fine).then(|| {
        format!("`{origin}` is not an origin: write the scheme and host only, e.g. \"https://portail.example.fr\"")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_are_for_the_configured_readers_only() {
        let config = DeploymentConfig::parse(CITY_PORTAL_EXAMPLE).unwrap();
        assert!(config.may_read_metrics("127.0.0.1".parse().unwrap()));
        assert!(config.may_read_metrics("::ffff:127.0.0.1".parse().unwrap()), "an IPv4 peer on a dual-stack socket");
        assert!(!config.may_read_metrics("203.0.113.9".parse().unwrap()));
        let none = DeploymentConfig::parse("[portal]\nname = \"p\"\nversion = \"1\"\n").unwrap();
        assert!(!none.may_read_metrics("127.0.0.1".parse().unwrap()), "by default, only with the token");
    }

    #[test]
    fn the_summary_counts_what_the_config_holds_and_names_no_secret() {
        let config = DeploymentConfig::parse(CITY_PORTAL_EXAMPLE).unwrap();
        let summary = config.summary();
        assert!(summary.contains(&format!("{} app(s)", config.apps.len())), "{summary}");
        assert!(summary.contains(&format!("version {}", config.portal_version())), "{summary}");
        if let Some(token) = config.helpdesk.config_token() {
            assert!(!summary.contains(token), "{summary}");
        }
    }

    #[test]
    fn certificate_dates_are_read_and_checked() {
        let host = |certificate: &str| {
            format!(
                "{CITY_PORTAL_EXAMPLE}\n[[probe_hosts]]\nname = {{ fr = \"a\", en = \"b\" }}\nurl = \"https://idp.test/\"\n\
                 certificate = {certificate}\n"
            )
        };
        let good = host("{ valid_from = 2026-03-01T00:00:00Z, valid_until = 2027-03-31T23:59:59+02:00 }");
        let windows = DeploymentConfig::parse(&good).unwrap().certificate_windows();
        assert_eq!(windows.len(), 1);
        assert_eq!(windows[0].valid_from, crate::time::UnixMs::from_millis(1_772_323_200_000));
        assert_eq!(windows[0].valid_until, crate::time::UnixMs::from_millis(1_806_530_399_000)); // 2027-03-31T21:59:59Z

        let local = host("{ valid_from = 2026-03-01T00:00:00, valid_until = 2027-03-31T23:59:59Z }");
        let errors = DeploymentConfig::parse(&local).unwrap_err().to_string();
        assert!(errors.contains("needs a date, a time and an offset"), "{errors}");
        let reversed = host("{ valid_from = 2027-03-01T00:00:00Z, valid_until = 2026-03-31T23:59:59Z }");
        let errors = DeploymentConfig::parse(&reversed).unwrap_err().to_string();
        assert!(errors.contains("must come after"), "{errors}");
    }

    /// The example with a probe host whose certificate dates are known.
    fn example_with_certificate_dates() -> String {
        format!(
            "{CITY_PORTAL_EXAMPLE}\n[[probe_hosts]]\nname = {{ fr = \"a\", en = \"b\" }}\nurl = \"https://idp.test/\"\n\
             certificate = {{ valid_from = 2026-03-01T00:00:00Z, valid_until = 2027-03-31T23:59:59+02:00 }}\n"
        )
    }

    /// Where the TOML parser is built in, a config written out with serde reads back whole: every
    /// value, span and certificate date.
    #[test]
    fn round_trip_through_json_keeps_every_value_and_span() {
        let text = example_with_certificate_dates();
        let config = DeploymentConfig::parse(&text).unwrap();
        assert!(!config.sites.is_empty() && !config.apps.is_empty() && !config.networks.vpn_egress.is_empty());
        let json = serde_json::to_string(&config).unwrap();
        let back: DeploymentConfig = serde_json::from_str(&json).unwrap();
        assert_eq!(back, config);
        assert_eq!(back.certificate_windows(), config.certificate_windows());
        assert_eq!(back.portal.name.span(), config.portal.name.span());
        assert_ne!(back.portal.name.span(), 0..0);
        assert_eq!(&text[back.portal.version.span()], &text[config.portal.version.span()]);
        // Opening hours and networks are written back as they were typed.
        let hours: Vec<String> = back.sites.iter().flat_map(|s| &s.opening_hours).map(|r| r.to_string()).collect();
        assert!(hours.iter().all(|h| text.contains(&format!("\"{h}\""))), "{hours:?}");
    }

    /// What the Workers edge embeds: the same values, no span (its build reads values only).
    #[test]
    fn the_embedded_json_holds_every_value_and_no_span() {
        let text = example_with_certificate_dates();
        let config = DeploymentConfig::parse(&text).unwrap();
        let json = config.to_embedded_json().unwrap();
        assert!(!json.contains("serde_spanned"), "{json}");
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["portal"]["name"], config.portal.name.get_ref().as_str());
        assert_eq!(value["portal"]["version"], config.portal_version());
        assert_eq!(value["apps"].as_array().unwrap().len(), config.apps.len());
        let certificate = &value["probe_hosts"][0]["certificate"]["valid_from"];
        assert!(certificate.to_string().contains("2026-03-01T00:00:00Z"), "{certificate}");
    }

    #[test]
    fn probe_origins_are_scheme_and_host_only() {
        let text = format!(
            "{CITY_PORTAL_EXAMPLE}\n[[probe_hosts]]\nname = {{ fr = \"a\", en = \"b\" }}\nurl = \"https://idp.test:8443/x?y\"\n\
             [[probe_hosts]]\nname = {{ fr = \"c\", en = \"d\" }}\nurl = \"https://bare.test\"\n"
        );
        let config = DeploymentConfig::parse(&text).unwrap();
        let origins = config.probe_origins();
        assert_eq!(origins[origins.len() - 2..], ["https://idp.test:8443", "https://bare.test"]);
        assert!(origins.iter().all(|o| o.starts_with("https://") && !o[8..].contains('/')), "{origins:?}");
    }

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

    #[test]
    fn urls_with_control_characters_or_white_space_are_refused_at_their_place() {
        // TOML escapes put a control character in a string that looks clean in the file.
        let app = |url: &str| {
            format!(
                "[[apps]]\nid = \"a\"\nname = {{ fr = \"A\", en = \"A\" }}\nurl = \"{url}\"\nchannels = [\"portal\"]\n"
            )
        };
        for url in
            ["https://a.example/\\u0000x", "https://a.example/\\nx", "https://a.exa mple/", "https://a.example/\\u202e"]
        {
            let e = first_error(&with_apps(&app(url)));
            assert_eq!((e.line, e.column), (7, 7), "{url}: {e}");
        }
        let origin = first_error(&with_apps("[edge]\ncors_origins = [\"https://portail.example.fr\\u0007\"]\n"));
        assert_eq!((origin.line, origin.column), (5, 17), "{origin}");
        let public = first_error(&with_apps("[edge]\npublic_url = \"https://edge.example.fr/path\"\n"));
        assert_eq!((public.line, public.column), (5, 14), "{public}");
        let https = DeploymentConfig::parse(&with_apps("[edge]\npublic_url = \"https://edge.example.fr\"\n")).unwrap();
        assert!(https.served_over_https());
        assert!(!DeploymentConfig::parse(&with_apps("")).unwrap().served_over_https());
    }

    fn with_apps(extra: &str) -> String {
        format!("[portal]\nname = \"p\"\nversion = \"1\"\n{extra}")
    }

    fn first_error(text: &str) -> ConfigError {
        DeploymentConfig::parse(text).unwrap_err().0.remove(0)
    }

    #[test]
    fn an_unknown_channel_is_named_at_its_place() {
        let e = first_error(&with_apps(
            "[[apps]]\nid = \"a\"\nname = { fr = \"A\", en = \"A\" }\nurl = \"https://a.example/\"\nchannels = [\"vpn\", \"vnp\"]\n",
        ));
        assert_eq!((e.line, e.column), (8, 20), "{e}");
        assert!(e.message.contains("vnp") && e.message.contains("portal"), "{e}");
    }

    #[test]
    fn a_bad_cidr_says_how_to_write_one() {
        let e = first_error(&with_apps("[networks]\nvpn_egress = [\"10.0.0.0/33\"]\n"));
        assert_eq!((e.line, e.column), (5, 15), "{e}");
        assert!(e.message.contains("e.g. \"10.20.0.0/16\""), "{e}");
    }

    #[test]
    fn overlapping_networks_are_refused() {
        let text = with_apps(
            "[networks]\nvpn_egress = [\"10.10.128.0/24\"]\n[[sites]]\nid = \"s\"\nname = \"S\"\nnetworks = [\"10.10.0.0/16\"]\n",
        );
        let e = first_error(&text);
        assert_eq!(e.line, 5, "{e}");
        assert!(e.message.contains("10.10.128.0/24 overlaps 10.10.0.0/16"), "{e}");
    }

    #[test]
    fn bad_opening_hours_point_at_the_rule() {
        let e = first_error(&with_apps(
            "[[sites]]\nid = \"s\"\nname = \"S\"\nopening_hours = [\"mon-fri 07:30-20:00\", \"sam 09:00-13:00\"]\n",
        ));
        assert_eq!((e.line, e.column), (7, 41), "{e}");
        assert!(e.message.contains("mon-fri 07:30-20:00"), "{e}");
    }

    #[test]
    fn duplicate_ids_and_bad_app_urls_are_reported_together() {
        let app = |id: &str, url: &str| {
            format!(
                "[[apps]]\nid = \"{id}\"\nname = {{ fr = \"A\", en = \"B\" }}\nurl = \"{url}\"\nchannels = [\"portal\"]\n"
            )
        };
        let text = with_apps(
            &(app("paie", "https://a.example/")
                + &app("paie", "javascript:alert(1)")
                + &app("Paie!", "https://b.example/")),
        );
        let errors = DeploymentConfig::parse(&text).unwrap_err();
        let all = errors.to_string();
        assert!(all.contains("not an absolute web address"), "{all}");
        assert!(all.contains("app id `paie` is used twice"), "{all}");
        assert!(all.contains("`Paie!` is not a valid id"), "{all}");
        assert_eq!(errors.0.len(), 3, "{all}");
    }

    #[test]
    fn a_bundled_config_carries_no_token() {
        let text = with_apps("[helpdesk]\ntoken = \"config-token-must-not-ship-0123\"\n");
        let (bundled, had) = DeploymentConfig::parse(&text).unwrap().without_secrets();
        assert!(had);
        assert_eq!(bundled.helpdesk.config_token(), None);
        assert!(!serde_json::to_string(&bundled).unwrap().contains("config-token-must-not-ship"));
    }

    #[test]
    fn at_most_four_probe_hosts() {
        let host = |i: usize| {
            format!("[[probe_hosts]]\nname = {{ fr = \"a\", en = \"b\" }}\nurl = \"https://h{i}.example/\"\n")
        };
        let four: String = (0..4).map(host).collect();
        assert!(DeploymentConfig::parse(&with_apps(&four)).is_ok());
        let e = first_error(&with_apps(&(four + &host(4))));
        assert_eq!((e.line, e.column), (18, 7), "{e}");
        assert!(e.message.contains("at most 4 probe hosts"), "{e}");
    }

    #[test]
    fn probe_hosts_must_be_https() {
        let text = with_apps("[[probe_hosts]]\nname = { fr = \"a\", en = \"b\" }\nurl = \"http://idp.example.fr/\"\n");
        let e = first_error(&text);
        assert_eq!((e.line, e.column), (6, 7), "{e}");
        assert!(e.message.contains("https://"), "{e}");
    }
}
