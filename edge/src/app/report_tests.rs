//! Helpdesk reports through the Router: upload, lookup, expiry, the token, the rate limit, the body
//! limit, the viewer pages and the check page's ticket and QR code.

use std::sync::atomic::{AtomicI64, Ordering};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use axum::response::Response;
use http_body_util::BodyExt;
use preflight_core::config::{CITY_PORTAL_EXAMPLE, DeploymentConfig};
use preflight_core::protocol::PROTOCOL_VERSION;
use tower::ServiceExt;

use super::*;

const TOKEN: &str = "test-helpdesk-token-0123456789";
const T0: i64 = 1_764_086_400_000;
const DAY_MS: i64 = 24 * 3_600_000;

struct Edge {
    _www: tempfile::TempDir,
    router: Router,
}

fn edge_with(token: Option<&str>, now_ms: fn() -> f64) -> Edge {
    edge_from(CITY_PORTAL_EXAMPLE, token, now_ms, |state| state)
}

const SERVER_SECRET: &[u8] = b"server-secret-for-router-tests-0123456789";

/// An edge with `config_text`, the helpdesk `token`, a fixed clock, and `adapt` applied to its state.
fn edge_from(
    config_text: &str,
    token: Option<&str>,
    now_ms: fn() -> f64,
    adapt: impl FnOnce(AppState) -> AppState,
) -> Edge {
    let www = tempfile::tempdir().unwrap();
    std::fs::write(www.path().join("index.html"), "<!doctype html><title>login</title>").unwrap();
    std::fs::write(www.path().join("sso-probe.html"), "<!doctype html><title>Preflight</title>").unwrap();
    std::fs::write(
        www.path().join("check.html"),
        "<main><!--preflight:sign-in-error--><!--preflight:link--><preflight-check mode=\"full-check\" data-sso=\"\">\
         </preflight-check><preflight-check mode=\"report-share\" data-ticket=\"\"></preflight-check></main>",
    )
    .unwrap();
    let config = DeploymentConfig::parse(config_text).unwrap();
    let mut state = AppState::new(config, www.path().to_owned());
    state.clock = now_ms;
    let state = state.with_helpdesk(token.map(str::to_owned), SERVER_SECRET);
    Edge { router: app(adapt(state)), _www: www }
}

fn fixed_now() -> f64 {
    T0 as f64
}

fn edge() -> Edge {
    edge_with(Some(TOKEN), fixed_now)
}

impl Edge {
    async fn call(&self, request: Request<Body>) -> Response {
        self.router.clone().oneshot(request).await.unwrap()
    }

    async fn upload(&self, body: serde_json::Value) -> Response {
        self.upload_with(body, &[]).await
    }

    async fn upload_with(&self, body: serde_json::Value, headers: &[(&str, &str)]) -> Response {
        let mut request = Request::post("/api/reports").header(header::CONTENT_TYPE, "application/json");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.call(request.body(Body::from(body.to_string())).unwrap()).await
    }

    /// Uploads a valid report and returns its code as shown to the agent.
    async fn code(&self) -> String {
        let response = self.upload(upload_body()).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        json(response).await["code"].as_str().unwrap().to_owned()
    }

    async fn lookup(&self, code: &str, token: Option<&str>) -> Response {
        let mut request = Request::get(format!("/api/reports/{code}"));
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        self.call(request.body(Body::empty()).unwrap()).await
    }

    async fn get(&self, uri: &str, cookie: Option<&str>) -> Response {
        let mut request = Request::get(uri);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.call(request.body(Body::empty()).unwrap()).await
    }

    async fn sign_in(&self, token: &str) -> Response {
        let form = format!("token={token}");
        let request = Request::post("/helpdesk/sign-in")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form))
            .unwrap();
        self.call(request).await
    }
}

