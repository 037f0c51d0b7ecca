//! The helpdesk viewer's words (`/helpdesk`: sign-in, the code form, a report at a glance) and what
//! the report endpoints tell people when they refuse. The labels a report shares with its plain-text
//! summary (cause, device, clock…) are the summary's, re-exported here.

use crate::i18n::texts;

pub use super::summary::{ACCESS, AGENT, CAUSE, CLOCK, DEVICE, OBSERVED, SIGN_IN_ERROR, VERSIONS};

texts! {
    /// The banner over every viewer page.
    pub BRAND { fr: "Assistance · Rapports Preflight", en: "Helpdesk · Preflight reports" }
    /// A viewer page's `<title>`: its heading, then whose page it is.
    pub DOCUMENT_TITLE { fr: "{page} — Assistance", en: "{page} — Helpdesk" }

    pub TOO_MANY_TITLE { fr: "Trop de tentatives", en: "Too many attempts" }
    pub TOO_MANY_TEXT {
        fr: "Trop de tentatives depuis cette adresse : patientez quelques secondes, puis réessayez.",
        en: "Too many attempts from this address: wait a few seconds, then try again.",
    }
    pub DISABLED_TITLE { fr: "Visualiseur désactivé", en: "Viewer disabled" }
    pub DISABLED_TEXT {
        fr: "Le visualiseur de l'assistance est désactivé sur ce serveur : aucun jeton n'est configuré. \
             L'administrateur l'active en définissant la variable d'environnement {variable}.",
        en: "The helpdesk viewer is disabled on this server: no token is configured. An administrator \
             enables it by setting the {variable} environment variable.",
    }
    pub TOKEN_REQUIRED {
        fr: "Un jeton de l'assistance est nécessaire : envoyez « Authorization: Bearer <jeton> », ou connectez-vous sur /helpdesk.",
        en: "A helpdesk token is required: send `Authorization: Bearer <token>`, or sign in at /helpdesk.",
    }

    pub SIGN_IN_TITLE { fr: "Connexion de l'assistance", en: "Helpdesk sign-in" }
    pub SIGN_IN_LEAD {
        fr: "Saisissez le jeton de l'assistance pour consulter les rapports.",
        en: "Enter the helpdesk token to read reports.",
    }
    pub TOKEN_LABEL { fr: "Jeton de l'assistance", en: "Helpdesk token" }
    pub SIGN_IN { fr: "Se connecter", en: "Sign in" }
    pub WRONG_TOKEN { fr: "Ce jeton n'est pas le bon.", en: "This token is not the right one." }
    pub SIGN_OUT { fr: "Se déconnecter", en: "Sign out" }
    pub SIGN_OUT_FAILED {
        fr: "La déconnexion n'a pas pu être enregistrée ({error}) : réessayez.",
        en: "Signing out could not be recorded ({error}): try again.",
    }

    /// The home page's heading, over the code form.
    pub HOME_TITLE { fr: "Rapport d'un agent", en: "An agent's report" }
    pub CODE_LABEL { fr: "Code lu par l'agent", en: "Code read out by the agent" }
    pub SHOW_REPORT { fr: "Voir le rapport", en: "Show the report" }
    pub CODE_NOT_FOUND {
        fr: "Aucun rapport ne porte le code {code} : vérifiez-le avec l'agent ; les rapports sont supprimés après {days} jours.",
        en: "No report has the code {code}: check it with the agent; reports are deleted after {days} days.",
    }

    pub REPORT_TITLE { fr: "Rapport {code}", en: "Report {code}" }
    pub REPORT_DATES { fr: "Reçu le {received} · supprimé le {deleted}", en: "Received {received} · deleted on {deleted}" }
    pub REPORT_TICKET { fr: " · ticket {ticket}", en: " · ticket {ticket}" }
    pub TO_DO { fr: "À faire :", en: "To do:" }
    pub HOW_TO_VERIFY { fr: "Vérifier :", en: "Check:" }
    pub NO_PROBLEM { fr: "Aucun problème détecté sur cet appareil.", en: "No problem found on this device." }
    pub ALL_FINDINGS { fr: "Tous les constats", en: "All findings" }
    pub FAILED_CHECKS { fr: "Vérifications en échec : {codes}", en: "Failed checks: {codes}" }
    pub NONE_FAILED { fr: "aucune", en: "none" }
    pub COLUMN_CODE { fr: "Code", en: "Code" }
    pub COLUMN_SEVERITY { fr: "Gravité", en: "Severity" }
    pub COLUMN_FINDING { fr: "Constat", en: "Finding" }
    pub COLUMN_TO_DO { fr: "À faire", en: "To do" }
    pub SECURE_CONTEXT { fr: "Contexte sécurisé", en: "Secure context" }
    pub COOKIES_ENABLED { fr: "Cookies activés", en: "Cookies enabled" }
    pub STORAGE { fr: "Stockage local / de session", en: "Local / session storage" }
    pub YES { fr: "oui", en: "yes" }
    pub NO { fr: "non", en: "no" }
    pub NOT_GIVEN { fr: "non communiqué", en: "not given" }
    pub RAW_OBSERVATIONS { fr: "Observations brutes", en: "Raw observations" }
    /// Over the two summaries, French and English, each with its copy button.
    pub SUMMARY_HEADING { fr: "Résumé pour le ticket", en: "Summary for the ticket" }
    pub COPY { fr: "Copier ({language})", en: "Copy ({language})" }
    pub ANOTHER_CODE { fr: "Autre code", en: "Another code" }

    /// `POST /api/reports` over the client's budget.
    pub TOO_MANY_REPORTS {
        fr: "Trop de rapports depuis cette adresse : réessayez dans une minute.",
        en: "Too many reports from this address: try again in a minute.",
    }
    pub REPORT_TOO_LARGE {
        fr: "Ce rapport dépasserait {max} octets : envoyez moins d'observations, ou de plus courtes.",
        en: "This report would take more than {max} bytes: send fewer or shorter observations.",
    }
    pub STORE_FULL {
        fr: "Le stockage des rapports est plein jusqu'à l'expiration des plus anciens : décrivez le problème à l'assistance au téléphone.",
        en: "The report store is full until older reports expire: describe the problem to the helpdesk on the phone.",
    }
    pub NO_FREE_CODE { fr: "Aucun code libre n'a été trouvé : réessayez.", en: "No free report code was found: try again." }
    pub STORE_UNAVAILABLE {
        fr: "Le stockage des rapports ne répond pas ({error}) : réessayez dans un instant.",
        en: "The report store does not answer ({error}): try again in a moment.",
    }
}
