//! The one sentence that answers "why did my sign-in fail?": the first check mapped to the error that
//! found a problem, its cause and its remedy; or, when none did, that no check explains it and the
//! helpdesk can find the sign-in in the provider's log.

use crate::clock::{ClockEstimate, verdict};
use crate::finding::{Code, Finding, Severity};
use crate::i18n::{Lang, Text, clock_facts, texts};

use super::{Explainer, Mapping, SignInFailure};

/// What the check page knows when it explains: every finding it has now, the clock it measured,
/// where the agent connects from, and whether the pop-up test ran.
#[derive(Debug, Clone, Copy)]
pub struct ExplainFacts<'a> {
    pub findings: &'a [Finding],
    pub clock: Option<&'a ClockEstimate>,
    /// Internet without the VPN (the edge's session hints).
    pub public_network: bool,
    pub popup_tested: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Explanation {
    /// A check explains it: `finding` (absent for the network channel, which is no finding).
    Explained { by: Explainer, finding: Option<Code>, sentence: Text },
    /// Only the pop-up test, which needs the agent's click, could still explain it.
    NeedsPopupTest { sentence: Text },
    /// No check explains it (or the error is not one Preflight knows).
    Unexplained { sentence: Text },
}

impl Explanation {
    pub fn sentence(&self) -> &Text {
        match self {
            Explanation::Explained { sentence, .. }
            | Explanation::NeedsPopupTest { sentence }
            | Explanation::Unexplained { sentence } => sentence,
        }
    }

    /// `explained`, `pending` or `unexplained`, for the element's `data-explanation`.
    pub fn state(&self) -> &'static str {
        match self {
            Explanation::Explained { .. } => "explained",
            Explanation::NeedsPopupTest { .. } => "pending",
            Explanation::Unexplained { .. } => "unexplained",
        }
    }
}

/// Whether `code` is a problem the explainer names.
fn names(explainer: Explainer, code: Code) -> bool {
    use Code::*;
    match explainer {
        Explainer::Clock => matches!(code, ClkSkew | ClkTotp | ClkTz | CrtClock),
        Explainer::Cookies => matches!(code, CooBlocked | CooLarge | CooTooLarge),
        Explainer::ThirdPartyCookies => code == Sso3pc,
        Explainer::Popups => code == SsoPopup,
        Explainer::Storage => matches!(code, StoBlocked | StoFull),
        Explainer::Cache => matches!(code, CacStale | CacWorker),
        Explainer::NetworkChannel => false,
    }
}

fn cause(finding: &Finding, clock: Option<&ClockEstimate>) -> Text {
    match finding.code {
        Code::ClkSkew | Code::ClkTotp | Code::ClkTz | Code::CrtClock => match clock {
            Some(estimate) => clock_facts(estimate, verdict(estimate)).fill(&CAUSE_CLOCK),
            None => CAUSE_CLOCK_WRONG.into(),
        },
        Code::CooLarge | Code::CooTooLarge => CAUSE_COOKIES_LARGE.into(),
        Code::CooBlocked => CAUSE_COOKIES.into(),
        Code::Sso3pc => CAUSE_THIRD_PARTY.into(),
        Code::SsoPopup => CAUSE_POPUP.into(),
        Code::StoBlocked | Code::StoFull => CAUSE_STORAGE.into(),
        _ => CAUSE_CACHE.into(),
    }
}

/// "Your sign-in was refused because {cause}: {remedy}", in both languages.
fn refused_because(cause: Text, remedy: &Text) -> Text {
    let fill = |lang: Lang| REFUSED_BECAUSE.fill(lang, &[("cause", cause.get(lang)), ("remedy", remedy.get(lang))]);
    Text { fr: fill(Lang::Fr), en: fill(Lang::En) }
}

/// The answer for `failure`, known by `mapping` (the deployment's rule or the built-in entry;
/// `None` for an error Preflight does not know).
pub fn explain(failure: &SignInFailure, mapping: Option<&Mapping>, facts: &ExplainFacts) -> Explanation {
    let explained_by = mapping.map_or(&[][..], |m| &m.explained_by[..]);
    for &by in explained_by {
        if by == Explainer::NetworkChannel {
            if facts.public_network {
                let sentence = refused_because(CAUSE_NETWORK.into(), &NETWORK_REMEDY.into());
                return Explanation::Explained { by, finding: None, sentence };
            }
            continue;
        }
        let found = facts.findings.iter().find(|f| f.severity >= Severity::Warning && names(by, f.code));
        if let Some(finding) = found {
            let sentence = refused_because(cause(finding, facts.clock), &finding.remedy);
            return Explanation::Explained { by, finding: Some(finding.code), sentence };
        }
    }
    if explained_by.contains(&Explainer::Popups) && !facts.popup_tested {
        return Explanation::NeedsPopupTest { sentence: NEEDS_POPUP_TEST.into() };
    }
    let code = failure.error.code.clone().unwrap_or_default();
    let idp = failure.error.idp_name();
    let sentence = match mapping {
        Some(mapping) => {
            let what = match &mapping.meaning {
                Some(meaning) if !code.is_empty() => {
                    Text { fr: format!("{code}\u{a0}: {}", meaning.fr), en: format!("{code}: {}", meaning.en) }
                }
                Some(meaning) => meaning.clone(),
                None => Text::same(code),
            };
            // An error no check can cause is said to be none of this computer's doing.
            let template = if explained_by.is_empty() { NOT_A_DEVICE_PROBLEM } else { NOT_EXPLAINED };
            let fill = |lang: Lang| {
                let idp = idp.clone().unwrap_or_else(|| THE_IDP.get(lang).to_owned());
                template.fill(lang, &[("idp", &idp), ("what", what.get(lang))])
            };
            Text { fr: fill(Lang::Fr), en: fill(Lang::En) }
        }
        None => {
            let shown = if code.is_empty() { failure.message.clone().unwrap_or_default() } else { code };
            let fill = |lang: Lang| UNKNOWN_ERROR.fill(lang, &[("code", &shown)]);
            Text { fr: fill(Lang::Fr), en: fill(Lang::En) }
        }
    };
    Explanation::Unexplained { sentence }
}

