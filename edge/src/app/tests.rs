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
async fn demo_login_goes_home_with_a_session_cookie_without_echoing_credentials() {
    let response = call(form("agent_id=A12345&password=s3cret-Passw0rd")).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(header_of(&response, "location"), "/home.html");
    let cookie = header_of(&response, "set-cookie").to_owned();
    assert!(cookie.starts_with("demo_session=") && cookie.contains("HttpOnly"), "{cookie}");
    let body = body_text(response).await;
    for secret in ["s3cret-Passw0rd", "A12345"] {
        assert!(!body.contains(secret) && !cookie.contains(secret));
    }
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

fn router_with(config_text: &str, www: &std::path::Path) -> Router {
    app(AppState::new(DeploymentConfig::parse(config_text).unwrap(), www.to_owned()))
}

const SHARED_CONFIG: &str = "[portal]\nname = \"p\"\nversion = \"1\"\n[shared_workstation]\n\
    networks = [\"10.42.0.0/24\"]\npublic_wifi_networks = [\"192.0.2.0/24\"]\nidle_minutes = 3\n\
    countdown_seconds = 20\nlogout_url = \"https://idp.example.fr/logout?client=portal\"\n";

#[tokio::test]
async fn logout_wipes_the_origin_and_goes_to_the_configured_logout_url() {
    let response = get("/logout").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(header_of(&response, "clear-site-data"), r#""cache", "cookies", "storage""#);
    assert_eq!(header_of(&response, "location"), "/logged-out");
    assert_eq!(header_of(&response, "cache-control"), "no-store");
}

#[tokio::test]
async fn logout_never_redirects_where_the_request_says() {
    let fx = fixture();
    let router = router_with(SHARED_CONFIG, fx._www.path());
    for payload in [
        "/logout?next=https://evil.example",
        "/logout?next=//evil.example",
        "/logout?next=%2F%2Fevil.example",
        "/logout?next=/%5Cevil.example",
        "/logout?next=https:%2F%2Fevil.example&next=/ok",
        "/logout?redirect_uri=https://evil.example&post_logout_redirect_uri=https://evil.example",
        "/logout?url=javascript:alert(1)",
        "/logout/https://evil.example",
        "/logout?%ff%00",
    ] {
        let response = router.clone().oneshot(Request::get(payload).body(Body::empty()).unwrap()).await.unwrap();
        if response.status() == StatusCode::SEE_OTHER {
            assert_eq!(header_of(&response, "location"), "https://idp.example.fr/logout?client=portal", "{payload}");
            assert!(!header_of(&response, "clear-site-data").is_empty(), "{payload}");
        } else {
            assert!(!response.headers().contains_key("location"), "{payload}");
        }
    }
}

#[tokio::test]
async fn session_hints_know_shared_workstations_and_public_wifi_by_peer_address() {
    let fx = fixture();
    let router = router_with(SHARED_CONFIG, fx._www.path());
    let hints = |peer: Option<&str>| {
        let mut request = Request::get("/api/session-hints").body(Body::empty()).unwrap();
        if let Some(peer) = peer {
            let addr: std::net::SocketAddr = format!("{peer}:50000").parse().unwrap();
            request.extensions_mut().insert(axum::extract::ConnectInfo(addr));
        }
        let router = router.clone();
        async move {
            let response = router.oneshot(request).await.unwrap();
            assert_eq!(header_of(&response, "cache-control"), "no-store");
            serde_json::from_str::<serde_json::Value>(&body_text(response).await).unwrap()
        }
    };
    let kiosk = hints(Some("10.42.0.5")).await;
    assert_eq!(
        kiosk,
        serde_json::json!({"v": 1, "shared_workstation": true, "public_network_hint": false,
            "idle_minutes": 3, "countdown_seconds": 20})
    );
    let wifi = hints(Some("192.0.2.77")).await;
    assert_eq!(
        (wifi["shared_workstation"].as_bool(), wifi["public_network_hint"].as_bool()),
        (Some(false), Some(true))
    );
    for peer in [Some("127.0.0.1"), None] {
        let quiet = hints(peer).await;
        assert_eq!(
            (quiet["shared_workstation"].as_bool(), quiet["public_network_hint"].as_bool()),
            (Some(false), Some(false))
        );
    }
}

#[tokio::test]
async fn the_logged_out_page_lists_what_was_wiped_and_how_to_remove_a_saved_password() {
    let page_for = |ua: &'static str| async move {
        let response =
            call(Request::get("/logged-out").header(header::USER_AGENT, ua).body(Body::empty()).unwrap()).await;
        assert_eq!(response.status(), StatusCode::OK);
        body_text(response).await
    };
    let firefox = page_for("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0").await;
    assert!(firefox.contains("Vous êtes déconnecté") && firefox.contains("You are logged out"));
    assert_eq!(firefox.matches("<li>").count(), preflight_core::logout::CLEARED.len());
    assert!(firefox.contains("Fermez maintenant toutes les fenêtres du navigateur"));
    assert!(firefox.contains("Dans Firefox") && firefox.contains("Privacy &amp; Security"), "{firefox}");
    let chrome = page_for(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    )
    .await;
    assert!(chrome.contains("Dans Chrome") && !chrome.contains("Dans Firefox"));
}
