//! The portal team's statistics page in figures and words: checks and failing checks over time by
//! access mode, the top failing findings per site and per browser family, each channel's share of
//! agents, and the spikes — all computed from shown cells only (callers pass what [`super::shown`]
//! kept), so no figure reveals a cell under k.

use std::collections::HashMap;

use super::spikes::{Scope, Spike, spikes_in};
use super::{CellCount, HOUR_MS, hour_of};
use crate::channel::AccessClass;
use crate::finding::Code;
use crate::i18n::{Lang, texts};
use crate::time::UnixMs;

/// Days the page charts (and reads), up to now.
pub const DAYS_SHOWN: i64 = 30;
/// Hours in which spikes are looked for on the page.
pub const SPIKE_HOURS_SHOWN: i64 = 48;
/// Findings listed per site and per browser family.
pub const TOP_FINDINGS: usize = 3;
pub const DAY_MS: i64 = 24 * HOUR_MS;

texts! {
    pub TITLE { fr: "Statistiques de connexion", en: "Sign-in statistics" }
    pub SIGN_IN_TITLE { fr: "Statistiques : connexion", en: "Statistics: sign in" }
    pub TOKEN_LABEL { fr: "Jeton des statistiques", en: "Statistics token" }
    pub SIGN_IN { fr: "Se connecter", en: "Sign in" }
    pub SIGN_OUT { fr: "Se déconnecter", en: "Sign out" }
    pub WRONG_TOKEN { fr: "Ce jeton n'est pas le bon.", en: "This token is not the right one." }
    pub DISABLED_TITLE { fr: "Statistiques désactivées", en: "Statistics disabled" }
    pub DISABLED_TEXT {
        fr: "Aucun jeton n'est configuré pour les statistiques : définissez {variable} dans l'environnement de l'edge.",
        en: "No statistics token is configured: set {variable} in the edge's environment.",
    }
    pub UNAVAILABLE {
        fr: "Les statistiques ne peuvent pas être lues en ce moment : {error}",
        en: "The statistics cannot be read right now: {error}",
    }
    /// The page's answer in one sentence.
    pub HEADLINE {
        fr: "Sur les {days} derniers jours, {failing} vérifications sur {checks} ({share}) ont trouvé ce qui ferait échouer la connexion.",
        en: "Over the last {days} days, {failing} of {checks} checks ({share}) found something that would make sign-in fail.",
    }
    pub MOST_AFFECTED {
        fr: "Mode d'accès le plus touché : {access} ({share} de ses vérifications).",
        en: "Most affected access mode: {access} ({share} of its checks).",
    }
    pub NO_DATA {
        fr: "Pas encore assez de vérifications à montrer : une case n'apparaît qu'à partir de {k} vérifications.",
        en: "Not enough checks to show yet: a cell appears only from {k} checks.",
    }
    pub PRIVACY_NOTE {
        fr: "Comptes horaires anonymes : ni adresse, ni navigateur précis, ni identifiant ; chaque poste compte une fois par heure ; les cases de moins de {k} vérifications ne sont ni montrées ni exportées.",
        en: "Anonymous hourly counts: no address, no exact browser, no identifier; each device counts once an hour; cells under {k} checks are neither shown nor exported.",
    }
    pub CHECKS_OVER_TIME { fr: "Vérifications par jour, par mode d'accès", en: "Checks per day, by access mode" }
    pub FAILING_OVER_TIME {
        fr: "Vérifications en échec par jour, par mode d'accès",
        en: "Failing checks per day, by access mode",
    }
    pub CHANNEL_SHARE { fr: "Part des agents par canal", en: "Share of agents on each channel" }
    pub TOP_PER_SITE { fr: "Problèmes les plus fréquents par site", en: "Top findings per site" }
    pub TOP_PER_BROWSER {
        fr: "Problèmes les plus fréquents par navigateur",
        en: "Top findings per browser family",
    }
    pub SPIKES { fr: "Pics", en: "Spikes" }
    pub NO_SPIKE {
        fr: "Aucun pic sur les {hours} dernières heures.",
        en: "No spike in the last {hours} hours.",
    }
    /// One spike: `{code}` at `{scope}` in the hour starting `{hour}` (UTC).
    pub SPIKE_LINE {
        fr: "{hour} UTC — {code} : {share} des vérifications ({count} sur {checks}) à {scope}, contre {baseline} les 24 heures précédentes.",
        en: "{hour} UTC — {code}: {share} of checks ({count} of {checks}) at {scope}, against {baseline} in the 24 hours before.",
    }
    pub SITE_SCOPE { fr: "le site {site}", en: "site {site}" }
    pub ACCESS_SCOPE { fr: "l'accès {access}", en: "{access} access" }
    /// A site's or browser family's line: `{name}`, then its top findings.
    pub TOP_LINE { fr: "{name} : {codes}", en: "{name}: {codes}" }
    pub NONE_FAILING { fr: "aucun problème", en: "no finding" }
    pub OTHER_BROWSER { fr: "autre", en: "other" }
    pub DAY { fr: "Jour", en: "Day" }
    pub COUNT { fr: "Nombre", en: "Count" }
    pub CSV_LINK {
        fr: "Exporter les cases montrées (CSV)",
        en: "Export the shown cells (CSV)",
    }
    pub CHART_ALT {
        fr: "Courbes par mode d'accès ; les chiffres sont dans le tableau qui suit.",
        en: "Lines by access mode; the figures are in the table that follows.",
    }
    pub ACCESS_INTERNAL { fr: "interne", en: "internal" }
    pub ACCESS_VPN { fr: "VPN", en: "VPN" }
    pub ACCESS_INTERNET { fr: "Internet", en: "internet" }
    pub ACCESS_UNKNOWN { fr: "inconnu", en: "unknown" }
}

