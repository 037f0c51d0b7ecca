//! Cookies on the wire: reads a request's `Cookie` lines and writes `Set-Cookie` headers for the
//! cookies `preflight_core::cookies` defines (their names, scopes and lifetimes live there).

use axum::http::{HeaderMap, HeaderValue, header};
use preflight_core::cookies::CookieSpec;

/// The values of `cookie` the request carries, in order.
pub fn values<'a>(headers: &'a HeaderMap, cookie: &CookieSpec) -> impl Iterator<Item = &'a str> + 'a {
    cookie.values_in(headers.get_all(header::COOKIE).iter().filter_map(|line| line.to_str().ok()))
}

/// Bytes of every `Cookie` line together: what the browser sends with each request.
pub fn header_bytes(headers: &HeaderMap) -> usize {
    headers.get_all(header::COOKIE).iter().map(|v| v.as_bytes().len()).sum()
}

/// `Set-Cookie` storing `value` (`Secure` when the edge is served over HTTPS).
pub fn set(cookie: &CookieSpec, value: &str, https: bool) -> (header::HeaderName, HeaderValue) {
    (header::SET_COOKIE, header_value(cookie.set(value, https)))
}

/// `Set-Cookie` deleting the cookie.
pub fn clear(cookie: &CookieSpec, https: bool) -> (header::HeaderName, HeaderValue) {
    (header::SET_COOKIE, header_value(cookie.clear(https)))
}

fn header_value(text: String) -> HeaderValue {
    // `CookieSpec` writes visible ASCII only, so this never falls back; if it did, no cookie beats a panic.
    HeaderValue::try_from(text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use preflight_core::cookies::TEST_COOKIE;

    #[test]
    fn every_cookie_line_is_read_and_counted() {
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, "a=1; preflight_probe=1".parse().unwrap());
        headers.append(header::COOKIE, "preflight_probe_x=2;preflight_probe=3".parse().unwrap());
        assert_eq!(values(&headers, &TEST_COOKIE).collect::<Vec<_>>(), ["1", "3"]);
        assert_eq!(
            header_bytes(&headers),
            "a=1; preflight_probe=1".len() + "preflight_probe_x=2;preflight_probe=3".len()
        );
    }

    #[test]
    fn set_cookie_headers_are_the_specs() {
        let (name, value) = set(&TEST_COOKIE, "1", true);
        assert_eq!(name, header::SET_COOKIE);
        assert_eq!(value, TEST_COOKIE.set("1", true).as_str());
        assert_eq!(clear(&TEST_COOKIE, false).1, TEST_COOKIE.clear(false).as_str());
    }
}
