//! Short report codes, read out on the phone: 8 characters of Crockford's base32 (no I, L, O or U,
//! so nothing reads as another character), 40 random bits, shown as `K7F3-QX9D`.
//!
//! Why not 10 characters: 50 bits do not fill whole bytes in base32, and the code is not what
//! guards a report — the helpdesk token is, and lookups are rate-limited; 40 bits against a few
//! thousand live reports keeps a lucky guess out of reach while staying easy to read.

use std::fmt;
use std::sync::LazyLock;

use data_encoding::{Encoding, Specification};

/// Characters in a code, without the dash.
pub const CODE_LEN: usize = 8;
/// Random bytes behind one code (8 × 5 bits).
pub const CODE_RANDOM_BYTES: usize = 5;

const SYMBOLS: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static CROCKFORD: LazyLock<Encoding> = LazyLock::new(|| {
    let mut spec = Specification::new();
    spec.symbols.push_str(SYMBOLS);
    // Typed in lower case is fine.
    spec.translate.from.push_str(&SYMBOLS.to_ascii_lowercase());
    spec.translate.to.push_str(SYMBOLS);
    spec.encoding().expect("a valid base32 specification")
});

/// A report's code, in canonical form (upper case, no dash).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ShortCode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("no code given: type the 8 characters the agent reads out, e.g. K7F3-QX9D")]
    Empty,
    #[error("a code has 8 characters, this one has {got}: ask the agent to read it again")]
    WrongLength { got: usize },
    #[error("`{found}` never appears in a code: it is {instead}")]
    Ambiguous { found: char, instead: &'static str },
    #[error("`{found}` never appears in a code: codes use digits and the letters A–Z except I, L, O and U")]
    NotInAlphabet { found: char },
}

impl ShortCode {
    /// The code for `random` bytes (supplied by the caller: this crate does no I/O).
    pub fn from_random(random: [u8; CODE_RANDOM_BYTES]) -> Self {
        ShortCode(CROCKFORD.encode(&random))
    }

    /// Reads a code as typed: case-insensitive, spaces and dashes anywhere are ignored.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        let mut canonical = String::with_capacity(CODE_LEN);
        for c in input.chars().filter(|c| !c.is_whitespace() && *c != '-') {
            let upper = c.to_ascii_uppercase();
            match upper {
                'O' => return Err(CodeError::Ambiguous { found: c, instead: "the digit 0 (zero)" }),
                'I' | 'L' => return Err(CodeError::Ambiguous { found: c, instead: "the digit 1 (one)" }),
                _ if SYMBOLS.contains(upper) => canonical.push(upper),
                _ => return Err(CodeError::NotInAlphabet { found: c }),
            }
        }
        match canonical.len() {
            0 => Err(CodeError::Empty),
            CODE_LEN => {
                // Every 8-character string of the alphabet decodes; the crate is the reference.
                CROCKFORD.decode(canonical.as_bytes()).map_err(|_| CodeError::WrongLength { got: CODE_LEN })?;
                Ok(ShortCode(canonical))
            }
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
        let code = ShortCode::from_random([0xff; 5]);
        assert_eq!(code.as_str(), "ZZZZZZZZ");
        assert_eq!(code.grouped(), "ZZZZ-ZZZZ");
        assert_eq!(ShortCode::from_random([0; 5]).to_string(), "0000-0000");
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
        assert_eq!(err, CodeError::Ambiguous { found: 'O', instead: "the digit 0 (zero)" });
        assert!(err.to_string().contains("0 (zero)"), "{err}");
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
        fn every_code_reads_back_as_itself(random in any::<[u8; 5]>()) {
            let code = ShortCode::from_random(random);
            prop_assert_eq!(code.as_str().len(), CODE_LEN);
            prop_assert_eq!(&ShortCode::parse(&code.grouped()).unwrap(), &code);
            prop_assert_eq!(&ShortCode::parse(&code.as_str().to_ascii_lowercase()).unwrap(), &code);
            prop_assert_eq!(CROCKFORD.decode(code.as_str().as_bytes()).unwrap(), random.to_vec());
        }
    }
}
