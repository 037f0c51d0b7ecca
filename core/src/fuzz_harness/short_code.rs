use crate::report::{CODE_LEN, CodeError, ShortCode};

/// A code as the helpdesk types it: a code that parses is canonical (8 symbols, no dash), and both
/// its storage key and its grouped form read back as the same code. A refusal names what was typed.
pub fn short_code(data: &[u8]) {
    let Ok(typed) = std::str::from_utf8(data) else { return };
    match ShortCode::parse(typed) {
        Ok(code) => {
            let key = code.as_str();
            assert!(key.len() == CODE_LEN && key.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));
            assert_eq!(ShortCode::parse(key), Ok(code.clone()));
            assert_eq!(ShortCode::parse(&code.grouped()), Ok(code.clone()));
            assert_eq!(code.to_string(), code.grouped());
        }
        Err(CodeError::Ambiguous { found, .. } | CodeError::NotInAlphabet { found }) => {
            assert!(typed.contains(found), "{found:?} is not in {typed:?}");
        }
        Err(CodeError::WrongLength { got }) => assert!(got != CODE_LEN && got <= typed.len()),
        Err(CodeError::Empty) => assert!(typed.chars().all(|c| c.is_whitespace() || c == '-')),
    }
}
