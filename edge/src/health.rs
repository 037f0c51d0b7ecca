//! `GET /healthz`: liveness for load balancers and for the test harness.

use axum::Json;
use axum::extract::State;
use preflight_core::protocol::Health;

use crate::reports::store::StoreHealth;
use crate::state::AppState;

pub async fn handler(State(state): State<AppState>) -> Json<Health> {
    let reports = match state.reports.health() {
        StoreHealth::Available => "available",
        StoreHealth::Unavailable(_) => "unavailable",
    };
    Json(Health {
        status: "ok".to_owned(),
        edge_version: env!("CARGO_PKG_VERSION").to_owned(),
        portal_version: state.config.portal_version().to_owned(),
        reports: reports.to_owned(),
    })
}
