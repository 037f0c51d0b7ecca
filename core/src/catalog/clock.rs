//! Clock findings.

use super::CatalogEntry;
use crate::finding::{Code, Severity};
use crate::i18n::Template;

pub(super) const SET_TIME_AUTOMATICALLY: Template = Template {
    fr: "Activez « Régler l'heure automatiquement » dans les réglages de date et d'heure de l'appareil, puis rechargez cette page.",
    en: "Turn on \u{201c}Set time automatically\u{201d} in the device's date and time settings, then reload this page.",
};

pub static CLK_OK: CatalogEntry = CatalogEntry {
    code: Code::ClkOk,
    severity: Severity::Ok,
    title: Template { fr: "Horloge à l'heure", en: "Clock on time" },
    message: Template {
        fr: "L'horloge de l'appareil est à l'heure ({drift}, {bound}).",
        en: "The device clock is on time ({drift}, {bound}).",
    },
    remedy: Template { fr: "Rien à faire.", en: "Nothing to do." },
};

pub static CLK_TOTP: CatalogEntry = CatalogEntry {
    code: Code::ClkTotp,
    severity: Severity::Warning,
    title: Template { fr: "Horloge décalée : codes 2FA en danger", en: "Clock off: 2FA codes at risk" },
    message: Template {
        fr: "L'horloge de l'appareil a {drift} : les codes de double authentification risquent d'être refusés.",
        en: "The device clock is {drift}: two-factor codes may be refused.",
    },
    remedy: SET_TIME_AUTOMATICALLY,
};

pub static CLK_SKEW: CatalogEntry = CatalogEntry {
    code: Code::ClkSkew,
    severity: Severity::Error,
    title: Template { fr: "Horloge fausse", en: "Clock wrong" },
    message: Template {
        fr: "L'horloge de l'appareil a {drift} : la connexion et les certificats vont échouer.",
        en: "The device clock is {drift}: sign-in and certificates will fail.",
    },
    remedy: SET_TIME_AUTOMATICALLY,
};

pub static CLK_TZ: CatalogEntry = CatalogEntry {
    code: Code::ClkTz,
    severity: Severity::Error,
    title: Template { fr: "Fuseau horaire faux", en: "Wrong time zone" },
    message: Template {
        fr: "L'horloge de l'appareil a {drift} : le fuseau horaire de l'appareil est probablement faux.",
        en: "The device clock is {drift}: the device's time zone is probably wrong.",
    },
    remedy: Template {
        fr: "Choisissez le fuseau horaire « Paris » et activez l'heure automatique dans les réglages de date et d'heure, puis rechargez cette page.",
        en: "Choose the \u{201c}Paris\u{201d} time zone and turn on automatic time in the date and time settings, then reload this page.",
    },
};

pub static CLK_UNSURE: CatalogEntry = CatalogEntry {
    code: Code::ClkUnsure,
    severity: Severity::Inconclusive,
    title: Template { fr: "Horloge non vérifiable précisément", en: "Clock not checked precisely" },
    message: Template {
        fr: "L'heure de l'appareil n'a pas pu être vérifiée précisément : la connexion est trop lente ({drift}, {bound}).",
        en: "The device time could not be checked precisely: the connection is too slow ({drift}, {bound}).",
    },
    remedy: Template {
        fr: "Vous pouvez vous connecter. Si le code de double authentification est refusé, vérifiez l'heure de l'appareil.",
        en: "You can sign in. If your two-factor code is refused, check the device time.",
    },
};

pub static CLK_UNAVAILABLE: CatalogEntry = CatalogEntry {
    code: Code::ClkUnavailable,
    severity: Severity::Info,
    title: Template { fr: "Vérification de l'heure indisponible", en: "Time check unavailable" },
    message: Template {
        fr: "La vérification de l'heure n'est pas disponible pour le moment.",
        en: "The time check is not available right now.",
    },
    remedy: Template { fr: "Vous pouvez vous connecter normalement.", en: "You can sign in as usual." },
};

pub static ENTRIES: &[&CatalogEntry] = &[&CLK_OK, &CLK_TOTP, &CLK_SKEW, &CLK_TZ, &CLK_UNSURE, &CLK_UNAVAILABLE];
