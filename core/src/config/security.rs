//! `[security]`: whom agents tell about a suspicious message or a password reset they did not ask
//! for, and where they forward it.

use serde::{Deserialize, Serialize};

use super::Spanned;
use super::errors::{ConfigError, error_at};

/// A contact line longer than this is no longer a line an agent reads on a phone screen.
pub const MAX_CONTACT_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityConfig {
    /// How agents reach the IT security team (a phone number, an address, opening times), e.g.
    /// "équipe sécurité informatique, 01 00 00 00 99". Without it, agents are sent to their
    /// department's IT service.
    pub contact: Option<Spanned<String>>,
    /// The mailbox suspicious messages are forwarded to, e.g. "signalement@example.fr".
    pub forward_to: Option<Spanned<String>>,
}

impl SecurityConfig {
    pub(super) fn validate(&self, text: &str, errors: &mut Vec<ConfigError>) {
        for (key, value) in [("contact", &self.contact), ("forward_to", &self.forward_to)] {
            if let Some(value) = value
                && let Some(problem) = contact_problem(key, value.get_ref())
            {
                errors.push(error_at(text, value.span(), problem));
            }
        }
    }

    pub fn contact(&self) -> Option<&str> {
        self.contact.as_ref().map(|c| c.get_ref().as_str())
    }

    pub fn forward_to(&self) -> Option<&str> {
        self.forward_to.as_ref().map(|c| c.get_ref().as_str())
    }
}

fn contact_problem(key: &str, value: &str) -> Option<String> {
    if value.trim().is_empty() {
        return Some(format!(
            "`security.{key}` is empty: write how agents reach the IT security team, or leave the key out"
        ));
    }
    if value.chars().count() > MAX_CONTACT_CHARS {
        return Some(format!("`security.{key}` is longer than {MAX_CONTACT_CHARS} characters: keep it to one line"));
    }
    crate::printable::first_unprintable(value)
        .map(|c| format!("`security.{key}` holds the invisible or control character U+{:04X}: remove it", u32::from(c)))
}

#[cfg(test)]
mod tests {
    use crate::config::DeploymentConfig;

    fn with(section: &str) -> String {
        format!("[portal]\nname = \"p\"\nversion = \"1\"\n{section}")
    }

    #[test]
    fn the_section_is_optional_and_read_when_given() {
        let none = DeploymentConfig::parse(&with("")).unwrap();
        assert_eq!(none.security.contact(), None);
        let some = DeploymentConfig::parse(&with(
            "[security]\ncontact = \"sécurité, 01 00 00 00 99\"\nforward_to = \"signalement@example.fr\"\n",
        ))
        .unwrap();
        assert_eq!(some.security.contact(), Some("sécurité, 01 00 00 00 99"));
        assert_eq!(some.security.forward_to(), Some("signalement@example.fr"));
    }

    #[test]
    fn empty_long_or_invisible_contacts_are_refused_at_their_place() {
        let e = DeploymentConfig::parse(&with("[security]\ncontact = \" \"\n")).unwrap_err();
        assert_eq!((e.0[0].line, e.0[0].column), (5, 11), "{e}");
        assert!(e.0[0].message.contains("is empty"), "{e}");
        let long = "x".repeat(super::MAX_CONTACT_CHARS + 1);
        let e = DeploymentConfig::parse(&with(&format!("[security]\nforward_to = \"{long}\"\n"))).unwrap_err();
        assert!(e.0[0].message.contains("security.forward_to"), "{e}");
        let e = DeploymentConfig::parse(&with("[security]\ncontact = \"a\\u202eb\"\n")).unwrap_err();
        assert!(e.0[0].message.contains("U+202E"), "{e}");
    }
}
