//! The phishing-clone canary: which origins are the portal's (`[portal] origins`, and the edge's
//! `public_url`), whether a page's or a request's origin is one of them, and the record of the
//! others — each clone origin with when it was first and last seen and how often, and whether the
//! security team should be told now (at most once per origin per hour).
//!
//! Origins are compared by scheme and host name, not port: a clone is on another host, and the
//! demo's and tests' edges listen on whatever loopback port is free.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::config::DeploymentConfig;
use crate::i18n::texts;
use crate::time::UnixMs;

texts! {
    /// The element's red warning on a page that is not on a portal origin.
    pub NOT_THE_PORTAL {
        fr: "Cette page n'est pas le portail de la Ville. Ne tapez pas votre mot de passe.",
        en: "This page is not the city's portal. Do not type your password.",
    }
    /// `/stats`: the clone origins seen.
    pub CLONES_TITLE { fr: "Copies du portail repérées", en: "Copies of the portal seen" }
    pub NO_CLONE { fr: "Aucune copie du portail repérée.", en: "No copy of the portal seen." }
    pub CLONE_LINE {
        fr: "{origin} — signalements : {count} ; premier le {first}, dernier le {last} (UTC)",
        en: "{origin} — sightings: {count}; first on {first}, last on {last} (UTC)",
    }
}

/// The security team's webhook body (JSON POST), one per clone origin at most once an hour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloneAlert {
    pub v: u32,
    /// Always `"phishing-clone"`.
    pub event: String,
    /// The portal's name from the config.
    pub portal: String,
    /// The clone's origin (scheme and host): nothing about the agents who opened it.
    pub origin: String,
    pub first_seen_ms: UnixMs,
    pub last_seen_ms: UnixMs,
    pub count: u64,
}

impl CloneAlert {
    pub fn of(config: &DeploymentConfig, sighting: &CloneSighting) -> CloneAlert {
        CloneAlert {
            v: 1,
            event: "phishing-clone".to_owned(),
            portal: config.portal.name.get_ref().clone(),
            origin: sighting.origin.clone(),
            first_seen_ms: sighting.first_seen,
            last_seen_ms: sighting.last_seen,
            count: sighting.count,
        }
    }
}

/// An origin longer than this is no origin (a host name is at most 253 characters).
pub const MAX_ORIGIN_CHARS: usize = 300;
/// Clone origins remembered at most; past it the least recently seen is forgotten.
pub const MAX_CLONE_ORIGINS: usize = 256;
/// The security team hears about one clone origin at most this often.
pub const ALERT_EVERY_MS: i64 = 60 * 60 * 1000;
/// Alerts sent at most per hour, all origins together: anyone may post made-up origins to the
/// beacon, and the security team's webhook must not be flooded.
pub const MAX_ALERTS_PER_HOUR: u32 = 20;
/// The pause before the webhook's first retry, doubled on each further one.
pub const FIRST_RETRY_AFTER_MS: u64 = 1_000;
/// The longest pause between two tries.
pub const MAX_RETRY_AFTER_MS: u64 = 60_000;

/// How long to wait before retry `n` (1 for the first retry): 1 s, 2 s, 4 s… at most a minute.
pub fn retry_after_ms(n: u32) -> u64 {
    FIRST_RETRY_AFTER_MS.saturating_mul(1 << n.saturating_sub(1).min(16)).min(MAX_RETRY_AFTER_MS)
}

/// `scheme://host` of an origin (`scheme://host[:port]`, lower-cased), or `None` when `text` is not
/// an origin: no path, no user, printable, bounded.
pub fn origin_key(text: &str) -> Option<String> {
    if text.len() > MAX_ORIGIN_CHARS || text.chars().any(crate::printable::is_unprintable) {
        return None;
    }
    let (scheme, rest) = text.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if !matches!(scheme.as_str(), "http" | "https") || rest.is_empty() || rest.contains(['/', '?', '#', '@', '\\', ' '])
    {
        return None;
    }
    // `[::1]:8080` keeps its brackets; `host:port` loses its port.
    let host = match rest.strip_prefix('[') {
        Some(v6) => &rest[..v6.find(']')? + 2],
        None => rest.split(':').next()?,
    };
    if host.is_empty() || !host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '[' | ']' | ':')) {
        return None;
    }
    Some(format!("{scheme}://{}", host.to_ascii_lowercase()))
}

