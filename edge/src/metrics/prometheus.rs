//! The native edge's counts in Prometheus' text format (`prometheus-client`), and `GET /metrics`:
//! answered only to the networks of `[networks] metrics_readers` or with the metrics token
//! (`PREFLIGHT_METRICS_TOKEN`, compared as `bearer` compares tokens), so nobody else learns the portal's traffic.

use std::sync::OnceLock;
use std::time::Duration;

use axum::extract::{MatchedPath, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use preflight_core::channel::AccessClass;
use preflight_core::finding::Code;
use preflight_core::rate_limits::Limit;
use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue, LabelValueEncoder};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::client::ClientAddress;
use crate::problem::Problem;
use crate::state::AppState;

/// Latency buckets: 0.25 ms to about 4 s, doubling.
const LATENCY_BUCKETS: (f64, f64, u16) = (0.000_25, 2.0, 15);

/// A route template as a label: the matched route (shared with the request, not copied: counting
/// a request allocates nothing), or the fallbacks' fixed name.
#[derive(Clone, Debug)]
enum RouteLabel {
    Matched(MatchedPath),
    StaticFiles,
}

impl RouteLabel {
    fn as_str(&self) -> &str {
        match self {
            RouteLabel::Matched(matched) => matched.as_str(),
            RouteLabel::StaticFiles => crate::logs::STATIC_FILES,
        }
    }
}

impl PartialEq for RouteLabel {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for RouteLabel {}

impl std::hash::Hash for RouteLabel {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl EncodeLabelValue for RouteLabel {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> Result<(), std::fmt::Error> {
        std::fmt::Write::write_str(encoder, self.as_str())
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: RouteLabel,
    method: &'static str,
    status: &'static str,
    access: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: RouteLabel,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct FindingLabels {
    code: &'static str,
    access: &'static str,
}

/// A spike's finding code, scope kind (`site` or `access`) and the site's id or the access class:
/// the config's sites and core's classes, bounded.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SpikeLabels {
    code: &'static str,
    scope: &'static str,
    group: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct LimitLabels {
    limit: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct BuildLabels {
    version: &'static str,
}

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    findings: Family<FindingLabels, Counter>,
    refusals: Family<LimitLabels, Counter>,
    spikes: Family<SpikeLabels, Counter>,
    reports_stored: Counter,
    reports_purged: Counter,
    store_reports: Gauge,
    store_bytes: Gauge,
}

fn latency_histogram() -> Histogram {
    let (start, factor, count) = LATENCY_BUCKETS;
    Histogram::new(exponential_buckets(start, factor, count))
}

impl Metrics {
    fn new() -> Metrics {
        let mut registry = Registry::with_prefix("preflight");
        let metrics = Metrics {
            requests: Family::default(),
            latency: Family::new_with_constructor(latency_histogram),
            findings: Family::default(),
            refusals: Family::default(),
            spikes: Family::default(),
            reports_stored: Counter::default(),
            reports_purged: Counter::default(),
            store_reports: Gauge::default(),
            store_bytes: Gauge::default(),
            registry: Registry::default(),
        };
        registry.register(
            "requests",
            "Requests answered, by route template, method, status class and access class",
            metrics.requests.clone(),
        );
        registry.register("request_duration_seconds", "Time to answer, by route template", metrics.latency.clone());
        registry.register(
            "findings",
            "Findings concluded by checks, by code and access class",
            metrics.findings.clone(),
        );
        registry.register("rate_limited", "Requests refused by a per-client limit, by limit", metrics.refusals.clone());
        registry.register(
            "friction_spikes",
            "Spikes of a failing finding's hourly share at a site or on an access mode, by code, scope and group",
            metrics.spikes.clone(),
        );
        registry.register("reports_stored", "Helpdesk reports stored", metrics.reports_stored.clone());
        registry.register("reports_purged", "Expired helpdesk reports deleted", metrics.reports_purged.clone());
        registry.register(
            "report_store_reports",
            "Live reports in the store, at the last scrape",
            metrics.store_reports.clone(),
        );
        registry.register(
            "report_store_bytes",
            "Bytes of live reports in the store, at the last scrape",
            metrics.store_bytes.clone(),
        );
        let build = Family::<BuildLabels, Gauge>::default();
        build.get_or_create(&BuildLabels { version: env!("CARGO_PKG_VERSION") }).set(1);
        registry.register("build_info", "The edge's version (always 1)", build);
        Metrics { registry, ..metrics }
    }

