//! Which strings may be stored, shown to the helpdesk or written into a header: printable ones only.
//!
//! A control character (a newline, an escape) can forge a line in a summary pasted into a ticket or
//! split a header; a format character (U+202E RIGHT-TO-LEFT OVERRIDE, zero-width joiners, the BOM)
//! can make a string read as something it is not. Both are refused, with the first offender named.

/// Unicode's format characters (general category Cf, Unicode 16), and the line and paragraph
/// separators (Zl, Zp). A dozen ranges: a general-category crate would cost the Workers bundle
/// several KB for this one question.
const INVISIBLE: &[(char, char)] = &[
    ('\u{00AD}', '\u{00AD}'),
    ('\u{0600}', '\u{0605}'),
    ('\u{061C}', '\u{061C}'),
    ('\u{06DD}', '\u{06DD}'),
    ('\u{070F}', '\u{070F}'),
    ('\u{0890}', '\u{0891}'),
    ('\u{08E2}', '\u{08E2}'),
    ('\u{180E}', '\u{180E}'),
    ('\u{200B}', '\u{200F}'),
    ('\u{2028}', '\u{202E}'),
    ('\u{2060}', '\u{2064}'),
    ('\u{2066}', '\u{206F}'),
    ('\u{FEFF}', '\u{FEFF}'),
    ('\u{FFF9}', '\u{FFFB}'),
    ('\u{110BD}', '\u{110BD}'),
    ('\u{110CD}', '\u{110CD}'),
    ('\u{13430}', '\u{1343F}'),
    ('\u{1BCA0}', '\u{1BCA3}'),
    ('\u{1D173}', '\u{1D17A}'),
    ('\u{E0001}', '\u{E0001}'),
    ('\u{E0020}', '\u{E007F}'),
];

/// Whether `c` is a control, format or line/paragraph-separator character.
pub fn is_unprintable(c: char) -> bool {
    c.is_control() || INVISIBLE.iter().any(|&(low, high)| (low..=high).contains(&c))
}

/// The first character of `text` that may not be stored or shown, if any.
pub fn first_unprintable(text: &str) -> Option<char> {
    text.chars().find(|&c| is_unprintable(c))
}

/// How to name an offending character in an error message: `U+202E`.
pub fn describe(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_accents_emoji_and_punctuation_are_printable() {
        for fine in ["INC-2026-0042", "Agent Dupont-Léa", "ポータル", "🙂 ok", "a b\u{00A0}c", "/demo-sw.js"] {
            assert_eq!(first_unprintable(fine), None, "{fine}");
        }
    }

    #[test]
    fn controls_format_characters_and_separators_are_refused() {
        for (bad, offender) in [
            ("line\nbreak", '\n'),
            ("tab\there", '\t'),
            ("esc\u{1b}[31m", '\u{1b}'),
            ("del\u{7f}", '\u{7f}'),
            ("c1\u{85}", '\u{85}'),
            ("abc\u{202E}fdp.exe", '\u{202E}'),
            ("zero\u{200B}width", '\u{200B}'),
            ("\u{FEFF}bom", '\u{FEFF}'),
            ("iso\u{2066}late", '\u{2066}'),
            ("para\u{2029}sep", '\u{2029}'),
            ("tag\u{E0041}", '\u{E0041}'),
        ] {
            assert_eq!(first_unprintable(bad), Some(offender), "{bad:?}");
        }
        assert_eq!(describe('\u{202E}'), "U+202E");
        assert_eq!(describe('\n'), "U+000A");
    }
}