/// An access class's name on the page.
pub fn access_name(class: AccessClass, lang: Lang) -> &'static str {
    match class {
        AccessClass::Internal => ACCESS_INTERNAL.get(lang),
        AccessClass::Vpn => ACCESS_VPN.get(lang),
        AccessClass::Internet => ACCESS_INTERNET.get(lang),
        AccessClass::Unknown => ACCESS_UNKNOWN.get(lang),
    }
}

/// One day's count for each access class, in [`AccessClass::ALL`]'s order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayCounts {
    pub day: UnixMs,
    pub by_access: [u64; 4],
}

/// Failing findings and their counts, most frequent first.
pub type TopFindings = Vec<(Code, u64)>;

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct StatisticsView {
    pub days: Vec<DayCounts>,
    pub failing_days: Vec<DayCounts>,
    pub checks: u64,
    pub failing: u64,
    /// Checks per access class, in [`AccessClass::ALL`]'s order (the share of agents per channel:
    /// each agent counts once an hour).
    pub by_access: [u64; 4],
    pub failing_by_access: [u64; 4],
    /// Site id → its top failing findings and counts.
    pub top_per_site: Vec<(String, TopFindings)>,
    /// Browser family (`None`: other) → its top failing findings.
    pub top_per_browser: Vec<(Option<&'static str>, TopFindings)>,
    pub spikes: Vec<Spike>,
}

fn access_index(class: AccessClass) -> usize {
    AccessClass::ALL.iter().position(|c| *c == class).unwrap_or(3)
}

/// The first instant the page and the export show: the start (UTC) of the first of [`DAYS_SHOWN`] days.
pub fn window_start(now: UnixMs) -> UnixMs {
    let today = UnixMs::from_millis(now.as_millis().div_euclid(DAY_MS).saturating_mul(DAY_MS));
    today.plus_millis(-(DAYS_SHOWN - 1) * DAY_MS)
}

/// The cells the CSV export holds at `now`: the page's, from [`window_start`] on.
pub fn exported(cells: Vec<CellCount>, now: UnixMs) -> Vec<CellCount> {
    let from = window_start(now);
    cells.into_iter().filter(|c| c.cell.hour >= from && c.cell.hour <= now).collect()
}

/// The page's figures at `now` from the shown cells of the last [`DAYS_SHOWN`] days (and the
/// baseline hours before the spike window).
pub fn view(cells: &[CellCount], now: UnixMs) -> StatisticsView {
    let first_day = window_start(now);
    let day_index = |hour: UnixMs| usize::try_from(hour.millis_since(first_day).div_euclid(DAY_MS)).ok();
    let empty = |i: i64| DayCounts { day: first_day.plus_millis(i * DAY_MS), by_access: [0; 4] };
    let mut days: Vec<DayCounts> = (0..DAYS_SHOWN).map(empty).collect();
    let mut failing_days = days.clone();
    let (mut by_access, mut failing_by_access) = ([0; 4], [0; 4]);
    let mut per_site: HashMap<String, HashMap<Code, u64>> = HashMap::new();
    let mut per_browser: HashMap<Option<&'static str>, HashMap<Code, u64>> = HashMap::new();
    for c in cells.iter().filter(|c| c.cell.hour >= first_day && c.cell.hour <= now) {
        let Some(day) = day_index(c.cell.hour).filter(|d| *d < days.len()) else { continue };
        let a = access_index(c.cell.access);
        days[day].by_access[a] += c.count;
        by_access[a] += c.count;
        if c.cell.is_failing() {
            failing_days[day].by_access[a] += c.count;
            failing_by_access[a] += c.count;
            if let Some(site) = &c.cell.site {
                *per_site.entry(site.clone()).or_default().entry(c.cell.code).or_insert(0) += c.count;
            }
            let browser = c.cell.browser.map(|b| b.as_str());
            *per_browser.entry(browser).or_default().entry(c.cell.code).or_insert(0) += c.count;
        }
    }
    let hour = hour_of(now);
    let mut spikes: Vec<Spike> =
        (0..SPIKE_HOURS_SHOWN).flat_map(|h| spikes_in(cells, hour.plus_millis(-h * HOUR_MS))).collect();
    spikes.sort_by_key(|s| std::cmp::Reverse(s.hour));
    let mut top_per_site: Vec<_> = per_site.into_iter().map(|(site, codes)| (site, top(codes))).collect();
    top_per_site.sort_by(|a, b| a.0.cmp(&b.0));
    let mut top_per_browser: Vec<_> = per_browser.into_iter().map(|(b, codes)| (b, top(codes))).collect();
    top_per_browser.sort_by_key(|(b, _)| (b.is_none(), *b));
    StatisticsView {
        checks: by_access.iter().sum(),
        failing: failing_by_access.iter().sum(),
        days,
        failing_days,
        by_access,
        failing_by_access,
        top_per_site,
        top_per_browser,
        spikes,
    }
}

/// The most frequent codes first (then by code, for a stable order), at most [`TOP_FINDINGS`].
fn top(codes: HashMap<Code, u64>) -> TopFindings {
    let mut all: Vec<(Code, u64)> = codes.into_iter().collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.as_str().cmp(b.0.as_str())));
    all.truncate(TOP_FINDINGS);
    all
}