    /// One request answered: `route` is the template it matched, `None` for the fallbacks.
    pub fn count_request(
        &self,
        route: Option<&MatchedPath>,
        method: &axum::http::Method,
        status: StatusCode,
        access: AccessClass,
        took: Duration,
    ) {
        let route = route.map_or(RouteLabel::StaticFiles, |matched| RouteLabel::Matched(matched.clone()));
        self.latency.get_or_create(&RouteLabels { route: route.clone() }).observe(took.as_secs_f64());
        let labels = RequestLabels {
            route,
            method: method_label(method),
            status: status_class(status),
            access: access.as_str(),
        };
        self.requests.get_or_create(&labels).inc();
    }

    pub fn count_finding(&self, code: Code, access: AccessClass) {
        self.findings.get_or_create(&FindingLabels { code: code.as_str(), access: access.as_str() }).inc();
    }

    pub fn count_refusal(&self, limit: Limit) {
        self.refusals.get_or_create(&LimitLabels { limit: limit.as_str() }).inc();
    }

    pub fn count_spike(&self, spike: &preflight_core::statistics::spikes::Spike) {
        let (scope, group) = spike.scope.labels();
        self.spikes.get_or_create(&SpikeLabels { code: spike.code.as_str(), scope, group: group.to_owned() }).inc();
    }

    pub fn count_stored_report(&self) {
        self.reports_stored.inc();
    }

    pub fn count_purged_reports(&self, n: u64) {
        self.reports_purged.inc_by(n);
    }

    /// The text exposition, with the store's size as of now.
    fn render(&self, store_usage: Option<(u64, u64)>) -> String {
        if let Some((reports, bytes)) = store_usage {
            self.store_reports.set(i64::try_from(reports).unwrap_or(i64::MAX));
            self.store_bytes.set(i64::try_from(bytes).unwrap_or(i64::MAX));
        }
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}

/// The process's counts.
pub fn get() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(Metrics::new)
}

/// A method among the few the edge answers, so the label stays bounded.
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

fn status_class(status: StatusCode) -> &'static str {
    match status.as_u16() {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    }
}

/// `GET /metrics`: for the configured networks, or with the metrics token; a 404 for anyone else
/// (nothing tells them the endpoint exists).
pub async fn handler(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
) -> Response {
    let from_reader = state.config.may_read_metrics(address);
    if !from_reader && !crate::bearer::header_matches(&headers, state.metrics_token.as_deref()) {
        return Problem::new(StatusCode::NOT_FOUND, "No such endpoint.").into_response();
    }
    let usage = state.reports.usage(state.now()).await.ok().flatten();
    let content_type = HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8");
    (
        [(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        get().render(usage),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_stay_bounded() {
        assert_eq!(method_label(&axum::http::Method::from_bytes(b"PROPFIND").unwrap()), "other");
        assert_eq!(status_class(StatusCode::TOO_MANY_REQUESTS), "4xx");
        assert_eq!(status_class(StatusCode::from_u16(599).unwrap()), "5xx");
    }

    #[test]
    fn the_exposition_names_every_family_and_the_build() {
        let metrics = Metrics::new();
        metrics.count_request(
            None,
            &axum::http::Method::GET,
            StatusCode::OK,
            AccessClass::Vpn,
            Duration::from_millis(2),
        );
        metrics.count_finding(Code::ClkSkew, AccessClass::Internet);
        metrics.count_refusal(Limit::ReportUploads);
        let text = metrics.render(Some((3, 4096)));
        for expected in [
            "preflight_requests_total{route=\"(static files)\",method=\"GET\",status=\"2xx\",access=\"vpn\"} 1",
            "preflight_request_duration_seconds_bucket{le=\"0.004\",route=\"(static files)\"} 1",
            "preflight_findings_total{code=\"CLK-SKEW\",access=\"internet\"} 1",
            "preflight_rate_limited_total{limit=\"report_uploads\"} 1",
            "preflight_report_store_reports 3",
            "preflight_build_info{version=\"",
        ] {
            assert!(text.contains(expected), "{expected} missing from:\n{text}");
        }
    }
}
