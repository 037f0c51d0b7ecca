//! `[[sign_in_errors]]`: the deployment's own identity-provider errors, each with the checks that can
//! explain it, beside the built-in catalog (`sign_in::known`), and matched first.

use serde::{Deserialize, Serialize};

use super::Spanned;
use super::errors::{ConfigError, error_at};
use crate::i18n::Text;
use crate::sign_in::{Explainer, limits};

/// At most this many rules: the check page's link is matched against each.
pub const MAX_SIGN_IN_ERRORS: usize = 64;
/// A rule's `meaning`, in each language.
pub const MAX_MEANING_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SignInErrorRule {
    /// The provider (`entra`, `okta`, `keycloak`, `oidc`, `saml` or the portal's own name); without
    /// it, the rule applies to every provider.
    pub idp: Option<Spanned<String>>,
    /// The error code, matched in any case, or a phrase found in the error's message.
    pub code: Spanned<String>,
    /// The checks that can explain it, the likeliest first: `clock`, `cookies`,
    /// `third_party_cookies`, `popups`, `storage`, `cache`, `network_channel`.
    pub explained_by: Vec<Explainer>,
    /// What it means, for the agent, when no check explains it.
    pub meaning: Option<Text>,
}

pub(super) fn validate(rules: &[SignInErrorRule], text: &str, errors: &mut Vec<ConfigError>) {
    if let Some(extra) = rules.get(MAX_SIGN_IN_ERRORS) {
        let message = format!("at most {MAX_SIGN_IN_ERRORS} `[[sign_in_errors]]`: keep the errors agents really meet");
        errors.push(error_at(text, extra.code.span(), message));
    }
    for (i, rule) in rules.iter().enumerate() {
        let code = rule.code.get_ref();
        let fine = !code.trim().is_empty()
            && code.chars().count() <= limits::CODE
            && !code.chars().any(crate::printable::is_unprintable);
        if !fine {
            let message = format!(
                "`sign_in_errors.code` must be 1 to {} printable characters, e.g. \"AADSTS50058\" or \"invalid_grant\"",
                limits::CODE
            );
            errors.push(error_at(text, rule.code.span(), message));
        }
        if let Some(idp) = &rule.idp {
            let name = idp.get_ref();
            if name.trim().is_empty() || name.chars().count() > limits::IDP {
                let message = format!(
                    "`sign_in_errors.idp` must be 1 to {} characters: entra, okta, keycloak, oidc, saml, or your provider's name",
                    limits::IDP
                );
                errors.push(error_at(text, idp.span(), message));
            }
        }
        if rule.explained_by.is_empty() {
            let message = "`sign_in_errors.explained_by` is empty: list at least one of \"clock\", \"cookies\", \
                           \"third_party_cookies\", \"popups\", \"storage\", \"cache\", \"network_channel\""
                .to_owned();
            errors.push(error_at(text, rule.code.span(), message));
        }
        if let Some(meaning) = &rule.meaning {
            let bad = [&meaning.fr, &meaning.en].into_iter().any(|m| {
                m.trim().is_empty()
                    || m.chars().count() > MAX_MEANING_CHARS
                    || m.chars().any(crate::printable::is_unprintable)
            });
            if bad {
                let message = format!(
                    "`sign_in_errors.meaning` needs `fr` and `en`, each 1 to {MAX_MEANING_CHARS} printable characters"
                );
                errors.push(error_at(text, rule.code.span(), message));
            }
        }
        let same = |other: &SignInErrorRule| {
            other.code.get_ref().eq_ignore_ascii_case(code)
                && other.idp.as_ref().map(|i| i.get_ref().to_ascii_lowercase())
                    == rule.idp.as_ref().map(|i| i.get_ref().to_ascii_lowercase())
        };
        if rules[..i].iter().any(same) {
            let message = format!("the sign-in error `{code}` is listed twice for the same provider: keep one rule");
            errors.push(error_at(text, rule.code.span(), message));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::DeploymentConfig;
    use crate::sign_in::Explainer;

    const HEAD: &str = "[portal]\nname = \"p\"\nversion = \"1\"\n";

    #[test]
    fn rules_read_with_their_explainers() {
        let text = format!(
            "{HEAD}[[sign_in_errors]]\nidp = \"keycloak\"\ncode = \"invalid_user_credentials\"\nexplained_by = [\"clock\", \"third_party_cookies\"]\nmeaning = {{ fr = \"a\", en = \"b\" }}\n"
        );
        let config = DeploymentConfig::parse(&text).unwrap();
        assert_eq!(config.sign_in_errors[0].explained_by, [Explainer::Clock, Explainer::ThirdPartyCookies]);
    }

    #[test]
    fn an_unknown_check_points_at_its_line_and_column() {
        let text = format!("{HEAD}[[sign_in_errors]]\ncode = \"x\"\nexplained_by = [\"clock\", \"wifi\"]\n");
        let err = DeploymentConfig::parse(&text).unwrap_err();
        assert_eq!((err.0[0].line, err.0[0].column), (6, 26), "{err}");
        assert!(err.to_string().contains("wifi") && err.to_string().contains("third_party_cookies"), "{err}");
    }

    #[test]
    fn empty_duplicate_and_unprintable_rules_are_refused_where_they_are() {
        let text = format!(
            "{HEAD}[[sign_in_errors]]\ncode = \"E1\"\nexplained_by = []\n[[sign_in_errors]]\ncode = \"e1\"\nexplained_by = [\"cache\"]\n[[sign_in_errors]]\ncode = \"a\\u202eb\"\nexplained_by = [\"cache\"]\n"
        );
        let err = DeploymentConfig::parse(&text).unwrap_err();
        let lines: Vec<_> = err.0.iter().map(|e| e.line).collect();
        assert_eq!(lines, [5, 8, 11], "{err}");
        assert!(err.0[0].message.contains("is empty"), "{err}");
        assert!(err.0[1].message.contains("listed twice"), "{err}");
        assert!(err.0[2].message.contains("printable"), "{err}");
    }
}
