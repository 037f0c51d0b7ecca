//! `GET /api/route?intent=…[&department=…]`: the channel to use from here and now, and what to know.

use axum::Json;
use axum::extract::{Query, State};
use preflight_core::channel::route::{Intent, recommend};
use preflight_core::protocol::{Choices, DepartmentChoice, PROTOCOL_VERSION, RouteAnswer};
use serde::Deserialize;

use crate::client::ClientAccess;
use crate::problem::Problem;
use crate::state::AppState;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteQuery {
    intent: Option<String>,
    department: Option<String>,
}

pub async fn handler(
    State(state): State<AppState>,
    ClientAccess(access): ClientAccess,
    query: Result<Query<RouteQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<RouteAnswer>, Problem> {
    let known = || preflight_core::channel::route::known_intents(&state.config).join(", ");
    let Query(query) =
        query.map_err(|e| Problem::bad_request(format!("{}. Use ?intent=ONE_OF({})", e.body_text(), known())))?;
    let intent = query
        .intent
        .filter(|i| !i.is_empty())
        .ok_or_else(|| Problem::bad_request(format!("say what you want to do with ?intent=…, one of: {}", known())))?;
    // An empty department is none, as an empty intent is no intent (a form's unset field).
    let department = match query.department.as_deref().filter(|d| !d.is_empty()) {
        Some(id) if state.config.department(id).is_none() => {
            let ids: Vec<&str> = state.config.departments.iter().map(|d| d.id.get_ref().as_str()).collect();
            return Err(Problem::bad_request(format!("unknown department `{id}`: use one of {}", ids.join(", "))));
        }
        other => other,
    };
    let parsed: Intent = intent.parse().unwrap_or_else(|never| match never {});
    let recommendation = recommend(&state.config, &access, &parsed, state.now_timestamp(), department)
        .map_err(|e| Problem::bad_request(e.to_string()))?;
    Ok(Json(RouteAnswer { v: PROTOCOL_VERSION, intent, access, recommendation }))
}

/// `GET /api/intents`: what the intent picker offers, and the departments for password resets.
pub async fn choices(State(state): State<AppState>) -> Json<Choices> {
    let departments = state
        .config
        .departments
        .iter()
        .map(|d| DepartmentChoice { id: d.id.get_ref().clone(), name: d.name.clone() })
        .collect();
    Json(Choices {
        v: PROTOCOL_VERSION,
        intents: preflight_core::channel::route::intent_choices(&state.config),
        departments,
    })
}