/// The portal's origins as keys: `[portal] origins` and the public URL.
pub fn portal_keys(config: &DeploymentConfig) -> Vec<String> {
    let configured = config.portal.origins.iter().map(|o| o.get_ref().as_str());
    configured.chain(config.public_url()).filter_map(origin_key).collect()
}

/// Origins whose requests are no clone's: the portal's, the other portal pages allowed to call the
/// API (`[edge] cors_origins`) and this edge under its second name (`[sso] probe_origin`). Empty
/// when the canary is off (no portal origin configured).
pub fn known_keys(config: &DeploymentConfig) -> Vec<String> {
    let mut keys = portal_keys(config);
    if !keys.is_empty() {
        let others = config.cors_origins().chain(config.sso.probe_origin());
        keys.extend(others.filter_map(origin_key));
    }
    keys
}

/// What the login page's widget is built with (`cargo xtask build` reads the config): the portal's
/// origin keys, space-separated, so that a page copied wholesale, widget included, still knows where
/// it should be. Empty: the canary is off.
pub fn widget_portal_origins(config: &DeploymentConfig) -> String {
    portal_keys(config).join(" ")
}

/// Whether the page at `here` (`protocol//hostname` as the browser has it: lower-case, no port) is
/// on one of `listed` (the widget's [`widget_portal_origins`]). Nothing listed: the canary is off.
pub fn page_is_portal(listed: &str, here: &str) -> bool {
    // Bytes, not `str::split`: its searcher would cost the login widget half a kilobyte.
    listed.is_empty() || listed.as_bytes().split(|b| *b == b' ').any(|key| key == here.as_bytes())
}

/// The beacon's path on the edge: its body is the page's origin, nothing else.
pub const BEACON_PATH: &str = "/api/canary";

/// The key of `origin` when it is a clone's: an origin none of `known` ([`known_keys`]). With
/// nothing known the canary is off (checked first: the edge asks on every probe with an `Origin`).
/// Text that is no origin is nobody's clone.
pub fn clone_key(known: &[String], origin: &str) -> Option<String> {
    if known.is_empty() {
        return None;
    }
    origin_key(origin).filter(|key| !known.contains(key))
}

/// What is known of one clone origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloneSighting {
    pub origin: String,
    pub first_seen: UnixMs,
    pub last_seen: UnixMs,
    pub count: u64,
    /// When the security team was last told, if ever.
    pub alerted: Option<UnixMs>,
}

/// The clone origins seen, bounded.
#[derive(Debug, Default)]
pub struct CloneSightings {
    seen: HashMap<String, CloneSighting>,
    /// The hour (start, in ms) of the alerts counted in `alerts_this_hour`.
    alert_hour: i64,
    alerts_this_hour: u32,
    /// Whether anything changed since [`CloneSightings::take_changed`] last said so.
    changed: bool,
}

impl CloneSightings {
    /// Counts one sighting of `origin` (already an [`origin_key`]) at `now`. Returns the sighting when
    /// the security team should be told now: never told, or last told [`ALERT_EVERY_MS`] ago.
    pub fn record(&mut self, origin: &str, now: UnixMs) -> Option<CloneSighting> {
        if !self.seen.contains_key(origin) && self.seen.len() >= MAX_CLONE_ORIGINS {
            let oldest = self.seen.values().min_by_key(|s| s.last_seen).map(|s| s.origin.clone());
            if let Some(oldest) = oldest {
                self.seen.remove(&oldest);
            }
        }
        let sighting = self.seen.entry(origin.to_owned()).or_insert_with(|| CloneSighting {
            origin: origin.to_owned(),
            first_seen: now,
            last_seen: now,
            count: 0,
            alerted: None,
        });
        sighting.count = sighting.count.saturating_add(1);
        sighting.last_seen = now;
        self.changed = true;
        let hour = now.as_millis().div_euclid(ALERT_EVERY_MS);
        if hour != self.alert_hour {
            (self.alert_hour, self.alerts_this_hour) = (hour, 0);
        }
        let due = sighting.alerted.is_none_or(|at| now.millis_since(at) >= ALERT_EVERY_MS)
            && self.alerts_this_hour < MAX_ALERTS_PER_HOUR;
        if due {
            sighting.alerted = Some(now);
            self.alerts_this_hour += 1;
        }
        due.then(|| sighting.clone())
    }

