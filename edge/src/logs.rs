//! The native edge's logs: start-up lines (versions, config summary, listener, store) and one line
//! per request — method, route template, status, latency and access class. Human-readable by
//! default, JSON lines with `--log-format json`, on stderr (stdout's first line is the listener,
//! for scripts).
//!
//! What a line never holds: an address, a user agent, a cookie, a ticket, an agent ID, a report
//! code, a token. Requests are logged by their route *template* (`/api/reports/{code}`), never by
//! their path or query, and the client by its access class only. Workers logs through its own
//! platform (Logpush, `wrangler tail`), so none of this is in the Workers build.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::Method;
use axum::response::Response;
use preflight_core::channel::AccessClass;
use tower::{Layer, Service};

use crate::state::AppState;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One readable line per event.
    Human,
    /// One JSON object per line, for a log collector.
    Json,
}

pub mod line;

/// Sends the edge's events to stderr in `format`, at info level and above.
pub fn init(format: LogFormat) {
    let colours = std::io::IsTerminal::is_terminal(&std::io::stderr());
    if !(colours && format == LogFormat::Human) {
        line::set_plain_format(format);
    }
    let builder = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing::Level::INFO)
        .with_ansi(colours && format == LogFormat::Human);
    let installed = match format {
        LogFormat::Human => builder.with_target(false).try_init(),
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(false).try_init(),
    };
    // A second `init` (tests) keeps the first subscriber.
    drop(installed);
}

/// The route a request matched, carried out of the Router on the response (the request line is
/// written outside it, where the matched route is no longer known).
#[derive(Clone, Debug)]
pub struct RouteTemplate(pub MatchedPath);

/// Marks each response with the route template it came from: a `route_layer`, which runs once a
/// route has matched. Hand-written rather than `middleware::from_fn`, which boxes every answer's
/// future and clones the route it wraps on every request.
#[derive(Clone, Copy, Debug, Default)]
pub struct MarkRoute;

impl<S> Layer<S> for MarkRoute {
    type Service = MarkedRoute<S>;

    fn layer(&self, inner: S) -> MarkedRoute<S> {
        MarkedRoute { inner }
    }
}

#[derive(Clone, Debug)]
pub struct MarkedRoute<S> {
    inner: S,
}

impl<S: Service<Request, Response = Response>> Service<Request> for MarkedRoute<S> {
    type Response = Response;
    type Error = S::Error;
    type Future = Marked<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let matched = request.extensions().get::<MatchedPath>().cloned();
        Marked { answer: self.inner.call(request), matched }
    }
}

pin_project_lite::pin_project! {
    pub struct Marked<F> {
        #[pin]
        answer: F,
        matched: Option<MatchedPath>,
    }
}

impl<F: Future<Output = Result<Response, E>>, E> Future for Marked<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        let mut answer = ready!(this.answer.poll(cx));
        if let (Ok(response), Some(matched)) = (&mut answer, this.matched.take()) {
            response.extensions_mut().insert(RouteTemplate(matched));
        }
        Poll::Ready(answer)
    }
}

/// Writes the request line once the answer is ready (the body streams on afterwards), and counts
/// the request for `metrics`. The caller is classified here, once, and left in the request for the
/// handlers' `ClientAccess`.
#[derive(Clone)]
pub struct RequestLine(Arc<AppState>);

impl RequestLine {
    pub fn new(state: AppState) -> Self {
        RequestLine(Arc::new(state))
    }
}

impl<S> Layer<S> for RequestLine {
    type Service = RequestLineService<S>;

    fn layer(&self, inner: S) -> RequestLineService<S> {
        RequestLineService { inner, state: self.0.clone() }
    }
}

#[derive(Clone)]
pub struct RequestLineService<S> {
    inner: S,
    state: Arc<AppState>,
}

impl<S: Service<Request, Response = Response>> Service<Request> for RequestLineService<S> {
    type Response = Response;
    type Error = S::Error;
    type Future = Answered<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        let started = Instant::now();
        let access = crate::client::access_of_request(&mut request, &self.state).class;
        let method = request.method().clone();
        Answered { answer: self.inner.call(request), started, method, access }
    }
}

pin_project_lite::pin_project! {
    pub struct Answered<F> {
        #[pin]
        answer: F,
        started: Instant,
        method: Method,
        access: AccessClass,
    }
}

impl<F: Future<Output = Result<Response, E>>, E> Future for Answered<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        let answer = ready!(this.answer.poll(cx));
        if let Ok(response) = &answer {
            answered(response, this.method, *this.access, this.started.elapsed());
        }
        Poll::Ready(answer)
    }
}

fn answered(response: &Response, method: &Method, access: AccessClass, took: std::time::Duration) {
    let route = response.extensions().get::<RouteTemplate>().map(|RouteTemplate(matched)| matched);
    crate::metrics::prometheus::get().count_request(route, method, response.status(), access, took);
    let line = line::RequestLine {
        method: method.as_str(),
        route: route.map_or(STATIC_FILES, MatchedPath::as_str),
        status: response.status().as_u16(),
        latency_ms: (took.as_secs_f64() * 10_000.0).round() / 10.0,
        access: access.as_str(),
    };
    if !line::write(&line) {
        tracing::info!(
            target: "preflight_edge::request",
            method = line.method,
            route = line.route,
            status = line.status,
            latency_ms = line.latency_ms,
            access = line.access,
            "answered"
        );
    }
}

/// The route name of everything the Router answers by its fallbacks (static files, 404s), whose
/// paths are not logged.
pub const STATIC_FILES: &str = "(static files)";
