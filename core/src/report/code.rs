//! Short report codes, read out on the phone: 8 symbols of Crockford's base32 alphabet (no I, L, O
//! or U, so nothing reads as another character), 40 random bits, shown as `K7F3-QX9D`.
//!
//! Why not 10 characters: the code is not what guards a report — the helpdesk token is, and lookups
//! are rate-limited; 40 bits against a few thousand live reports keeps a lucky guess out of reach
//! while staying easy to read.
//!
//! A code encodes no data, so it is drawn symbol by symbol (5 random bits each) rather than through
//! a base32 codec, whose generic encoder and decoder cost the size-budgeted worker bundle ~45 KB.

use std::fmt;

use crate::i18n::{Lang, texts};

/// Characters in a code, without the dash.
pub const CODE_LEN: usize = 8;
/// Random bytes behind one code: one per symbol, of which the low 5 bits choose it (256 is a
/// multiple of 32, so every symbol is equally likely).
pub const CODE_RANDOM_BYTES: usize = CODE_LEN;

const SYMBOLS: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A report's code, in canonical form (upper case, no dash).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ShortCode(String);

/// Why a typed code is not one; worded for the helpdesk in either language ([`CodeError::text`]),
/// in English for the API (`Display`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeError {
    Empty,
    WrongLength {
        got: usize,
    },
    /// A letter read as a digit: `O` for `0`, `I` or `L` for `1`.
    Ambiguous {
        found: char,
        digit: char,
    },
    NotInAlphabet {
        found: char,
    },
}

texts! {
    CODE_EMPTY {
        fr: "aucun code saisi : tapez les 8 caractères que l'agent lit, par exemple K7F3-QX9D",
        en: "no code given: type the 8 characters the agent reads out, e.g. K7F3-QX9D",
    }
    CODE_WRONG_LENGTH {
        fr: "un code a 8 caractères, celui-ci en a {got} : demandez à l'agent de le relire",
        en: "a code has 8 characters, this one has {got}: ask the agent to read it again",
    }
    CODE_AMBIGUOUS_ZERO {
        fr: "« {found} » n'apparaît jamais dans un code : c'est le chiffre 0 (zéro)",
        en: "`{found}` never appears in a code: it is the digit 0 (zero)",
    }
    CODE_AMBIGUOUS_ONE {
        fr: "« {found} » n'apparaît jamais dans un code : c'est le chiffre 1 (un)",
        en: "`{found}` never appears in a code: it is the digit 1 (one)",
    }
    CODE_NOT_IN_ALPHABET {
        fr: "« {found} » n'apparaît jamais dans un code : les codes n'ont que des chiffres et les lettres A à Z sauf I, L, O et U",
        en: "`{found}` never appears in a code: codes use digits and the letters A–Z except I, L, O and U",
    }
}

impl CodeError {
    /// What is wrong and what to do, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let (template, value) = match *self {
            CodeError::Empty => (CODE_EMPTY, String::new()),
            CodeError::WrongLength { got } => (CODE_WRONG_LENGTH, got.to_string()),
            CodeError::Ambiguous { found, digit: '0' } => (CODE_AMBIGUOUS_ZERO, found.to_string()),
            CodeError::Ambiguous { found, .. } => (CODE_AMBIGUOUS_ONE, found.to_string()),
            CodeError::NotInAlphabet { found } => (CODE_NOT_IN_ALPHABET, found.to_string()),
        };
        template.fill(lang, &[("got", &value), ("found", &value)])
    }
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl std::error::Error for CodeError {}

impl ShortCode {
    /// The code for `random` bytes (supplied by the caller: this crate does no I/O).
    pub fn from_random(random: [u8; CODE_RANDOM_BYTES]) -> Self {
        ShortCode(random.iter().map(|byte| char::from(SYMBOLS[usize::from(byte & 0x1f)])).collect())
    }

    /// Reads a code as typed: case-insensitive, spaces and dashes anywhere are ignored.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        let mut canonical = String::with_capacity(CODE_LEN);
        for c in input.chars().filter(|c| !c.is_whitespace() && *c != '-') {
            let upper = c.to_ascii_uppercase();
            match upper {
                'O' => return Err(CodeError::Ambiguous { found: c, digit: '0' }),
                'I' | 'L' => return Err(CodeError::Ambiguous { found: c, digit: '1' }),
                _ if upper.is_ascii() && SYMBOLS.contains(&(upper as u8)) => canonical.push(upper),
                _ => return Err(CodeError::NotInAlphabet { found: c }),
            }
        }
        match canonical.len() {
            0 => Err(CodeError::Empty),
            CODE_LEN => Ok(ShortCode(canonical)),
            got => Err(CodeError::WrongLength { got }),
        }
    }

    /// `K7F3QX9D`: the storage key.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `K7F3-QX9D`: how the code is shown and read out.
    pub fn grouped(&self) -> String {
        format!("{}-{}", &self.0[..4], &self.0[4..])
    }
}