    /// Sightings read back from a store (at most [`MAX_CLONE_ORIGINS`], the most recent kept).
    pub fn restore(rows: Vec<CloneSighting>) -> CloneSightings {
        let mut rows = rows;
        rows.sort_by_key(|s| std::cmp::Reverse(s.last_seen));
        rows.truncate(MAX_CLONE_ORIGINS);
        let seen = rows.into_iter().map(|s| (s.origin.clone(), s)).collect();
        CloneSightings { seen, ..CloneSightings::default() }
    }

    /// Marks the sightings as to be written again.
    pub fn mark_changed(&mut self) {
        self.changed = true;
    }

    /// Whether anything was recorded since the last call (what a store must write again).
    pub fn take_changed(&mut self) -> bool {
        std::mem::take(&mut self.changed)
    }

    /// Every clone origin, most recently seen first.
    pub fn all(&self) -> Vec<CloneSighting> {
        let mut all: Vec<CloneSighting> = self.seen.values().cloned().collect();
        all.sort_by(|a, b| b.last_seen.cmp(&a.last_seen).then(a.origin.cmp(&b.origin)));
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CITY_PORTAL_EXAMPLE;

    #[test]
    fn origins_are_compared_by_scheme_and_host() {
        assert_eq!(origin_key("http://127.0.0.1:8080").as_deref(), Some("http://127.0.0.1"));
        assert_eq!(origin_key("HTTPS://Portail.Example.FR").as_deref(), Some("https://portail.example.fr"));
        assert_eq!(origin_key("http://[::1]:9000").as_deref(), Some("http://[::1]"));
        for bad in
            ["null", "", "file://x", "https://a/b", "https://u@h", "https://a b", "https://x\u{202e}", "javascript:1"]
        {
            assert_eq!(origin_key(bad), None, "{bad:?}");
        }
        assert_eq!(origin_key(&format!("https://{}", "a".repeat(MAX_ORIGIN_CHARS))), None);
        let portal = vec!["http://127.0.0.1".to_owned()];
        assert_eq!(clone_key(&portal, "http://127.0.0.1:41234"), None, "the portal, port aside");
        assert_eq!(clone_key(&portal, "http://localhost:41234").as_deref(), Some("http://localhost"));
        assert_eq!(clone_key(&portal, "https://127.0.0.1").as_deref(), Some("https://127.0.0.1"), "another scheme");
        assert_eq!(clone_key(&portal, "garbage"), None, "no origin, no clone");
        assert_eq!(clone_key(&[], "https://anything.example"), None, "no portal origin: the canary is off");
    }

    #[test]
    fn the_example_lists_the_demo_portal() {
        let config = DeploymentConfig::parse(CITY_PORTAL_EXAMPLE).unwrap();
        assert_eq!(portal_keys(&config), ["http://127.0.0.1"]);
    }

    #[test]
    fn each_clone_is_counted_and_reported_at_most_once_an_hour() {
        let mut sightings = CloneSightings::default();
        let at = UnixMs::from_millis;
        let first = sightings.record("http://localhost", at(1_000)).expect("the first sighting is reported");
        assert_eq!((first.count, first.first_seen), (1, at(1_000)));
        assert_eq!(sightings.record("http://localhost", at(2_000)), None);
        assert_eq!(sightings.record("http://localhost", at(1_000 + ALERT_EVERY_MS - 1)), None);
        let again = sightings.record("http://localhost", at(1_000 + ALERT_EVERY_MS)).expect("an hour later");
        assert_eq!((again.count, again.first_seen, again.last_seen), (4, at(1_000), at(1_000 + ALERT_EVERY_MS)));
        assert!(sightings.record("https://portail-ville.example", at(5_000)).is_some(), "each origin apart");
        assert_eq!(sightings.all()[0].origin, "http://localhost");
    }

    #[test]
    fn the_alert_names_the_clone_and_nobody() {
        let config = DeploymentConfig::parse(CITY_PORTAL_EXAMPLE).unwrap();
        let mut sightings = CloneSightings::default();
        let sighting = sightings.record("http://localhost", UnixMs::from_millis(7)).unwrap();
        let json = serde_json::to_string(&CloneAlert::of(&config, &sighting)).unwrap();
        assert_eq!(
            json,
            "{\"v\":1,\"event\":\"phishing-clone\",\"portal\":\"Portail des agents de la Ville\",\"origin\":\"http://localhost\",\"first_seen_ms\":7,\"last_seen_ms\":7,\"count\":1}"
        );
    }

    #[test]
    fn alerts_are_capped_per_hour_whatever_the_origins() {
        let mut sightings = CloneSightings::default();
        let at = UnixMs::from_millis(10 * ALERT_EVERY_MS);
        let sent = (0..MAX_ALERTS_PER_HOUR + 5)
            .filter(|i| sightings.record(&format!("https://clone-{i}.example"), at).is_some())
            .count();
        assert_eq!(sent, MAX_ALERTS_PER_HOUR as usize);
        let next_hour = at.plus_millis(ALERT_EVERY_MS);
        assert!(sightings.record("https://clone-999.example", next_hour).is_some(), "a new hour, new alerts");
        assert!(sightings.take_changed());
        assert!(!sightings.take_changed(), "said once");
    }

    #[test]
    fn restored_sightings_keep_their_alert_time() {
        let at = UnixMs::from_millis;
        let old = CloneSighting {
            origin: "http://localhost".to_owned(),
            first_seen: at(1_000),
            last_seen: at(2_000),
            count: 7,
            alerted: Some(at(2_000)),
        };
        let mut sightings = CloneSightings::restore(vec![old]);
        assert_eq!(sightings.record("http://localhost", at(3_000)), None, "alerted less than an hour ago");
        assert_eq!(sightings.all()[0].count, 8);
    }

    #[test]
    fn the_widget_knows_the_portal_and_the_edge_its_friends() {
        let text = CITY_PORTAL_EXAMPLE
            .replace("# probe_origin = \"https://sso-probe.example.net\"", "probe_origin = \"http://localhost:8080\"")
            .replace("# public_url = \"https://portail.example.fr\"", "public_url = \"https://portail.example.fr\"");
        let config = DeploymentConfig::parse(&text).unwrap();
        assert_eq!(widget_portal_origins(&config), "http://127.0.0.1 https://portail.example.fr");
        assert_eq!(known_keys(&config), ["http://127.0.0.1", "https://portail.example.fr", "http://localhost"]);
        let listed = widget_portal_origins(&config);
        assert!(page_is_portal(&listed, "https://portail.example.fr"));
        assert!(!page_is_portal(&listed, "http://localhost"), "the SSO probe's name is no portal page");
        assert!(!page_is_portal(&listed, "https://portail.example"));
        assert!(page_is_portal("", "https://anything.example"), "nothing listed: the canary is off");
    }

    #[test]
    fn retries_back_off_up_to_a_minute() {
        assert_eq!([1, 2, 3, 4].map(retry_after_ms), [1_000, 2_000, 4_000, 8_000]);
        assert_eq!(retry_after_ms(40), MAX_RETRY_AFTER_MS);
    }

    #[test]
    fn memory_is_bounded() {
        let mut sightings = CloneSightings::default();
        for i in 0..MAX_CLONE_ORIGINS as i64 + 10 {
            sightings.record(&format!("https://clone-{i}.example"), UnixMs::from_millis(i));
        }
        let all = sightings.all();
        assert_eq!(all.len(), MAX_CLONE_ORIGINS);
        assert!(all.iter().all(|s| s.origin != "https://clone-0.example"), "the least recently seen went first");
    }
}
