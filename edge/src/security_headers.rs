//! Headers every response carries. The CSP allows our own scripts and wasm only: no inline script,
//! no third-party origin but the config's probe hosts (which the widget reaches to check their
//! certificates), so the widget cannot leak anything off the portal. Pages are isolated from other
//! origins' windows (COOP) and their resources from other origins' pages (CORP) — except the widget's
//! own files when portal pages on other origins load it — and HSTS follows the configured public URL.
//! No response leaves with a `Location` off this origin that the config did not name.

use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use preflight_core::config::DeploymentConfig;
use preflight_core::redirects::is_safe_location;
use tower::util::MapResponseLayer;

/// The policy, with `connect-src` extended by the probe hosts' origins.
pub fn content_security_policy(config: &DeploymentConfig) -> String {
    let connect: String = config.probe_origins().iter().map(|origin| format!(" {origin}")).collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'{connect}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The CSP when the configured one cannot be a header (validation keeps that from happening): the
/// same policy without the probe hosts.
const FALLBACK_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
     frame-ancestors 'none'";

/// Two years, as the HSTS preload list asks; sent only when the public URL is HTTPS.
pub const HSTS: &str = "max-age=63072000";

/// Asks Chromium-based browsers for the OS version on later requests: Windows 11 still says
/// "Windows NT 10.0" in its user agent, and known issues match on OS versions.
const CLIENT_HINTS: &str = "Sec-CH-UA-Platform, Sec-CH-UA-Platform-Version";

const CORP: HeaderName = HeaderName::from_static("cross-origin-resource-policy");

/// Paths of the widget's files: loadable by listed portal origins when there are some.
const WIDGET_ASSETS: [&str; 4] = ["/preflight-check.js", "/pkg/", "/pkg-full/", "/pkg-after-login/"];

pub fn is_widget_asset(path: &str) -> bool {
    WIDGET_ASSETS.iter().any(|asset| if asset.ends_with('/') { path.starts_with(asset) } else { path == *asset })
}

/// `Cross-Origin-Resource-Policy` for a widget file: `cross-origin` when portal pages on other
/// origins load it (the config lists them), else none, so the global `same-origin` applies.
pub fn widget_asset_policy(config: &DeploymentConfig) -> Option<(HeaderName, HeaderValue)> {
    config.cors_origins().next().map(|_| (CORP, HeaderValue::from_static("cross-origin")))
}

/// What every response gets: `always` replaces what a handler set, `unless_set` fills in.
pub struct ResponseHeaders {
    always: Vec<(HeaderName, HeaderValue)>,
    unless_set: Vec<(HeaderName, HeaderValue)>,
    redirect_targets: Vec<String>,
}

impl ResponseHeaders {
    pub fn for_config(config: &DeploymentConfig) -> Self {
        // Origins were validated with the config, so the configured policy is a valid header value.
        let csp = HeaderValue::from_str(&content_security_policy(config))
            .unwrap_or_else(|_| HeaderValue::from_static(FALLBACK_CSP));
        let fixed = |name: HeaderName, value: &'static str| (name, HeaderValue::from_static(value));
        let mut always = vec![
            (header::CONTENT_SECURITY_POLICY, csp),
            fixed(header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            fixed(header::REFERRER_POLICY, "no-referrer"),
            fixed(header::X_FRAME_OPTIONS, "DENY"),
            fixed(HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
        ];
        if config.served_over_https() {
            always.push(fixed(header::STRICT_TRANSPORT_SECURITY, HSTS));
        }
        let unless_set = vec![fixed(CORP, "same-origin"), fixed(HeaderName::from_static("accept-ch"), CLIENT_HINTS)];
        let redirect_targets = config.redirect_targets().into_iter().map(str::to_owned).collect();
        ResponseHeaders { always, unless_set, redirect_targets }
    }

    /// Every header as text, for a host's own answers (the Workers entry's 500).
    pub fn as_text(&self) -> Vec<(String, String)> {
        let text = |(name, value): &(HeaderName, HeaderValue)| {
            (name.as_str().to_owned(), value.to_str().unwrap_or_default().to_owned())
        };
        self.always.iter().chain(&self.unless_set).map(text).collect()
    }

    fn finish(&self, response: Response) -> Response {
        let mut response = self.only_safe_locations(response);
        let headers = response.headers_mut();
        for (name, value) in &self.always {
            headers.insert(name, value.clone());
        }
        for (name, value) in &self.unless_set {
            if !headers.contains_key(name) {
                headers.insert(name, value.clone());
            }
        }
        response
    }

    /// The last word on redirects: a `Location` that is neither a path of this origin nor a
    /// configured URL is a bug, answered 500 rather than sent.
    fn only_safe_locations(&self, response: Response) -> Response {
        let Some(location) = response.headers().get(header::LOCATION) else { return response };
        let allowed: Vec<&str> = self.redirect_targets.iter().map(String::as_str).collect();
        if location.to_str().is_ok_and(|l| is_safe_location(l, &allowed)) {
            return response;
        }
        crate::problem::Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The edge refused to redirect off its own origin.",
        )
        .into_response()
    }
}

/// One layer for all the headers: each `Router::layer` boxes every route once more, and the boxes
/// are cloned on every request (a third of `/api/time`'s cost when each header had its own).
pub fn apply<S: Clone + Send + Sync + 'static>(router: Router<S>, config: &DeploymentConfig) -> Router<S> {
    let headers = Arc::new(ResponseHeaders::for_config(config));
    router.layer(MapResponseLayer::new(move |response| headers.finish(response)))
}
