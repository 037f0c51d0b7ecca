//! The identity providers' errors Preflight knows, each with the checks that can explain it and what
//! it means in plain words. Sources: Microsoft Entra's AADSTS error reference, MSAL.js'
//! `BrowserAuthError` codes, okta-auth-js' token validation messages, Keycloak's `Errors` and
//! `Messages` keys, OAuth 2.0 / OpenID Connect error codes, SAML 2.0's `NotBefore` / `NotOnOrAfter`
//! conditions. A deployment adds its own with `[[sign_in_errors]]` (`config::sign_in_errors`).
//!
//! `code` is matched against the error's code (any case) or found in its message: an `AADSTS` code
//! in MSAL's `errorMessage`, okta-auth-js' sentence, `NotBefore` in a SAML error.

use super::Explainer::{self, Cache, Clock, Cookies, NetworkChannel, Popups, Storage, ThirdPartyCookies};
use super::Idp;
use crate::i18n::Template;

pub struct KnownError {
    /// The provider whose error it is; `None` for the protocols' own codes.
    pub idp: Option<Idp>,
    pub code: &'static str,
    /// The checks that can explain it, the likeliest first; none for an error no device problem causes
    /// (a password change, a session left unused), which the agent gets explained in plain words.
    pub explained_by: &'static [Explainer],
    /// What it means, in a few words for the agent.
    pub meaning: Template,
}

const fn known(
    idp: Option<Idp>,
    code: &'static str,
    explained_by: &'static [Explainer],
    meaning: Template,
) -> KnownError {
    KnownError { idp, code, explained_by, meaning }
}

const ENTRA: Option<Idp> = Some(Idp::Entra);
const OKTA: Option<Idp> = Some(Idp::Okta);
const KEYCLOAK: Option<Idp> = Some(Idp::Keycloak);
const OIDC: Option<Idp> = Some(Idp::Oidc);
const SAML: Option<Idp> = Some(Idp::Saml);