impl StatisticsView {
    /// The access mode with the highest share of failing checks, and that share; `None` without checks.
    pub fn most_affected(&self) -> Option<(AccessClass, f64)> {
        let shares = AccessClass::ALL.into_iter().enumerate().filter(|(i, _)| self.by_access[*i] > 0);
        shares
            .map(|(i, class)| (class, self.failing_by_access[i] as f64 / self.by_access[i] as f64))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .filter(|(_, share)| *share > 0.0)
    }
}

/// A share as people read it: "12 %", "12%"; under one percent with one decimal.
pub fn percent(share: f64, lang: Lang) -> String {
    let value = share * 100.0;
    let number = if value > 0.0 && value < 1.0 { format!("{value:.1}") } else { format!("{value:.0}") };
    match lang {
        Lang::Fr => format!("{}\u{a0}%", number.replace('.', ",")),
        Lang::En => format!("{number}%"),
    }
}

/// Where a spike happened, in words.
pub fn scope_words(scope: &Scope, lang: Lang) -> String {
    match scope {
        Scope::Site(site) => SITE_SCOPE.fill(lang, &[("site", site)]),
        Scope::Access(class) => ACCESS_SCOPE.fill(lang, &[("access", access_name(*class, lang))]),
    }
}

/// An hour's start as `2026-12-01 10:00` (UTC).
pub fn hour_label(hour: UnixMs) -> String {
    let f = super::calendar::utc_fields(hour);
    format!("{}-{:02}-{:02} {:02}:{:02}", f.year, f.month, f.day, f.hour, f.minute)
}

