//! Headers every response carries. The CSP allows our own scripts and wasm only: no inline script,
//! no third-party origin but the config's probe hosts (which the widget reaches to check their
//! certificates), so the widget cannot leak anything off the portal.

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use preflight_core::config::DeploymentConfig;
use tower::ServiceBuilder;
use tower_http::set_header::SetResponseHeaderLayer;

/// The policy, with `connect-src` extended by the probe hosts' origins.
pub fn content_security_policy(config: &DeploymentConfig) -> String {
    let connect: String = config.probe_origins().iter().map(|origin| format!(" {origin}")).collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'{connect}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Asks Chromium-based browsers for the OS version on later requests: Windows 11 still says
/// "Windows NT 10.0" in its user agent, and known issues match on OS versions.
const CLIENT_HINTS: &str = "Sec-CH-UA-Platform, Sec-CH-UA-Platform-Version";

/// One layer for all the headers: each `Router::layer` boxes every route once more, and the boxes
/// are cloned on every request (a third of `/api/time`'s cost when each header had its own).
pub fn apply<S: Clone + Send + Sync + 'static>(router: Router<S>, config: &DeploymentConfig) -> Router<S> {
    // Origins were validated with the config: a value a header cannot hold never gets here.
    let csp = HeaderValue::from_str(&content_security_policy(config)).expect("a valid header value");
    let fixed = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
    };
    router.layer(
        ServiceBuilder::new()
            .layer(SetResponseHeaderLayer::overriding(header::CONTENT_SECURITY_POLICY, csp))
            .layer(fixed(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
            .layer(fixed(header::REFERRER_POLICY, "no-referrer"))
            .layer(fixed(header::X_FRAME_OPTIONS, "DENY"))
            .layer(SetResponseHeaderLayer::if_not_present(
                HeaderName::from_static("accept-ch"),
                HeaderValue::from_static(CLIENT_HINTS),
            )),
    )
}
