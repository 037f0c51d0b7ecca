//! The findings catalog: for every code, its severity, what the agent reads, the one thing to do, and
//! how the helpdesk confirms it. One table, so wording and codes are reviewed in one place.

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
    /// How the helpdesk confirms the finding on the phone.
    pub helpdesk_check: &'static str,
}

const SET_TIME_AUTOMATICALLY: Template = Template {
    fr: "Activez « Régler l'heure automatiquement » dans les réglages de date et d'heure de l'appareil, puis rechargez cette page.",
    en: "Turn on \u{201c}Set time automatically\u{201d} in the device's date and time settings, then reload this page.",
};

pub const CATALOG: &[CatalogEntry] = &[
    CatalogEntry {
        code: Code::ClkOk,
        code_str: "CLK-OK",
        severity: Severity::Ok,
        message: Template {
            fr: "L'horloge de l'appareil est à l'heure ({drift}, {bound}).",
            en: "The device clock is on time ({drift}, {bound}).",
        },
        remedy: Template { fr: "Rien à faire.", en: "Nothing to do." },
        helpdesk_check: "Nothing to check: the device clock is within 30 s of the edge.",
    },
    CatalogEntry {
        code: Code::ClkTotp,
        code_str: "CLK-TOTP",
        severity: Severity::Warning,
        message: Template {
            fr: "L'horloge de l'appareil a {drift} : les codes de double authentification risquent d'être refusés.",
            en: "The device clock is {drift}: two-factor codes may be refused.",
        },
        remedy: SET_TIME_AUTOMATICALLY,
        helpdesk_check: "Ask the agent to read the device time, seconds included, and compare with yours: more than 30 s off confirms it.",
    },
    CatalogEntry {
        code: Code::ClkSkew,
        code_str: "CLK-SKEW",
        severity: Severity::Error,
        message: Template {
            fr: "L'horloge de l'appareil a {drift} : la connexion et les certificats vont échouer.",
            en: "The device clock is {drift}: sign-in and certificates will fail.",
        },
        remedy: SET_TIME_AUTOMATICALLY,
        helpdesk_check: "The device time differs from the real time by more than 5 minutes.",
    },
    CatalogEntry {
        code: Code::ClkTz,
        code_str: "CLK-TZ",
        severity: Severity::Error,
        message: Template {
            fr: "L'horloge de l'appareil a {drift} : le fuseau horaire de l'appareil est probablement faux.",
            en: "The device clock is {drift}: the device's time zone is probably wrong.",
        },
        remedy: Template {
            fr: "Choisissez le fuseau horaire « Paris » et activez l'heure automatique dans les réglages de date et d'heure, puis rechargez cette page.",
            en: "Choose the \u{201c}Paris\u{201d} time zone and turn on automatic time in the date and time settings, then reload this page.",
        },
        helpdesk_check: "The minutes on the device are right but the hour is not: check the time-zone setting.",
    },
    CatalogEntry {
        code: Code::ClkUnsure,
        code_str: "CLK-UNSURE",
        severity: Severity::Inconclusive,
        message: Template {
            fr: "L'heure de l'appareil n'a pas pu être vérifiée précisément : la connexion est trop lente ({drift}, {bound}).",
            en: "The device time could not be checked precisely: the connection is too slow ({drift}, {bound}).",
        },
        remedy: Template {
            fr: "Vous pouvez vous connecter. Si le code de double authentification est refusé, vérifiez l'heure de l'appareil.",
            en: "You can sign in. If your two-factor code is refused, check the device time.",
        },
        helpdesk_check: "Run the full check again from a faster connection.",
    },
    CatalogEntry {
        code: Code::ClkUnavailable,
        code_str: "CLK-UNAVAILABLE",
        severity: Severity::Info,
        message: Template {
            fr: "La vérification de l'heure n'est pas disponible pour le moment.",
            en: "The time check is not available right now.",
        },
        remedy: Template { fr: "Vous pouvez vous connecter normalement.", en: "You can sign in as usual." },
        helpdesk_check: "The check service did not answer: not a problem on the agent's side.",
    },
    CatalogEntry {
        code: Code::ShrDevice,
        code_str: "SHR-DEVICE",
        severity: Severity::Info,
        message: Template {
            fr: "Ordinateur partagé ou public : d'autres personnes l'utiliseront après vous.",
            en: "Shared or public computer: other people will use it after you.",
        },
        remedy: Template {
            fr: "En partant, cliquez sur « Se déconnecter et tout effacer », puis fermez le navigateur.",
            en: "When you leave, click \u{201c}Log out and wipe\u{201d}, then close the browser.",
        },
        helpdesk_check: "The agent declared a shared computer at sign-in, or the device is on a shared-workstation network of the config.",
    },
    CatalogEntry {
        code: Code::ShrPublic,
        code_str: "SHR-PUBLIC",
        severity: Severity::Info,
        message: Template {
            fr: "Vous êtes connecté depuis internet sans le VPN, peut-être sur un Wi-Fi public.",
            en: "You are connected from the internet without the VPN, perhaps on public Wi-Fi.",
        },
        remedy: Template {
            fr: "Déconnectez-vous dès que vous avez terminé, et n'enregistrez pas votre mot de passe sur cet appareil s'il n'est pas le vôtre.",
            en: "Log out as soon as you are done, and do not save your password on this device if it is not yours.",
        },
        helpdesk_check: "The edge saw the connection come from a public Wi-Fi network listed in the config.",
    },
    CatalogEntry {
        code: Code::ShrIdle,
        code_str: "SHR-IDLE",
        severity: Severity::Warning,
        message: Template {
            fr: "Aucune activité depuis un moment : déconnexion et effacement automatiques dans {remaining}.",
            en: "No activity for a while: automatic log out and wipe in {remaining}.",
        },
        remedy: Template {
            fr: "Appuyez sur Échap ou sur « Rester connecté » pour continuer.",
            en: "Press Escape or \u{201c}Stay signed in\u{201d} to carry on.",
        },
        helpdesk_check: "The shared-workstation idle countdown ran out: the portal's data was wiped on purpose; the agent signs in again.",
    },
];

pub fn entry(code: Code) -> &'static CatalogEntry {
    CATALOG.iter().find(|e| e.code == code).expect("every code has a catalog entry (tested)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_code_has_exactly_one_entry() {
        for code in Code::ALL {
            assert_eq!(CATALOG.iter().filter(|e| e.code == *code).count(), 1, "{code:?}");
        }
        assert_eq!(CATALOG.len(), Code::ALL.len());
    }

    #[test]
    fn code_strings_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for e in CATALOG {
            assert!(seen.insert(e.code_str), "duplicate {}", e.code_str);
            let (family, name) = e.code_str.split_once('-').expect("FAMILY-NAME");
            assert_eq!(family.len(), 3);
            assert!(e.code_str.chars().all(|c| c.is_ascii_uppercase() || c == '-'), "{}", e.code_str);
            assert!(!name.is_empty());
        }
    }

    #[test]
    fn every_entry_speaks_french_and_english_and_helps_the_helpdesk() {
        for e in CATALOG {
            for t in [e.message, e.remedy] {
                assert!(!t.fr.trim().is_empty() && !t.en.trim().is_empty(), "{}", e.code_str);
                assert_ne!(t.fr, t.en, "{} is not translated", e.code_str);
            }
            assert!(!e.helpdesk_check.is_empty());
        }
    }
}
