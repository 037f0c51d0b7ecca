//! The statistics through the Router: checks from several clients counted once each per hour, the
//! page and the CSV behind their own token, cells under k absent, totals right.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use axum::response::Response;
use http_body_util::BodyExt;
use preflight_core::config::{CITY_PORTAL_EXAMPLE, DeploymentConfig};
use tower::ServiceExt;

use crate::state::AppState;

const STATS_TOKEN: &str = "stats-token-for-router-tests-0123";
const HELPDESK_TOKEN: &str = "helpdesk-token-for-router-tests-01";
const SECRET: &[u8] = b"server-secret-for-stats-tests-0123456789";
/// 2025-12-01T10:30Z (a Monday).
fn fixed_now() -> f64 {
    1_764_585_000_000.0
}

const WINDOWS_CHROME: &str =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const LINUX_FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

struct Edge {
    _www: tempfile::TempDir,
    router: Router,
}

fn edge() -> Edge {
    let www = tempfile::tempdir().unwrap();
    std::fs::write(www.path().join("index.html"), "<!doctype html><title>login</title>").unwrap();
    let config = DeploymentConfig::parse(
        &CITY_PORTAL_EXAMPLE.replace("trusted_proxies = []", "trusted_proxies = [\"127.0.0.1/32\"]"),
    )
    .unwrap();
    let mut state = AppState::new(config, www.path().to_owned());
    state.clock = fixed_now;
    let state = state
        .with_helpdesk(Some(HELPDESK_TOKEN.to_owned()), SECRET)
        .with_statistics_token(Some(STATS_TOKEN.to_owned()), SECRET);
    let router = crate::app(state)
        .layer(axum::extract::connect_info::MockConnectInfo(std::net::SocketAddr::from(([127, 0, 0, 1], 4000))));
    Edge { router, _www: www }
}

fn observations(loaded_version: &str) -> String {
    serde_json::json!({
        "v": 1,
        "clock": { "offset_ms": 15.0, "error_bound_ms": 4.0 },
        "cookies_enabled": true, "cookie_write_read": true, "cookie_probe": false,
        "local_storage": true, "session_storage": true, "secure_context": true, "loopback_host": true,
        "loaded_version": loaded_version, "service_workers": [], "storage_usage": 1000,
        "storage_quota": 100000000, "probes": []
    })
    .to_string()
}

impl Edge {
    async fn call(&self, request: Request<Body>) -> Response {
        self.router.clone().oneshot(request).await.unwrap()
    }

    async fn check_from(&self, address: &str, user_agent: &str, loaded_version: &str) {
        let request = Request::post("/api/check")
            .header(header::CONTENT_TYPE, "application/json")
            .header("x-forwarded-for", address)
            .header(header::USER_AGENT, user_agent)
            .body(Body::from(observations(loaded_version)))
            .unwrap();
        assert_eq!(self.call(request).await.status(), StatusCode::OK);
    }

