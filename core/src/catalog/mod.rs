//! The findings catalog: for every code, its severity, what the agent reads, the one thing to do, and
//! how the helpdesk confirms it. One table (kept in one file per family), so wording and codes are
//! reviewed in one place.

use crate::finding::{Code, Severity};
use crate::i18n::Template;

pub struct CatalogEntry {
    pub code: Code,
    pub code_str: &'static str,
    pub severity: Severity,
    /// What is wrong (or right), in one sentence.
    pub message: Template,
    /// The one thing to do.
    pub remedy: Template,
}

mod browser;
mod clock;
mod helpdesk;
mod shared;

pub use helpdesk::helpdesk_check;

/// Every entry, family by family.
pub fn all() -> impl Iterator<Item = &'static CatalogEntry> {
    clock::ENTRIES.iter().chain(browser::ENTRIES).chain(shared::ENTRIES)
}

pub fn entry(code: Code) -> &'static CatalogEntry {
    all().find(|e| e.code == code).expect("every code has a catalog entry (tested)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_code_has_exactly_one_entry() {
        for code in Code::ALL {
            assert_eq!(all().filter(|e| e.code == *code).count(), 1, "{code:?}");
        }
        assert_eq!(all().count(), Code::ALL.len());
    }

    #[test]
    fn code_strings_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for e in all() {
            assert!(seen.insert(e.code_str), "duplicate {}", e.code_str);
            let (family, name) = e.code_str.split_once('-').expect("FAMILY-NAME");
            assert_eq!(family.len(), 3);
            assert!(e.code_str.chars().all(|c| c.is_ascii_uppercase() || c == '-'), "{}", e.code_str);
            assert!(!name.is_empty());
        }
    }

    #[test]
    fn every_entry_speaks_french_and_english_and_helps_the_helpdesk() {
        for e in all() {
            for t in [e.message, e.remedy] {
                assert!(!t.fr.trim().is_empty() && !t.en.trim().is_empty(), "{}", e.code_str);
                assert_ne!(t.fr, t.en, "{} is not translated", e.code_str);
            }
            assert!(!helpdesk_check(e.code).is_empty());
        }
    }
}