pub static KNOWN: &[KnownError] = &[
    // Microsoft Entra ID (AADSTS codes).
    known(
        ENTRA,
        "AADSTS50058",
        &[ThirdPartyCookies, Cookies],
        Template {
            fr: "la connexion silencieuse n'a trouvé aucune session ouverte",
            en: "the silent sign-in found no signed-in session",
        },
    ),
    known(
        ENTRA,
        "AADSTS500133",
        &[Clock],
        Template {
            fr: "le jeton présenté n'est pas dans sa période de validité",
            en: "the assertion is not within its valid time range",
        },
    ),
    known(
        ENTRA,
        "AADSTS50076",
        &[NetworkChannel],
        Template {
            fr: "une authentification à plusieurs facteurs est demandée, par exemple depuis un nouveau lieu",
            en: "multi-factor authentication is required, for example from a new location",
        },
    ),
    known(
        ENTRA,
        "AADSTS53003",
        &[NetworkChannel],
        Template {
            fr: "l'accès est bloqué par une règle d'accès conditionnel",
            en: "access is blocked by a Conditional Access policy",
        },
    ),
    known(
        ENTRA,
        "AADSTS50133",
        &[],
        Template {
            fr: "la session n'est plus valable après un changement ou l'expiration du mot de passe",
            en: "the session is no longer valid after a password change or expiry",
        },
    ),
    known(
        ENTRA,
        "AADSTS50132",
        &[],
        Template {
            fr: "la session n'est plus valable après un changement ou l'expiration du mot de passe",
            en: "the session is no longer valid after a password change or expiry",
        },
    ),
    known(
        ENTRA,
        "AADSTS700082",
        &[],
        Template {
            fr: "le jeton de renouvellement a expiré faute d'utilisation",
            en: "the refresh token expired from inactivity",
        },
    ),
    known(
        ENTRA,
        "AADSTS50196",
        &[Cache, Cookies, Storage],
        Template {
            fr: "la même demande de connexion a été répétée en boucle",
            en: "the same sign-in request was repeated in a loop",
        },
    ),
    // MSAL.js (Microsoft's browser library).
    known(
        ENTRA,
        "popup_window_error",
        &[Popups],
        Template {
            fr: "la fenêtre pop-up de connexion n'a pas pu s'ouvrir",
            en: "the sign-in pop-up window could not open",
        },
    ),
    known(
        ENTRA,
        "empty_window_error",
        &[Popups],
        Template {
            fr: "le navigateur n'a pas ouvert la fenêtre de connexion",
            en: "the browser opened no sign-in window",
        },
    ),
    known(
        ENTRA,
        "monitor_window_timeout",
        &[ThirdPartyCookies, Popups],
        Template {
            fr: "la connexion dans un cadre ou une fenêtre n'a pas abouti à temps",
            en: "the sign-in in a frame or window did not finish in time",
        },
    ),
    known(
        ENTRA,
        "interaction_in_progress",
        &[Storage, Cache],
        Template {
            fr: "le navigateur croit qu'une autre connexion est déjà en cours",
            en: "the browser believes another sign-in is already in progress",
        },
    ),
    known(
        ENTRA,
        "no_state_in_hash",
        &[Storage, Cookies],
        Template {
            fr: "la réponse de connexion ne correspond à aucune demande gardée par le navigateur",
            en: "the sign-in answer matches no request the browser kept",
        },
    ),
    // okta-auth-js: token validation against the device clock.
    known(
        OKTA,
        "The JWT was issued in the future",
        &[Clock],
        Template { fr: "le jeton semble émis dans le futur", en: "the token seems issued in the future" },
    ),
    known(
        OKTA,
        "The JWT expired and is no longer valid",
        &[Clock],
        Template { fr: "le jeton semble déjà expiré", en: "the token seems already expired" },
    ),
    // Keycloak (its `Errors` event codes and login page messages).
    known(
        KEYCLOAK,
        "cookie_not_found",
        &[Cookies, ThirdPartyCookies],
        Template {
            fr: "le cookie de la page de connexion n'est pas revenu",
            en: "the sign-in page's cookie did not come back",
        },
    ),
    known(
        KEYCLOAK,
        "cookieNotFoundMessage",
        &[Cookies, ThirdPartyCookies],
        Template {
            fr: "le cookie de la page de connexion n'est pas revenu",
            en: "the sign-in page's cookie did not come back",
        },
    ),
    known(
        KEYCLOAK,
        "expired_code",
        &[Cache, Clock],
        Template { fr: "la page de connexion a expiré", en: "the sign-in page expired" },
    ),
    known(
        KEYCLOAK,
        "invalidTotpMessage",
        &[Clock],
        Template { fr: "le code à usage unique a été refusé", en: "the one-time code was refused" },
    ),
    known(
        KEYCLOAK,
        "session_expired",
        &[Cookies, Clock],
        Template { fr: "la session de connexion a expiré", en: "the sign-in session expired" },
    ),
    // OAuth 2.0 and OpenID Connect.
    known(
        OIDC,
        "login_required",
        &[ThirdPartyCookies, Cookies],
        Template {
            fr: "le fournisseur d'identité n'a pas trouvé de session ouverte",
            en: "the identity provider found no signed-in session",
        },
    ),
    known(
        OIDC,
        "interaction_required",
        &[ThirdPartyCookies, NetworkChannel],
        Template {
            fr: "le fournisseur d'identité demande à vous voir vous connecter vous-même",
            en: "the identity provider needs you to sign in yourself",
        },
    ),
    known(
        OIDC,
        "invalid_grant",
        &[Clock, Cookies],
        Template {
            fr: "le code ou le jeton de connexion a été refusé, expiré ou déjà utilisé",
            en: "the sign-in code or token was refused, expired or already used",
        },
    ),
    // SAML 2.0: an assertion is valid from `NotBefore` until `NotOnOrAfter`.
    known(
        SAML,
        "NotBefore",
        &[Clock],
        Template {
            fr: "l'assertion SAML n'est pas encore valable (NotBefore)",
            en: "the SAML assertion is not valid yet (NotBefore)",
        },
    ),
    known(
        SAML,
        "NotOnOrAfter",
        &[Clock],
        Template {
            fr: "l'assertion SAML n'est plus valable (NotOnOrAfter)",
            en: "the SAML assertion is no longer valid (NotOnOrAfter)",
        },
    ),
    known(
        None,
        "clock skew",
        &[Clock],
        Template { fr: "les horloges ne concordent pas", en: "the clocks do not agree" },
    ),
];