    async fn get(&self, path: &str, bearer: Option<&str>) -> (StatusCode, String) {
        let mut request = Request::get(path);
        if let Some(token) = bearer {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let response = self.call(request.body(Body::empty()).unwrap()).await;
        let status = response.status();
        (status, String::from_utf8(response.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap())
    }
}

#[tokio::test]
async fn checks_are_counted_once_per_client_and_small_cells_never_shown() {
    let edge = edge();
    // Seven agents inside the Hôtel de Ville on Windows/Chrome, each checking twice: 7 counts.
    for i in 1..=7 {
        for _ in 0..2 {
            edge.check_from(&format!("10.10.4.{i}"), WINDOWS_CHROME, "2026.11.1").await;
        }
    }
    // Six on the VPN with a stale cache: 6 counts.
    for i in 1..=6 {
        edge.check_from(&format!("198.51.100.{i}"), LINUX_FIREFOX, "2026.10.0").await;
    }
    // Three from the internet: a cell of 3, never shown.
    for i in 1..=3 {
        edge.check_from(&format!("203.0.113.{i}"), LINUX_FIREFOX, "2026.11.1").await;
    }

    let (status, csv) = edge.get("/stats/cells.csv", Some(STATS_TOKEN)).await;
    assert_eq!(status, StatusCode::OK, "{csv}");
    let mut rows: Vec<&str> = csv.lines().skip(1).collect();
    rows.sort_unstable();
    assert_eq!(
        rows,
        [
            "2025-12-01 10:00,CAC-STALE,vpn,,firefox,linux,6",
            "2025-12-01 10:00,CLK-OK,internal,hotel-de-ville,chrome,windows,7",
        ],
        "{csv}"
    );
    assert_eq!(rows.len(), 2, "the internet cell of 3 is not exported: {csv}");
    assert!(!csv.contains("internet"), "{csv}");

    let (status, page) = edge.get("/stats", Some(STATS_TOKEN)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-checks=\"13\""), "totals from shown cells only");
    assert!(page.contains("data-failing=\"6\""));
    assert!(page.contains("<svg class=\"pf-stats-chart\""), "charts drawn inline");
    assert!(page.contains("CAC-STALE"));
    assert!(!page.contains("<script"), "no script on the page");
}

#[tokio::test]
async fn the_page_and_the_export_need_the_statistics_token_not_the_helpdesks() {
    let edge = edge();
    for path in ["/stats", "/stats/cells.csv"] {
        assert_eq!(edge.get(path, None).await.0, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(edge.get(path, Some(HELPDESK_TOKEN)).await.0, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(edge.get(path, Some(STATS_TOKEN)).await.0, StatusCode::OK, "{path}");
    }
    let sign_in = Request::post("/stats/sign-in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("token={STATS_TOKEN}")))
        .unwrap();
    let response = edge.call(sign_in).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("preflight_stats=") && cookie.contains("Path=/stats") && cookie.contains("HttpOnly"));
    let pair = cookie.split(';').next().unwrap().to_owned();
    let page = edge.call(Request::get("/stats").header(header::COOKIE, &pair).body(Body::empty()).unwrap()).await;
    assert_eq!(page.status(), StatusCode::OK);
    let helpdesk = edge
        .call(
            Request::get("/helpdesk")
                .header(header::COOKIE, pair.replace("preflight_stats", "preflight_helpdesk"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(helpdesk.status(), StatusCode::UNAUTHORIZED, "a statistics session opens no helpdesk");
}

#[tokio::test]
async fn without_a_token_the_page_says_it_is_disabled() {
    let www = tempfile::tempdir().unwrap();
    let state = AppState::new(DeploymentConfig::parse(CITY_PORTAL_EXAMPLE).unwrap(), www.path().to_owned());
    let router = crate::app(state)
        .layer(axum::extract::connect_info::MockConnectInfo(std::net::SocketAddr::from(([127, 0, 0, 1], 4000))));
    let response = router.oneshot(Request::get("/stats").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn a_stale_cache_after_a_deploy_is_flagged_on_the_page_and_counted_for_prometheus() {
    use preflight_core::channel::AccessClass;
    use preflight_core::finding::Code;
    use preflight_core::statistics::{Cell, CellCount, HOUR_MS};
    use preflight_core::time::UnixMs;

    let www = tempfile::tempdir().unwrap();
    std::fs::write(www.path().join("index.html"), "<!doctype html><title>login</title>").unwrap();
    let config = DeploymentConfig::parse(
        &CITY_PORTAL_EXAMPLE.replace("trusted_proxies = []", "trusted_proxies = [\"127.0.0.1/32\"]"),
    )
    .unwrap();
    let mut state = AppState::new(config, www.path().to_owned());
    state.clock = fixed_now;
    let state = state.with_statistics_token(Some(STATS_TOKEN.to_owned()), SECRET);
    // A quiet day at the Hôtel de Ville: 40 agents an hour, nothing stale.
    let now = UnixMs::from_millis(fixed_now() as i64);
    let day: Vec<CellCount> = (1..=24)
        .map(|h| CellCount {
            cell: Cell::of_check(
                now.plus_millis(-h * HOUR_MS),
                Code::ClkOk,
                AccessClass::Internal,
                Some("hotel-de-ville"),
                None,
                None,
            ),
            count: 40,
        })
        .collect();
    state.statistics_store.add(day).await.unwrap();
    let router = crate::app(state.clone())
        .layer(axum::extract::connect_info::MockConnectInfo(std::net::SocketAddr::from(([127, 0, 0, 1], 4000))));
    let edge = Edge { router, _www: www };
    // Then a deploy, and eight agents' caches are stale.
    for i in 1..=8 {
        edge.check_from(&format!("10.10.7.{i}"), WINDOWS_CHROME, "2026.10.0").await;
    }
    crate::statistics::flush(&state).await.unwrap();
    let (_, metrics) = edge.get("/metrics", None).await;
    assert!(
        metrics
            .contains("preflight_friction_spikes_total{code=\"CAC-STALE\",scope=\"site\",group=\"hotel-de-ville\"} 1"),
        "{metrics}"
    );
    crate::statistics::flush(&state).await.unwrap();
    let (_, again) = edge.get("/metrics", None).await;
    assert!(again.contains("group=\"hotel-de-ville\"} 1"), "counted once per hour, not per flush");
    let (_, page) = edge.get("/stats", Some(STATS_TOKEN)).await;
    assert!(page.contains("data-spikes=\"2\""), "at the site and on internal access: {page}");
    assert!(page.contains("data-code=\"CAC-STALE\""));
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn the_store_on_disk_holds_no_address_and_no_user_agent() {
    let data = tempfile::tempdir().unwrap();
    let www = tempfile::tempdir().unwrap();
    let config = DeploymentConfig::parse(
        &CITY_PORTAL_EXAMPLE.replace("trusted_proxies = []", "trusted_proxies = [\"127.0.0.1/32\"]"),
    )
    .unwrap();
    let store = std::sync::Arc::new(crate::reports::sqlite::SqliteStore::open(data.path()).unwrap());
    let mut state = AppState::new(config, www.path().to_owned()).with_statistics_store(store.clone());
    state.clock = fixed_now;
    let router = crate::app(state.clone())
        .layer(axum::extract::connect_info::MockConnectInfo(std::net::SocketAddr::from(([127, 0, 0, 1], 4000))));
    let edge = Edge { router, _www: www };
    for i in 1..=6 {
        edge.check_from(&format!("198.51.100.{}", 40 + i), WINDOWS_CHROME, "2026.11.1").await;
    }
    assert_eq!(crate::statistics::flush(&state).await.unwrap(), 6);
    drop(edge);
    drop(state);
    drop(store);
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(data.path()).unwrap() {
        bytes.extend(std::fs::read(entry.unwrap().path()).unwrap());
    }
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("CLK-OK"), "the cell was written");
    for needle in ["198.51.100.4", "Mozilla", "Chrome/131", "Windows NT"] {
        assert!(!text.contains(needle), "{needle} is in the store");
    }
}
