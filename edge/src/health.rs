//! `GET /healthz`: liveness for load balancers and for the test harness.

use axum::Json;
use axum::extract::State;
use serde::Serialize;

use crate::state::AppState;

#[derive(Serialize)]
pub struct Health {
    status: &'static str,
    edge_version: &'static str,
    portal_version: String,
}

pub async fn handler(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok",
        edge_version: env!("CARGO_PKG_VERSION"),
        portal_version: state.config.portal_version().to_owned(),
    })
}
