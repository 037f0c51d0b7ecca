//! The canary through the Router: the beacon, foreign `Origin`s on checks, probes and widget files,
//! what is never counted, and the alerts' once-an-hour rule.

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use preflight_core::canary::CloneAlert;
use preflight_core::config::{CITY_PORTAL_EXAMPLE, DeploymentConfig};
use tower::ServiceExt;

use super::AlertSink;
use crate::state::AppState;

#[derive(Default)]
struct Collected(Mutex<Vec<CloneAlert>>);

impl AlertSink for Arc<Collected> {
    fn send(&self, alert: CloneAlert) {
        self.0.lock().unwrap().push(alert);
    }
}

struct Fixture {
    _www: tempfile::TempDir,
    state: AppState,
    alerts: Arc<Collected>,
}

/// The example config (portal origin `http://127.0.0.1`), its SSO probe on `http://localhost`.
fn fixture(config_text: &str) -> Fixture {
    let www = tempfile::tempdir().unwrap();
    std::fs::create_dir(www.path().join("pkg")).unwrap();
    std::fs::write(www.path().join("pkg/preflight_widget_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let config = DeploymentConfig::parse(config_text).unwrap();
    let alerts = Arc::new(Collected::default());
    let state = AppState::new(config, www.path().to_owned()).with_alerts(Arc::new(alerts.clone()));
    Fixture { _www: www, state, alerts }
}

fn example_with_probe() -> String {
    CITY_PORTAL_EXAMPLE
        .replace("# probe_origin = \"https://sso-probe.example.net\"", "probe_origin = \"http://localhost:8080\"")
}

impl Fixture {
    async fn send(&self, request: Request<Body>) -> StatusCode {
        crate::app(self.state.clone()).oneshot(request).await.unwrap().status()
    }

    async fn beacon(&self, origin: Option<&str>, body: &str) -> StatusCode {
        let mut request = Request::post("/api/canary").header(header::CONTENT_TYPE, "text/plain;charset=UTF-8");
        if let Some(origin) = origin {
            request = request.header(header::ORIGIN, origin);
        }
        self.send(request.body(Body::from(body.to_owned())).unwrap()).await
    }

    fn seen(&self) -> Vec<(String, u64)> {
        self.state.canary.sightings().into_iter().map(|s| (s.origin, s.count)).collect()
    }
}

#[tokio::test]
async fn a_clone_s_beacon_is_recorded_and_the_security_team_told_once() {
    let f = fixture(CITY_PORTAL_EXAMPLE);
    let clone = "https://portail-ville.example";
    assert_eq!(f.beacon(Some(clone), clone).await, StatusCode::NO_CONTENT);
    assert_eq!(f.beacon(Some(clone), clone).await, StatusCode::NO_CONTENT);
    assert_eq!(f.seen(), [(clone.to_owned(), 2)]);
    let alerts = f.alerts.0.lock().unwrap().clone();
    assert_eq!(alerts.len(), 1, "at most once per origin per hour");
    assert_eq!((alerts[0].origin.as_str(), alerts[0].event.as_str()), (clone, "phishing-clone"));
}

#[tokio::test]
async fn the_browser_s_origin_beats_the_body_and_the_portal_is_no_clone() {
    let f = fixture(CITY_PORTAL_EXAMPLE);
    // A portal page cannot make the edge record another origin by naming it.
    assert_eq!(f.beacon(Some("http://127.0.0.1:8080"), "https://victim.example").await, StatusCode::NO_CONTENT);
    assert_eq!(f.seen(), []);
    // Without an `Origin` (not a browser's beacon), the body is the origin.
    assert_eq!(f.beacon(None, "https://copy.example").await, StatusCode::NO_CONTENT);
    assert_eq!(f.seen(), [("https://copy.example".to_owned(), 1)]);
}

#[tokio::test]
async fn a_beacon_that_is_no_origin_is_a_clear_problem() {
    let f = fixture(CITY_PORTAL_EXAMPLE);
    for body in ["", "not an origin", "https://a.example/path", "javascript:alert(1)"] {
        assert_eq!(f.beacon(None, body).await, StatusCode::BAD_REQUEST, "{body:?}");
    }
    let long = format!("https://{}.example", "a".repeat(400));
    assert_eq!(f.beacon(None, &long).await, StatusCode::PAYLOAD_TOO_LARGE);
    let request = Request::post("/api/canary").body(Body::from("x".repeat(100_000))).unwrap();
    let response = crate::app(f.state.clone()).oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/problem+json");
    assert_eq!(f.seen(), []);
}

#[tokio::test]
async fn foreign_origins_on_checks_probes_and_widget_files_are_clones_the_edge_s_own_names_are_not() {
    let f = fixture(&example_with_probe());
    let from =
        |path: &str, origin: &str| Request::get(path).header(header::ORIGIN, origin).body(Body::empty()).unwrap();
    f.send(from("/api/time", "https://copy-one.example")).await;
    f.send(from("/pkg/preflight_widget_bg.wasm", "https://copy-two.example")).await;
    let check = Request::post("/api/check")
        .header(header::ORIGIN, "https://copy-three.example")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .unwrap();
    f.send(check).await;
    // The SSO probe (this edge's other name), the portal itself, and pages the canary ignores.
    f.send(from("/api/time", "http://localhost:8080")).await;
    f.send(from("/api/time", "http://127.0.0.1:9999")).await;
    f.send(from("/api/route?intent=password-reset", "https://copy-four.example")).await;
    let mut seen: Vec<String> = f.seen().into_iter().map(|(origin, _)| origin).collect();
    seen.sort();
    assert_eq!(seen, ["https://copy-one.example", "https://copy-three.example", "https://copy-two.example"]);
}

#[tokio::test]
async fn without_portal_origins_the_canary_is_off() {
    let f = fixture(&CITY_PORTAL_EXAMPLE.replace("origins = [\"http://127.0.0.1:8080\"]", "origins = []"));
    assert!(!f.state.canary.is_on());
    assert_eq!(f.beacon(Some("https://copy.example"), "https://copy.example").await, StatusCode::NO_CONTENT);
    assert_eq!(f.seen(), []);
    assert!(f.alerts.0.lock().unwrap().is_empty());
}

#[tokio::test]
async fn sightings_recorded_before_the_store_is_read_are_kept() {
    let f = fixture(CITY_PORTAL_EXAMPLE);
    f.beacon(None, "https://copy.example").await;
    let at = preflight_core::time::UnixMs::from_millis;
    let stored = preflight_core::canary::CloneSighting {
        origin: "https://copy.example".to_owned(),
        first_seen: at(1),
        last_seen: at(2),
        count: 5,
        alerted: None,
    };
    f.state.canary.restore(vec![stored]);
    assert_eq!(f.seen(), [("https://copy.example".to_owned(), 6)]);
    assert!(f.state.canary.changed().is_some(), "the merged rows are written back");
}

#[test]
fn queued_alerts_are_bounded_and_taken_once() {
    let queue = Arc::new(super::AlertQueue::default());
    let at = preflight_core::time::UnixMs::from_millis(1);
    let config = DeploymentConfig::parse(CITY_PORTAL_EXAMPLE).unwrap();
    for i in 0..super::MAX_QUEUED_ALERTS + 3 {
        let sighting = preflight_core::canary::CloneSighting {
            origin: format!("https://copy-{i}.example"),
            first_seen: at,
            last_seen: at,
            count: 1,
            alerted: Some(at),
        };
        queue.send(CloneAlert::of(&config, &sighting));
    }
    let taken = queue.take();
    assert_eq!(taken.len(), super::MAX_QUEUED_ALERTS);
    assert_eq!(taken[0].origin, "https://copy-0.example", "in the order they came");
    assert!(queue.take().is_empty());
}