impl fmt::Display for ShortCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.grouped())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes_are_grouped_for_reading() {
        let code = ShortCode::from_random([0xff; CODE_RANDOM_BYTES]);
        assert_eq!(code.as_str(), "ZZZZZZZZ");
        assert_eq!(code.grouped(), "ZZZZ-ZZZZ");
        assert_eq!(ShortCode::from_random([0; CODE_RANDOM_BYTES]).to_string(), "0000-0000");
        assert_eq!(ShortCode::from_random([0x20, 1, 2, 3, 30, 0x5f, 31, 0x9f]).as_str(), "0123YZZZ");
    }

    #[test]
    fn every_symbol_is_drawn_equally_often() {
        // Each of the 256 byte values picks a symbol; each symbol is picked by exactly 8 of them.
        let mut counts = std::collections::HashMap::new();
        for byte in 0..=u8::MAX {
            let code = ShortCode::from_random([byte; CODE_RANDOM_BYTES]);
            *counts.entry(code.as_str().chars().next().unwrap()).or_insert(0) += 1;
        }
        assert_eq!(counts.len(), 32);
        assert!(counts.values().all(|&n| n == 8), "{counts:?}");
        assert!(counts.keys().all(|c| !"ILOU".contains(*c)));
    }

    #[test]
    fn parsing_tolerates_case_spaces_and_dashes() {
        let code = ShortCode::parse("K7F3-QX9D").unwrap();
        for typed in ["k7f3qx9d", " K7F3 QX9D ", "k7-f3-qx-9d", "K 7 F 3 - Q X 9 D"] {
            assert_eq!(ShortCode::parse(typed).unwrap(), code, "{typed}");
        }
    }

    #[test]
    fn ambiguous_characters_are_refused_with_the_right_one_named() {
        let err = ShortCode::parse("K7F3-QX9O").unwrap_err();
        assert_eq!(err, CodeError::Ambiguous { found: 'O', digit: '0' });
        assert!(err.to_string().contains("0 (zero)"), "{err}");
        assert!(err.text(Lang::Fr).contains("« O »") && err.text(Lang::Fr).contains("0 (zéro)"), "{err}");
        let err = ShortCode::parse("k7f3-qx9l").unwrap_err();
        assert!(err.to_string().contains("`l`") && err.to_string().contains("1 (one)"), "{err}");
        assert!(matches!(ShortCode::parse("I7F3QX9D"), Err(CodeError::Ambiguous { .. })));
        let err = ShortCode::parse("K7F3-QX9U").unwrap_err();
        assert_eq!(err, CodeError::NotInAlphabet { found: 'U' });
        assert!(matches!(ShortCode::parse("K7F3_QX9D"), Err(CodeError::NotInAlphabet { found: '_' })));
        assert!(matches!(ShortCode::parse("K7F3-QX9É"), Err(CodeError::NotInAlphabet { found: 'É' })));
    }

    #[test]
    fn wrong_lengths_are_counted() {
        assert_eq!(ShortCode::parse("K7F3-QX9").unwrap_err(), CodeError::WrongLength { got: 7 });
        assert_eq!(ShortCode::parse("K7F3-QX9DD").unwrap_err(), CodeError::WrongLength { got: 9 });
        assert!(ShortCode::parse("K7F3-QX9").unwrap_err().to_string().contains("has 7"));
        assert_eq!(ShortCode::parse(" - ").unwrap_err(), CodeError::Empty);
    }

    proptest! {
        #[test]
        fn every_code_reads_back_as_itself(random in any::<[u8; CODE_RANDOM_BYTES]>()) {
            let code = ShortCode::from_random(random);
            prop_assert_eq!(code.as_str().len(), CODE_LEN);
            prop_assert_eq!(&ShortCode::parse(&code.grouped()).unwrap(), &code);
            prop_assert_eq!(&ShortCode::parse(&code.as_str().to_ascii_lowercase()).unwrap(), &code);
            // The symbol is the low 5 bits of each byte.
            let indices: Vec<u8> = random.iter().map(|b| b & 0x1f).collect();
            let read: Vec<u8> = code.as_str().bytes().map(|c| SYMBOLS.iter().position(|s| *s == c).unwrap() as u8).collect();
            prop_assert_eq!(read, indices);
        }
    }
}
