//! Headers every response carries, chosen by what the reader does with the answer ([`AnswerKind`]).
//!
//! **Documents** — pages, the widget's files, images, the 404 page: whatever a browser renders or
//! runs. The CSP allows our own scripts and wasm only: no inline script, no third-party origin but
//! the config's probe hosts (which the widget reaches to check their certificates), so the widget
//! cannot leak anything off the portal. Pages are isolated from other origins' windows (COOP) and
//! their resources from other origins' pages (CORP) — except the widget's own files when portal
//! pages on other origins load it — and ask Chromium for the OS version's client hints.
//!
//! **API answers** — `/api/…`, `/healthz`, `/metrics`: data a script or a program reads, never
//! rendered as a page. They get what OWASP's REST Security Cheat Sheet lists for API responses and
//! nothing that only a document uses: `nosniff` (a JSON body is never run or rendered as something
//! else), `frame-ancestors 'none'` and `X-Frame-Options: DENY` (no drag-and-drop clickjacking of an
//! answer opened in a frame), `Cache-Control: no-store` unless the handler chose otherwise, and CORP
//! `same-origin` (no other origin's page pulls an answer into its process with a no-cors request;
//! the portal origins of `cors_origins` read them through CORS). A document's CSP, COOP,
//! `Referrer-Policy` and `Accept-CH` act only on a document and what it loads, so an answer carries
//! none of them (the CORS layer, in `app`, varies an answer on `Origin` only where origins are listed).
//!
//! Both kinds get HSTS when the public URL is HTTPS, and no response leaves with a `Location` off
//! this origin that the config did not name.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use axum::BoxError;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use preflight_core::config::DeploymentConfig;
use preflight_core::redirects::is_safe_location;