/// A day as `2026-12-01`.
pub fn day_label(day: UnixMs) -> String {
    let f = super::calendar::utc_fields(day);
    format!("{}-{:02}-{:02}", f.year, f.month, f.day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::BrowserFamily;
    use crate::statistics::Cell;

    const NOW: i64 = 1_764_585_000_000; // 2025-12-01T10:30Z

    fn count(hours_ago: i64, code: Code, access: AccessClass, site: Option<&str>, n: u64) -> CellCount {
        let at = UnixMs::from_millis(NOW - hours_ago * HOUR_MS);
        CellCount { cell: Cell::of_check(at, code, access, site, Some(BrowserFamily::Firefox), None), count: n }
    }

    #[test]
    fn totals_shares_and_tops_come_from_the_cells_given() {
        let cells = [
            count(0, Code::ClkOk, AccessClass::Internal, Some("hotel-de-ville"), 10),
            count(0, Code::CacStale, AccessClass::Internal, Some("hotel-de-ville"), 6),
            count(1, Code::ClkSkew, AccessClass::Internal, Some("hotel-de-ville"), 7),
            count(25, Code::ClkOk, AccessClass::Vpn, None, 8),
            count(24 * 40, Code::ClkOk, AccessClass::Vpn, None, 99), // before the window
        ];
        let v = view(&cells, UnixMs::from_millis(NOW));
        assert_eq!((v.checks, v.failing), (31, 13));
        assert_eq!(v.by_access, [23, 8, 0, 0]);
        assert_eq!(v.days.len() as i64, DAYS_SHOWN);
        assert_eq!(v.days.last().unwrap().by_access, [23, 0, 0, 0]);
        assert_eq!(v.days[v.days.len() - 2].by_access, [0, 8, 0, 0]);
        assert_eq!(v.failing_days.last().unwrap().by_access, [13, 0, 0, 0]);
        assert_eq!(v.top_per_site, [("hotel-de-ville".to_owned(), vec![(Code::ClkSkew, 7), (Code::CacStale, 6)])]);
        assert_eq!(v.top_per_browser, [(Some("firefox"), vec![(Code::ClkSkew, 7), (Code::CacStale, 6)])]);
        let (class, share) = v.most_affected().unwrap();
        assert_eq!(class, AccessClass::Internal);
        assert!((share - 13.0 / 23.0).abs() < 1e-9);
    }

    #[test]
    fn nothing_to_show_is_no_panic() {
        let v = view(&[], UnixMs::from_millis(NOW));
        assert_eq!((v.checks, v.failing, v.most_affected()), (0, 0, None));
        let _ = view(&[], UnixMs::from_millis(i64::MIN));
        let _ = view(&[], UnixMs::from_millis(i64::MAX));
    }

    #[test]
    fn shares_read_as_people_write_them() {
        assert_eq!(percent(0.126, Lang::En), "13%");
        assert_eq!(percent(0.004, Lang::Fr), "0,4\u{a0}%");
        assert_eq!(percent(0.0, Lang::Fr), "0\u{a0}%");
        assert_eq!(hour_label(UnixMs::from_millis(1_764_583_200_000)), "2025-12-01 10:00");
    }
}
