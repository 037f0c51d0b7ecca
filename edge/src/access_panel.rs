//! `GET /api/access[?vpn_client=7.1.3]`: the "Your access" panel — where the agent connects from,
//! what works from there now, and the known issues matching their device.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use preflight_core::channel::summary::summarize;
use preflight_core::client::{ClientFacts, Version};
use preflight_core::protocol::{AccessAnswer, PROTOCOL_VERSION};
use serde::Deserialize;

use crate::client::ClientAccess;
use crate::problem::Problem;
use crate::state::AppState;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessQuery {
    /// The VPN client version the agent read in their client's "About" box.
    vpn_client: Option<String>,
}

pub async fn handler(
    State(state): State<AppState>,
    ClientAccess(access): ClientAccess,
    headers: HeaderMap,
    query: Result<Query<AccessQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<AccessAnswer>, Problem> {
    let Query(query) = query
        .map_err(|e| Problem::bad_request(format!("{}: the only parameter is ?vpn_client=7.2.1", e.body_text())))?;
    let vpn_client = query.vpn_client.filter(|v| !v.trim().is_empty());
    if let Some(v) = &vpn_client {
        v.parse::<Version>().map_err(Problem::bad_request)?;
    }
    let facts = device_facts(&headers, vpn_client.as_deref());
    Ok(Json(AccessAnswer {
        v: PROTOCOL_VERSION,
        summary: summarize(&state.config, &access, &facts, state.now_timestamp()),
    }))
}

pub(crate) fn device_facts(headers: &HeaderMap, vpn_client: Option<&str>) -> ClientFacts {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    ClientFacts::from_request(
        header("user-agent").unwrap_or(""),
        header("sec-ch-ua-platform"),
        header("sec-ch-ua-platform-version"),
        vpn_client,
    )
}
