//! What a check concludes: a stable code the helpdesk knows, a severity, and what to tell the agent.

use serde::{Deserialize, Serialize};

use crate::catalog::{self, CatalogEntry};
use crate::i18n::{Facts, Lang, Template, Text, texts};

/// The one table of finding codes: each variant, its stable string and its family. The enum, its
/// list, its strings and its serde names all come from here, so they cannot disagree.
macro_rules! finding_codes {
    ($($variant:ident = $text:literal in $family:ident,)*) => {
        /// Stable finding codes. They are read out on the phone and typed into tickets: never rename one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Code {
            $(#[serde(rename = $text)] $variant,)*
        }

        impl Code {
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            /// The stable string, as shown to agents and typed by the helpdesk. (A match, not a
            /// catalog lookup, so that showing a code does not pull every catalog text into the widget.)
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }

            /// Which check concluded it.
            pub fn family(self) -> Family {
                match self {
                    $(Code::$variant => Family::$family,)*
                }
            }
        }
    };
}

finding_codes! {
    ClkOk = "CLK-OK" in Clock,
    ClkTotp = "CLK-TOTP" in Clock,
    ClkSkew = "CLK-SKEW" in Clock,
    ClkTz = "CLK-TZ" in Clock,
    ClkUnsure = "CLK-UNSURE" in Clock,
    ClkUnavailable = "CLK-UNAVAILABLE" in Clock,
    CooOk = "COO-OK" in Cookies,
    CooBlocked = "COO-BLOCKED" in Cookies,
    CooLarge = "COO-LARGE" in Cookies,
    CooTooLarge = "COO-TOO-LARGE" in Cookies,
    StoOk = "STO-OK" in Storage,
    StoBlocked = "STO-BLOCKED" in Storage,
    StoFull = "STO-FULL" in Storage,
    CacOk = "CAC-OK" in Cache,
    CacStale = "CAC-STALE" in Cache,
    CacWorker = "CAC-WORKER" in Cache,
    SecOk = "SEC-OK" in SecureContext,
    SecInsecure = "SEC-INSECURE" in SecureContext,
    CrtClock = "CRT-CLOCK" in Certificates,
    CrtFilter = "CRT-FILTER" in Certificates,
    ShrDevice = "SHR-DEVICE" in SharedDevice,
    ShrPublic = "SHR-PUBLIC" in SharedDevice,
    ShrIdle = "SHR-IDLE" in SharedDevice,
    SsoOk = "SSO-OK" in SingleSignOn,
    Sso3pc = "SSO-3PC" in SingleSignOn,
    SsoPopup = "SSO-POPUP" in SingleSignOn,
    SsoPasskey = "SSO-PASSKEY" in SingleSignOn,
}

/// The codes as the wire writes them, from [`Code::ALL`]: utoipa's derive cannot read the serde names
/// this macro writes, and a derived schema named the variants (`ClkOk`) instead.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Code {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some("A stable finding code, read out on the phone and typed into tickets."))
            .enum_values(Some(Code::ALL.iter().map(|code| code.as_str())))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Code {}

/// The checks, each with the prefix of its codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    Clock,
    Cookies,
    Storage,
    Cache,
    SecureContext,
    Certificates,
    SharedDevice,
    /// Single sign-on readiness (`core::sso`): third-party cookies in a sign-in frame, pop-ups,
    /// passkeys. Only the check page runs these checks.
    SingleSignOn,
}

impl Code {
    /// The code for its stable string, e.g. `"CLK-OK"`.
    pub fn parse(code: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == code)
    }
}

impl Finding {
    /// Whether the finding's remedy is shown: "nothing to do" is noise on an ok line; every other
    /// finding has its one action.
    pub fn shows_remedy(&self) -> bool {
        self.severity != Severity::Ok
    }
}

/// How much a finding matters for signing in. Ordered: the greatest is shown first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Nothing wrong.
    Ok,
    /// Worth knowing, no action needed.
    Info,
    /// Could not decide; nothing is known to be wrong.
    Inconclusive,
    /// Sign-in may fail.
    Warning,
    /// Sign-in will fail until the agent acts.
    Error,
}

