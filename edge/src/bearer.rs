//! Bearer tokens (the helpdesk's, the metrics'): compared in constant time, over digests so that not
//! even a token's length leaks, and read from `Authorization: Bearer <token>`.

use axum::http::{HeaderMap, header};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Whether `candidate` is `expected`; never, when no token is expected.
pub fn matches(expected: Option<&str>, candidate: &str) -> bool {
    let Some(expected) = expected else { return false };
    Sha256::digest(expected.as_bytes()).ct_eq(&Sha256::digest(candidate.as_bytes())).into()
}

/// Whether the request's `Authorization: Bearer …` carries `expected`.
pub fn header_matches(headers: &HeaderMap, expected: Option<&str>) -> bool {
    let value = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("");
    value.strip_prefix("Bearer ").is_some_and(|sent| matches(expected, sent.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_expected_token_in_a_bearer_header_matches() {
        let mut headers = HeaderMap::new();
        assert!(!header_matches(&headers, Some("token-0123456789abcdef")));
        headers.insert(header::AUTHORIZATION, "Bearer token-0123456789abcdef".parse().unwrap());
        assert!(header_matches(&headers, Some("token-0123456789abcdef")));
        assert!(!header_matches(&headers, Some("another-0123456789abcdef")));
        assert!(!header_matches(&headers, None), "no token expected: nobody matches");
        assert!(!matches(None, ""));
    }
}
