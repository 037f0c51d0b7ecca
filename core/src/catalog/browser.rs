//! Browser findings: cookies, storage, cache and version, secure context and certificates.

use super::CatalogEntry;
use super::clock::SET_TIME_AUTOMATICALLY;
use crate::finding::{Code, Severity};
use crate::i18n::Template;

const REPAIR: Template = Template {
    fr: "Cliquez sur « Réparer » : Preflight efface le cache du portail (et seulement lui), puis recharge la page.",
    en: "Click \u{201c}Repair\u{201d}: Preflight clears the portal's cache (and nothing else), then reloads the page.",
};

const ALLOW_COOKIES: Template = Template {
    fr: "Autorisez les cookies pour le portail dans les réglages du navigateur (ou quittez la navigation privée), puis rechargez la page.",
    en: "Allow cookies for the portal in the browser settings (or leave private browsing), then reload the page.",
};

const NOTHING_TO_DO: Template = Template { fr: "Rien à faire.", en: "Nothing to do." };

pub static COO_OK: CatalogEntry = CatalogEntry {
    code: Code::CooOk,
    severity: Severity::Ok,
    title: Template { fr: "Cookies en ordre", en: "Cookies working" },
    message: Template { fr: "Les cookies du portail fonctionnent.", en: "The portal's cookies work." },
    remedy: NOTHING_TO_DO,
};

pub static COO_BLOCKED: CatalogEntry = CatalogEntry {
    code: Code::CooBlocked,
    severity: Severity::Error,
    title: Template { fr: "Cookies bloqués", en: "Cookies blocked" },
    message: Template {
        fr: "Le navigateur bloque les cookies du portail : la connexion va tourner en boucle.",
        en: "The browser blocks the portal's cookies: sign-in will loop.",
    },
    remedy: ALLOW_COOKIES,
};

pub static COO_LARGE: CatalogEntry = CatalogEntry {
    code: Code::CooLarge,
    severity: Severity::Warning,
    title: Template { fr: "Cookies volumineux", en: "Large cookies" },
    message: Template {
        fr: "Les cookies envoyés au portail pèsent {size} : au-delà d'environ 8 Ko, la connexion échoue avec « 400 Bad Request ».",
        en: "The cookies sent to the portal weigh {size}: beyond about 8 KB, sign-in fails with \u{201c}400 Bad Request\u{201d}.",
    },
    remedy: Template {
        fr: "Supprimez les cookies de ce site (cadenas de la barre d'adresse > Cookies), puis reconnectez-vous.",
        en: "Delete this site's cookies (padlock in the address bar > Cookies), then sign in again.",
    },
};

pub static COO_TOO_LARGE: CatalogEntry = CatalogEntry {
    code: Code::CooTooLarge,
    severity: Severity::Error,
    title: Template { fr: "Cookies trop volumineux", en: "Cookies too large" },
    message: Template {
        fr: "Les cookies envoyés au portail pèsent {size} : la connexion va échouer avec « 400 Bad Request ».",
        en: "The cookies sent to the portal weigh {size}: sign-in will fail with \u{201c}400 Bad Request\u{201d}.",
    },
    remedy: Template {
        fr: "Supprimez les cookies de ce site (cadenas de la barre d'adresse > Cookies), puis reconnectez-vous.",
        en: "Delete this site's cookies (padlock in the address bar > Cookies), then sign in again.",
    },
};

pub static STO_OK: CatalogEntry = CatalogEntry {
    code: Code::StoOk,
    severity: Severity::Ok,
    title: Template { fr: "Stockage du navigateur en ordre", en: "Browser storage working" },
    message: Template { fr: "Le stockage du navigateur fonctionne.", en: "Browser storage works." },
    remedy: NOTHING_TO_DO,
};

pub static STO_BLOCKED: CatalogEntry = CatalogEntry {
    code: Code::StoBlocked,
    severity: Severity::Warning,
    title: Template { fr: "Stockage du navigateur bloqué", en: "Browser storage blocked" },
    message: Template {
        fr: "Le navigateur refuse au portail son stockage local : certaines pages resteront blanches.",
        en: "The browser refuses the portal its local storage: some pages will stay blank.",
    },
    remedy: Template {
        fr: "Quittez la navigation privée, ou autorisez les données de site pour le portail dans les réglages du navigateur.",
        en: "Leave private browsing, or allow site data for the portal in the browser settings.",
    },
};

