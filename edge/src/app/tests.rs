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
    // What `cargo xtask build` writes beside it (the bytes need not be real brotli here).
    std::fs::write(www.path().join("pkg/preflight_widget_bg.wasm.br"), b"brotli bytes").unwrap();
    std::fs::write(www.path().join("preflight-check.js"), "export {};").unwrap();
    std::fs::write(www.path().join("preflight-check.js.br"), b"brotli module").unwrap();
    let config = DeploymentConfig::parse(CITY_PORTAL_EXAMPLE).unwrap();
    let mut state = AppState::new(config, www.path().to_owned());
    state.clock = || FIXED_NOW_MS;
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
    assert_problem(get("/api/a/b/c").await, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn unknown_pages_get_a_404_page_not_a_trace() {
    let response = get("/does/not/exist.html").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(header_of(&response, "content-type").starts_with("text/html"));
    let body = body_text(response).await;
    assert!(body.contains("<html lang=\"fr\">") && body.contains("Page introuvable"), "{body}");
    assert!(body.contains("href=\"/\""));
}

/// Every page the edge writes speaks the reader's language: `Accept-Language`, else `?lang=`, else French.
#[tokio::test]
async fn pages_speak_the_reader_s_language() {
    let page = |uri: &'static str, accept_language: Option<&'static str>| async move {
        let mut request = Request::get(uri);
        if let Some(value) = accept_language {
            request = request.header(header::ACCEPT_LANGUAGE, value);
        }
        let response = call(request.body(Body::empty()).unwrap()).await;
        assert_eq!(header_of(&response, "vary"), "Accept-Language", "{uri}");
        let language = header_of(&response, "content-language").to_owned();
        (language, body_text(response).await)
    };
    let (language, english) = page("/nope", Some("en-GB,en;q=0.9,fr;q=0.5")).await;
    assert_eq!(language, "en");
    assert!(english.contains("<html lang=\"en\">") && english.contains("Page not found"), "{english}");
    assert!(!english.contains("introuvable"), "no French on an English page: {english}");
    let (language, french) = page("/nope", Some("fr-FR,fr;q=0.9,en;q=0.8")).await;
    assert_eq!(language, "fr");
    assert!(french.contains("<html lang=\"fr\">") && french.contains("Page introuvable"), "{french}");
    assert!(!french.contains("not found"), "no English on a French page: {french}");
    let (_, chosen) = page("/logged-out?lang=en", Some("fr")).await;
    assert!(chosen.contains("<html lang=\"en\">") && chosen.contains("You are logged out"), "{chosen}");
    let (_, confirm) = page("/logout", Some("en")).await;
    assert!(confirm.contains("<html lang=\"en\">") && confirm.contains("Log out and wipe"), "{confirm}");
    // The one French passage is the footer's link to the French page, marked as French.
    assert_eq!(confirm.matches(" lang=\"fr\"").count(), 1, "{confirm}");
    assert!(confirm.contains("<a href=\"?lang=fr\" lang=\"fr\" hreflang=\"fr\">Français</a>"), "{confirm}");
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

/// Headers only a document uses: an API answer that grows one of them fails here.
const DOCUMENT_ONLY: [&str; 4] = ["referrer-policy", "cross-origin-opener-policy", "accept-ch", "vary"];

#[tokio::test]
async fn the_widget_goes_out_precompressed_to_browsers_that_accept_it() {
    let request = |encodings: &str| {
        let request = Request::get("/pkg/preflight_widget_bg.wasm").header(header::ACCEPT_ENCODING, encodings);
        request.body(Body::empty()).unwrap()
    };
    let compressed = call(request("gzip, deflate, br, zstd")).await;
    assert_eq!(header_of(&compressed, "content-encoding"), "br");
    assert_eq!(header_of(&compressed, "content-type"), "application/wasm", "streaming compilation needs it");
    let vary: Vec<_> =
        compressed.headers().get_all("vary").iter().map(|v| v.to_str().unwrap().to_ascii_lowercase()).collect();
    assert!(vary.iter().any(|v| v.contains("accept-encoding")), "{vary:?}");
    assert_eq!(body_text(compressed).await, "brotli bytes");
    // The element's module too, which every login downloads.
    let module = Request::get("/preflight-check.js").header(header::ACCEPT_ENCODING, "br").body(Body::empty());
    let module = call(module.unwrap()).await;
    assert_eq!(header_of(&module, "content-encoding"), "br");
    assert_eq!(body_text(module).await, "brotli module");
    // No `.gz` sibling, and gzip only accepted: the file as it is.
    let plain = call(request("gzip")).await;
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(header_of(&plain, "content-type"), "application/wasm");
}

/// Pages, the widget's files and the 404 page keep every header a document needs.
#[tokio::test]
async fn documents_carry_every_security_header() {
    for uri in ["/", "/nope", "/logged-out", "/preflight-check.js", "/pkg/preflight_widget_bg.wasm"] {
        let response = get(uri).await;
        let csp = header_of(&response, "content-security-policy");
        assert!(csp.contains("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"), "{uri}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"), "{uri}: {csp}");
        assert_eq!(header_of(&response, "x-content-type-options"), "nosniff", "{uri}");
        assert_eq!(header_of(&response, "referrer-policy"), "no-referrer", "{uri}");
        assert_eq!(header_of(&response, "x-frame-options"), "DENY", "{uri}");
        assert!(header_of(&response, "accept-ch").contains("Sec-CH-UA-Platform-Version"), "{uri}");
        assert_eq!(header_of(&response, "cross-origin-opener-policy"), "same-origin", "{uri}");
        assert_eq!(header_of(&response, "cross-origin-resource-policy"), "same-origin", "{uri}");
        assert_eq!(header_of(&response, "strict-transport-security"), "", "{uri}: plain HTTP has no HSTS");
    }
}

/// An API answer carries what an API needs (OWASP's REST Security Cheat Sheet), none of a
/// document's headers; answers, problems and empty answers alike.
#[tokio::test]
async fn api_answers_carry_only_what_an_api_needs() {
    let clear_cache = Request::post("/api/clear-cache").body(Body::empty()).unwrap();
    let answers = [
        ("/api/time", get("/api/time").await),
        ("/api/intents", get("/api/intents").await),
        ("/api/time?x=1 (problem)", get("/api/time?x=1").await),
        ("/api/nope (problem)", get("/api/nope").await),
        ("/api (problem)", get("/api").await),
        ("/healthz", get("/healthz").await),
        ("/api/clear-cache (204)", call(clear_cache).await),
    ];
    for (uri, response) in answers {
        assert_eq!(header_of(&response, "x-content-type-options"), "nosniff", "{uri}");
        assert_eq!(header_of(&response, "content-security-policy"), "frame-ancestors 'none'", "{uri}");
        assert_eq!(header_of(&response, "x-frame-options"), "DENY", "{uri}");
        assert_eq!(header_of(&response, "cache-control"), "no-store", "{uri}");
        assert_eq!(header_of(&response, "cross-origin-resource-policy"), "same-origin", "{uri}");
        for name in DOCUMENT_ONLY {
            assert!(response.headers().get(name).is_none(), "{uri} carries the document header {name}");
        }
    }
    // The time probe's whole set, as the bench's nginx reference serves it.
    let time = get("/api/time").await;
    let mut names: Vec<&str> = time.headers().keys().map(|name| name.as_str()).collect();
    names.sort_unstable();
    let expected = [
        "cache-control",
        "content-length",
        "content-security-policy",
        "content-type",
        "cross-origin-resource-policy",
        "x-content-type-options",
        "x-frame-options",
    ];
    assert_eq!(names, expected);
}

/// Over HTTPS both kinds carry HSTS; with portal origins listed, an API answer varies on `Origin`
/// alone, and a page still varies on nothing CORS adds.
#[tokio::test]
async fn hsts_on_every_kind_and_vary_only_on_what_an_answer_varies_on() {
    let fx = fixture();
    let config = "[portal]\nname = \"p\"\nversion = \"1\"\n[edge]\npublic_url = \"https://edge.example.fr\"\n\
        cors_origins = [\"https://portail.example.fr\"]\n";
    let router = router_with(config, fx._www.path());
    for uri in ["/", "/api/time", "/api/nope", "/healthz"] {
        let request = Request::get(uri).header(header::ORIGIN, "https://portail.example.fr").body(Body::empty());
        let response = router.clone().oneshot(request.unwrap()).await.unwrap();
        assert_eq!(header_of(&response, "strict-transport-security"), crate::security_headers::HSTS, "{uri}");
        let vary: Vec<&str> = response.headers().get_all("vary").iter().map(|v| v.to_str().unwrap()).collect();
        let expected: &[&str] = if uri.starts_with("/api/") { &["origin"] } else { &[] };
        assert_eq!(vary, expected, "{uri}");
    }
}

/// What the Workers entry puts on its own 500 (when the wasm instance aborts): the same set.
#[test]
fn a_host_s_own_answers_get_the_same_headers() {
    let config = DeploymentConfig::parse(CITY_PORTAL_EXAMPLE).unwrap();
    let headers: std::collections::HashMap<String, String> =
        crate::ResponseHeaders::for_config(&config).as_text().into_iter().collect();
    for name in [
        "content-security-policy",
        "x-content-type-options",
        "referrer-policy",
        "x-frame-options",
        "cross-origin-opener-policy",
        "cross-origin-resource-policy",
    ] {
        assert!(headers.get(name).is_some_and(|v| !v.is_empty()), "{name} in {headers:?}");
    }
    let https = DeploymentConfig::parse(
        &CITY_PORTAL_EXAMPLE
            .replace("cors_origins = []", "cors_origins = []\npublic_url = \"https://edge.example.fr\""),
    )
    .unwrap();
    let text = crate::ResponseHeaders::for_config(&https).as_text();
    assert!(
        text.iter().any(|(name, value)| name == "strict-transport-security" && value == crate::security_headers::HSTS)
    );
}

#[tokio::test]
async fn the_widget_s_files_stay_loadable_by_listed_portal_origins() {
    let fx = fixture();
    let listed = "[portal]\nname = \"p\"\nversion = \"1\"\n[edge]\ncors_origins = [\"https://portail.example.fr\"]\n";
    let router = router_with(listed, fx._www.path());
    for (uri, policy) in [
        ("/preflight-check.js", "cross-origin"),
        ("/pkg/preflight_widget_bg.wasm", "cross-origin"),
        ("/", "same-origin"),
    ] {
        let response = router.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(header_of(&response, "cross-origin-resource-policy"), policy, "{uri}");
    }
    // Without listed origins, nobody else loads them.
    assert_eq!(header_of(&get("/preflight-check.js").await, "cross-origin-resource-policy"), "same-origin");
}

/// The landed edge answered `GET //pkg` with `Location: //pkg/`: a browser goes to the host `pkg`.
#[tokio::test]
async fn no_path_makes_the_edge_redirect_off_its_origin() {
    for path in ["//pkg", "///pkg", "/\\pkg", "/%5Cpkg", "/%5cpkg", "/%2F/pkg", "/%2f%2fpkg", "//pkg/", "/pkg//", "//"]
    {
        let response = get(path).await;
        let location = header_of(&response, "location");
        assert!(
            location.is_empty() || preflight_core::redirects::is_same_origin_path(location),
            "{path}: Location {location}"
        );
    }
    // A folder still gets its slash, on this origin.
    let folder = get("/pkg").await;
    assert_eq!(header_of(&folder, "location"), "/pkg/");
}

#[tokio::test]
async fn a_location_off_this_origin_is_never_sent_whoever_builds_it() {
    let config = DeploymentConfig::parse(CITY_PORTAL_EXAMPLE).unwrap();
    let rogue: Router<()> = Router::new()
        .route("/rogue", axum::routing::get(|| async { ([(header::LOCATION, "//evil.example/")], "x") }))
        .route("/app", axum::routing::get(|| async { ([(header::LOCATION, "https://paie.intra.example.fr/")], "x") }));
    let router = crate::security_headers::apply(rogue, &config);
    let refused = router.clone().oneshot(Request::get("/rogue").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(header_of(&refused, "location"), "");
    assert_problem(refused, StatusCode::INTERNAL_SERVER_ERROR).await;
    let configured = router.oneshot(Request::get("/app").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(header_of(&configured, "location"), "https://paie.intra.example.fr/");
}

/// Pages that panic while being served: the Router must answer a 500 problem, headers included.
struct PanickingPages;

impl crate::StaticFiles for PanickingPages {
    fn serve(&self, _request: axum::extract::Request) -> crate::StaticFuture {
        Box::pin(async { panic!("a bug while serving a page") })
    }
}

#[tokio::test]
async fn a_panic_is_a_500_problem_and_the_edge_keeps_serving() {
    let config = DeploymentConfig::parse(CITY_PORTAL_EXAMPLE).unwrap();
    let router = app(AppState::with_static_files(config, std::sync::Arc::new(PanickingPages)));
    let request = || Request::builder().uri("/index.html").body(Body::empty()).unwrap();
    let failed = router.clone().oneshot(request()).await.unwrap();
    assert_eq!(header_of(&failed, "x-content-type-options"), "nosniff");
    let problem = assert_problem(failed, StatusCode::INTERNAL_SERVER_ERROR).await;
    assert!(problem["detail"].as_str().unwrap().contains("keeps serving"), "{problem}");
    let time = router.oneshot(Request::builder().uri("/api/time").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(time.status(), StatusCode::OK);
}

#[tokio::test]
async fn healthz_reports_versions() {
    let response = get("/healthz").await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: serde_json::Value = serde_json::from_str(&body_text(response).await).unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["portal_version"], "2026.11.1");
}

/// The demo portal's sign-in, only in a `demo` build (the browser tests' and `cargo xtask demo`'s;
/// the Workers smoke test checks that a build without it does not answer).
#[cfg(feature = "demo")]
mod demo_login {
    use super::*;

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
        assert!(
            cookie.starts_with(preflight_core::cookies::DEMO_SESSION.name) && cookie.contains("HttpOnly"),
            "{cookie}"
        );
        let english = call(
            Request::post("/demo/login?lang=en")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("agent_id=A1&password=p"))
                .unwrap(),
        )
        .await;
        assert_eq!(header_of(&english, "location"), "/home-en.html", "the English login page goes to the English home");
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
            assert!(body_text(response).await.contains("identifiant agent"));
        }
    }
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let huge = format!("{{\"v\":1,\"loaded_version\":\"{}\"}}", "x".repeat(MAX_BODY_BYTES + 1));
    let request = Request::post("/api/check").header(header::CONTENT_TYPE, "application/json").body(Body::from(huge));
    let response = call(request.unwrap()).await;
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
    let other = router.clone().oneshot(ask("https://evil.example")).await.unwrap();
    assert_eq!(header_of(&other, "access-control-allow-origin"), "");
    // The check posts JSON: the browser's preflight for `content-type` must be granted.
    let preflight = Request::options("/api/check")
        .header(header::ORIGIN, "https://portail.example.fr")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
        .body(Body::empty())
        .unwrap();
    let answer = router.oneshot(preflight).await.unwrap();
    assert_eq!(header_of(&answer, "access-control-allow-origin"), "https://portail.example.fr");
    assert!(header_of(&answer, "access-control-allow-headers").contains("content-type"));
}