/// The policy, with `connect-src` extended by the probe hosts' origins.
pub fn content_security_policy(config: &DeploymentConfig) -> String {
    let connect: String = config.probe_origins().iter().map(|origin| format!(" {origin}")).collect();
    // The check page frames the SSO probe page on the probe origin (`[sso] probe_origin`).
    let frame = config.sso.probe_origin().map(|origin| format!(" frame-src 'self' {origin};")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'{connect};{frame} object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The SSO probe page (`www/sso-probe.html`), framed by the check page from another site: the only
/// document that may be framed, by the public URL's pages and the listed portal origins (any page
/// when no public URL is set, as in the demo: it shows nothing and posts only whether cookies and
/// storage worked).
pub const SSO_PROBE_PAGE: &str = "/sso-probe.html";

fn probe_page_policy(config: &DeploymentConfig) -> String {
    let ancestors: Vec<&str> = config.public_url().into_iter().chain(config.cors_origins()).collect();
    let ancestors = if config.public_url().is_some() { ancestors.join(" ") } else { "*".to_owned() };
    format!(
        "default-src 'none'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; \
         frame-ancestors {ancestors}"
    )
}

/// The CSP when the configured one cannot be a header (validation keeps that from happening): the
/// same policy without the probe hosts.
const FALLBACK_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
     frame-ancestors 'none'";

/// An API answer's CSP: nothing of it is a document's, so only who may frame it.
pub const API_CSP: &str = "frame-ancestors 'none'";

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

/// What a response is to its reader, which decides the headers it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerKind {
    /// Rendered or run by a browser: pages, scripts, wasm, styles, images, the 404 page.
    Document,
    /// Read by a script or a program: everything under `/api`, `/healthz`, `/metrics`.
    Api,
    /// The SSO probe page, framed by the check page from another site ([`SSO_PROBE_PAGE`]).
    ProbeFrame,
}

impl AnswerKind {
    /// By the request's path, which the Router answers the same way whatever the request holds.
    pub fn of_path(path: &str) -> AnswerKind {
        let api = path == "/api" || path.starts_with("/api/") || path == "/healthz" || path == "/metrics";
        if api {
            AnswerKind::Api
        } else if path == SSO_PROBE_PAGE {
            AnswerKind::ProbeFrame
        } else {
            AnswerKind::Document
        }
    }
}

/// One kind's headers: `always` replaces what a handler set, `unless_set` fills in.
struct HeaderSet {
    always: Vec<(HeaderName, HeaderValue)>,
    unless_set: Vec<(HeaderName, HeaderValue)>,
}

/// What every response gets, by its kind.
pub struct ResponseHeaders {
    document: HeaderSet,
    api: HeaderSet,
    probe_frame: HeaderSet,
    redirect_targets: Vec<String>,
}

impl ResponseHeaders {
    pub fn for_config(config: &DeploymentConfig) -> Self {
        // Origins were validated with the config, so the configured policy is a valid header value.
        let csp = HeaderValue::from_str(&content_security_policy(config))
            .unwrap_or_else(|_| HeaderValue::from_static(FALLBACK_CSP));
        let fixed = |name: HeaderName, value: &'static str| (name, HeaderValue::from_static(value));
        let hsts = config.served_over_https().then(|| fixed(header::STRICT_TRANSPORT_SECURITY, HSTS));
        let document = HeaderSet {
            always: [
                (header::CONTENT_SECURITY_POLICY, csp),
                fixed(header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
                fixed(header::REFERRER_POLICY, "no-referrer"),
                fixed(header::X_FRAME_OPTIONS, "DENY"),
                fixed(HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
            ]
            .into_iter()
            .chain(hsts.clone())
            .collect(),
            unless_set: vec![fixed(CORP, "same-origin"), fixed(HeaderName::from_static("accept-ch"), CLIENT_HINTS)],
        };
        let api = HeaderSet {
            always: [
                fixed(header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
                fixed(header::CONTENT_SECURITY_POLICY, API_CSP),
                fixed(header::X_FRAME_OPTIONS, "DENY"),
            ]
            .into_iter()
            .chain(hsts.clone())
            .collect(),
            unless_set: vec![fixed(header::CACHE_CONTROL, "no-store"), fixed(CORP, "same-origin")],
        };
        let probe_csp = HeaderValue::from_str(&probe_page_policy(config))
            .unwrap_or_else(|_| HeaderValue::from_static(FALLBACK_CSP));
        let probe_frame = HeaderSet {
            always: [
                (header::CONTENT_SECURITY_POLICY, probe_csp),
                fixed(header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
                fixed(header::REFERRER_POLICY, "no-referrer"),
            ]
            .into_iter()
            .chain(hsts)
            .collect(),
            unless_set: vec![],
        };
        let redirect_targets = config.redirect_targets().into_iter().map(str::to_owned).collect();
        ResponseHeaders { document, api, probe_frame, redirect_targets }
    }

    /// A document's headers as text, for a host's own answers (the Workers entry's 500, which may
    /// answer a page or the API: a document's set covers both).
    pub fn as_text(&self) -> Vec<(String, String)> {
        let text = |(name, value): &(HeaderName, HeaderValue)| {
            (name.as_str().to_owned(), value.to_str().unwrap_or_default().to_owned())
        };
        self.document.always.iter().chain(&self.document.unless_set).map(text).collect()
    }

    fn finish(&self, kind: AnswerKind, response: Response) -> Response {
        let mut response = self.only_safe_locations(response);
        let set = match kind {
            AnswerKind::Document => &self.document,
            AnswerKind::Api => &self.api,
            AnswerKind::ProbeFrame => &self.probe_frame,
        };
        let headers = response.headers_mut();
        for (name, value) in &set.always {
            headers.insert(name, value.clone());
        }
        for (name, value) in &set.unless_set {
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

/// One layer for all the headers (`app` puts it in the one layer around every route).
pub fn layer(config: &DeploymentConfig) -> SecurityHeadersLayer {
    SecurityHeadersLayer(Arc::new(ResponseHeaders::for_config(config)))
}

/// The same around any Router.
#[cfg(test)]
pub fn apply<S: Clone + Send + Sync + 'static>(router: axum::Router<S>, config: &DeploymentConfig) -> axum::Router<S> {
    router.layer(layer(config))
}

/// Finishes each answer with its kind's headers; the kind is read from the request's path.
#[derive(Clone)]
pub struct SecurityHeadersLayer(Arc<ResponseHeaders>);

impl<S> tower::Layer<S> for SecurityHeadersLayer {
    type Service = SecurityHeaders<S>;

    fn layer(&self, inner: S) -> SecurityHeaders<S> {
        SecurityHeaders { inner, headers: self.0.clone() }
    }
}

#[derive(Clone)]
pub struct SecurityHeaders<S> {
    inner: S,
    headers: Arc<ResponseHeaders>,
}

impl<S, B> tower::Service<Request> for SecurityHeaders<S>
where
    S: tower::Service<Request, Response = axum::http::Response<B>>,
    B: HttpBody<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Finished<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let kind = AnswerKind::of_path(request.uri().path());
        Finished { answer: self.inner.call(request), headers: self.headers.clone(), kind }
    }
}

pin_project_lite::pin_project! {
    /// The inner service's answer, with its kind's headers once it is ready.
    pub struct Finished<F> {
        #[pin]
        answer: F,
        headers: Arc<ResponseHeaders>,
        kind: AnswerKind,
    }
}

impl<F, B, E> Future for Finished<F>
where
    F: Future<Output = Result<axum::http::Response<B>, E>>,
    B: HttpBody<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let answer = ready!(this.answer.poll(cx));
        Poll::Ready(answer.map(|response| this.headers.finish(*this.kind, response.map(Body::new))))
    }
}
