//! Reading cookies from a request: every `Cookie` line (HTTP/2 sends one per cookie), split on `;`.

use axum::http::{HeaderMap, header};

/// The values of every cookie named `name` the request carries, in order.
pub fn values<'a>(headers: &'a HeaderMap, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|line| line.to_str().ok())
        .flat_map(|line| line.split(';'))
        .filter_map(move |pair| pair.trim().strip_prefix(name)?.strip_prefix('='))
}

/// Bytes of every `Cookie` line together: what the browser sends with each request.
pub fn header_bytes(headers: &HeaderMap) -> usize {
    headers.get_all(header::COOKIE).iter().map(|v| v.as_bytes().len()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_and_every_pair_is_read_and_names_match_exactly() {
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, "a=1; preflight_probe=1".parse().unwrap());
        headers.append(header::COOKIE, "preflight_probe_x=2;preflight_probe=3".parse().unwrap());
        assert_eq!(values(&headers, "preflight_probe").collect::<Vec<_>>(), ["1", "3"]);
        assert_eq!(values(&headers, "b").count(), 0);
        assert_eq!(
            header_bytes(&headers),
            "a=1; preflight_probe=1".len() + "preflight_probe_x=2;preflight_probe=3".len()
        );
    }
}