fn upload_body() -> serde_json::Value {
    serde_json::json!({
        "v": 1,
        "ticket": "INC-2026-0042",
        "observations": {
            "v": PROTOCOL_VERSION,
            "clock": { "offset_ms": -400000.0, "error_bound_ms": 15.0 },
            "cookies_enabled": true,
            "cookie_write_read": true,
            "local_storage": true,
            "session_storage": true,
            "secure_context": true,
            "loopback_host": true,
            "loaded_version": null,
            "storage_usage": null,
            "storage_quota": null
        }
    })
}

async fn text(response: Response) -> String {
    String::from_utf8(response.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
}

async fn json(response: Response) -> serde_json::Value {
    serde_json::from_str(&text(response).await).unwrap()
}

async fn problem(response: Response, status: StatusCode) -> serde_json::Value {
    assert_eq!(response.status(), status);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/problem+json");
    json(response).await
}

#[tokio::test]
async fn an_upload_returns_a_readable_code_and_the_helpdesk_finds_the_report() {
    let edge = edge();
    let response = edge.upload(upload_body()).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    let receipt = json(response).await;
    let code = receipt["code"].as_str().unwrap();
    assert!(preflight_core::report::ShortCode::parse(code).is_ok(), "{code}");
    assert_eq!(code.len(), 9, "grouped as XXXX-XXXX: {code}");
    assert_eq!(receipt["expires_at_ms"], T0 + 7 * DAY_MS);
    assert!(receipt["expires_at"].as_str().unwrap().starts_with("2025-12-02T"), "{receipt}");

    // Typed back as the helpdesk hears it: lower case, spaces.
    let typed = code.to_lowercase().replace('-', " ");
    let answer = json(edge.lookup(&typed.replace(' ', "%20"), Some(TOKEN)).await).await;
    assert_eq!(answer["code"], code);
    assert_eq!(answer["most_likely_cause"], "CLK-SKEW", "6 min 40 s ahead: {answer}");
    let report = &answer["report"];
    assert_eq!(report["ticket"], "INC-2026-0042");
    assert_eq!(report["portal_version"], "2026.11.1");
    assert_eq!(report["access"], "unknown");
    // Recomputed by the edge with the catalog, not taken from the browser.
    let codes: Vec<&str> = report["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(codes[0], "CLK-SKEW");
    assert!(codes.contains(&"COO-OK") && codes.contains(&"STO-OK"), "{codes:?}");
    assert!(answer["summary"]["fr"].as_str().unwrap().contains("Cause la plus probable : CLK-SKEW"));
    assert!(answer["summary"]["en"].as_str().unwrap().contains(&format!("Preflight report {code}")));
}

static EXPIRY_CLOCK: AtomicI64 = AtomicI64::new(T0);

#[tokio::test]
async fn reports_are_gone_after_their_ttl() {
    let edge = edge_with(Some(TOKEN), || EXPIRY_CLOCK.load(Ordering::SeqCst) as f64);
    let code = edge.code().await;
    EXPIRY_CLOCK.store(T0 + 7 * DAY_MS - 1, Ordering::SeqCst);
    assert_eq!(edge.lookup(&code, Some(TOKEN)).await.status(), StatusCode::OK);
    EXPIRY_CLOCK.store(T0 + 7 * DAY_MS, Ordering::SeqCst);
    let gone = problem(edge.lookup(&code, Some(TOKEN)).await, StatusCode::NOT_FOUND).await;
    assert!(gone["detail"].as_str().unwrap().contains("7 jours"), "{gone}");
}

#[tokio::test]
async fn without_the_right_token_nothing_tells_whether_a_code_exists() {
    let edge = edge();
    let code = edge.code().await;
    let mut bodies = Vec::new();
    for (candidate, token) in
        [(code.as_str(), None), ("ZZZZ-ZZZZ", None), (code.as_str(), Some("wrong-token-wrong-token"))]
    {
        let response = edge.lookup(candidate, token).await;
        assert_eq!(response.headers()[header::WWW_AUTHENTICATE], "Bearer");
        bodies.push(problem(response, StatusCode::UNAUTHORIZED).await);
    }
    assert_eq!(bodies[0], bodies[1]);
    assert_eq!(bodies[0], bodies[2]);
}

#[tokio::test]
async fn a_brute_force_of_200_codes_is_rate_limited_and_finds_nothing() {
    let edge = edge();
    let _real = edge.code().await;
    let signed_in = preflight_core::rate_limits::Limit::HelpdeskSignedIn.budget();
    let mut statuses = std::collections::HashMap::new();
    for i in 0..200u32 {
        let code = preflight_core::report::ShortCode::from_random([
            i as u8,
            (i >> 5) as u8,
            (i >> 10) as u8,
            0xa5,
            0x5a,
            7,
            1,
            2,
        ]);
        *statuses.entry(edge.lookup(code.as_str(), Some(TOKEN)).await.status()).or_insert(0) += 1;
    }
    let refused = statuses.get(&StatusCode::TOO_MANY_REQUESTS).copied().unwrap_or(0);
    assert!(refused >= 200 - signed_in.burst as usize - 1, "{statuses:?}");
    assert!(!statuses.contains_key(&StatusCode::OK), "{statuses:?}");
    let limited = edge.lookup("ZZZZ-ZZZZ", Some(TOKEN)).await;
    assert_eq!(limited.headers()[header::RETRY_AFTER], signed_in.refill_seconds.to_string().as_str());
    problem(limited, StatusCode::TOO_MANY_REQUESTS).await;
}

/// Behind a proxy nobody listed, every request shares one address: bad attempts from anyone must
/// not lock the helpdesk out of its own tools.
#[tokio::test]
async fn a_flood_of_bad_attempts_never_locks_out_the_helpdesk() {
    let edge = edge();
    let code = edge.code().await;
    let anonymous = preflight_core::rate_limits::Limit::HelpdeskAnonymous.budget();
    for _ in 0..50 {
        edge.lookup(&code, Some("a-wrong-token-a-wrong-token")).await;
        edge.sign_in("a-wrong-token-a-wrong-token").await;
    }
    let refused = edge.lookup(&code, None).await;
    assert_eq!(refused.headers()[header::RETRY_AFTER], anonymous.refill_seconds.to_string().as_str());
    problem(refused, StatusCode::TOO_MANY_REQUESTS).await;
    assert_eq!(edge.sign_in("a-wrong-token-a-wrong-token").await.status(), StatusCode::TOO_MANY_REQUESTS);
    // The helpdesk, with its token or its session, still works.
    assert_eq!(edge.lookup(&code, Some(TOKEN)).await.status(), StatusCode::OK);
    let signed_in = edge.sign_in(TOKEN).await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let cookie = signed_in.headers()[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_owned();
    assert_eq!(edge.get(&format!("/helpdesk/report?code={code}"), Some(&cookie)).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn signing_out_revokes_the_session_even_for_a_copy_of_its_cookie() {
    let edge = edge();
    let signed_in = edge.sign_in(TOKEN).await;
    let cookie = signed_in.headers()[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_owned();
    assert_eq!(edge.get("/helpdesk", Some(&cookie)).await.status(), StatusCode::OK);
    let request = Request::post("/helpdesk/sign-out").header(header::COOKIE, &cookie).body(Body::empty()).unwrap();
    let signed_out = edge.call(request).await;
    assert_eq!(signed_out.status(), StatusCode::SEE_OTHER);
    assert!(signed_out.headers()[header::SET_COOKIE].to_str().unwrap().contains("Max-Age=0"));
    assert_eq!(edge.get("/helpdesk", Some(&cookie)).await.status(), StatusCode::UNAUTHORIZED, "the old cookie is dead");
}

#[tokio::test]
async fn secure_cookies_and_hsts_follow_the_public_url_never_a_header() {
    let https = format!("{CITY_PORTAL_EXAMPLE}\n")
        .replace("cors_origins = []", "cors_origins = []\npublic_url = \"https://edge.example.fr\"");
    let secure = edge_from(&https, Some(TOKEN), fixed_now, |s| s);
    let signed_in = secure.sign_in(TOKEN).await;
    assert!(signed_in.headers()[header::SET_COOKIE].to_str().unwrap().contains("; Secure"));
    assert_eq!(signed_in.headers()[header::STRICT_TRANSPORT_SECURITY], crate::security_headers::HSTS);
    assert!(secure.get("/healthz", None).await.headers().contains_key(header::STRICT_TRANSPORT_SECURITY));

    // Plain HTTP, whatever a client claims.
    let plain = edge();
    let request = Request::post("/helpdesk/sign-in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-forwarded-proto", "https")
        .body(Body::from(format!("token={TOKEN}")))
        .unwrap();
    let signed_in = plain.call(request).await;
    assert!(!signed_in.headers()[header::SET_COOKIE].to_str().unwrap().contains("Secure"));
    assert!(!signed_in.headers().contains_key(header::STRICT_TRANSPORT_SECURITY));
}

#[tokio::test]
async fn a_full_store_answers_503_and_returns_no_code() {
    assert!(CITY_PORTAL_EXAMPLE.contains("max_stored_reports = 20000"), "update this test: the example changed");
    let one = CITY_PORTAL_EXAMPLE.replace("max_stored_reports = 20000", "max_stored_reports = 1");
    let edge = edge_from(&one, Some(TOKEN), fixed_now, |s| s);
    edge.code().await;
    let full = problem(edge.upload(upload_body()).await, StatusCode::SERVICE_UNAVAILABLE).await;
    assert!(full["detail"].as_str().unwrap().contains("plein"), "{full}");
    let english = edge.upload_with(upload_body(), &[("accept-language", "en")]).await;
    let full = problem(english, StatusCode::SERVICE_UNAVAILABLE).await;
    assert!(full["detail"].as_str().unwrap().contains("full"), "{full}");
    assert!(full.get("code").is_none());
}

#[tokio::test]
async fn an_unreadable_store_leaves_the_rest_of_the_edge_serving() {
    let reason = "reports.sqlite3: file is not a database";
    let edge = edge_from(CITY_PORTAL_EXAMPLE, Some(TOKEN), fixed_now, |s| {
        s.with_report_store(std::sync::Arc::new(crate::reports::store::UnavailableStore(reason.into())))
    });
    let upload = problem(edge.upload(upload_body()).await, StatusCode::SERVICE_UNAVAILABLE).await;
    assert!(upload["detail"].as_str().unwrap().contains("not a database"), "{upload}");
    problem(edge.lookup("ZZZZ-ZZZZ", Some(TOKEN)).await, StatusCode::SERVICE_UNAVAILABLE).await;
    let health = json(edge.get("/healthz", None).await).await;
    assert_eq!(health["status"], "ok");
    assert_eq!(health["reports"], "unavailable");
    assert_eq!(edge.get("/", None).await.status(), StatusCode::OK);
    assert_eq!(edge.get("/api/time", None).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn control_and_format_characters_are_never_stored() {
    let edge = edge();
    for forged in ["A1\nTicket: INC-9", "A1\u{202E}2", "A1\u{1b}[2J"] {
        let mut body = upload_body();
        body["agent_id"] = forged.into();
        let p = problem(edge.upload(body).await, StatusCode::BAD_REQUEST).await;
        assert!(p["detail"].as_str().unwrap().contains("printable"), "{p}");
    }
    let mut body = upload_body();
    body["observations"]["loaded_version"] = "2026\u{2028}1".into();
    problem(edge.upload(body).await, StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn reports_speak_only_of_the_config_s_probe_hosts() {
    let edge = edge();
    let mut body = upload_body();
    let probes: Vec<serde_json::Value> = (0..4)
        .map(|i| serde_json::json!({ "url": format!("https://unknown-{i}.example/{}", "🙂".repeat(50)), "reachable": false }))
        .collect();
    body["observations"]["probes"] = probes.into();
    let p = problem(edge.upload(body).await, StatusCode::BAD_REQUEST).await;
    assert!(p["detail"].as_str().unwrap().contains("not one of this edge's probe hosts"), "{p}");
}

#[tokio::test]
async fn a_report_larger_than_8_kb_is_refused_before_it_is_stored() {
    let long_url = |i: usize| format!("https://h{i}.example/{}", "p".repeat(230));
    let hosts: String = (0..4)
        .map(|i| format!("[[probe_hosts]]\nname = {{ fr = \"{i}\", en = \"{i}\" }}\nurl = \"{}\"\n", long_url(i)))
        .collect();
    let edge = edge_from(&format!("{CITY_PORTAL_EXAMPLE}\n{hosts}"), Some(TOKEN), fixed_now, |s| s);
    let mut body = upload_body();
    let probes: Vec<serde_json::Value> =
        (0..4).map(|i| serde_json::json!({ "url": long_url(i), "reachable": false })).collect();
    body["observations"]["probes"] = probes.into();
    body["agent_id"] = "é".repeat(64).into();
    body["observations"]["loaded_version"] = "v".repeat(64).into();
    body["observations"]["service_workers"] = vec![format!("/{}", "s".repeat(255)); 16].into();
    let p = problem(edge.upload(body).await, StatusCode::PAYLOAD_TOO_LARGE).await;
    assert!(p["detail"].as_str().unwrap().contains("8192 octets"), "{p}");
}

#[tokio::test]
async fn a_5_mb_upload_is_refused_as_problem_json_and_the_edge_keeps_serving() {
    let edge = edge();
    let huge = format!("{{\"v\":1,\"agent_id\":\"{}\"}}", "x".repeat(5 * 1024 * 1024));
    let request = Request::post("/api/reports").header(header::CONTENT_TYPE, "application/json").body(Body::from(huge));
    let refused = problem(edge.call(request.unwrap()).await, StatusCode::PAYLOAD_TOO_LARGE).await;
    assert!(refused["detail"].as_str().unwrap().contains("JSON"), "{refused}");
    assert_eq!(edge.get("/healthz", None).await.status(), StatusCode::OK);
    edge.code().await;
}

#[tokio::test]
async fn uploads_are_limited_per_client() {
    let edge = edge();
    let mut statuses = Vec::new();
    for _ in 0..30 {
        statuses.push(edge.upload(upload_body()).await.status());
    }
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CREATED).count(), 20, "{statuses:?}");
    let refused = edge.upload(upload_body()).await;
    assert_eq!(refused.headers()[header::RETRY_AFTER], "6");
    problem(refused, StatusCode::TOO_MANY_REQUESTS).await;
}

#[tokio::test]
async fn invalid_uploads_say_what_is_wrong() {
    let edge = edge();
    let mut body = upload_body();
    body["v"] = 9.into();
    let p = problem(edge.upload(body).await, StatusCode::BAD_REQUEST).await;
    assert!(p["detail"].as_str().unwrap().contains("version 9"), "{p}");
    let mut body = upload_body();
    body["agent_id"] = "x".repeat(65).into();
    let p = problem(edge.upload(body).await, StatusCode::BAD_REQUEST).await;
    assert!(p["detail"].as_str().unwrap().contains("agent_id"), "{p}");
    let mut body = upload_body();
    body["ip"] = "203.0.113.9".into();
    problem(edge.upload(body).await, StatusCode::UNPROCESSABLE_ENTITY).await;
}

#[tokio::test]
async fn a_report_keeps_no_address_cookie_or_user_agent_string() {
    let edge = edge();
    let ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    let headers = [("x-forwarded-for", "203.0.113.77"), ("cookie", "session=s3cr3t-cookie-value"), ("user-agent", ua)];
    let response = edge.upload_with(upload_body(), &headers).await;
    let code = json(response).await["code"].as_str().unwrap().to_owned();
    let stored = text(edge.lookup(&code, Some(TOKEN)).await).await;
    for secret in ["203.0.113.77", "s3cr3t", "Mozilla", "KHTML"] {
        assert!(!stored.contains(secret), "{secret} in {stored}");
    }
    let report: serde_json::Value = serde_json::from_str(&stored).unwrap();
    assert_eq!(report["report"]["device"]["browser"], "chrome");
    assert_eq!(report["report"]["device"]["os"], "windows");
    assert_eq!(report["report"]["agent_id"], serde_json::Value::Null);
}

#[tokio::test]
async fn the_viewer_is_disabled_without_a_token_and_never_open() {
    let edge = edge_with(None, fixed_now);
    let code = edge.code().await;
    let page = edge.get("/helpdesk", None).await;
    assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(text(page).await.contains("PREFLIGHT_HELPDESK_TOKEN"));
    assert_eq!(
        edge.get(&format!("/helpdesk/report?code={code}"), None).await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    problem(edge.lookup(&code, Some("")).await, StatusCode::SERVICE_UNAVAILABLE).await;
    assert_eq!(edge.sign_in("").await.status(), StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn the_helpdesk_signs_in_types_the_code_and_sees_the_report() {
    let edge = edge();
    let code = edge.code().await;
    // Not signed in: the same 401 sign-in page, whether the code exists or not.
    let existing = edge.get(&format!("/helpdesk/report?code={code}"), None).await;
    assert_eq!(existing.status(), StatusCode::UNAUTHORIZED);
    let missing = edge.get("/helpdesk/report?code=ZZZZ-ZZZZ", None).await;
    assert_eq!(missing.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(text(existing).await, text(missing).await);

    assert_eq!(edge.sign_in("not-the-token-at-all").await.status(), StatusCode::UNAUTHORIZED);
    let signed_in = edge.sign_in(TOKEN).await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let set_cookie = signed_in.headers()[header::SET_COOKIE].to_str().unwrap().to_owned();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/helpdesk"] {
        assert!(set_cookie.contains(attribute), "{set_cookie}");
    }
    let cookie = set_cookie.split(';').next().unwrap();
    assert_eq!(edge.get("/helpdesk", Some(cookie)).await.status(), StatusCode::OK);
    let page = edge.get(&format!("/helpdesk/report?code={}", code.to_lowercase()), Some(cookie)).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = text(page).await;
    assert!(html.contains(&format!("Rapport {code}")), "{html}");
    assert!(html.contains("data-code=\"CLK-SKEW\""), "the most likely cause first");
    assert!(html.contains("INC-2026-0042") && html.contains("data-copy=\"summary-fr\""));
    let not_found = edge.get("/helpdesk/report?code=ZZZZ-ZZZZ", Some(cookie)).await;
    assert_eq!(not_found.status(), StatusCode::NOT_FOUND);
    let ambiguous = edge.get("/helpdesk/report?code=K7F3-QX9O", Some(cookie)).await;
    assert_eq!(ambiguous.status(), StatusCode::BAD_REQUEST);
    assert!(text(ambiguous).await.contains("0 (zéro)"));
    let english = edge.get(&format!("/helpdesk/report?code={code}&lang=en"), Some(cookie)).await;
    let html = text(english).await;
    assert!(html.contains("<html lang=\"en\">") && html.contains(&format!("Report {code}")), "{html}");
    assert!(html.contains("<h2 id=\"cause-title\">Most likely cause</h2>"), "{html}");
    // The ticket summaries stay in both languages, each marked.
    assert!(html.contains("data-copy=\"summary-fr\"") && html.contains("<span lang=\"fr\">Français</span>"), "{html}");
    let english = edge.get("/helpdesk/report?code=K7F3-QX9O&lang=en", Some(cookie)).await;
    assert!(text(english).await.contains("0 (zero)"));
}

#[tokio::test]
async fn the_check_page_shows_the_ticket_and_its_qr_code() {
    let edge = edge();
    let page = edge.get("/check?ticket=INC-2026-0042", None).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = text(page).await;
    assert!(html.contains("<strong class=\"pf-ticket\">INC-2026-0042</strong>"), "{html}");
    assert!(html.contains("src=\"/check/qr.svg?ticket=INC-2026-0042\""), "{html}");
    assert!(html.contains("data-ticket=\"INC-2026-0042\""), "{html}");
    let bad = edge.get("/check?ticket=%3Cscript%3E", None).await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let html = text(bad).await;
    assert!(!html.contains("<script>") && html.contains("Lien non valide") && html.contains("lettres"), "{html}");
    let english = text(edge.get("/check?ticket=INC-2026-0042&lang=en", None).await).await;
    assert!(english.contains("Helpdesk ticket: <strong class=\"pf-ticket\">INC-2026-0042</strong>"), "{english}");
    let bad = text(edge.get("/check?ticket=%3Cscript%3E&lang=en", None).await).await;
    assert!(bad.contains("<html lang=\"en\">") && bad.contains("Invalid link") && bad.contains("letters"), "{bad}");

    let request = Request::get("/check/qr.svg?ticket=INC-2026-0042").header(header::HOST, "edge.example.fr");
    let qr = edge.call(request.body(Body::empty()).unwrap()).await;
    assert_eq!(qr.status(), StatusCode::OK);
    assert_eq!(qr.headers()[header::CONTENT_TYPE], "image/svg+xml");
    assert!(text(qr).await.contains("<svg"));
    let request = Request::get("/check/qr.svg?ticket=a%20b").header(header::HOST, "edge.example.fr");
    problem(edge.call(request.body(Body::empty()).unwrap()).await, StatusCode::BAD_REQUEST).await;
}

/// The link a portal's error page sends: `/check?error=…` with the provider's fields.
const SIGN_IN_LINK: &str = "/check?idp=entra&error=login_required&error_description=AADSTS50058%3A%20A%20silent%20sign-in\
     %20request%20was%20sent&correlation_id=6f1c2b1e-0d4a-4c1b-9d3e-2a7f5b8c9d01&time=2026-12-01T02%3A41%3A07Z";

#[tokio::test]
async fn the_check_page_carries_the_sign_in_error_to_explain() {
    let edge = edge();
    let page = edge.get(SIGN_IN_LINK, None).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = text(page).await;
    assert!(html.contains("<preflight-check mode=\"sign-in-error\" id=\"sign-in-error\" data-idp=\"entra\""), "{html}");
    assert!(
        html.contains("data-error=\"login_required\" data-message=\"AADSTS50058: A silent sign-in request was sent\"")
    );
    assert!(
        html.contains(
            "data-correlation-id=\"6f1c2b1e-0d4a-4c1b-9d3e-2a7f5b8c9d01\" data-time=\"2026-12-01T02:41:07Z\""
        )
    );
    assert!(!html.contains("data-rule"), "Entra's errors are the built-in catalog's, which the widget holds: {html}");
    assert!(!html.contains("<!--preflight:sign-in-error-->"));
    // The element's `explain()` sends `code` and `message`; the example config's own rule matches.
    let page = edge.get("/check?idp=keycloak&code=expiredActionMessage&message=x&lang=en", None).await;
    let html = text(page).await;
    assert!(html.contains("data-rule=\"deployment\" data-explained-by=\"clock cache\""), "{html}");
    assert!(html.contains("data-meaning-en=\"the action link expired\""), "{html}");
    // No error, no section.
    assert!(!text(edge.get("/check", None).await).await.contains("sign-in-error"));
}

#[tokio::test]
async fn a_forged_or_oversized_sign_in_error_is_a_clear_invalid_link() {
    let edge = edge();
    let forged = edge.get("/check?error=x&correlation_id=%3Cscript%3E", None).await;
    assert_eq!(forged.status(), StatusCode::BAD_REQUEST);
    let html = text(forged).await;
    assert!(
        !html.contains("<script>") && html.contains("Lien non valide") && html.contains("correlation_id"),
        "{html}"
    );
    let long = format!("/check?error=x&error_description={}&lang=en", "m".repeat(600));
    let html = text(edge.get(&long, None).await).await;
    assert!(html.contains("`message` is longer than 512 characters"), "{html}");
    let both = edge.get("/check?error=a&code=b", None).await;
    assert_eq!(both.status(), StatusCode::BAD_REQUEST, "one code, not two");
}

#[tokio::test]
async fn the_report_keeps_the_sign_in_error_for_the_helpdesk() {
    let edge = edge();
    let mut body = upload_body();
    body["sign_in_error"] = serde_json::json!({
        "idp": "entra",
        "code": "AADSTS50058",
        "correlation_id": "6f1c2b1e-0d4a-4c1b-9d3e-2a7f5b8c9d01",
        "time": "2026-12-01T02:41:07Z"
    });
    let response = edge.upload(body.clone()).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let code = json(response).await["code"].as_str().unwrap().to_owned();
    let found = json(edge.lookup(&code, Some(TOKEN)).await).await;
    assert_eq!(found["report"]["sign_in_error"]["correlation_id"], "6f1c2b1e-0d4a-4c1b-9d3e-2a7f5b8c9d01");
    let summary = found["summary"]["en"].as_str().unwrap();
    assert!(summary.contains("Sign-in error: Microsoft Entra ID AADSTS50058 — correlation ID 6f1c2b1e"), "{summary}");
    let signed_in = edge.sign_in(TOKEN).await;
    let cookie = signed_in.headers()[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_owned();
    let html = text(edge.get(&format!("/helpdesk/report?code={code}&lang=en"), Some(&cookie)).await).await;
    assert!(html.contains("<dt>Sign-in error</dt><dd>Microsoft Entra ID AADSTS50058 — correlation ID"), "{html}");

    body["sign_in_error"]["correlation_id"] = "abc\nForged: line".into();
    problem(edge.upload(body.clone()).await, StatusCode::BAD_REQUEST).await;
    body["sign_in_error"] = serde_json::json!({ "code": "x", "message": "not kept" });
    problem(edge.upload(body).await, StatusCode::UNPROCESSABLE_ENTITY).await;
}

#[tokio::test]
async fn only_the_sso_probe_page_may_be_framed() {
    let text_config = format!("{CITY_PORTAL_EXAMPLE}\n");
    let config = text_config.replace("passkeys = false", "probe_origin = \"http://localhost:8080\"\npasskeys = true");
    let edge = edge_from(&config, Some(TOKEN), fixed_now, |state| state);
    let probe = edge.get("/sso-probe.html", None).await;
    assert_eq!(probe.status(), StatusCode::OK);
    let csp = probe.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_owned();
    assert!(csp.ends_with("frame-ancestors *") && csp.contains("script-src 'self'"), "{csp}");
    assert!(!probe.headers().contains_key(header::X_FRAME_OPTIONS));
    let page = edge.get("/check", None).await;
    let csp = page.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_owned();
    assert!(
        csp.contains("frame-src 'self' http://localhost:8080;") && csp.ends_with("frame-ancestors 'none'"),
        "{csp}"
    );
    assert_eq!(page.headers()[header::X_FRAME_OPTIONS], "DENY");
    let html = text(page).await;
    assert!(html.contains("data-sso-probe=\"http://localhost:8080\" data-passkeys=\"true\""), "{html}");
    // With a public URL, only its pages (and the listed portal origins) may frame the probe.
    let public =
        config.replace("# public_url = \"https://portail.example.fr\"", "public_url = \"https://portail.example.fr\"");
    let edge = edge_from(&public, Some(TOKEN), fixed_now, |state| state);
    let probe = edge.get("/sso-probe.html", None).await;
    let csp = probe.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.ends_with("frame-ancestors https://portail.example.fr"), "{csp}");
}
