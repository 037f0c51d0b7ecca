//! Who may read reports: the helpdesk token (environment first, config second), compared in constant
//! time, and signed session cookies for the viewer.
//!
//! A session cookie is `<id>.<expiry ms>.<HMAC-SHA256 tag>`, keyed by a key derived (HKDF) from the
//! edge's server secret — never from the token, so a leaked cookie says nothing about the token and
//! changing the token does not need a new secret. Sign-out revokes the session's id in the report
//! store until it would have expired, so a copied cookie dies with the sign-out.

use std::net::IpAddr;

use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use preflight_core::config::helpdesk::{SESSION_LIFETIME_MS, session_is_live};
use preflight_core::cookies::{CookieSpec, HELPDESK_SESSION, STATISTICS_SESSION};
use preflight_core::rate_limits::Limit;
use preflight_core::time::UnixMs;
use sha2::Sha256;

use crate::state::AppState;

/// Random bytes of a session id.
pub const SESSION_ID_BYTES: usize = 16;
/// A server secret shorter than this is refused (`PREFLIGHT_SESSION_SECRET`).
pub const MIN_SECRET_BYTES: usize = 32;

/// What the HKDF derivation is for: another use of the same secret gets another key.
const SESSION_KEY_INFO: &[u8] = b"preflight helpdesk session cookie v1";

/// The key that signs session cookies, derived from the server secret.
#[derive(Clone)]
pub struct SessionKey([u8; 32]);

impl SessionKey {
    pub fn derive(server_secret: &[u8]) -> SessionKey {
        let mut key = [0; 32];
        // 32 bytes is far below HKDF-SHA256's 8160-byte output limit: `expand` cannot fail.
        let _ = Hkdf::<Sha256>::new(Some(b"preflight"), server_secret).expand(SESSION_KEY_INFO, &mut key);
        SessionKey(key)
    }
}

/// What is wrong with a server secret from the environment, if anything.
pub fn secret_problem(secret: &str) -> Option<String> {
    (secret.len() < MIN_SECRET_BYTES || secret.chars().any(|c| !c.is_ascii_graphic())).then(|| {
        format!(
            "a server secret has at least {MIN_SECRET_BYTES} visible ASCII characters; generate one, e.g. with `openssl rand -hex 32`"
        )
    })
}

/// The helpdesk's token and server secret, where a host reads both from its secrets (Workers): the
/// token when both are valid, else `None` — the helpdesk disabled, never open — with what is wrong.
pub fn from_secrets(token: Option<String>, server_secret: Option<String>) -> (Option<(String, String)>, Vec<String>) {
    let mut problems = Vec::new();
    let token = token.filter(|t| match preflight_core::config::helpdesk::token_problem(t) {
        None => true,
        Some(problem) => {
            problems.push(format!("the helpdesk token: {problem}"));
            false
        }
    });
    let secret = server_secret.filter(|s| match secret_problem(s) {
        None => true,
        Some(problem) => {
            problems.push(format!("the session secret: {problem}"));
            false
        }
    });
    match (token, secret) {
        (Some(token), Some(secret)) => (Some((token, secret)), problems),
        (token, secret) => {
            if token.is_some() && secret.is_none() && problems.is_empty() {
                problems.push("no session secret: the helpdesk cannot sign sessions".to_owned());
            }
            (None, problems)
        }
    }
}

/// A session's id and expiry, once its cookie is verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: String,
    pub expires: UnixMs,
}

pub struct HelpdeskGate {
    token: Option<String>,
    key: SessionKey,
    /// The session cookie, and what its MAC is bound to: a helpdesk session is no statistics
    /// session, even under the same server secret.
    cookie: &'static CookieSpec,
    purpose: &'static [u8],
}

impl HelpdeskGate {
    /// `token: None` disables the viewer and the lookup API: they are never open.
    pub fn new(token: Option<String>, key: SessionKey) -> Self {
        HelpdeskGate { token, key, cookie: &HELPDESK_SESSION, purpose: b"preflight-helpdesk-session:" }
    }

    /// The statistics page's gate: its own token, cookie (`/stats`) and session MAC.
    pub fn for_statistics(token: Option<String>, key: SessionKey) -> Self {
        HelpdeskGate { token, key, cookie: &STATISTICS_SESSION, purpose: b"preflight-statistics-session:" }
    }

    /// `Set-Cookie` for a session of this gate.
    pub fn session_cookie(&self, value: &str, https: bool) -> (HeaderName, HeaderValue) {
        crate::cookies::set(self.cookie, value, https)
    }

    /// `Set-Cookie` that removes this gate's session cookie.
    pub fn cleared_session_cookie(&self, https: bool) -> (HeaderName, HeaderValue) {
        crate::cookies::clear(self.cookie, https)
    }

