//! Who may read reports: the helpdesk token (environment first, config second), compared in constant
//! time; a signed session cookie for the viewer; and a per-client limit on every attempt.

use std::net::IpAddr;
use std::time::Duration;

use axum::http::{HeaderMap, header};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::client_limit::ClientLimit;

/// The viewer's session cookie, scoped to `/helpdesk`.
pub const SESSION_COOKIE: &str = "preflight_helpdesk";
/// A helpdesk session lasts a working day.
pub const SESSION_MS: i64 = 10 * 60 * 60 * 1000;
/// Lookups and sign-ins per client: a burst of 10, then one every 2 s.
const BURST: u32 = 10;
const REFILL: Duration = Duration::from_secs(2);

pub struct HelpdeskGate {
    token: Option<String>,
    limiter: ClientLimit,
}

impl HelpdeskGate {
    /// `token: None` disables the viewer and the lookup API: they are never open.
    pub fn new(token: Option<String>) -> Self {
        HelpdeskGate { token, limiter: ClientLimit::new(BURST, REFILL) }
    }

    pub fn enabled(&self) -> bool {
        self.token.is_some()
    }

    /// Counts one attempt (lookup or sign-in, good or bad) for `client`; `false` when over the limit.
    pub fn allow(&self, client: IpAddr) -> bool {
        self.limiter.allow(client)
    }

    /// Drops the limiter's memory of clients that have been quiet long enough to be full again.
    pub fn forget_quiet_clients(&self) {
        self.limiter.forget_quiet_clients();
    }

    /// Constant time, and over digests so that not even the token's length leaks.
    pub fn token_matches(&self, candidate: &str) -> bool {
        let Some(token) = &self.token else { return false };
        let (a, b) = (Sha256::digest(token.as_bytes()), Sha256::digest(candidate.as_bytes()));
        a.ct_eq(&b).into()
    }

    /// `Authorization: Bearer <token>`, for `GET /api/reports/{code}`.
    pub fn bearer_valid(&self, headers: &HeaderMap) -> bool {
        let value = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("");
        value.strip_prefix("Bearer ").is_some_and(|t| self.token_matches(t.trim()))
    }

    // The session cookie is "<expiry ms>.<HMAC-SHA256(token, expiry)>": stateless (no session table,
    // so it works on Workers too), unforgeable without the token, and void once the token changes.
    fn mac(&self, expires_ms: i64) -> Option<Hmac<Sha256>> {
        let mut mac = Hmac::<Sha256>::new_from_slice(self.token.as_ref()?.as_bytes()).ok()?;
        mac.update(b"preflight-helpdesk-session:");
        mac.update(expires_ms.to_string().as_bytes());
        Some(mac)
    }

    pub fn new_session(&self, now_ms: i64) -> Option<String> {
        let expires = now_ms + SESSION_MS;
        let tag = self.mac(expires)?.finalize().into_bytes();
        Some(format!("{expires}.{}", hex::encode(tag)))
    }

    pub fn session_valid(&self, value: &str, now_ms: i64) -> bool {
        let Some((expires, tag)) = value.split_once('.') else { return false };
        let (Ok(expires), Ok(tag)) = (expires.parse::<i64>(), hex::decode(tag)) else {
            return false;
        };
        let live = now_ms < expires && expires <= now_ms + SESSION_MS;
        live && self.mac(expires).is_some_and(|mac| mac.verify_slice(&tag).is_ok())
    }

    /// Whether the request carries a valid session cookie.
    pub fn signed_in(&self, headers: &HeaderMap, now_ms: i64) -> bool {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|c| c.trim().strip_prefix(SESSION_COOKIE)?.strip_prefix('='))
            .any(|value| self.session_valid(value, now_ms))
    }
}

/// `Set-Cookie` for a session (`Secure` when served over HTTPS).
pub fn session_cookie(value: &str, https: bool) -> String {
    format!(
        "{SESSION_COOKIE}={value}; Path=/helpdesk; Max-Age={}; HttpOnly; SameSite=Strict{}",
        SESSION_MS / 1000,
        if https { "; Secure" } else { "" }
    )
}

pub fn cleared_session_cookie() -> String {
    format!("{SESSION_COOKIE}=; Path=/helpdesk; Max-Age=0; HttpOnly; SameSite=Strict")
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "helpdesk-token-for-tests";

    #[test]
    fn only_the_exact_token_matches_and_a_disabled_gate_matches_nothing() {
        let gate = HelpdeskGate::new(Some(TOKEN.into()));
        assert!(gate.token_matches(TOKEN));
        assert!(!gate.token_matches("helpdesk-token-for-test"));
        assert!(!gate.token_matches(""));
        let disabled = HelpdeskGate::new(None);
        assert!(!disabled.enabled() && !disabled.token_matches("") && !disabled.token_matches(TOKEN));
        assert!(disabled.new_session(0).is_none());
    }

    #[test]
    fn sessions_are_signed_expire_and_die_with_the_token() {
        let gate = HelpdeskGate::new(Some(TOKEN.into()));
        let session = gate.new_session(1_000).unwrap();
        assert!(gate.session_valid(&session, 2_000));
        assert!(!gate.session_valid(&session, 1_000 + SESSION_MS));
        let (expires, tag) = session.split_once('.').unwrap();
        let longer = format!("{}.{tag}", expires.parse::<i64>().unwrap() + 1);
        assert!(!gate.session_valid(&longer, 2_000), "the expiry is signed");
        assert!(!gate.session_valid("junk", 2_000));
        assert!(!HelpdeskGate::new(Some("another-token-entirely".into())).session_valid(&session, 2_000));
    }

    #[test]
    fn attempts_are_limited_per_client() {
        let gate = HelpdeskGate::new(Some(TOKEN.into()));
        let (a, b): (IpAddr, IpAddr) = ("192.0.2.1".parse().unwrap(), "192.0.2.2".parse().unwrap());
        let allowed = (0..50).filter(|_| gate.allow(a)).count();
        assert_eq!(allowed, BURST as usize);
        assert!(gate.allow(b), "another client has its own budget");
    }
}
