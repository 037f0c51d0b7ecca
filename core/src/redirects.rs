//! Where the edge may send a browser: a `Location` is either a path of this origin — one `/`, then
//! anything but a second `/` or a `\` (browsers read `//host` and `/\host` as another host) — or one
//! of the URLs the deployment's config names (apps, the logout URL). Nothing else, whoever builds it.
//! The links the edge hands out to be opened elsewhere (the check page's QR code) point to its own
//! origin only.

use crate::printable::is_unprintable;

/// A path on this origin that no browser reads as another host.
pub fn is_same_origin_path(location: &str) -> bool {
    let mut chars = location.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !location.chars().any(|c| c == '\\' || c.is_whitespace() || is_unprintable(c))
}

/// Whether a response may carry `Location: location`.
pub fn is_safe_location(location: &str, configured_urls: &[&str]) -> bool {
    is_same_origin_path(location) || configured_urls.contains(&location)
}

/// Whether a request path may reach the static files: no empty segment (`//`), no backslash, and
/// none spelled with percent-encoding either, so that no redirect the file server makes (it adds a
/// `/` to folders) can start with `//`.
pub fn is_plain_static_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    path.starts_with('/')
        && !path.contains("//")
        && !path.contains('\\')
        && !lower.contains("%5c")
        && !lower.starts_with("/%2f")
}

/// This edge's own origin, for links opened on another device (the check page's QR code): the
/// configured public URL, else the `Host` the browser reached, over HTTPS when a trusted proxy says
/// so. A `Host` that is not a plain host name or address with a port is refused (`None`): the QR
/// code must never point anywhere else.
pub fn own_origin(public_url: Option<&str>, host: Option<&str>, https: bool) -> Option<String> {
    if let Some(origin) = public_url {
        return Some(origin.to_owned());
    }
    let host = host.unwrap_or("");
    let plain = !host.is_empty()
        && host.len() <= MAX_HOST_CHARS
        && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    plain.then(|| format!("{}://{host}", if https { "https" } else { "http" }))
}

/// Where the plain-HTTP listener (`--redirect-http`) sends a request for `path_and_query`: the same
/// path and query on the configured public origin — never on the `Host` the request named, which
/// anyone can write.
pub fn on_public_origin(public_url: &str, path_and_query: &str) -> String {
    let origin = public_url.trim_end_matches('/');
    if path_and_query.starts_with('/') { format!("{origin}{path_and_query}") } else { format!("{origin}/") }
}

/// A host name is at most 253 characters; with a port and brackets, 255 is plenty.
pub const MAX_HOST_CHARS: usize = 255;

#[cfg(test)]
mod tests {
    #[test]
    fn the_qr_link_is_this_edge_s_own_origin() {
        assert_eq!(own_origin(None, Some("edge.example.fr"), false).unwrap(), "http://edge.example.fr");
        assert_eq!(own_origin(None, Some("edge.example.fr:8443"), true).unwrap(), "https://edge.example.fr:8443");
        assert_eq!(own_origin(None, Some("[::1]:8080"), false).unwrap(), "http://[::1]:8080");
        for bad in ["evil.example/path", "a b", "x@y", "", &"a".repeat(MAX_HOST_CHARS + 1)] {
            assert!(own_origin(None, Some(bad), false).is_none(), "{bad}");
        }
        assert!(own_origin(None, None, true).is_none());
        let public = own_origin(Some("https://edge.example.fr"), Some("evil.example"), false).unwrap();
        assert_eq!(public, "https://edge.example.fr", "the configured public URL wins over any Host");
    }

    #[test]
    fn http_is_sent_to_the_public_origin_only() {
        assert_eq!(
            on_public_origin("https://edge.example.fr/", "/check?ticket=INC-1"),
            "https://edge.example.fr/check?ticket=INC-1"
        );
        assert_eq!(on_public_origin("https://edge.example.fr", "/"), "https://edge.example.fr/");
        assert_eq!(
            on_public_origin("https://edge.example.fr", "*"),
            "https://edge.example.fr/",
            "an asterisk-form target"
        );
        assert!(
            on_public_origin("https://edge.example.fr", "//evil.example/x").starts_with("https://edge.example.fr/")
        );
    }

    use super::*;

    #[test]
    fn only_paths_of_this_origin_and_configured_urls_are_safe() {
        for fine in ["/", "/helpdesk", "/check?ticket=INC-1", "/pkg/"] {
            assert!(is_safe_location(fine, &[]), "{fine}");
        }
        for off in ["//pkg/", "/\\pkg/", "///x", "https://evil.example/", "pkg/", "", "/a\nb", "/a b", "\\\\x"] {
            assert!(!is_safe_location(off, &[]), "{off:?}");
        }
        assert!(is_safe_location("https://paie.intra.example.fr/", &["https://paie.intra.example.fr/"]));
        assert!(!is_safe_location("https://paie.intra.example.fr.evil/", &["https://paie.intra.example.fr/"]));
    }

    #[test]
    fn static_paths_with_empty_segments_or_backslashes_are_not_served() {
        assert!(is_plain_static_path("/pkg/preflight_widget.js"));
        assert!(is_plain_static_path("/pkg"));
        for odd in ["//pkg", "///pkg", "/\\pkg", "/pkg//x", "/%5Cpkg", "/%5cpkg", "/%2F/pkg", "/%2fpkg", "pkg"] {
            assert!(!is_plain_static_path(odd), "{odd}");
        }
    }
}