mod access_routing {
    use std::net::SocketAddr;

    use axum::extract::connect_info::MockConnectInfo;

    use super::*;

    fn router_seen_from(peer: &str, config_text: &str) -> (tempfile::TempDir, Router) {
        let www = tempfile::tempdir().unwrap();
        let mut state = AppState::new(DeploymentConfig::parse(config_text).unwrap(), www.path().to_owned());
        state.clock = || FIXED_NOW_MS; // Tuesday 2025-11-25, 17:00 in Paris: sites open.
        let addr: SocketAddr = format!("{peer}:40000").parse().unwrap();
        (www, app(state).layer(MockConnectInfo(addr)))
    }

    async fn get_from(peer: &str, uri: &str, headers: &[(&str, &str)]) -> Response {
        let (_www, router) = router_seen_from(peer, CITY_PORTAL_EXAMPLE);
        let mut request = Request::get(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        router.oneshot(request.body(Body::empty()).unwrap()).await.unwrap()
    }

    async fn json(response: Response) -> serde_json::Value {
        assert_eq!(response.status(), StatusCode::OK);
        serde_json::from_str(&body_text(response).await).unwrap()
    }

    #[tokio::test]
    async fn route_says_use_the_vpn_for_a_vpn_only_app_from_the_internet() {
        let answer = json(get_from("203.0.113.9", "/api/route?intent=etat-civil", &[]).await).await;
        assert_eq!(answer["v"], 1);
        assert_eq!(answer["access"]["class"], "internet");
        assert_eq!(answer["channel"], "vpn");
        assert_eq!(answer["usable_here"], false);
        assert!(answer["advice"][0]["en"].as_str().unwrap().contains("use the VPN"));
    }

    #[tokio::test]
    async fn route_from_an_internal_site_names_the_site_and_closing_time() {
        let answer = json(get_from("10.10.4.2", "/api/route?intent=conges", &[]).await).await;
        assert_eq!(answer["access"]["class"], "internal");
        assert_eq!(answer["access"]["site"], "hotel-de-ville");
        assert_eq!(answer["channel"], "internal");
        assert_eq!(answer["link"], "/go/conges");
        assert!(answer["advice"][0]["fr"].as_str().unwrap().contains("ferme à 20:00"));
    }

    #[tokio::test]
    async fn route_for_a_password_reset_names_the_department_contact() {
        let answer = json(get_from("203.0.113.9", "/api/route?intent=reset-password&department=dfa", &[]).await).await;
        assert_eq!(answer["channel"], serde_json::Value::Null);
        assert!(answer["advice"][0]["fr"].as_str().unwrap().contains("01 00 00 00 02"));
    }

    #[tokio::test]
    async fn route_bad_input_gets_problems_that_list_the_choices() {
        for uri in ["/api/route", "/api/route?intent=", "/api/route?intent=bowling", "/api/route?intent=conges&x=1"] {
            let problem = assert_problem(get_from("203.0.113.9", uri, &[]).await, StatusCode::BAD_REQUEST).await;
            assert!(problem["detail"].as_str().unwrap().contains("fiche-de-paie"), "{uri}: {problem}");
        }
        let problem = assert_problem(
            get_from("203.0.113.9", "/api/route?intent=reset-password&department=x", &[]).await,
            StatusCode::BAD_REQUEST,
        )
        .await;
        assert!(problem["detail"].as_str().unwrap().contains("dases"));
    }

    #[tokio::test]
    async fn a_peer_address_set_by_the_host_classifies_the_caller() {
        // Workers have no socket: the worker crate sets PeerAddress from CF-Connecting-IP.
        let www = tempfile::tempdir().unwrap();
        let mut state = AppState::new(DeploymentConfig::parse(CITY_PORTAL_EXAMPLE).unwrap(), www.path().to_owned());
        state.clock = || FIXED_NOW_MS;
        let mut request = Request::get("/api/route?intent=conges").body(Body::empty()).unwrap();
        request.extensions_mut().insert(crate::PeerAddress("10.10.4.2".parse().unwrap()));
        let answer = json(app(state).oneshot(request).await.unwrap()).await;
        assert_eq!(answer["access"]["class"], "internal");
    }

    #[tokio::test]
    async fn spoofed_forwarded_headers_from_untrusted_peers_are_ignored() {
        let answer =
            json(get_from("203.0.113.9", "/api/route?intent=urbanisme", &[("x-forwarded-for", "10.10.4.2")]).await)
                .await;
        assert_eq!(answer["access"]["class"], "internet");
        assert_eq!(answer["usable_here"], false);
    }

    #[tokio::test]
    async fn forwarded_headers_from_a_trusted_proxy_are_believed() {
        let config = CITY_PORTAL_EXAMPLE.replace("trusted_proxies = []", "trusted_proxies = [\"192.0.2.10/32\"]");
        let (_www, router) = router_seen_from("192.0.2.10", &config);
        let request =
            Request::get("/api/route?intent=urbanisme").header("x-forwarded-for", "10.10.4.2").body(Body::empty());
        let answer = json(router.oneshot(request.unwrap()).await.unwrap()).await;
        assert_eq!(answer["access"]["class"], "internal");
        assert_eq!(answer["usable_here"], true);
    }

    #[tokio::test]
    async fn go_redirects_only_to_the_configured_url() {
        for uri in
            ["/go/fiche-de-paie", "/go/fiche-de-paie?next=https://evil.example", "/go/fiche-de-paie?url=//evil.example"]
        {
            let response = get_from("198.51.100.23", uri, &[]).await;
            assert_eq!(response.status(), StatusCode::SEE_OTHER, "{uri}");
            assert_eq!(header_of(&response, "location"), "https://paie.intra.example.fr/", "{uri}");
        }
    }

    #[tokio::test]
    async fn go_explains_instead_of_redirecting_when_the_app_does_not_work_from_here() {
        let response = get_from("203.0.113.9", "/go/etat-civil", &[]).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header_of(&response, "location"), "");
        let body = body_text(response).await;
        assert!(body.contains("go-explanation") && body.contains("role=\"alert\""));
        assert!(body.contains("utilisez le VPN depuis un ordinateur professionnel"), "{body}");
        assert!(body.contains("L&#39;application état civil"), "names are escaped: {body}");
        let english = get_from("203.0.113.9", "/go/etat-civil", &[("accept-language", "en")]).await;
        let body = body_text(english).await;
        assert!(body.contains("<html lang=\"en\">") && body.contains("not from this device"), "{body}");
        assert!(body.contains("use the VPN"), "the advice in English: {body}");
    }

