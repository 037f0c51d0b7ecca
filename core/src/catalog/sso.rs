//! Single sign-on readiness findings (`core::sso`): third-party cookies and storage in a sign-in
//! frame from another site, pop-ups, passkeys. Only the check page's build shows them. Four codes,
//! the checks that passed sharing `SSO-OK`: every code costs the login page's widget its string.

use super::CatalogEntry;
use crate::finding::{Code, Severity};
use crate::i18n::Template;

pub static SSO_OK: CatalogEntry = CatalogEntry {
    code: Code::SsoOk,
    severity: Severity::Ok,
    title: Template { fr: "Connexion unique en ordre", en: "Single sign-on ready" },
    message: Template {
        fr: "{what} La connexion unique (SSO) pourra s'en servir.",
        en: "{what} Single sign-on (SSO) can rely on it.",
    },
    remedy: Template { fr: "Rien à faire.", en: "Nothing to do." },
};

pub static SSO_3PC: CatalogEntry = CatalogEntry {
    code: Code::Sso3pc,
    severity: Severity::Warning,
    title: Template { fr: "Cookies tiers bloqués", en: "Third-party cookies blocked" },
    message: Template {
        fr: "Le navigateur bloque {blocked} dans une fenêtre de connexion d'un autre site : la connexion unique (SSO) \
        redemandera votre mot de passe ou échouera.",
        en: "The browser blocks {blocked} in a sign-in frame from another site: single sign-on will ask for your \
        password again, or fail.",
    },
    remedy: Template { fr: "{steps} Puis rechargez cette page.", en: "{steps} Then reload this page." },
};

pub static SSO_POPUP: CatalogEntry = CatalogEntry {
    code: Code::SsoPopup,
    severity: Severity::Warning,
    title: Template { fr: "Fenêtres pop-up bloquées", en: "Pop-ups blocked" },
    message: Template {
        fr: "Le navigateur a bloqué la fenêtre de connexion de test : une connexion qui s'ouvre dans une fenêtre \
        pop-up ne s'affichera pas.",
        en: "The browser blocked the test sign-in window: a sign-in that opens in a pop-up window will not show.",
    },
    remedy: Template {
        fr: "Cliquez sur l'icône de fenêtre bloquée à droite de la barre d'adresse et choisissez « Toujours autoriser \
        les pop-ups » pour ce site ; si l'icône n'apparaît pas, une stratégie de l'entreprise les bloque : appelez \
        l'assistance.",
        en: "Click the blocked-window icon at the right of the address bar and choose \u{201c}Always allow pop-ups\u{201d} \
        for this site; if there is no icon, a company policy blocks them: call the helpdesk.",
    },
};

pub static SSO_PASSKEY: CatalogEntry = CatalogEntry {
    code: Code::SsoPasskey,
    severity: Severity::Info,
    title: Template { fr: "Clés d'accès (passkeys)", en: "Passkeys" },
    message: Template {
        fr: "Clés d'accès sur ce navigateur : {details}.", en: "Passkeys in this browser: {details}."
    },
    remedy: Template { fr: "Conseil : {advice}", en: "Advice: {advice}" },
};

pub static ENTRIES: &[&CatalogEntry] = &[&SSO_OK, &SSO_3PC, &SSO_POPUP, &SSO_PASSKEY];