pub static STO_FULL: CatalogEntry = CatalogEntry {
    code: Code::StoFull,
    severity: Severity::Warning,
    title: Template { fr: "Stockage du navigateur presque plein", en: "Browser storage nearly full" },
    message: Template {
        fr: "Le stockage du navigateur est presque plein ({used} utilisés) : le portail peut ne plus se charger.",
        en: "Browser storage is nearly full ({used} used): the portal may stop loading.",
    },
    remedy: REPAIR,
};

pub static CAC_OK: CatalogEntry = CatalogEntry {
    code: Code::CacOk,
    severity: Severity::Ok,
    title: Template { fr: "Version du portail à jour", en: "Portal version up to date" },
    message: Template {
        fr: "Le navigateur affiche la version actuelle du portail.",
        en: "The browser shows the current portal version.",
    },
    remedy: NOTHING_TO_DO,
};

pub static CAC_STALE: CatalogEntry = CatalogEntry {
    code: Code::CacStale,
    severity: Severity::Error,
    title: Template { fr: "Ancienne version en cache", en: "Old version cached" },
    message: Template {
        fr: "Le navigateur affiche une ancienne version du portail ({loaded} au lieu de {deployed}) : c'est la cause des pages blanches.",
        en: "The browser shows an old portal version ({loaded} instead of {deployed}): this causes blank pages.",
    },
    remedy: REPAIR,
};

pub static CAC_WORKER: CatalogEntry = CatalogEntry {
    code: Code::CacWorker,
    severity: Severity::Warning,
    title: Template { fr: "Service worker inconnu", en: "Unknown service worker" },
    message: Template {
        fr: "Un ancien programme du portail (« service worker ») contrôle encore cette page et peut servir des pages périmées.",
        en: "An old portal program (a \u{201c}service worker\u{201d}) still controls this page and may serve stale pages.",
    },
    remedy: REPAIR,
};

pub static SEC_OK: CatalogEntry = CatalogEntry {
    code: Code::SecOk,
    severity: Severity::Ok,
    title: Template { fr: "Connexion sécurisée", en: "Secure connection" },
    message: Template { fr: "La connexion au portail est sécurisée.", en: "The connection to the portal is secure." },
    remedy: NOTHING_TO_DO,
};

pub static SEC_INSECURE: CatalogEntry = CatalogEntry {
    code: Code::SecInsecure,
    severity: Severity::Error,
    title: Template { fr: "Connexion non sécurisée", en: "Insecure connection" },
    message: Template {
        fr: "Cette page n'est pas sécurisée (http) : ne saisissez pas votre mot de passe ici.",
        en: "This page is not secure (http): do not type your password here.",
    },
    remedy: Template {
        fr: "Ouvrez le portail par son adresse en https:// (depuis vos favoris ou l'intranet).",
        en: "Open the portal through its https:// address (from your bookmarks or the intranet).",
    },
};

pub static CRT_CLOCK: CatalogEntry = CatalogEntry {
    code: Code::CrtClock,
    severity: Severity::Error,
    title: Template { fr: "Certificat refusé à cause de l'horloge", en: "Certificate refused because of the clock" },
    message: Template {
        fr: "{host} refuse la connexion sécurisée à cause de l'horloge de l'appareil ({drift}).",
        en: "{host} refuses the secure connection because of the device clock ({drift}).",
    },
    remedy: SET_TIME_AUTOMATICALLY,
};

pub static CRT_FILTER: CatalogEntry = CatalogEntry {
    code: Code::CrtFilter,
    severity: Severity::Error,
    title: Template { fr: "Certificat ou filtrage réseau", en: "Certificate or network filtering" },
    message: Template {
        fr: "{host} est injoignable en connexion sécurisée alors que l'horloge est juste : certificat refusé ou filtrage réseau.",
        en: "{host} cannot be reached securely although the clock is right: certificate rejected or network filtering.",
    },
    remedy: Template {
        fr: "Contactez le service informatique en donnant le code CRT-FILTER.",
        en: "Contact the IT service and give the code CRT-FILTER.",
    },
};

pub static ENTRIES: &[&CatalogEntry] = &[
    &COO_OK,
    &COO_BLOCKED,
    &COO_LARGE,
    &COO_TOO_LARGE,
    &STO_OK,
    &STO_BLOCKED,
    &STO_FULL,
    &CAC_OK,
    &CAC_STALE,
    &CAC_WORKER,
    &SEC_OK,
    &SEC_INSECURE,
    &CRT_CLOCK,
    &CRT_FILTER,
];
