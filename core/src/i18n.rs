//! Languages, bilingual text and the placeholders that findings fill in (durations, drift).

use serde::{Deserialize, Serialize};

use crate::clock::{ClockEstimate, ClockVerdict, HOUR_MS};

/// The languages Preflight speaks. French first: the portal's agents are French civil servants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    /// From a BCP 47 tag such as `en-GB` or `fr`; anything not English falls back to French.
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("en") { Lang::En } else { Lang::Fr }
    }

    /// Exactly `fr` or `en` (any case), as a `?lang=` override says it; anything else is no choice.
    pub fn from_choice(choice: &str) -> Option<Lang> {
        [Lang::Fr, Lang::En].into_iter().find(|lang| choice.eq_ignore_ascii_case(lang.tag()))
    }

    /// The language a reader prefers among ours, from an `Accept-Language` header
    /// (`fr-FR,fr;q=0.9,en;q=0.8`): the highest `q` wins, the first listed among equals; ranges
    /// we do not speak (`de`, `*`) and `q=0` are skipped; French when nothing is ours.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(Lang, u16)> = None;
        for range in header.split(',') {
            let mut parts = range.split(';');
            let tag = parts.next().unwrap_or("").trim();
            let primary = tag.split(['-', '_']).next().unwrap_or("");
            let Some(lang) = Lang::from_choice(primary) else { continue };
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
                .map_or(Some(1000), quality);
            match q {
                Some(q) if q > 0 && best.is_none_or(|(_, b)| q > b) => best = Some((lang, q)),
                _ => {}
            }
        }
        best.map_or(Lang::Fr, |(lang, _)| lang)
    }

    /// The language of a page: a `?lang=fr|en` choice first (a link that must open in one language),
    /// then the browser's `Accept-Language`, then French.
    pub fn for_reader(choice: Option<&str>, accept_language: Option<&str>) -> Lang {
        choice
            .and_then(Lang::from_choice)
            .unwrap_or_else(|| accept_language.map_or(Lang::Fr, Lang::from_accept_language))
    }

    /// The language's own name ("Français", "English"), as a language picker shows it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Fr => "Français",
            Lang::En => "English",
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}

/// An `Accept-Language` quality (`1`, `0.8`, `0.125`) in thousandths; `None` when it is not one.
fn quality(q: &str) -> Option<u16> {
    let (whole, fraction) = q.split_once('.').unwrap_or((q, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths =
        fraction.bytes().chain(std::iter::repeat(b'0')).take(3).fold(0, |n, b| n * 10 + u16::from(b - b'0'));
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// A text in every language.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Text {
    pub fr: String,
    pub en: String,
}

impl Text {
    /// The same words in every language: a name, a time, a contact from the config.
    pub fn same(text: impl Into<String>) -> Text {
        let text = text.into();
        Text { fr: text.clone(), en: text }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }
}

/// A fixed template as owned text, in every language.
impl From<Template> for Text {
    fn from(template: Template) -> Text {
        Text { fr: template.fr.to_owned(), en: template.en.to_owned() }
    }
}

/// A catalog text with `{placeholders}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    pub fr: &'static str,
    pub en: &'static str,
}

impl Template {
    /// A fixed text (no placeholders) in one language.
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Fr => self.fr,
            Lang::En => self.en,
        }
    }

    /// The text in one language with its `{placeholders}` filled from `values` (name, value): for
    /// interface texts whose values are the same in both languages (a number, a code).
    pub fn fill(&self, lang: Lang, values: &[(&str, &str)]) -> String {
        fill_text(self.get(lang), values)
    }
}

/// `text` with its `{placeholders}` filled from `values` (name, value), for a caller that changed the
/// text first (the edge escapes a text for HTML, then fills it with markup).
pub fn fill_text(text: &str, values: &[(&str, &str)]) -> String {
    substitute(text, &|name| values.iter().find(|(n, _)| *n == name).map(|(_, v)| *v))
}

