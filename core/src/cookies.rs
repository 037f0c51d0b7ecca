//! Every cookie the edge sets: its name, scope and lifetime (product decisions), how its
//! `Set-Cookie` is written and how it is read back from `Cookie` headers. One module, so no cookie
//! name or attribute is spelled twice.
//!
//! Not the `cookie` crate: it brings `time` with it, the Workers bundle has no room for that, and
//! Preflight sets three fixed cookies whose values it generates itself.

use crate::config::helpdesk::SESSION_LIFETIME_MS;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SameSite {
    /// Sent on top-level navigations from other sites too (the check page opened from a link).
    Lax,
    /// Never sent from another site: the helpdesk viewer's session.
    Strict,
}

/// One cookie's fixed attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CookieSpec {
    pub name: &'static str,
    pub path: &'static str,
    /// `None`: a session cookie, gone when the browser closes.
    pub max_age_seconds: Option<i64>,
    pub same_site: SameSite,
}

/// The check's test cookie: set by `GET /api/check-plan`, expected back with `POST /api/check`.
pub const TEST_COOKIE: CookieSpec =
    CookieSpec { name: "preflight_probe", path: "/api", max_age_seconds: Some(10 * 60), same_site: SameSite::Lax };

/// The helpdesk viewer's signed session, for as long as a session lives.
pub const HELPDESK_SESSION: CookieSpec = CookieSpec {
    name: "preflight_helpdesk",
    path: "/helpdesk",
    max_age_seconds: Some(SESSION_LIFETIME_MS / 1000),
    same_site: SameSite::Strict,
};

/// The statistics page's signed session (its own token, its own path): as long as a helpdesk session.
pub const STATISTICS_SESSION: CookieSpec = CookieSpec {
    name: "preflight_stats",
    path: "/stats",
    max_age_seconds: Some(SESSION_LIFETIME_MS / 1000),
    same_site: SameSite::Strict,
};

/// The demo portal's stand-in session (the `demo` build only): what a real portal's login sets.
pub const DEMO_SESSION: CookieSpec =
    CookieSpec { name: "demo_session", path: "/", max_age_seconds: None, same_site: SameSite::Lax };

impl CookieSpec {
    /// The `Set-Cookie` value that stores `value`: always `HttpOnly` (no page script reads these),
    /// `Secure` when the edge is served over HTTPS. Characters a cookie value may not hold are dropped.
    pub fn set(&self, value: &str, secure: bool) -> String {
        let value: String = value.chars().filter(|c| is_cookie_octet(*c)).collect();
        self.header(&value, self.max_age_seconds, secure)
    }

    /// The `Set-Cookie` value that deletes the cookie.
    pub fn clear(&self, secure: bool) -> String {
        self.header("", Some(0), secure)
    }

    fn header(&self, value: &str, max_age_seconds: Option<i64>, secure: bool) -> String {
        let same_site = match self.same_site {
            SameSite::Lax => "Lax",
            SameSite::Strict => "Strict",
        };
        let max_age = max_age_seconds.map(|s| format!("; Max-Age={s}")).unwrap_or_default();
        let secure = if secure { "; Secure" } else { "" };
        format!("{}={value}; Path={}{max_age}; HttpOnly; SameSite={same_site}{secure}", self.name, self.path)
    }

    /// This cookie's values in a request's `Cookie` header lines (HTTP/2 sends one line per cookie),
    /// in order; names match exactly.
    pub fn values_in<'a>(self, cookie_lines: impl Iterator<Item = &'a str>) -> impl Iterator<Item = &'a str> {
        let name = self.name;
        cookie_lines
            .flat_map(|line| line.split(';'))
            .filter_map(move |pair| pair.trim().strip_prefix(name)?.strip_prefix('='))
    }
}

/// RFC 6265's `cookie-octet`: visible ASCII except `"`, `,`, `;` and `\`.
fn is_cookie_octet(c: char) -> bool {
    c.is_ascii_graphic() && !matches!(c, '"' | ',' | ';' | '\\')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_cookie_carries_the_specs_attributes() {
        assert_eq!(TEST_COOKIE.set("1", false), "preflight_probe=1; Path=/api; Max-Age=600; HttpOnly; SameSite=Lax");
        assert_eq!(
            HELPDESK_SESSION.set("abc.1.ff", true),
            "preflight_helpdesk=abc.1.ff; Path=/helpdesk; Max-Age=36000; HttpOnly; SameSite=Strict; Secure"
        );
        assert_eq!(DEMO_SESSION.set("x", false), "demo_session=x; Path=/; HttpOnly; SameSite=Lax", "a session cookie");
        assert_eq!(
            HELPDESK_SESSION.clear(true),
            "preflight_helpdesk=; Path=/helpdesk; Max-Age=0; HttpOnly; SameSite=Strict; Secure"
        );
    }

    #[test]
    fn a_value_cannot_add_attributes() {
        assert_eq!(TEST_COOKIE.set("1; Domain=evil\r\n", false), TEST_COOKIE.set("1Domain=evil", false));
        assert_eq!(TEST_COOKIE.set("a b\"c\\d,e", false), TEST_COOKIE.set("abcde", false));
    }

    #[test]
    fn every_line_and_every_pair_is_read_and_names_match_exactly() {
        let lines = ["a=1; preflight_probe=1", "preflight_probe_x=2;preflight_probe=3", "preflight_probe"];
        assert_eq!(TEST_COOKIE.values_in(lines.into_iter()).collect::<Vec<_>>(), ["1", "3"]);
        assert_eq!(HELPDESK_SESSION.values_in(lines.into_iter()).count(), 0);
    }

    #[test]
    fn the_helpdesk_cookie_lives_as_long_as_the_session() {
        assert_eq!(HELPDESK_SESSION.max_age_seconds, Some(SESSION_LIFETIME_MS / 1000));
    }
}
