//! The findings catalog: for every code, its severity, what the agent reads, the one thing to do, and
//! how the helpdesk confirms it. One table (kept in one file per family), so wording and codes are
//! reviewed in one place.
//!
//! Each entry is its own `static`, and checks name the entries they can conclude: the login page's
//! widget then links only the texts its own checks can show, not the whole table.

use crate::finding::{Code, Severity};
use crate::i18n::Template;

pub struct CatalogEntry {
    pub code: Code,
    pub severity: Severity,
    /// A few words, as a heading on the full check page and in helpdesk reports.
    pub title: Template,
    /// What is wrong (or right), in one sentence.
    pub message: Template,
    /// The one thing to do.
    pub remedy: Template,
}

pub mod browser;
pub mod clock;
mod helpdesk;
pub mod shared;
pub mod sso;

pub use helpdesk::helpdesk_check;

/// Every entry, family by family.
pub fn all() -> impl Iterator<Item = &'static CatalogEntry> {
    clock::ENTRIES.iter().chain(browser::ENTRIES).chain(shared::ENTRIES).chain(sso::ENTRIES).copied()
}

pub fn entry(code: Code) -> &'static CatalogEntry {
    all().find(|e| e.code == code).expect("every code has a catalog entry (tested)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::placeholders;
    use std::collections::HashSet;

    #[test]
    fn every_code_has_exactly_one_entry() {
        for code in Code::ALL {
            assert_eq!(all().filter(|e| e.code == *code).count(), 1, "{code:?}");
        }
        assert_eq!(all().count(), Code::ALL.len());
    }

    /// `report::most_likely_cause` ranks ties by the code's place in `Code::ALL`, which must be the
    /// catalog's order.
    #[test]
    fn the_catalog_lists_the_codes_in_their_table_s_order() {
        assert!(all().map(|e| e.code).eq(Code::ALL.iter().copied()));
    }

    #[test]
    fn code_strings_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for e in all() {
            let code = e.code.as_str();
            assert!(seen.insert(code), "duplicate {code}");
            let (family, name) = code.split_once('-').expect("FAMILY-NAME");
            assert_eq!(family.len(), 3);
            // Digits only after the family, as in `SSO-3PC` (third-party cookies).
            assert!(family.chars().all(|c| c.is_ascii_uppercase()), "{code}");
            assert!(name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'), "{code}");
            assert!(!name.is_empty());
            assert_eq!(Code::parse(code), Some(e.code));
        }
    }

    /// Each code, through the lookup the product uses: a title, a message and a remedy, and how the
    /// helpdesk checks it, in French and in English, with the same `{placeholders}` in both.
    #[test]
    fn every_entry_speaks_french_and_english_and_helps_the_helpdesk() {
        for code in Code::ALL {
            let e = entry(*code);
            let texts = [
                ("title", e.title),
                ("message", e.message),
                ("remedy", e.remedy),
                ("helpdesk_check", helpdesk_check(*code)),
            ];
            for (part, t) in texts {
                let what = format!("{} {part}", code.as_str());
                assert!(!t.fr.trim().is_empty(), "{what}: the French text is empty; write it in core/src/catalog/");
                assert!(!t.en.trim().is_empty(), "{what}: the English text is empty; write it in core/src/catalog/");
                assert_ne!(t.fr, t.en, "{what} is not translated: the French and English texts are the same");
                let (fr, en) = (placeholders(t.fr), placeholders(t.en));
                assert_eq!(
                    fr, en,
                    "{what}: French and English name different placeholders (fr {fr:?}, en {en:?}); use the same \
                     {{names}} in both, or one language loses the fact"
                );
            }
        }
    }
}
