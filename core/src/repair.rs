//! The Repair button: what it removes (the portal's service workers, the portal's CacheStorage
//! entries, the portal's HTTP cache via `Clear-Site-Data`) and how it tells the agent afterwards.
//!
//! The page reloads in between, so the report crosses the reload in `sessionStorage`, encoded by
//! [`RepairReport::encode`] one item per line.

use crate::finding::Code;
use crate::i18n::{Lang, Template, Text, texts};

/// Findings whose one remedy is the Repair button.
pub fn is_repairable(code: Code) -> bool {
    matches!(code, Code::CacStale | Code::CacWorker | Code::StoFull)
}

/// The `sessionStorage` key the report waits under while the page reloads.
pub const REPORT_KEY: &str = "preflight-repair";
/// The query parameter that makes the reload miss every cache on the way.
pub const RELOAD_PARAM: &str = "preflight-repaired";

texts! {
    pub BUTTON { fr: "Réparer", en: "Repair" }
    /// On the login page, whose widget has no Repair button: the way to the full check page's.
    pub REPAIR_LINK { fr: "Ouvrir la vérification complète pour réparer", en: "Open the full check to repair" }
    pub WORKING { fr: "Réparation en cours…", en: "Repairing…" }
    /// What one repair removed: `{parts}` joined by `SEPARATOR`.
    REPAIRED { fr: "Réparation faite : {parts}.", en: "Repaired: {parts}." }
    SEPARATOR { fr: " ; ", en: "; " }
    /// `{count}` of them, then `({names})`.
    WORKERS_ONE { fr: "{count} service worker désinscrit ({names})", en: "{count} service worker unregistered ({names})" }
    WORKERS_MANY { fr: "{count} service workers désinscrits ({names})", en: "{count} service workers unregistered ({names})" }
    CACHES_ONE { fr: "{count} cache supprimé ({names})", en: "{count} cache deleted ({names})" }
    CACHES_MANY { fr: "{count} caches supprimés ({names})", en: "{count} caches deleted ({names})" }
    HTTP_CACHE_CLEARED { fr: "cache HTTP du portail vidé", en: "the portal's HTTP cache cleared" }
    HTTP_CACHE_NOT_CLEARED {
        fr: "le cache HTTP du portail n'a pas pu être vidé",
        en: "the portal's HTTP cache could not be cleared",
    }
}

/// The page's address with `?preflight-repaired=<now>` (replacing an earlier one), fragment kept: a
/// URL no cache has seen.
pub fn reload_url(href: &str, now_ms: f64) -> String {
    let (before_fragment, fragment) = href.split_once('#').map_or((href, None), |(b, f)| (b, Some(f)));
    let (path, query) = before_fragment.split_once('?').unwrap_or((before_fragment, ""));
    let mut params: Vec<&str> =
        query.split('&').filter(|p| !p.is_empty() && p.split('=').next() != Some(RELOAD_PARAM)).collect();
    let stamp = format!("{RELOAD_PARAM}={}", now_ms as u64);
    params.push(&stamp);
    let fragment = fragment.map(|f| format!("#{f}")).unwrap_or_default();
    format!("{path}?{}{fragment}", params.join("&"))
}

/// Exactly what one repair removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RepairReport {
    /// Script URLs of the service workers unregistered.
    pub service_workers: Vec<String>,
    /// Names of the CacheStorage caches deleted.
    pub caches: Vec<String>,
    /// The edge answered `Clear-Site-Data: "cache"`.
    pub http_cache_cleared: bool,
}

impl RepairReport {
    pub fn encode(&self) -> String {
        let workers = self.service_workers.iter().map(|s| format!("sw {s}\n"));
        let caches = self.caches.iter().map(|c| format!("cache {c}\n"));
        let http = if self.http_cache_cleared { "http\n" } else { "" };
        workers.chain(caches).collect::<String>() + http
    }

    /// `None` for anything [`encode`](Self::encode) did not write: a stale or foreign value is ignored.
    pub fn decode(text: &str) -> Option<RepairReport> {
        let mut report = RepairReport::default();
        for line in text.lines() {
            match line.split_once(' ') {
                Some(("sw", script)) => report.service_workers.push(script.to_owned()),
                Some(("cache", name)) => report.caches.push(name.to_owned()),
                None if line == "http" => report.http_cache_cleared = true,
                _ => return None,
            }
        }
        Some(report)
    }

    /// One sentence listing what was removed, in both languages.
    pub fn summary(&self) -> Text {
        Text { fr: self.summary_in(Lang::Fr), en: self.summary_in(Lang::En) }
    }

    fn summary_in(&self, lang: Lang) -> String {
        let mut parts = Vec::new();
        if !self.service_workers.is_empty() {
            parts.push(counted(&self.service_workers, (WORKERS_ONE, WORKERS_MANY), lang));
        }
        if !self.caches.is_empty() {
            parts.push(counted(&self.caches, (CACHES_ONE, CACHES_MANY), lang));
        }
        let http = if self.http_cache_cleared { HTTP_CACHE_CLEARED } else { HTTP_CACHE_NOT_CLEARED };
        parts.push(http.get(lang).to_owned());
        REPAIRED.fill(lang, &[("parts", &parts.join(SEPARATOR.get(lang)))])
    }
}

/// "2 caches deleted (a, b)": the singular or plural text, filled.
fn counted(items: &[String], (one, many): (Template, Template), lang: Lang) -> String {
    let template = if items.len() == 1 { one } else { many };
    template.fill(lang, &[("count", &items.len().to_string()), ("names", &items.join(", "))])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> RepairReport {
        RepairReport {
            service_workers: vec!["/stale-sw.js".into()],
            caches: vec!["old-pages".into(), "old static".into()],
            http_cache_cleared: true,
        }
    }

    #[test]
    fn a_report_survives_the_reload() {
        let r = report();
        assert_eq!(RepairReport::decode(&r.encode()), Some(r));
        assert_eq!(RepairReport::decode(""), Some(RepairReport::default()));
    }

    #[test]
    fn the_reload_url_misses_every_cache_and_keeps_the_rest() {
        assert_eq!(reload_url("https://p.fr/", 12.0), "https://p.fr/?preflight-repaired=12");
        assert_eq!(
            reload_url("https://p.fr/check?ticket=A1&preflight-repaired=3#top", 1_700.5),
            "https://p.fr/check?ticket=A1&preflight-repaired=1700#top"
        );
    }

    #[test]
    fn foreign_values_are_ignored() {
        assert_eq!(RepairReport::decode("hello world"), None);
        assert_eq!(RepairReport::decode("sw /a.js\n<script>"), None);
    }

    #[test]
    fn the_summary_lists_exactly_what_was_removed() {
        let s = report().summary();
        assert_eq!(
            s.en,
            "Repaired: 1 service worker unregistered (/stale-sw.js); 2 caches deleted (old-pages, old static); \
             the portal's HTTP cache cleared."
        );
        assert_eq!(
            s.fr,
            "Réparation faite : 1 service worker désinscrit (/stale-sw.js) ; 2 caches supprimés (old-pages, old static) ; \
             cache HTTP du portail vidé."
        );
        let nothing = RepairReport::default().summary();
        assert_eq!(nothing.en, "Repaired: the portal's HTTP cache could not be cleared.");
    }

    #[test]
    fn only_cache_and_storage_findings_offer_repair() {
        assert!(is_repairable(Code::CacStale) && is_repairable(Code::CacWorker) && is_repairable(Code::StoFull));
        assert!(!is_repairable(Code::CooBlocked) && !is_repairable(Code::ClkSkew));
    }
}
