//! The "Your access" panel: where the agent is, what works from here now, and known issues.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::classify::Access;
use super::route::{channels_here, paris};
use super::{AccessClass, Channel};
use crate::client::ClientFacts;
use crate::config::DeploymentConfig;
use crate::config::opening_hours::hhmm;
use crate::config::opening_hours::{closing_time, next_opening_today};
use crate::i18n::{Facts, Text, texts};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessSummary {
    pub access: Access,
    /// What the agent reads first: where they are and what that means.
    pub headline: Text,
    pub channels_here: Vec<Channel>,
    pub site: Option<SiteStatus>,
    /// Advice of the known issues matching this device.
    pub known_issues: Vec<Text>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiteStatus {
    pub name: String,
    pub open: bool,
    /// "20:00" when open and a rule ends today.
    pub closes_at: Option<String>,
    /// "07:30" when closed and it opens later today.
    pub opens_at: Option<String>,
}

pub fn summarize(config: &DeploymentConfig, access: &Access, facts: &ClientFacts, now: Timestamp) -> AccessSummary {
    let now = paris(now);
    let site = access.site.as_deref().and_then(|id| config.site(id));
    let site_status = site.map(|s| {
        let closes = closing_time(&s.opening_hours, &now);
        let open = s.opening_hours.is_empty() || closes.is_some();
        SiteStatus {
            name: s.name.clone(),
            open,
            closes_at: closes.map(hhmm),
            opens_at: if open { None } else { next_opening_today(&s.opening_hours, &now).map(hhmm) },
        }
    });
    let known_issues = config.known_issues.iter().filter(|k| k.matches(facts)).map(|k| k.advice.clone()).collect();
    AccessSummary {
        headline: headline(access.class, site_status.as_ref()),
        channels_here: channels_here(access, site, &now),
        access: access.clone(),
        site: site_status,
        known_issues,
    }
}

/// The one line the login page shows about access, when it matters: internal access closed right now
/// at the agent's site, or a known issue of their device. `None` most of the time.
pub fn login_notice(summary: &AccessSummary) -> Option<Text> {
    if let Some(site) = summary.site.as_ref().filter(|s| !s.open) {
        return Some(Facts::default().with("site", Text::same(site.name.clone())).fill(&NOTICE_SITE_CLOSED));
    }
    summary.known_issues.first().cloned()
}

fn headline(class: AccessClass, site: Option<&SiteStatus>) -> Text {
    let template = match (class, site) {
        (AccessClass::Internal, Some(s)) if s.open => HEADLINE_INTERNAL,
        (AccessClass::Internal, Some(_)) => HEADLINE_INTERNAL_CLOSED,
        (AccessClass::Vpn, _) => HEADLINE_VPN,
        (AccessClass::Internet, _) | (AccessClass::Internal, None) => HEADLINE_INTERNET,
        (AccessClass::Unknown, _) => HEADLINE_UNKNOWN,
    };
    let site = site.map(|s| Text::same(s.name.clone())).unwrap_or_default();
    Facts::default().with("site", site).fill(&template)
}

texts! {
    /// The login page's one line when internal access is closed at the agent's site.
    NOTICE_SITE_CLOSED {
        fr: "L'accès interne est fermé en ce moment ({site}) : connectez-vous par le portail web.",
        en: "Internal access is closed right now ({site}): sign in through the web portal.",
    }
    /// The panel's headline: where the agent is.
    HEADLINE_INTERNAL { fr: "Vous êtes sur le réseau interne ({site}).", en: "You are on the internal network ({site})." }
    HEADLINE_INTERNAL_CLOSED {
        fr: "Vous êtes sur le réseau interne ({site}), mais l'accès interne est fermé en ce moment : utilisez le portail web.",
        en: "You are on the internal network ({site}), but internal access is closed right now: use the web portal.",
    }
    HEADLINE_VPN { fr: "Vous êtes connecté par le VPN.", en: "You are connected through the VPN." }
    HEADLINE_INTERNET {
        fr: "Vous êtes sur Internet, hors VPN : le portail web fonctionne ; certaines applications métier demandent le VPN.",
        en: "You are on the internet, outside the VPN: the web portal works; some business apps need the VPN.",
    }
    HEADLINE_UNKNOWN {
        fr: "Votre type de connexion n'a pas pu être déterminé : le portail web fonctionne depuis n'importe quel navigateur.",
        en: "Your connection type could not be determined: the web portal works from any browser.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channel::classify::classify;
    use crate::client::{OsFamily, Version};
    use crate::config::CITY_PORTAL_EXAMPLE;

    fn summary(address: &str, utc: &str, facts: ClientFacts) -> AccessSummary {
        let config = DeploymentConfig::parse(CITY_PORTAL_EXAMPLE).unwrap();
        let access = classify(&config, address.parse().unwrap());
        summarize(&config, &access, &facts, utc.parse().unwrap())
    }

    #[test]
    fn internal_during_opening_hours_shows_the_closing_time() {
        let s = summary("10.10.1.1", "2026-11-25T09:00:00Z", ClientFacts::default());
        let site = s.site.unwrap();
        assert!(site.open);
        assert_eq!(site.closes_at.as_deref(), Some("20:00"));
        assert_eq!(s.channels_here, vec![Channel::Internal, Channel::Portal]);
        assert!(s.headline.en.contains("internal network (Hôtel de Ville)"));
    }

    #[test]
    fn internal_outside_opening_hours_says_use_the_portal() {
        let s = summary("10.20.1.1", "2026-11-25T06:00:00Z", ClientFacts::default()); // 07:00, annexe opens 08:30
        let site = s.site.unwrap();
        assert!(!site.open);
        assert_eq!(site.opens_at.as_deref(), Some("08:30"));
        assert_eq!(s.channels_here, vec![Channel::Portal]);
        assert!(s.headline.fr.contains("fermé en ce moment"));
    }

    #[test]
    fn vpn_and_internet_headlines_and_known_issues() {
        let old_vpn =
            ClientFacts { os: Some(OsFamily::Windows), vpn_client: Version::parse("7.0"), ..Default::default() };
        let s = summary("198.51.100.7", "2026-11-25T09:00:00Z", old_vpn);
        assert_eq!(s.access.class, AccessClass::Vpn);
        assert_eq!(s.known_issues.len(), 1);
        assert!(s.known_issues[0].en.contains("restart the computer"));
        let s = summary("203.0.113.9", "2026-11-25T09:00:00Z", ClientFacts::default());
        assert!(s.headline.en.contains("outside the VPN"));
        assert!(s.known_issues.is_empty());
    }

    #[test]
    fn the_login_page_hears_only_about_closed_sites_and_known_issues() {
        let open = summary("10.10.1.1", "2026-11-25T09:00:00Z", ClientFacts::default());
        assert_eq!(login_notice(&open), None);
        let closed = summary("10.20.1.1", "2026-11-25T20:00:00Z", ClientFacts::default());
        assert!(
            login_notice(&closed)
                .unwrap()
                .en
                .contains("closed right now (Mairie annexe): sign in through the web portal")
        );
        let old_vpn =
            ClientFacts { os: Some(OsFamily::Windows), vpn_client: Version::parse("7.0"), ..Default::default() };
        let issue = summary("198.51.100.7", "2026-11-25T09:00:00Z", old_vpn);
        assert!(login_notice(&issue).unwrap().fr.contains("client VPN"));
    }
}
