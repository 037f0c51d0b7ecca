//! Clock findings.

use super::CatalogEntry;
use crate::finding::{Code, Severity};
use crate::i18n::Template;

pub(super) const SET_TIME_AUTOMATICALLY: Template = Template {
    fr: "Activez « Régler l'heure automatiquement » dans les réglages de date et d'heure de l'appareil, puis rechargez cette page.",
    en: "Turn on \u{201c}Set time automatically\u{201d} in the device's date and time settings, then reload this page.",
};

pub const ENTRIES: &[CatalogEntry] = &[
    CatalogEntry {
        code: Code::ClkOk,
        code_str: "CLK-OK",
        severity: Severity::Ok,
        message: Template {
            fr: "L'horloge de l'appareil est à l'heure ({drift}, {bound}).",
            en: "The device clock is on time ({drift}, {bound}).",
        },
        remedy: Template { fr: "Rien à faire.", en: "Nothing to do." },
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
    },
];