    #[tokio::test]
    async fn go_to_an_unknown_app_is_a_404_page_and_no_redirect() {
        for uri in ["/go/evil.example", "/go/%2F%2Fevil.example", "/go/..%2F..%2Fetc"] {
            let response = get_from("198.51.100.23", uri, &[]).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{uri}");
            assert_eq!(header_of(&response, "location"), "", "{uri}");
        }
    }

    #[tokio::test]
    async fn access_panel_reports_class_site_and_known_issues() {
        let windows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
        let answer =
            json(get_from("198.51.100.23", "/api/access?vpn_client=7.1", &[("user-agent", windows)]).await).await;
        assert_eq!(answer["access"]["class"], "vpn");
        assert_eq!(answer["channels_here"], serde_json::json!(["vpn", "portal"]));
        assert!(answer["known_issues"][0]["en"].as_str().unwrap().contains("VPN client is too old"));
        let inside = json(get_from("10.10.4.2", "/api/access", &[]).await).await;
        assert_eq!(inside["site"]["name"], "Hôtel de Ville");
        assert_eq!(inside["site"]["closes_at"], "20:00");
    }

    #[tokio::test]
    async fn access_panel_rejects_bad_vpn_versions_and_unknown_parameters() {
        for uri in ["/api/access?vpn_client=seven", "/api/access?ip=10.10.4.2"] {
            assert_problem(get_from("203.0.113.9", uri, &[]).await, StatusCode::BAD_REQUEST).await;
        }
    }

