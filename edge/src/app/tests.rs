//! Router tests: the Router is called as a tower Service, no socket.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use axum::response::Response;
use http_body_util::BodyExt;
use preflight_core::config::{CITY_PORTAL_EXAMPLE, DeploymentConfig};
use preflight_core::protocol::{PROTOCOL_VERSION, TimeProbeResponse};
use tower::ServiceExt;

use super::*;

const FIXED_NOW_MS: f64 = 1_764_086_400_123.456;

struct Fixture {
    _www: tempfile::TempDir,
    router: Router,
}

fn fixture() -> Fixture {
    let www = tempfile::tempdir().unwrap();
    std::fs::write(www.path().join("index.html"), "<!doctype html><title>login</title>").unwrap();
    std::fs::create_dir(www.path().join("pkg")).unwrap();
    std::fs::write(www.path().join("pkg/preflight_widget_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(www.path().join("preflight-check.js"), "export {};").unwrap();
    let config = DeploymentConfig::parse(CITY_PORTAL_EXAMPLE).unwrap();
    let mut state = AppState::new(config, www.path().to_owned());
    state.now_ms = || FIXED_NOW_MS;
    Fixture { router: app(state), _www: www }
}

async fn call(request: Request<Body>) -> Response {
    fixture().router.oneshot(request).await.unwrap()
}

async fn get(uri: &str) -> Response {
    call(Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn body_text(response: Response) -> String {
    String::from_utf8(response.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
}

fn header_of<'a>(response: &'a Response, name: &str) -> &'a str {
    response.headers().get(name).map(|v| v.to_str().unwrap()).unwrap_or("")
}

async fn assert_problem(response: Response, status: StatusCode) -> serde_json::Value {
    assert_eq!(response.status(), status);
    assert_eq!(header_of(&response, "content-type"), "application/problem+json");
    let problem: serde_json::Value = serde_json::from_str(&body_text(response).await).unwrap();
    assert_eq!(problem["status"], status.as_u16());
    assert!(problem["detail"].as_str().is_some_and(|d| !d.is_empty()));
    problem
}

#[tokio::test]
async fn time_probe_returns_edge_timestamps_uncached() {
    let response = get("/api/time").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header_of(&response, "cache-control"), "no-store");
    assert_eq!(header_of(&response, "content-type"), "application/json");
    let body: TimeProbeResponse = serde_json::from_str(&body_text(response).await).unwrap();
    assert_eq!(body, TimeProbeResponse { v: PROTOCOL_VERSION, t1: FIXED_NOW_MS, t2: FIXED_NOW_MS });
}

#[tokio::test]
async fn time_probe_with_query_junk_is_a_clear_problem() {
    let problem = assert_problem(get("/api/time?x=%ff%00&&==").await, StatusCode::BAD_REQUEST).await;
    assert!(problem["detail"].as_str().unwrap().contains("GET /api/time"));
}

#[tokio::test]
async fn time_probe_with_wrong_method_is_405_problem() {
    for method in ["POST", "PUT", "DELETE"] {
        let response = call(Request::builder().method(method).uri("/api/time").body(Body::empty()).unwrap()).await;
        assert_problem(response, StatusCode::METHOD_NOT_ALLOWED).await;
    }
}

#[tokio::test]
async fn unknown_api_paths_are_404_problems() {
    assert_problem(get("/api/nope").await, StatusCode::NOT_FOUND).await;
    assert_problem(get("/api/time/extra").await, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn unknown_pages_get_a_404_page_not_a_trace() {
    let response = get("/does/not/exist.html").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(header_of(&response, "content-type").starts_with("text/html"));
    let body = body_text(response).await;
    assert!(body.contains("Page introuvable") && body.contains("not exist"));
    assert!(body.contains("href=\"/\""));
}

#[tokio::test]
async fn path_traversal_does_not_leave_www() {
    let response = get("/../Cargo.toml").await;
    assert_ne!(response.status(), StatusCode::OK);
    let response = get("/pkg/..%2f..%2fCargo.toml").await;
    assert_ne!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn pages_and_wasm_are_served_with_their_content_types() {
    let index = get("/").await;
    assert_eq!(index.status(), StatusCode::OK);
    assert!(header_of(&index, "content-type").starts_with("text/html"));
    let wasm = get("/pkg/preflight_widget_bg.wasm").await;
    assert_eq!(wasm.status(), StatusCode::OK);
    assert_eq!(header_of(&wasm, "content-type"), "application/wasm");
    let js = get("/preflight-check.js").await;
    assert!(header_of(&js, "content-type").contains("javascript"));
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    for uri in ["/", "/api/time", "/nope", "/healthz"] {
        let response = get(uri).await;
        let csp = header_of(&response, "content-security-policy");
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"), "{uri}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{uri}: {csp}");
        assert_eq!(header_of(&response, "x-content-type-options"), "nosniff", "{uri}");
        assert_eq!(header_of(&response, "referrer-policy"), "no-referrer", "{uri}");
    }
}

#[tokio::test]
async fn healthz_reports_versions() {
    let response = get("/healthz").await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: serde_json::Value = serde_json::from_str(&body_text(response).await).unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["portal_version"], "2026.11.1");
}

fn form(body: &str) -> Request<Body> {
    Request::post("/demo/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

#[tokio::test]
async fn demo_login_proceeds_without_echoing_credentials() {
    let response = call(form("agent_id=A12345&password=s3cret-Passw0rd")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = body_text(response).await;
    assert!(body.contains("demo-login-result"));
    assert!(!body.contains("s3cret-Passw0rd") && !body.contains("A12345"));
}

#[tokio::test]
async fn demo_login_with_missing_fields_says_what_to_enter() {
    for body in ["agent_id=A1", "agent_id=&password=x", "garbage"] {
        let response = call(form(body)).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body_text(response).await.contains("agent ID"));
    }
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let huge = format!("agent_id=a&password={}", "x".repeat(MAX_BODY_BYTES + 1));
    let response = call(form(&huge)).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(!body_text(response).await.contains("xxxx"));
}

#[tokio::test]
async fn cors_is_granted_only_to_configured_origins() {
    let config = DeploymentConfig::parse(
        "[portal]\nname = \"p\"\nversion = \"1\"\n[edge]\ncors_origins = [\"https://portail.example.fr\"]\n",
    )
    .unwrap();
    let fx = fixture();
    let router = app(AppState::new(config, fx._www.path().to_owned()));
    let ask =
        |origin: &'static str| Request::get("/api/time").header(header::ORIGIN, origin).body(Body::empty()).unwrap();
    let allowed = router.clone().oneshot(ask("https://portail.example.fr")).await.unwrap();
    assert_eq!(header_of(&allowed, "access-control-allow-origin"), "https://portail.example.fr");
    let other = router.oneshot(ask("https://evil.example")).await.unwrap();
    assert_eq!(header_of(&other, "access-control-allow-origin"), "");
}
