//! Config errors: where (`line:column`) and what to do.

use std::fmt;
use std::ops::Range;

/// One problem in a config file, with where it is and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// Every problem found in a config file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigErrors(pub Vec<ConfigError>);

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&lines.join("\n"))
    }
}

/// Turns a byte span into a 1-based line and column (in characters).
pub(super) fn error_at(text: &str, span: Range<usize>, message: String) -> ConfigError {
    let before = &text[..span.start.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    ConfigError { line, column, message }
}

/// toml reports a bad array element at the array. When the message quotes the bad value (`` `x` ``),
/// point at the value itself, so multi-line arrays get the right line.
pub(super) fn narrow_to_quoted_value(text: &str, span: Range<usize>, message: &str) -> Range<usize> {
    let quoted = message.split('`').nth(1).filter(|q| !q.is_empty());
    let within = text.get(span.clone());
    match (quoted, within) {
        (Some(q), Some(w)) => match w.find(&format!("\"{q}\"")) {
            Some(offset) => span.start + offset..span.start + offset + q.len() + 2,
            None => span,
        },
        _ => span,
    }
}
