//! The words of the edge's own pages that belong to no other concept: the 404 page, the demo
//! sign-in's answers, the links back, and the full check page's frame (`/check`, which the edge
//! fills from `www/check.html`). Logout, routing and helpdesk words live with their concepts
//! (`logout`, `channel::route`, `report::viewer`).

use crate::i18n::{Lang, Template, texts};

texts! {
    /// The 404 page's title.
    pub NOT_FOUND_TITLE { fr: "Page introuvable", en: "Page not found" }
    pub NOT_FOUND_TEXT { fr: "Cette adresse n'existe pas sur le portail.", en: "This address does not exist on the portal." }
    pub BACK_TO_SIGN_IN { fr: "Retour à la page de connexion", en: "Back to the sign-in page" }
    pub BACK { fr: "Retour", en: "Back" }

    /// The demo sign-in's answer to a form over the body limit.
    pub FORM_TOO_LARGE_TITLE { fr: "Formulaire trop volumineux", en: "Form too large" }
    pub FORM_TOO_LARGE_TEXT { fr: "Le formulaire envoyé est trop volumineux.", en: "The form sent is too large." }
    /// The demo sign-in's answer to an empty agent ID or password.
    pub CREDENTIALS_MISSING_TITLE {
        fr: "Identifiant ou mot de passe manquant",
        en: "Agent ID or password missing",
    }
    pub CREDENTIALS_MISSING_TEXT {
        fr: "Saisissez votre identifiant agent et votre mot de passe.",
        en: "Enter your agent ID and your password.",
    }

    /// The check page's `<title>`.
    pub CHECK_DOCUMENT_TITLE {
        fr: "Vérification complète — Portail des agents de la Ville",
        en: "Full check — City agents' portal",
    }
    /// The demo portal's name in the check page's banner, and the tag that says it is a demo.
    pub PORTAL_BRAND { fr: "Ville · Portail des agents", en: "City · Agents' portal" }
    pub DEMO_TAG { fr: "démo", en: "demo" }
    pub CHECK_TITLE { fr: "Vérification complète", en: "Full check" }
    pub CHECK_LEAD {
        fr: "Cette page vérifie votre appareil et votre connexion, et vous dit quel accès utiliser. Rien n'est envoyé à un tiers.",
        en: "This page checks your device and your connection, and tells you which access to use. Nothing is sent to a third party.",
    }
    pub CHECK_BROWSER_HEADING { fr: "Navigateur et appareil", en: "Browser and device" }
    /// The link section's heading when a helpdesk link brought a ticket reference (then shown after it).
    pub CHECK_TICKET_HEADING { fr: "Ticket de l'assistance :", en: "Helpdesk ticket:" }
    /// The link section's heading without a ticket.
    pub CHECK_ON_YOUR_PHONE { fr: "Sur votre téléphone", en: "On your phone" }
    pub CHECK_QR_ALT { fr: "Code QR du lien de cette page", en: "QR code of this page's link" }
    pub CHECK_QR_CAPTION {
        fr: "Scannez ce code pour faire la même vérification sur votre téléphone.",
        en: "Scan this code to run the same check on your phone.",
    }
    /// A `/check?ticket=…` link whose ticket reference is not one.
    pub INVALID_LINK_TITLE { fr: "Lien non valide", en: "Invalid link" }
    pub INVALID_LINK_TEXT {
        fr: "La référence de ticket de ce lien n'est pas valide ({problem}) : demandez le lien à nouveau à l'assistance.",
        en: "This link's ticket reference is not valid ({problem}): ask the helpdesk for the link again.",
    }
    pub CHECK_WITHOUT_TICKET { fr: "Faire la vérification sans ticket", en: "Run the check without a ticket" }

    /// Every page's footer: the accessibility statement, with the conformance status the RGAA asks
    /// the link to carry, and the link to the page in the other language (written in that language).
    pub STATEMENT_LINK { fr: "Accessibilité : non conforme", en: "Accessibility: not compliant" }
    pub OTHER_LANGUAGE { fr: "English", en: "Français" }
}

/// The accessibility statement (a static page in each language, `www/`).
pub fn statement_path(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "/accessibilite.html",
        Lang::En => "/accessibility.html",
    }
}

/// The check page's words by marker name: `www/check.html` holds `<!--preflight:text:NAME-->` where
/// each goes, and the edge puts the reader's language there.
pub const CHECK_PAGE_TEXTS: &[(&str, Template)] = &[
    ("document-title", CHECK_DOCUMENT_TITLE),
    ("brand", PORTAL_BRAND),
    ("demo", DEMO_TAG),
    ("title", CHECK_TITLE),
    ("lead", CHECK_LEAD),
    ("browser-heading", CHECK_BROWSER_HEADING),
    ("back", BACK_TO_SIGN_IN),
];