    pub fn enabled(&self) -> bool {
        self.token.is_some()
    }

    /// Constant time, and over digests so that not even the token's length leaks.
    pub fn token_matches(&self, candidate: &str) -> bool {
        crate::bearer::matches(self.token.as_deref(), candidate)
    }

    /// `Authorization: Bearer <token>`, for `GET /api/reports/{code}`.
    pub fn bearer_valid(&self, headers: &HeaderMap) -> bool {
        crate::bearer::header_matches(headers, self.token.as_deref())
    }

    fn mac(&self, id: &str, expires: UnixMs) -> Hmac<Sha256> {
        // HMAC takes keys of any length: `new_from_slice` cannot fail.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key.0).unwrap_or_else(|_| unreachable!());
        mac.update(self.purpose);
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(expires.as_millis().to_string().as_bytes());
        mac
    }

    /// A new session cookie value, for a session id of random bytes; `None` when disabled.
    pub fn new_session(&self, now: UnixMs, random: [u8; SESSION_ID_BYTES]) -> Option<String> {
        self.enabled().then(|| {
            let (id, expires) = (hex::encode(random), now.plus_millis(SESSION_LIFETIME_MS));
            let tag = self.mac(&id, expires).finalize().into_bytes();
            format!("{id}.{}.{}", expires.as_millis(), hex::encode(tag))
        })
    }

    /// The session a cookie value stands for, if it is signed by this edge and still live. Whether
    /// it was revoked is the report store's to say.
    pub fn verify(&self, value: &str, now: UnixMs) -> Option<Session> {
        let mut parts = value.splitn(3, '.');
        let (id, expires, tag) = (parts.next()?, parts.next()?, parts.next()?);
        let (expires, tag) = (UnixMs::from_millis(expires.parse::<i64>().ok()?), hex::decode(tag).ok()?);
        let well_formed = id.len() == SESSION_ID_BYTES * 2 && id.bytes().all(|b| b.is_ascii_hexdigit());
        let live = session_is_live(expires, now);
        let signed = self.enabled() && self.mac(id, expires).verify_slice(&tag).is_ok();
        (well_formed && live && signed).then(|| Session { id: id.to_owned(), expires })
    }

    /// The verified session the request's cookie carries, if any.
    pub fn session(&self, headers: &HeaderMap, now: UnixMs) -> Option<Session> {
        crate::cookies::values(headers, self.cookie).find_map(|value| self.verify(value, now))
    }
}

/// A token sign-in form, as `/helpdesk` and `/stats` post it.
#[derive(serde::Deserialize)]
pub struct TokenForm {
    token: String,
}

impl TokenForm {
    /// The token typed, or none when the form could not be read.
    pub fn token(form: Result<axum::Form<TokenForm>, axum::extract::rejection::FormRejection>) -> String {
        form.map(|axum::Form(f)| f.token).unwrap_or_default()
    }
}

/// What a token sign-in form came to: `/helpdesk` and `/stats` each render it in their own words.
pub enum SignInOutcome {
    /// Over the form's rate limit (the signed-in budget when the token was right).
    TooMany(Limit),
    /// A wrong token, or no randomness for a session id: the form again, with the error.
    Refused,
    /// Signed in: the redirect to `home`, with the gate's session cookie.
    SignedIn(Response),
}

/// The token sign-in of a gate: rate-limited per client as the helpdesk's form, a fresh session
/// cookie and a redirect to the gate's page when the token matches.
pub async fn sign_in(
    state: &AppState,
    gate: &HelpdeskGate,
    client: IpAddr,
    token: &str,
    home: &'static str,
) -> SignInOutcome {
    let valid = gate.token_matches(token.trim());
    let limit = if valid { Limit::HelpdeskSignedIn } else { Limit::HelpdeskAnonymous };
    if !state.rate_limits.allow(limit, client).await {
        return SignInOutcome::TooMany(limit);
    }
    let mut id = [0; SESSION_ID_BYTES];
    if !valid || getrandom::fill(&mut id).is_err() {
        return SignInOutcome::Refused;
    }
    let Some(session) = gate.new_session(state.now(), id) else { return SignInOutcome::Refused };
    let cookie = gate.session_cookie(&session, state.config.served_over_https());
    SignInOutcome::SignedIn(
        (StatusCode::SEE_OTHER, [(header::LOCATION, HeaderValue::from_static(home)), cookie]).into_response(),
    )
}