/// Declares a module's interface texts: `pub NAME { fr: "…", en: "…" }` each becomes a [`Template`]
/// constant, and the module gets a `TEXTS` list that [`all_texts`] gathers for the French/English
/// parity test. A module whose `TEXTS` is not gathered does not compile warning-free (dead code), so
/// no text escapes the test. Constants cost nothing in a build that does not use them.
macro_rules! texts {
    ($($(#[$meta:meta])* $vis:vis $name:ident { fr: $fr:expr, en: $en:expr $(,)? })*) => {
        $($(#[$meta])* $vis const $name: $crate::i18n::Template = $crate::i18n::Template { fr: $fr, en: $en };)*
        /// This module's texts by name, for `i18n::all_texts`.
        pub(crate) const TEXTS: &[(&str, $crate::i18n::Template)] = &[$((stringify!($name), $name)),*];
    };
}
pub(crate) use texts;

/// Every interface text of the product (findings' texts are in [`crate::catalog`]) as
/// (module, name, text): what the French/English parity test reads. A module with `texts!` is listed here.
pub fn all_texts() -> impl Iterator<Item = (&'static str, &'static str, Template)> {
    let modules: [(&'static str, &'static [(&'static str, Template)]); 24] = [
        ("canary", crate::canary::TEXTS),
        ("channel", crate::channel::TEXTS),
        ("channel::route", crate::channel::route::TEXTS),
        ("channel::panel", crate::channel::panel::TEXTS),
        ("channel::summary", crate::channel::summary::TEXTS),
        ("checks", crate::checks::TEXTS),
        ("checks::clock_remedy", crate::checks::clock_remedy::TEXTS),
        ("finding", crate::finding::TEXTS),
        ("i18n", TEXTS),
        ("idle", crate::idle::TEXTS),
        ("link_quality", crate::link_quality::TEXTS),
        ("logout", crate::logout::TEXTS),
        ("pages", crate::pages::TEXTS),
        ("repair", crate::repair::TEXTS),
        ("report::code", crate::report::code::TEXTS),
        ("report::share", crate::report::share::TEXTS),
        ("report::summary", crate::report::summary::TEXTS),
        ("report::validate", crate::report::validate::TEXTS),
        ("report::viewer", crate::report::viewer::TEXTS),
        ("shared_device", crate::shared_device::TEXTS),
        ("sign_in::explain", crate::sign_in::explain::TEXTS),
        ("sign_in::validate", crate::sign_in::validate::TEXTS),
        ("sso", crate::sso::TEXTS),
        ("statistics::view", crate::statistics::view::TEXTS),
    ];
    modules.into_iter().flat_map(|(module, texts)| texts.iter().map(move |(name, text)| (module, *name, *text)))
}

/// Values for a template's placeholders, already worded in each language.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts(Vec<(&'static str, Text)>);

impl Facts {
    pub fn with(mut self, name: &'static str, value: Text) -> Self {
        self.0.push((name, value));
        self
    }

    pub fn fill(&self, template: &Template) -> Text {
        Text { fr: self.fill_one(template.fr, Lang::Fr), en: self.fill_one(template.en, Lang::En) }
    }

    /// One pass over the template, copying text and substituting `{name}`s. (Not `str::replace` per
    /// placeholder: its substring search alone costs the login page's widget kilobytes.)
    fn fill_one(&self, template: &str, lang: Lang) -> String {
        substitute(template, &|name| self.0.iter().find(|(n, _)| *n == name).map(|(_, v)| v.get(lang)))
    }
}

/// One pass over `template`, copying text and replacing each `{name}` that `value_of` knows; unknown
/// names and stray braces stay as written. The one placeholder syntax of every text.
fn substitute<'a>(template: &str, value_of: &dyn Fn(&str) -> Option<&'a str>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some((before, after)) = rest.split_once('{') {
        out.push_str(before);
        match after.split_once('}').and_then(|(name, tail)| Some((value_of(name)?, tail))) {
            Some((value, tail)) => {
                out.push_str(value);
                rest = tail;
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

const NBSP: char = '\u{a0}';

/// A duration for people: "850 ms", "47 s", "6 min 5 s", "2 h 30 min". Sign is dropped.
pub fn duration(ms: f64) -> String {
    let ms = ms.abs();
    if ms < 1_000.0 {
        return format!("{}{NBSP}ms", ms.round() as u64);
    }
    let secs = (ms / 1_000.0).round() as u64;
    if secs < 60 {
        return format!("{secs}{NBSP}s");
    }
    if ms < HOUR_MS {
        let (m, s) = (secs / 60, secs % 60);
        return if s == 0 { format!("{m}{NBSP}min") } else { format!("{m}{NBSP}min {s}{NBSP}s") };
    }
    let minutes = (ms / 60_000.0).round() as u64;
    let (h, m) = (minutes / 60, minutes % 60);
    if m == 0 { format!("{h}{NBSP}h") } else { format!("{h}{NBSP}h {m}{NBSP}min") }
}

/// "47 s d'avance" / "47 s ahead": how far the device clock is from the real time.
pub fn drift(client_ahead_ms: f64) -> Text {
    let d = duration(client_ahead_ms);
    if client_ahead_ms >= 0.0 {
        Text { fr: format!("{d} d'avance"), en: format!("{d} ahead") }
    } else {
        Text { fr: format!("{d} de retard"), en: format!("{d} behind") }
    }
}

/// The placeholders clock findings use: `{drift}` and `{bound}`.
pub fn clock_facts(estimate: &ClockEstimate, verdict: ClockVerdict) -> Facts {
    let ahead = match verdict {
        // Say "1 h ahead", not "1 h 0 min 12 s ahead": the hours are the point.
        ClockVerdict::TimeZoneLikely { hours } => f64::from(hours) * HOUR_MS,
        _ => estimate.client_ahead_ms(),
    };
    let bound = duration(estimate.error_bound_ms);
    Facts::default()
        .with("drift", drift(ahead))
        .with("bound", Text { fr: format!("±{bound}"), en: format!("±{bound}") })
}

texts! {
    /// The full check page's line under the clock finding: the measured offset and its error bound.
    pub CLOCK_MEASURED { fr: "Horloge mesurée : {drift}, {bound}.", en: "Measured clock: {drift}, {bound}." }
}

#[cfg(test)]
/// The `{name}`s of a text, sorted (a name is what `Facts::fill` would look up).
pub(crate) fn placeholders(text: &str) -> Vec<&str> {
    let mut names: Vec<&str> = text
        .split('{')
        .skip(1)
        .filter_map(|after| after.split_once('}').map(|(name, _)| name))
        .filter(|name| !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(crate) fn placeholders_are_the_braced_names() {
        assert_eq!(placeholders("a {drift}, {bound} and {drift} {}"), ["bound", "drift"]);
        assert_eq!(placeholders("no {braces here"), Vec::<&str>::new());
    }

    /// Every interface text, the way the catalog's entries are checked: French and English, not the
    /// same, with the same `{placeholders}` in both.
    #[test]
    fn every_interface_text_speaks_french_and_english_with_the_same_placeholders() {
        let mut count = 0;
        for (module, name, t) in all_texts() {
            let what = format!("{module}::{name}");
            assert!(!t.fr.trim().is_empty(), "{what}: the French text is empty");
            assert!(!t.en.trim().is_empty(), "{what}: the English text is empty");
            let (fr, en) = (placeholders(t.fr), placeholders(t.en));
            assert_eq!(fr, en, "{what}: French and English name different placeholders (fr {fr:?}, en {en:?})");
            count += 1;
        }
        assert!(count >= 30, "all_texts lists only {count} texts: is a module missing?");
    }

    #[test]
    fn one_language_fills_from_plain_values() {
        let t = Template { fr: "après {days} jours", en: "after {days} days" };
        assert_eq!(t.fill(Lang::En, &[("days", "30")]), "after 30 days");
        assert_eq!(t.fill(Lang::Fr, &[("days", "30"), ("x", "y")]), "après 30 jours");
        assert_eq!(t.fill(Lang::Fr, &[]), "après {days} jours");
    }

    #[test]
    fn language_tags_fall_back_to_french() {
        assert_eq!(Lang::from_tag("en"), Lang::En);
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
        assert_eq!(Lang::from_tag("EN_us"), Lang::En);
        assert_eq!(Lang::from_tag("fr-FR"), Lang::Fr);
        assert_eq!(Lang::from_tag(""), Lang::Fr);
        assert_eq!(Lang::from_tag("de"), Lang::Fr);
    }

    #[test]
    fn the_reader_s_language_is_the_highest_quality_one_we_speak() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Lang::En);
        assert_eq!(Lang::from_accept_language("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7"), Lang::Fr);
        assert_eq!(Lang::from_accept_language("de-DE,de;q=0.9,en;q=0.8,fr;q=0.7"), Lang::En);
        assert_eq!(Lang::from_accept_language("en;q=0.5, fr;q=0.8"), Lang::Fr, "quality, not order");
        assert_eq!(Lang::from_accept_language("en;q=0.8,fr;q=0.8"), Lang::En, "the first listed among equals");
        assert_eq!(Lang::from_accept_language("EN-gb"), Lang::En);
        assert_eq!(Lang::from_accept_language("en;q=0,fr;q=0.1"), Lang::Fr, "q=0 means not this one");
        assert_eq!(Lang::from_accept_language("en;q=0"), Lang::Fr);
        assert_eq!(Lang::from_accept_language("en;q=0.125"), Lang::En);
        assert_eq!(Lang::from_accept_language("en;q=2,fr;q=x"), Lang::Fr, "malformed qualities are skipped");
        assert_eq!(Lang::from_accept_language("english, en-x, *"), Lang::En, "a language range, not a prefix");
        for nothing_of_ours in ["", "*", "de", ";;,,", "enx"] {
            assert_eq!(Lang::from_accept_language(nothing_of_ours), Lang::Fr, "{nothing_of_ours:?}");
        }
    }

    #[test]
    fn a_lang_choice_wins_over_the_browser() {
        assert_eq!(Lang::for_reader(Some("en"), Some("fr")), Lang::En);
        assert_eq!(Lang::for_reader(Some("FR"), Some("en")), Lang::Fr);
        assert_eq!(Lang::for_reader(Some("de"), Some("en")), Lang::En, "an unknown choice is no choice");
        assert_eq!(Lang::for_reader(None, Some("en-GB")), Lang::En);
        assert_eq!(Lang::for_reader(None, None), Lang::Fr);
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(12.4), "12\u{a0}ms");
        assert_eq!(duration(-47_200.0), "47\u{a0}s");
        assert_eq!(duration(360_000.0), "6\u{a0}min");
        assert_eq!(duration(365_000.0), "6\u{a0}min 5\u{a0}s");
        assert_eq!(duration(3_600_000.0), "1\u{a0}h");
        assert_eq!(duration(9_000_000.0), "2\u{a0}h 30\u{a0}min");
    }

    #[test]
    fn drift_says_ahead_or_behind_in_both_languages() {
        let ahead = drift(47_000.0);
        assert_eq!(ahead.en, "47\u{a0}s ahead");
        assert_eq!(ahead.fr, "47\u{a0}s d'avance");
        let behind = drift(-120_000.0);
        assert_eq!(behind.en, "2\u{a0}min behind");
        assert_eq!(behind.fr, "2\u{a0}min de retard");
    }

    #[test]
    fn facts_fill_every_placeholder_in_each_language() {
        let facts = Facts::default().with("x", Text { fr: "un".into(), en: "one".into() });
        let text = facts.fill(&Template { fr: "[{x}] {x}", en: "<{x}>" });
        assert_eq!(text.fr, "[un] un");
        assert_eq!(text.en, "<one>");
        // Unknown placeholders and stray braces are left as written.
        let text = facts.fill(&Template { fr: "{y} { {x}", en: "{x}}{" });
        assert_eq!(text.fr, "{y} { un");
        assert_eq!(text.en, "one}{");
    }
}
