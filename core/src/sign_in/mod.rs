//! "Why did my sign-in fail?": an identity provider's error, as the portal hands it over
//! (`element.explain({…})` or `/check?error=…`), validated; which checks can explain it (the
//! built-in catalog, `known`, and the deployment's `[[sign_in_errors]]`); and the one sentence that
//! answers the agent (`explain`).
//!
//! The catalog's texts belong to the check page's build: the login page's widget only hands the error
//! over to `/check`, and the edge only validates the fields, matches the deployment's own rules and
//! keeps the fields in a report.

pub mod explain;
pub mod known;
pub(crate) mod validate;

use serde::{Deserialize, Serialize};

use crate::config::sign_in_errors::SignInErrorRule;
use crate::i18n::Text;

pub use validate::{SignInErrorProblem, limits};

/// What a report keeps of a failed sign-in, so that the helpdesk finds it in the identity
/// provider's log: which provider, its error code, the correlation ID and when it failed. The error
/// message is not kept (it may name the agent).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignInError {
    /// The identity provider as the portal names it: `entra`, `okta`, `keycloak`, `oidc`, `saml`,
    /// or its own name (at most `limits::IDP` characters).
    #[serde(default)]
    pub idp: Option<String>,
    /// The provider's error code, e.g. `AADSTS50058`, `login_required`, `invalid_grant`.
    #[serde(default)]
    pub code: Option<String>,
    /// The provider's correlation (or trace, or request) ID: letters, digits and `-_.:` only.
    #[serde(default)]
    pub correlation_id: Option<String>,
    /// When the sign-in failed, as the provider wrote it (e.g. `2026-12-01T02:41:07Z`).
    #[serde(default)]
    pub time: Option<String>,
}

/// A failed sign-in as the portal hands it over: the error, and its message (used to recognise it,
/// never stored).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignInFailure {
    pub error: SignInError,
    pub message: Option<String>,
}

impl SignInError {
    /// Whether anything at all was handed over.
    pub fn is_empty(&self) -> bool {
        [&self.idp, &self.code, &self.correlation_id, &self.time].iter().all(|f| f.is_none())
    }

    /// The provider's display name: ours for the providers we know, else the name given.
    pub fn idp_name(&self) -> Option<String> {
        let name = self.idp.as_deref()?;
        Some(Idp::from_name(name).map_or_else(|| name.to_owned(), |idp| idp.display_name().to_owned()))
    }
}

/// The identity providers whose errors the built-in catalog knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idp {
    /// Microsoft Entra ID (formerly Azure AD), its `AADSTS` codes and MSAL.js' error codes.
    Entra,
    Okta,
    Keycloak,
    /// Any OpenID Connect / OAuth 2.0 provider (`login_required`, `invalid_grant`…).
    Oidc,
    /// Any SAML 2.0 provider (`NotBefore`, `NotOnOrAfter`).
    Saml,
}

impl Idp {
    /// The provider for a name a portal may use (`entra`, `azure-ad`, `msal`, `okta`, `oauth`…),
    /// in any case; `None` for one we do not know.
    pub fn from_name(name: &str) -> Option<Idp> {
        let name = name.trim().to_ascii_lowercase();
        match name.as_str() {
            "entra" | "entra id" | "entra-id" | "microsoft" | "microsoft entra id" | "azure" | "azure ad"
            | "azure-ad" | "azuread" | "aad" | "msal" => Some(Idp::Entra),
            "okta" => Some(Idp::Okta),
            "keycloak" => Some(Idp::Keycloak),
            "oidc" | "openid" | "openid connect" | "oauth" | "oauth2" => Some(Idp::Oidc),
            "saml" | "saml2" => Some(Idp::Saml),
            _ => None,
        }
    }

    pub fn display_name(self) -> &'static str {
        match self {
            Idp::Entra => "Microsoft Entra ID",
            Idp::Okta => "Okta",
            Idp::Keycloak => "Keycloak",
            Idp::Oidc => "OpenID Connect",
            Idp::Saml => "SAML",
        }
    }

    /// Whether a rule for `self` applies to an error from a provider named `name`: the generic
    /// protocols apply to every provider, a named one to itself and to an error that names none.
    fn applies_to(rule: Option<Idp>, named: Option<&str>) -> bool {
        match (rule, named) {
            (None | Some(Idp::Oidc | Idp::Saml), _) | (Some(_), None) => true,
            (Some(rule), Some(name)) => Idp::from_name(name).is_none_or(|idp| idp == rule),
        }
    }
}