    #[tokio::test]
    async fn intents_list_apps_then_built_ins_with_departments() {
        let answer = json(get_from("203.0.113.9", "/api/intents", &[]).await).await;
        let ids: Vec<&str> = answer["intents"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
        assert_eq!(
            ids,
            [
                "fiche-de-paie",
                "conges",
                "messagerie",
                "etat-civil",
                "urbanisme",
                "reset-password",
                "2fa-code-missing",
                "2fa-activation",
                "suspicious-message"
            ]
        );
        assert_eq!(answer["intents"][0]["name"]["en"], "The pay slip");
        assert_eq!(answer["departments"][0]["id"], "dases");
    }

    #[tokio::test]
    async fn the_login_notice_is_null_unless_it_matters() {
        let quiet = json(get_from("10.10.4.2", "/api/session-hints", &[]).await).await;
        assert_eq!(quiet["notice"], serde_json::Value::Null);
        assert_eq!(quiet["public_network_hint"], false);
        let safari15 = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.6 Safari/605.1.15";
        let issue = json(get_from("203.0.113.9", "/api/session-hints", &[("user-agent", safari15)]).await).await;
        assert!(issue["notice"]["en"].as_str().unwrap().contains("Safari"));
        assert_eq!(issue["public_network_hint"], true, "from the internet without the VPN");
    }
}

mod browser_checks {
    use super::*;

