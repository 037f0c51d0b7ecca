//! Single sign-on readiness findings (`core::sso`): third-party cookies and storage in a sign-in
//! frame from another site, pop-ups, passkeys. Only the check page's build shows them.

use super::CatalogEntry;
use crate::finding::{Code, Severity};
use crate::i18n::Template;

const NOTHING_TO_DO: Template = Template { fr: "Rien à faire.", en: "Nothing to do." };

pub static SSO_FRAME_OK: CatalogEntry = CatalogEntry {
    code: Code::SsoFrameOk,
    severity: Severity::Ok,
    title: Template { fr: "Cookies tiers en ordre", en: "Third-party cookies working" },
    message: Template {
        fr: "Une fenêtre de connexion d'un autre site peut garder ses cookies et son stockage.",
        en: "A sign-in frame from another site can keep its cookies and storage.",
    },
    remedy: NOTHING_TO_DO,
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

pub static SSO_POPUP_OK: CatalogEntry = CatalogEntry {
    code: Code::SsoPopupOk,
    severity: Severity::Ok,
    title: Template { fr: "Fenêtres pop-up en ordre", en: "Pop-ups working" },
    message: Template {
        fr: "Le navigateur a ouvert la fenêtre de connexion de test, qui s'est refermée seule.",
        en: "The browser opened the test sign-in window, which closed by itself.",
    },
    remedy: NOTHING_TO_DO,
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
    title: Template { fr: "Clés d'accès possibles", en: "Passkeys ready" },
    message: Template {
        fr: "Ce navigateur peut utiliser une clé d'accès (passkey) : {details}.",
        en: "This browser can use a passkey: {details}.",
    },
    remedy: Template {
        fr: "Rien à faire : à la connexion, choisissez la clé d'accès ou la clé de sécurité quand elle est proposée.",
        en: "Nothing to do: when signing in, choose the passkey or the security key when it is offered.",
    },
};

pub static SSO_NO_PASSKEY: CatalogEntry = CatalogEntry {
    code: Code::SsoNoPasskey,
    severity: Severity::Info,
    title: Template { fr: "Pas de clé d'accès sur cet appareil", en: "No passkey on this device" },
    message: Template {
        fr: "Ce navigateur ne propose pas de clé d'accès (passkey) intégrée à l'appareil : {details}.",
        en: "This browser offers no passkey built into the device: {details}.",
    },
    remedy: Template {
        fr: "Pour la connexion résistante à l'hameçonnage, utilisez votre clé de sécurité USB ou votre téléphone, ou \
        un navigateur à jour (Edge, Chrome, Safari ou Firefox récents).",
        en: "For phishing-resistant sign-in, use your USB security key or your phone, or an up-to-date browser \
        (a recent Edge, Chrome, Safari or Firefox).",
    },
};

pub static ENTRIES: &[&CatalogEntry] =
    &[&SSO_FRAME_OK, &SSO_3PC, &SSO_POPUP_OK, &SSO_POPUP, &SSO_PASSKEY, &SSO_NO_PASSKEY];
