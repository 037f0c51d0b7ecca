//! `GET /healthz`: liveness for load balancers and for the test harness.

use axum::Json;
use axum::extract::State;
use serde::Serialize;

use crate::reports::store::StoreHealth;
use crate::state::AppState;

#[derive(Serialize)]
pub struct Health {
    status: &'static str,
    edge_version: &'static str,
    portal_version: String,
    /// `available`, or `unavailable` when the report store could not be opened (the edge still
    /// serves everything else; the reason is in its log and in the report endpoints' 503).
    reports: &'static str,
}

pub async fn handler(State(state): State<AppState>) -> Json<Health> {
    let reports = match state.reports.health() {
        StoreHealth::Available => "available",
        StoreHealth::Unavailable(_) => "unavailable",
    };
    Json(Health {
        status: "ok",
        edge_version: env!("CARGO_PKG_VERSION"),
        portal_version: state.config.portal_version().to_owned(),
        reports,
    })
}