/// The checks that can explain a sign-in error: each names findings (or a fact of the edge) that,
/// when present, are the cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Explainer {
    /// The device clock (tokens and assertions are time-stamped, TOTP codes too).
    Clock,
    /// The portal's own cookies (blocked, or too many).
    Cookies,
    /// Cookies and storage in a sign-in frame of another site (`SSO-3PC`).
    ThirdPartyCookies,
    /// The sign-in pop-up (`SSO-POPUP`).
    Popups,
    /// The portal's local and session storage.
    Storage,
    /// A stale version of the portal in the cache, or a leftover service worker.
    Cache,
    /// Where the agent connects from: the internet without the VPN, which a conditional-access rule
    /// may refuse.
    NetworkChannel,
}

impl Explainer {
    pub const ALL: [Explainer; 7] = [
        Explainer::Clock,
        Explainer::Cookies,
        Explainer::ThirdPartyCookies,
        Explainer::Popups,
        Explainer::Storage,
        Explainer::Cache,
        Explainer::NetworkChannel,
    ];

    /// The name the config and the check page's attributes use, e.g. `third_party_cookies`.
    pub fn as_str(self) -> &'static str {
        match self {
            Explainer::Clock => "clock",
            Explainer::Cookies => "cookies",
            Explainer::ThirdPartyCookies => "third_party_cookies",
            Explainer::Popups => "popups",
            Explainer::Storage => "storage",
            Explainer::Cache => "cache",
            Explainer::NetworkChannel => "network_channel",
        }
    }

    pub fn parse(name: &str) -> Option<Explainer> {
        Explainer::ALL.into_iter().find(|e| e.as_str() == name)
    }

    /// A list as one attribute value: `clock cookies`.
    pub fn list(explainers: &[Explainer]) -> String {
        explainers.iter().map(|e| e.as_str()).collect::<Vec<_>>().join(" ")
    }

    /// The list of such an attribute value; unknown names are skipped.
    pub fn parse_list(list: &str) -> Vec<Explainer> {
        list.split_ascii_whitespace().filter_map(Explainer::parse).collect()
    }
}

/// What is known of an error: the checks that can explain it, and what it means in plain words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping {
    pub explained_by: Vec<Explainer>,
    pub meaning: Option<Text>,
}

/// How well an error matches a rule's code: its message names the code (the more precise: an
/// `AADSTS` code inside MSAL's `login_required`, `NotBefore` inside a SAML error), or its code is it.
fn match_rank(failure: &SignInFailure, code: &str) -> Option<u8> {
    let lower = code.to_ascii_lowercase();
    let in_message = failure.message.as_deref().is_some_and(|m| m.to_ascii_lowercase().contains(&lower));
    let is_code = failure.error.code.as_deref().is_some_and(|c| c.trim().eq_ignore_ascii_case(code));
    if in_message {
        Some(0)
    } else if is_code {
        Some(1)
    } else {
        None
    }
}

/// The deployment's own rule for this error, if one matches (the edge asks, before the built-in
/// catalog, which only the check page's build carries).
pub fn deployment_rule<'a>(failure: &SignInFailure, rules: &'a [SignInErrorRule]) -> Option<&'a SignInErrorRule> {
    let named = failure.error.idp.as_deref();
    rules
        .iter()
        .filter(|rule| rule.applies_to(named))
        .filter_map(|rule| Some((match_rank(failure, rule.code.get_ref())?, rule)))
        .min_by_key(|(rank, _)| *rank)
        .map(|(_, rule)| rule)
}

/// The built-in catalog's entry for this error, if one matches.
pub fn built_in(failure: &SignInFailure) -> Option<&'static known::KnownError> {
    let named = failure.error.idp.as_deref();
    known::KNOWN
        .iter()
        .filter(|known| Idp::applies_to(known.idp, named))
        .filter_map(|known| Some((match_rank(failure, known.code)?, known)))
        .min_by_key(|(rank, _)| *rank)
        .map(|(_, known)| known)
}

impl SignInErrorRule {
    fn applies_to(&self, named: Option<&str>) -> bool {
        match self.idp.as_ref().map(|idp| idp.get_ref().as_str()) {
            None => true,
            Some(rule) => match Idp::from_name(rule) {
                Some(known) => Idp::applies_to(Some(known), named),
                None => named.is_none_or(|n| n.trim().eq_ignore_ascii_case(rule)),
            },
        }
    }

    pub fn mapping(&self) -> Mapping {
        Mapping { explained_by: self.explained_by.clone(), meaning: self.meaning.clone() }
    }
}

impl known::KnownError {
    pub fn mapping(&self) -> Mapping {
        Mapping { explained_by: self.explained_by.to_vec(), meaning: Some(self.meaning.into()) }
    }
}

#[cfg(test)]
mod tests;