texts! {
    REFUSED_BECAUSE {
        fr: "Votre connexion a été refusée parce que {cause}\u{a0}: {remedy}",
        en: "Your sign-in was refused because {cause}: {remedy}",
    }
    CAUSE_CLOCK { fr: "l'horloge de votre ordinateur a {drift}", en: "your computer's clock is {drift}" }
    CAUSE_CLOCK_WRONG { fr: "l'horloge de votre ordinateur n'est pas à l'heure", en: "your computer's clock is wrong" }
    CAUSE_COOKIES { fr: "votre navigateur bloque les cookies du portail", en: "your browser blocks the portal's cookies" }
    CAUSE_COOKIES_LARGE {
        fr: "votre navigateur envoie trop de cookies au portail",
        en: "your browser sends the portal too many cookies",
    }
    CAUSE_THIRD_PARTY {
        fr: "votre navigateur bloque les cookies tiers dont la connexion unique a besoin",
        en: "your browser blocks the third-party cookies that single sign-on needs",
    }
    CAUSE_POPUP {
        fr: "votre navigateur bloque la fenêtre pop-up de connexion",
        en: "your browser blocks the sign-in pop-up window",
    }
    CAUSE_STORAGE { fr: "votre navigateur refuse au portail son stockage", en: "your browser refuses the portal its storage" }
    CAUSE_CACHE {
        fr: "votre navigateur utilise une ancienne version du portail gardée en cache",
        en: "your browser runs an old version of the portal from its cache",
    }
    CAUSE_NETWORK {
        fr: "vous vous connectez depuis internet sans le VPN, ce que la règle de connexion refuse",
        en: "you are connecting from the internet without the VPN, which the sign-in rules refuse",
    }
    NETWORK_REMEDY { fr: "connectez le VPN, puis reconnectez-vous.", en: "connect the VPN, then sign in again." }
    NEEDS_POPUP_TEST {
        fr: "Votre connexion a peut-être été refusée parce que votre navigateur bloque les fenêtres pop-up\u{a0}: cliquez \
        sur « Tester les fenêtres pop-up » pour le vérifier.",
        en: "Your sign-in may have been refused because your browser blocks pop-up windows: click \u{201c}Test \
        pop-ups\u{201d} to find out.",
    }
    NOT_EXPLAINED {
        fr: "{idp} a refusé votre connexion ({what}), et aucune des vérifications qui peuvent en être la cause n'a \
        trouvé de problème sur cet ordinateur\u{a0}: partagez le résultat avec l'assistance, qui retrouvera la \
        connexion dans le journal de {idp}.",
        en: "{idp} refused your sign-in ({what}), and none of the checks that can cause it found a problem on this \
        computer: share the result with the helpdesk, who will find the sign-in in {idp}'s log.",
    }
    NOT_A_DEVICE_PROBLEM {
        fr: "{idp} a refusé votre connexion ({what})\u{a0}: ce n'est pas un problème de cet ordinateur. Reconnectez-vous\u{a0}; \
        si cela recommence, partagez le résultat avec l'assistance, qui retrouvera la connexion dans le journal de {idp}.",
        en: "{idp} refused your sign-in ({what}): this is not a problem of this computer. Sign in again; if it happens \
        again, share the result with the helpdesk, who will find the sign-in in {idp}'s log.",
    }
    UNKNOWN_ERROR {
        fr: "Preflight ne connaît pas l'erreur « {code} », et aucune vérification ne l'explique\u{a0}: partagez le \
        résultat avec l'assistance, qui retrouvera la connexion dans le journal du fournisseur d'identité.",
        en: "Preflight does not know the error \u{201c}{code}\u{201d}, and no check explains it: share the result with \
        the helpdesk, who will find the sign-in in the identity provider's log.",
    }
    THE_IDP { fr: "Le fournisseur d'identité", en: "The identity provider" }
    /// The check page's section about the error the portal handed over.
    pub HEADING { fr: "Pourquoi ma connexion a-t-elle échoué\u{a0}?", en: "Why did my sign-in fail?" }
    pub CHECKING {
        fr: "Preflight vérifie ce qui peut expliquer cette erreur…",
        en: "Preflight is checking what can explain this error…",
    }
    pub IDP_LABEL { fr: "Fournisseur d'identité", en: "Identity provider" }
    pub CODE_LABEL { fr: "Code d'erreur", en: "Error code" }
    pub CORRELATION_LABEL { fr: "Identifiant de corrélation", en: "Correlation ID" }
    pub TIME_LABEL { fr: "Heure de l'échec", en: "Failure time" }
}
