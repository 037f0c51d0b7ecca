//! Limits on a sign-in error's fields, wherever they come from (the check page's link, an upload):
//! each bounded and printable, the correlation ID and the time in the few characters they use, so
//! that a report stays small and a line pasted into a ticket cannot be forged.

use crate::i18n::{Lang, texts};
use crate::printable::{describe, first_unprintable};

use super::{SignInError, SignInFailure};

pub mod limits {
    /// The provider's name (`entra`, `okta`, or the portal's own).
    pub const IDP: usize = 32;
    /// An error code: `AADSTS50058`, `interaction_required`, `E0000004`.
    pub const CODE: usize = 64;
    /// A correlation ID: a GUID is 36 characters; Okta's and Keycloak's are shorter.
    pub const CORRELATION_ID: usize = 64;
    /// A time as the provider wrote it: `2026-12-01 02:41:07Z`, `2026-12-01T02:41:07.123+01:00`.
    pub const TIME: usize = 40;
    /// The error message, read to recognise the error and never stored.
    pub const MESSAGE: usize = 512;
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignInErrorProblem {
    #[error("`{field}` is longer than {max} characters")]
    TooLong { field: &'static str, max: usize },
    #[error("`{field}` contains {character}, which it may not")]
    Character { field: &'static str, character: String },
}

texts! {
    TOO_LONG {
        fr: "« {field} » a plus de {max} caractères",
        en: "`{field}` is longer than {max} characters",
    }
    CHARACTER {
        fr: "« {field} » contient {character}, qu'il ne peut pas contenir",
        en: "`{field}` contains {character}, which it may not",
    }
}

impl SignInErrorProblem {
    /// The problem in `lang`, for the check page's "invalid link" page.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            SignInErrorProblem::TooLong { field, max } => {
                TOO_LONG.fill(lang, &[("field", field), ("max", &max.to_string())])
            }
            SignInErrorProblem::Character { field, character } => {
                CHARACTER.fill(lang, &[("field", field), ("character", character)])
            }
        }
    }
}

impl SignInError {
    /// Checks every field; an empty or blank one is no field.
    pub fn validate(mut self) -> Result<SignInError, SignInErrorProblem> {
        let clean = |value: Option<String>| value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        self.idp = clean(self.idp);
        self.code = clean(self.code);
        self.correlation_id = clean(self.correlation_id);
        self.time = clean(self.time);
        let any = |_: char| true;
        check("idp", self.idp.as_deref(), limits::IDP, any)?;
        check("code", self.code.as_deref(), limits::CODE, |c| !c.is_whitespace())?;
        let id = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':');
        check("correlation_id", self.correlation_id.as_deref(), limits::CORRELATION_ID, id)?;
        let time = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '.' | '+' | ' ');
        check("time", self.time.as_deref(), limits::TIME, time)?;
        Ok(self)
    }
}

impl SignInFailure {
    /// A failure from the fields a portal hands over (the check page's query, `explain()`'s object).
    pub fn from_fields(
        idp: Option<String>,
        code: Option<String>,
        message: Option<String>,
        correlation_id: Option<String>,
        time: Option<String>,
    ) -> Result<SignInFailure, SignInErrorProblem> {
        let error = SignInError { idp, code, correlation_id, time }.validate()?;
        let message = message.map(|m| m.trim().to_owned()).filter(|m| !m.is_empty());
        check("message", message.as_deref(), limits::MESSAGE, |_| true)?;
        Ok(SignInFailure { error, message })
    }

    /// Whether there is something to explain: a code or a message.
    pub fn is_present(&self) -> bool {
        self.error.code.is_some() || self.message.is_some()
    }
}

fn check(
    field: &'static str,
    value: Option<&str>,
    max: usize,
    allowed: impl Fn(char) -> bool,
) -> Result<(), SignInErrorProblem> {
    let Some(value) = value else { return Ok(()) };
    if value.chars().count() > max {
        return Err(SignInErrorProblem::TooLong { field, max });
    }
    match first_unprintable(value).or_else(|| value.chars().find(|c| !allowed(*c))) {
        Some(c) => Err(SignInErrorProblem::Character { field, character: describe(c) }),
        None => Ok(()),
    }
}