    fn observations() -> serde_json::Value {
        serde_json::json!({
            "v": 1,
            "clock": { "offset_ms": 15.0, "error_bound_ms": 4.0 },
            "cookies_enabled": true,
            "cookie_write_read": true,
            "cookie_probe": true,
            "local_storage": true,
            "session_storage": true,
            "secure_context": true,
            "loopback_host": true,
            "loaded_version": "2026.11.1",
            "service_workers": [],
            "storage_usage": 1000,
            "storage_quota": 100000000,
            "probes": []
        })
    }

    fn check(body: &serde_json::Value, cookie: Option<&str>) -> Request<Body> {
        let mut request = Request::post("/api/check").header(header::CONTENT_TYPE, "application/json");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        request.body(Body::from(body.to_string())).unwrap()
    }

    /// The test cookie as the browser sends it back.
    fn test_cookie() -> String {
        format!("{}=1", preflight_core::cookies::TEST_COOKIE.name)
    }

    async fn codes(response: Response) -> Vec<String> {
        assert_eq!(response.status(), StatusCode::OK);
        let answer: serde_json::Value = serde_json::from_str(&body_text(response).await).unwrap();
        answer["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_owned()).collect()
    }

    #[tokio::test]
    async fn the_test_cookie_round_trip_decides_the_cookie_finding() {
        let probe = get("/api/check-plan").await;
        let set_cookie = header_of(&probe, "set-cookie").to_owned();
        assert!(set_cookie.contains("SameSite=Lax") && set_cookie.contains("HttpOnly"), "{set_cookie}");
        // What the browser sends back: the pair before the attributes, among the portal's cookies.
        let pair = set_cookie.split(';').next().unwrap();
        let back = codes(call(check(&observations(), Some(&format!("portal_session=abc; {pair}")))).await).await;
        assert_eq!(back, ["CLK-OK", "SEC-OK", "COO-OK", "STO-OK", "CAC-OK"]);
        let lost = codes(call(check(&observations(), None)).await).await;
        assert!(lost.contains(&"COO-BLOCKED".to_owned()), "{lost:?}");
    }

    #[tokio::test]
    async fn the_edge_measures_the_cookie_header_and_knows_the_deployed_version() {
        let big = format!("{}; blob={}", test_cookie(), "x".repeat(7 * 1024));
        let mut stale = observations();
        stale["loaded_version"] = "2026.10.2".into();
        let found = codes(call(check(&stale, Some(&big))).await).await;
        assert!(found.contains(&"COO-LARGE".to_owned()) && found.contains(&"CAC-STALE".to_owned()), "{found:?}");
    }

    const PROBE_CONFIG: &str = "[portal]\nname = \"p\"\nversion = \"1\"\n[[probe_hosts]]\n\
        name = { fr = \"Connexion\", en = \"Sign-in\" }\nurl = \"https://idp.test:8443/health\"\n";

    #[tokio::test]
    async fn the_check_plan_lists_the_probe_hosts_and_the_csp_lets_the_widget_reach_them() {
        let fx = fixture();
        let router = router_with(PROBE_CONFIG, fx._www.path());
        let response = router.clone().oneshot(Request::get("/api/check-plan").body(Body::empty()).unwrap()).await;
        let response = response.unwrap();
        assert_eq!(header_of(&response, "cache-control"), "no-store");
        // The CSP acts on the page the widget runs in, not on the answers it fetches.
        let page = router.oneshot(Request::get("/").body(Body::empty()).unwrap()).await.unwrap();
        let csp = header_of(&page, "content-security-policy").to_owned();
        assert!(csp.contains("connect-src 'self' https://idp.test:8443;"), "{csp}");
        let plan: serde_json::Value = serde_json::from_str(&body_text(response).await).unwrap();
        assert_eq!((&plan["v"], &plan["probes"]), (&1.into(), &serde_json::json!(["https://idp.test:8443/health"])));
        // Stamped, for the check page's clock: received, then answered.
        let (t1, t2) = (plan["t1"].as_f64().unwrap(), plan["t2"].as_f64().unwrap());
        assert!(t1 > 1.7e12 && t1 <= t2, "{plan}");
        // Without probe hosts, the page may connect to its own origin only.
        let csp = header_of(&get("/").await, "content-security-policy").to_owned();
        assert!(csp.contains("connect-src 'self';"), "{csp}");
    }

    #[tokio::test]
    async fn the_answer_names_the_finding_to_show_first_and_carries_the_session_hints() {
        let mut stale = observations();
        stale["loaded_version"] = "2026.10.2".into();
        let response = call(check(&stale, Some(&test_cookie()))).await;
        let answer: serde_json::Value = serde_json::from_str(&body_text(response).await).unwrap();
        let top = answer["top"].as_u64().unwrap() as usize;
        assert_eq!(answer["findings"][top]["code"], "CAC-STALE");
        assert!(answer["findings"][top]["title"]["fr"].as_str().is_some_and(|t| !t.is_empty()));
        assert_eq!(answer["session"]["shared_workstation"], false);
        assert!(answer["session"].get("notice").is_some());
    }

    /// The edge clock of these tests: 2025-11-25T16:00:00.250Z.
    fn fixed_clock() -> f64 {
        1_764_086_400_000.25
    }

    async fn answer_with_fixed_clock(body: &serde_json::Value) -> serde_json::Value {
        let www = tempfile::tempdir().unwrap();
        let mut state = AppState::new(DeploymentConfig::parse(PROBE_CONFIG).unwrap(), www.path().to_owned());
        state.clock = fixed_clock;
        let response = app(state).oneshot(check(body, Some(&test_cookie()))).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        serde_json::from_str(&body_text(response).await).unwrap()
    }

    #[tokio::test]
    async fn the_check_request_times_the_clock_by_its_stamp_and_hands_back_the_edge_s() {
        let now = 1_764_086_400_000.0;
        // 2 min fast, 300 ms on the way: the stamp alone decides, with no time probe before; the
        // drift it states wants the exact sample.
        let mut stamped = observations();
        stamped["clock"] = serde_json::Value::Null;
        stamped["sent"] = serde_json::json!({ "t0": now + 120_000.0 - 300.0, "within_ms": 2_500 });
        let answer = answer_with_fixed_clock(&stamped).await;
        assert_eq!(answer["findings"][0]["code"], "CLK-TOTP");
        assert_eq!((answer["t1"].as_f64(), answer["t2"].as_f64()), (Some(now), Some(fixed_clock())));
        assert_eq!(answer["wants_sample"], true);
        // 29 s fast, 20 ms each way: the stamp's interval straddles 30 s; the edge asks for the sample.
        stamped["sent"] = serde_json::json!({ "t0": now - 20.0 + 29_000.0, "within_ms": 2_500 });
        let undecided = answer_with_fixed_clock(&stamped).await;
        assert_eq!(
            (&undecided["findings"][0]["code"], &undecided["wants_sample"]),
            (&"CLK-UNSURE".into(), &true.into())
        );
        let t0 = now - 20.0 + 29_000.0;
        stamped["sample"] = serde_json::json!({ "t0": t0, "t1": now, "t2": now + 1.0, "t3": now + 21.0 + 29_000.0 });
        let decided = answer_with_fixed_clock(&stamped).await;
        assert_eq!((&decided["findings"][0]["code"], &decided["wants_sample"]), (&"CLK-OK".into(), &false.into()));
        // A hostile stamp is a clear problem, not a verdict.
        stamped["sent"] = serde_json::json!({ "t0": now, "within_ms": 1e9 });
        assert_problem(call(check(&stamped, None)).await, StatusCode::BAD_REQUEST).await;
    }

    #[tokio::test]
    async fn clear_cache_clears_the_http_cache_only() {
        let response = call(Request::post("/api/clear-cache").body(Body::empty()).unwrap()).await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        assert_eq!(header_of(&response, "clear-site-data"), "\"cache\"");
        assert_eq!(get("/api/clear-cache").await.status(), StatusCode::METHOD_NOT_ALLOWED);
    }

    #[tokio::test]
    async fn bad_observations_get_clear_problems() {
        let mut future = observations();
        future["v"] = 9.into();
        assert_problem(call(check(&future, None)).await, StatusCode::BAD_REQUEST).await;
        let mut spying = observations();
        spying["agent_ip"] = "10.1.2.3".into();
        assert_problem(call(check(&spying, None)).await, StatusCode::UNPROCESSABLE_ENTITY).await;
        let text =
            Request::post("/api/check").header(header::CONTENT_TYPE, "text/plain").body(Body::from("hi")).unwrap();
        assert_problem(call(text).await, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
        let huge = serde_json::json!({ "v": 1, "padding": "x".repeat(5 * 1024 * 1024) });
        assert_problem(call(check(&huge, None)).await, StatusCode::PAYLOAD_TOO_LARGE).await;
    }

    /// The landed edge answered a 60 KB check naming 2,000 unknown probe URLs with 1 MB of findings.
    #[tokio::test]
    async fn no_check_is_answered_with_much_more_than_a_real_answer() {
        let mut amplifier = observations();
        let probes: Vec<serde_json::Value> =
            (0..1_500).map(|i| serde_json::json!({ "url": format!("https://{i}/"), "reachable": false })).collect();
        amplifier["probes"] = probes.into();
        let request = check(&amplifier, None);
        let sent = amplifier.to_string().len();
        assert!(sent > 50_000 && sent < MAX_BODY_BYTES, "{sent}");
        let response = call(request).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let answer = body_text(response).await;
        assert!(answer.len() < 1_000 && answer.len() * 10 < sent, "{} bytes for {sent}", answer.len());

        // The largest check the edge accepts, with every probe host failing, stays the size of a page.
        let www = tempfile::tempdir().unwrap();
        let hosts: String = (0..4)
            .map(|i| {
                format!(
                    "[[probe_hosts]]\nname = {{ fr = \"{i}\", en = \"{i}\" }}\nurl = \"https://h{i}.example/{}\"\n",
                    "p".repeat(200)
                )
            })
            .collect();
        let router = router_with(&format!("[portal]\nname = \"p\"\nversion = \"1\"\n{hosts}"), www.path());
        let mut largest = observations();
        largest["loaded_version"] = "v".repeat(64).into();
        largest["service_workers"] = vec![format!("/{}", "s".repeat(255)); 16].into();
        let probes: Vec<serde_json::Value> = (0..4)
            .map(|i| serde_json::json!({ "url": format!("https://h{i}.example/{}", "p".repeat(200)), "reachable": false }))
            .collect();
        largest["probes"] = probes.into();
        let response = router.oneshot(check(&largest, Some(&test_cookie()))).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let answer = body_text(response).await;
        assert!(answer.len() < 24 * 1024, "{} bytes", answer.len());
    }

    /// A proxy that appends its own `X-Forwarded-For` line leaves the client's forged line first.
    #[tokio::test]
    async fn forwarded_lines_are_read_in_order_from_the_trusted_proxy_back() {
        let config = CITY_PORTAL_EXAMPLE.replace("trusted_proxies = []", "trusted_proxies = [\"192.0.2.10/32\"]");
        let www = tempfile::tempdir().unwrap();
        let router = router_with(&config, www.path());
        let access = |lines: &[&str]| {
            let mut request = Request::get("/api/access");
            for line in lines {
                request = request.header("x-forwarded-for", *line);
            }
            let mut request = request.body(Body::empty()).unwrap();
            request.extensions_mut().insert(crate::PeerAddress("192.0.2.10".parse().unwrap()));
            let router = router.clone();
            async move {
                let body = body_text(router.oneshot(request).await.unwrap()).await;
                serde_json::from_str::<serde_json::Value>(&body).unwrap()["access"].clone()
            }
        };
        // The agent forged "10.10.4.2" (internal); the proxy appended the real address on a line of its own.
        assert_eq!(access(&["10.10.4.2", "203.0.113.9"]).await["class"], "internet");
        assert_eq!(access(&["10.10.4.2"]).await["class"], "internal", "the proxy's own line is believed");
    }
}

fn router_with(config_text: &str, www: &std::path::Path) -> Router {
    app(AppState::new(DeploymentConfig::parse(config_text).unwrap(), www.to_owned()))
}

const SHARED_CONFIG: &str = "[portal]\nname = \"p\"\nversion = \"1\"\n[shared_workstation]\n\
    networks = [\"10.42.0.0/24\"]\npublic_wifi_networks = [\"192.0.2.0/24\"]\nidle_minutes = 3\n\
    countdown_seconds = 20\nlogout_url = \"https://idp.example.fr/logout?client=portal\"\n";

fn logout_from(site: Option<&str>) -> Request<Body> {
    let request = Request::get("/logout");
    let request = match site {
        Some(site) => request.header("sec-fetch-site", site),
        None => request,
    };
    request.body(Body::empty()).unwrap()
}

#[tokio::test]
async fn logout_wipes_the_origin_and_goes_to_the_configured_logout_url() {
    for site in ["same-origin", "none"] {
        let response = call(logout_from(Some(site))).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{site}");
        assert_eq!(header_of(&response, "clear-site-data"), r#""cache", "cookies", "storage""#);
        assert_eq!(header_of(&response, "location"), "/logged-out");
        assert_eq!(header_of(&response, "cache-control"), "no-store");
    }
}

/// Another site cannot log an agent out (a link, an image, a frame): it gets a page that asks.
#[tokio::test]
async fn a_logout_from_another_site_asks_first_and_wipes_nothing() {
    for site in [Some("cross-site"), Some("same-site"), None] {
        let response = call(logout_from(site)).await;
        assert_eq!(response.status(), StatusCode::OK, "{site:?}");
        assert_eq!(header_of(&response, "clear-site-data"), "", "{site:?}");
        assert_eq!(header_of(&response, "location"), "", "{site:?}");
        let html = body_text(response).await;
        assert!(html.contains("<form method=\"get\" action=\"/logout\">") && html.contains("id=\"confirm-logout\""));
    }
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
        let request = Request::get(payload).header("sec-fetch-site", "same-origin").body(Body::empty()).unwrap();
        let response = router.clone().oneshot(request).await.unwrap();
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
            "idle_minutes": 3, "countdown_seconds": 20, "notice": null})
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
    assert!(firefox.contains("<h1>Vous êtes déconnecté</h1>") && !firefox.contains("You are logged out"));
    assert_eq!(firefox.matches("<li>").count(), preflight_core::logout::CLEARED.len());
    assert!(firefox.contains("Fermez maintenant toutes les fenêtres du navigateur"));
    assert!(firefox.contains("Dans Firefox") && firefox.contains("Vie privée et sécurité"), "{firefox}");
    let request = Request::get("/logged-out")
        .header(header::USER_AGENT, "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0");
    let english =
        body_text(call(request.header(header::ACCEPT_LANGUAGE, "en").body(Body::empty()).unwrap()).await).await;
    assert!(english.contains("In Firefox") && english.contains("Privacy &amp; Security"), "{english}");
    let chrome = page_for(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    )
    .await;
    assert!(chrome.contains("Dans Chrome") && !chrome.contains("Dans Firefox"));
}

/// `GET /metrics` answers the configured readers (the example: loopback) and the token's holder,
/// and looks absent to everyone else.
#[tokio::test]
async fn metrics_are_for_configured_readers_or_the_token_only() {
    let www = tempfile::tempdir().unwrap();
    let config = DeploymentConfig::parse(CITY_PORTAL_EXAMPLE).unwrap();
    let state = AppState::new(config, www.path().to_owned());
    let router = app(state.with_metrics_token(Some("metrics-token-for-tests".into())));
    let ask = |peer: &str, token: Option<&str>| {
        let mut request = Request::get("/metrics");
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let mut request = request.body(Body::empty()).unwrap();
        request.extensions_mut().insert(crate::PeerAddress(peer.parse().unwrap()));
        router.clone().oneshot(request)
    };
    // Requests first, so that they are counted: a route of the nested API, a page by the fallback.
    let _ = ask("127.0.0.1", None).await.unwrap();
    for uri in ["/api/time", "/nope.html"] {
        let _ = router.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    }
    let local = ask("127.0.0.1", None).await.unwrap();
    assert_eq!(local.status(), StatusCode::OK);
    assert!(header_of(&local, "content-type").starts_with("application/openmetrics-text"));
    let text = body_text(local).await;
    assert!(text.contains("preflight_requests_total{route=\"/metrics\",method=\"GET\",status=\"2xx\""), "{text}");
    assert!(text.contains("preflight_requests_total{route=\"/api/time\",method=\"GET\",status=\"2xx\""), "{text}");
    assert!(text.contains("preflight_requests_total{route=\"(static files)\",method=\"GET\",status=\"4xx\""), "{text}");
    assert!(text.contains("preflight_request_duration_seconds_count{route=\"/api/time\"}"), "{text}");
    assert!(text.contains("preflight_build_info"), "{text}");
    assert!(!text.contains("127.0.0.1"), "no address in any label");
    let outsider = ask("203.0.113.9", None).await.unwrap();
    assert_eq!(outsider.status(), StatusCode::NOT_FOUND);
    assert_eq!(ask("203.0.113.9", Some("metrics-token-for-tests")).await.unwrap().status(), StatusCode::OK);
    assert_eq!(ask("203.0.113.9", Some("wrong-token-entirely-0000")).await.unwrap().status(), StatusCode::NOT_FOUND);
}