pub fn cleared_session_cookie(https: bool) -> (HeaderName, HeaderValue) {
    crate::cookies::clear(&HELPDESK_SESSION, https)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "helpdesk-token-for-tests";

    fn gate() -> HelpdeskGate {
        HelpdeskGate::new(Some(TOKEN.into()), SessionKey::derive(b"server-secret-for-tests-0123456789abcdef"))
    }

    #[test]
    fn only_the_exact_token_matches_and_a_disabled_gate_matches_nothing() {
        let gate = gate();
        assert!(gate.token_matches(TOKEN));
        assert!(!gate.token_matches("helpdesk-token-for-test"));
        assert!(!gate.token_matches(""));
        let disabled = HelpdeskGate::new(None, SessionKey::derive(b"x"));
        assert!(!disabled.enabled() && !disabled.token_matches("") && !disabled.token_matches(TOKEN));
        assert!(disabled.new_session(UnixMs::from_millis(0), [1; SESSION_ID_BYTES]).is_none());
    }

    #[test]
    fn sessions_are_signed_expire_and_die_with_the_server_secret_not_the_token() {
        let gate = gate();
        let value = gate.new_session(UnixMs::from_millis(1_000), [7; SESSION_ID_BYTES]).unwrap();
        let session = gate.verify(&value, UnixMs::from_millis(2_000)).expect("valid");
        assert_eq!(
            session,
            Session { id: "07".repeat(SESSION_ID_BYTES), expires: UnixMs::from_millis(1_000 + SESSION_LIFETIME_MS) }
        );
        assert!(gate.verify(&value, UnixMs::from_millis(1_000 + SESSION_LIFETIME_MS)).is_none(), "expired");
        let (id, rest) = value.split_once('.').unwrap();
        let (expires, tag) = rest.split_once('.').unwrap();
        let longer = format!("{id}.{}.{tag}", expires.parse::<i64>().unwrap() + 1);
        assert!(gate.verify(&longer, UnixMs::from_millis(2_000)).is_none(), "the expiry is signed");
        let other_id = format!("{}.{expires}.{tag}", "08".repeat(SESSION_ID_BYTES));
        assert!(gate.verify(&other_id, UnixMs::from_millis(2_000)).is_none(), "the id is signed");
        assert!(gate.verify("junk", UnixMs::from_millis(2_000)).is_none());
        let other_secret =
            HelpdeskGate::new(Some(TOKEN.into()), SessionKey::derive(b"another-server-secret-0123456789abc"));
        assert!(
            other_secret.verify(&value, UnixMs::from_millis(2_000)).is_none(),
            "a new server secret ends every session"
        );
        let other_token = HelpdeskGate::new(Some("another-token-entirely".into()), gate.key.clone());
        assert!(other_token.verify(&value, UnixMs::from_millis(2_000)).is_some(), "the token is not the key");
    }

    #[test]
    fn the_key_is_derived_not_the_secret_itself() {
        let secret = b"server-secret-for-tests-0123456789abcdef";
        assert_ne!(&SessionKey::derive(secret).0[..], &secret[..32]);
        assert_ne!(SessionKey::derive(secret).0, SessionKey::derive(b"server-secret-for-tests-0123456789abcdeg").0);
    }

    #[test]
    fn from_secrets_opens_the_helpdesk_only_with_a_valid_token_and_secret() {
        let (token, secret) = ("t".repeat(20), "s".repeat(MIN_SECRET_BYTES));
        let (both, problems) = from_secrets(Some(token.clone()), Some(secret.clone()));
        assert_eq!(both, Some((token.clone(), secret.clone())));
        assert!(problems.is_empty());
        assert_eq!(from_secrets(None, Some(secret.clone())), (None, vec![]), "no token: disabled, nothing wrong");
        let (none, problems) = from_secrets(Some(token.clone()), None);
        assert!(none.is_none() && problems[0].contains("no session secret"), "{problems:?}");
        let (none, problems) = from_secrets(Some("short".into()), Some(secret));
        assert!(none.is_none() && problems[0].contains("helpdesk token"), "{problems:?}");
        let (none, problems) = from_secrets(Some(token), Some("short".into()));
        assert!(none.is_none() && problems[0].contains("session secret"), "{problems:?}");
    }

    #[test]
    fn short_or_invisible_secrets_are_refused() {
        assert!(secret_problem(&"a".repeat(MIN_SECRET_BYTES)).is_none());
        assert!(secret_problem("short").is_some());
        assert!(secret_problem(&format!("{} ", "a".repeat(MIN_SECRET_BYTES))).is_some());
    }

    #[test]
    fn cookies_are_secure_only_when_served_over_https() {
        let text = |(_, value): (HeaderName, HeaderValue)| value.to_str().unwrap().to_owned();
        assert!(text(gate().session_cookie("v", true)).ends_with("; Secure"));
        assert!(!text(gate().session_cookie("v", false)).contains("Secure"));
        assert!(text(cleared_session_cookie(true)).contains("Max-Age=0"));
    }
}
