//! The committed document is the one the types describe now, it names every `/api` route of the
//! Router, and the Router serves it.

use std::collections::BTreeSet;
use std::path::PathBuf;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use preflight_core::config::{CITY_PORTAL_EXAMPLE, DeploymentConfig};
use tower::ServiceExt;

use super::contract::{document, document_json};
use crate::state::AppState;

/// Set to write the document instead of comparing it (what `cargo xtask openapi` does).
const UPDATE: &str = "PREFLIGHT_UPDATE_OPENAPI";

fn www() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../www")
}

fn committed_path() -> PathBuf {
    www().join(super::DOCUMENT_FILE)
}

fn router() -> axum::Router {
    crate::app(AppState::new(DeploymentConfig::parse(CITY_PORTAL_EXAMPLE).unwrap(), www()))
}

/// As rust-analyzer's sourcegen tests: the file in the repository is what the generator writes now.
#[test]
fn the_committed_document_is_what_the_types_describe_now() {
    let generated = document_json();
    let path = committed_path();
    if std::env::var_os(UPDATE).is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "www/openapi.json is not the document core's types and the edge's operations describe now: \
         run `cargo xtask openapi` and commit it"
    );
}

/// Every route the Router has under `/api`, with every method it answers: the paths as the Router
/// lists them (its `Debug` names each route's path), the methods by asking it (a method a route
/// does not take is answered 405 by `problem::method_not_allowed`, before any handler runs).
async fn routes_of_the_router() -> BTreeSet<(String, Method)> {
    let state = AppState::new(DeploymentConfig::parse(CITY_PORTAL_EXAMPLE).unwrap(), www());
    let listing = format!("{:?}", crate::app::routes(&state));
    // `/api/{*rest}` is the API's 404, not an endpoint.
    let paths: BTreeSet<String> = listing
        .split('"')
        .filter(|s| s.starts_with("/api/") && !s.contains("__private__") && !s.contains("{*"))
        .map(str::to_owned)
        .collect();
    // If axum ever stops listing paths this way, this test must fail, not pass on nothing.
    assert!(paths.contains("/api/time"), "the Router's Debug no longer lists its paths: {listing}");
    let mut routes = BTreeSet::new();
    for path in paths {
        let uri = path.replace("{code}", "K7F3QX9D");
        assert!(!uri.contains('{'), "give {path}'s parameter a value here");
        for method in [Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
            let request = Request::builder().method(method.clone()).uri(&uri).body(Body::empty()).unwrap();
            let response = router().oneshot(request).await.unwrap();
            if response.status() != StatusCode::METHOD_NOT_ALLOWED {
                routes.insert((path.clone(), method));
            }
        }
    }
    routes
}

fn operations_of_the_document() -> BTreeSet<(String, Method)> {
    let json = serde_json::to_value(document()).unwrap();
    let mut operations = BTreeSet::new();
    for (path, item) in json["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            let method = Method::from_bytes(method.to_ascii_uppercase().as_bytes()).unwrap();
            operations.insert((path.clone(), method));
        }
    }
    operations
}

#[tokio::test]
async fn the_document_describes_every_api_route_and_no_other() {
    let routes = routes_of_the_router().await;
    let documented = operations_of_the_document();
    let missing: Vec<_> = routes.difference(&documented).collect();
    assert!(missing.is_empty(), "routes of app() missing from the OpenAPI document (openapi::contract): {missing:?}");
    let stale: Vec<_> = documented.difference(&routes).collect();
    assert!(stale.is_empty(), "operations of the OpenAPI document that app() does not route: {stale:?}");
}

#[tokio::test]
async fn the_edge_serves_the_document_as_json() {
    let request = Request::get(super::DOCUMENT_PATH).body(Body::empty()).unwrap();
    let response = router().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let served: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(served["openapi"], "3.1.0");
    assert!(served["paths"]["/api/reports/{code}"]["get"].is_object());
}

#[test]
fn every_error_is_a_problem_with_an_example() {
    let json = serde_json::to_value(document()).unwrap();
    for (path, item) in json["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            for (status, response) in operation["responses"].as_object().unwrap() {
                // The document's own 404 is the 404 page of a missing static file.
                if !status.starts_with('4') && !status.starts_with('5') || path == super::DOCUMENT_PATH {
                    continue;
                }
                let content = &response["content"]["application/problem+json"];
                assert_eq!(
                    content["schema"]["$ref"], "#/components/schemas/ProblemDetails",
                    "{method} {path} {status}"
                );
                assert_eq!(content["example"]["status"], status.parse::<u16>().unwrap(), "{method} {path} {status}");
            }
        }
    }
}

/// Bounds written as literals in core's `#[schema(...)]` attributes are core's limits.
#[test]
fn the_document_s_bounds_are_core_s_limits() {
    let json = serde_json::to_value(document()).unwrap();
    let observations = &json["components"]["schemas"]["BrowserObservations"]["properties"];
    for field in ["storage_usage", "storage_quota"] {
        let max = preflight_core::checks::limits::STORAGE_BYTES;
        assert_eq!(observations[field]["maximum"], max, "{field}: {}", observations[field]);
    }
}