impl Severity {
    /// The severity for its string, e.g. `"warning"`.
    pub fn parse(name: &str) -> Option<Severity> {
        [Severity::Ok, Severity::Info, Severity::Inconclusive, Severity::Warning, Severity::Error]
            .into_iter()
            .find(|s| s.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Ok => "ok",
            Severity::Info => "info",
            Severity::Inconclusive => "inconclusive",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The severity in words, so that it never rests on colour alone (the check page's list, the
    /// helpdesk's table).
    pub fn label(self) -> Template {
        match self {
            Severity::Ok => SEVERITY_OK,
            Severity::Info => SEVERITY_INFO,
            Severity::Inconclusive => SEVERITY_INCONCLUSIVE,
            Severity::Warning => SEVERITY_WARNING,
            Severity::Error => SEVERITY_ERROR,
        }
    }

    /// ARIA role of the rendered line: assertive only when the agent must act before signing in.
    pub fn aria_role(self) -> &'static str {
        match self {
            Severity::Warning | Severity::Error => "alert",
            Severity::Ok | Severity::Info | Severity::Inconclusive => "status",
        }
    }
}

texts! {
    /// A severity in words (`Severity::label`).
    pub SEVERITY_OK { fr: "Correct", en: "OK" }
    pub SEVERITY_INFO { fr: "Information", en: "Information" }
    pub SEVERITY_INCONCLUSIVE { fr: "Indéterminé", en: "Inconclusive" }
    pub SEVERITY_WARNING { fr: "Attention", en: "Warning" }
    pub SEVERITY_ERROR { fr: "Erreur", en: "Error" }
}

/// One conclusion of one check, with its message and its one remedy in every language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    pub title: Text,
    pub message: Text,
    pub remedy: Text,
}

impl Finding {
    /// Builds a finding from its catalog entry, filling the message's placeholders with `facts`.
    pub fn from_entry(entry: &CatalogEntry, facts: &Facts) -> Self {
        Finding {
            code: entry.code,
            severity: entry.severity,
            title: facts.fill(&entry.title),
            message: facts.fill(&entry.message),
            remedy: facts.fill(&entry.remedy),
        }
    }

    /// A finding whose texts have no placeholders, as written in the catalog.
    pub fn fixed(entry: &CatalogEntry) -> Self {
        let text = |t: &crate::i18n::Template| Text { fr: t.fr.to_owned(), en: t.en.to_owned() };
        Finding {
            code: entry.code,
            severity: entry.severity,
            title: text(&entry.title),
            message: text(&entry.message),
            remedy: text(&entry.remedy),
        }
    }

    /// The same, by code: links the whole catalog, so checks that ship in the widget use [`Finding::from_entry`].
    pub fn from_catalog(code: Code, facts: &Facts) -> Self {
        Self::from_entry(catalog::entry(code), facts)
    }

    pub fn message_in(&self, lang: Lang) -> &str {
        self.message.get(lang)
    }

    pub fn remedy_in(&self, lang: Lang) -> &str {
        self.remedy.get(lang)
    }
}

/// The finding an agent should see first: the most severe, earliest on ties.
pub fn most_important(findings: &[Finding]) -> Option<&Finding> {
    findings.get(most_important_index(findings)?)
}

/// Where [`most_important`] is in `findings`.
pub fn most_important_index(findings: &[Finding]) -> Option<usize> {
    findings.iter().enumerate().rev().max_by_key(|(_, f)| f.severity).map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_their_stable_strings() {
        for code in Code::ALL {
            let json = serde_json::to_string(code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            let back: Code = serde_json::from_str(&json).unwrap();
            assert_eq!(back, *code);
        }
    }

    #[test]
    fn each_code_s_family_is_the_check_its_prefix_names() {
        let prefix = |family: Family| match family {
            Family::Clock => "CLK-",
            Family::Cookies => "COO-",
            Family::Storage => "STO-",
            Family::Cache => "CAC-",
            Family::SecureContext => "SEC-",
            Family::Certificates => "CRT-",
            Family::SharedDevice => "SHR-",
            Family::SingleSignOn => "SSO-",
        };
        for code in Code::ALL {
            assert!(code.as_str().starts_with(prefix(code.family())), "{code:?}");
            assert_eq!(Code::parse(code.as_str()), Some(*code));
        }
        assert_eq!(Code::ALL.len(), 27);
    }

    #[test]
    fn only_ok_findings_hide_their_remedy() {
        let none = Facts::default();
        assert!(!Finding::from_catalog(Code::ClkOk, &none).shows_remedy());
        for code in [Code::ClkSkew, Code::ClkUnsure, Code::ClkUnavailable, Code::CacStale] {
            assert!(Finding::from_catalog(code, &none).shows_remedy(), "{code:?}");
        }
    }

    #[test]
    fn severities_order_from_ok_to_error() {
        assert!(Severity::Error > Severity::Warning);
        assert!(Severity::Warning > Severity::Inconclusive);
        assert!(Severity::Inconclusive > Severity::Info);
        assert!(Severity::Info > Severity::Ok);
        assert_eq!(serde_json::to_string(&Severity::Inconclusive).unwrap(), "\"inconclusive\"");
    }

    #[test]
    fn only_warnings_and_errors_interrupt_screen_readers() {
        assert_eq!(Severity::Error.aria_role(), "alert");
        assert_eq!(Severity::Warning.aria_role(), "alert");
        assert_eq!(Severity::Info.aria_role(), "status");
        assert_eq!(Severity::Ok.aria_role(), "status");
        assert_eq!(Severity::Inconclusive.aria_role(), "status");
    }

    #[test]
    fn most_important_picks_the_most_severe_and_the_first_on_ties() {
        let none = Facts::default();
        let findings = vec![
            Finding::from_catalog(Code::ClkOk, &none),
            Finding::from_catalog(Code::ClkUnavailable, &none),
            Finding::from_catalog(Code::ClkSkew, &none),
            Finding::from_catalog(Code::ClkTz, &none),
        ];
        assert_eq!(most_important(&findings).unwrap().code, Code::ClkSkew);
        assert!(most_important(&[]).is_none());
    }
}
