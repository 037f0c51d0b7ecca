//! `POST /api/reports`: an agent's opt-in report in, a short code out. `GET /api/reports/{code}`:
//! the report, for the helpdesk (token, rate limit). The findings are recomputed here with
//! `core::checks`, and the edge adds only families and classes: never the address, cookies or user
//! agent string.

#[cfg(feature = "sqlite")]
pub mod sqlite;
pub mod store;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use preflight_core::checks::evaluate;
use preflight_core::i18n::{Lang, Text};
use preflight_core::protocol::{LookupAnswer, Receipt};
use preflight_core::rate_limits::Limit;
use preflight_core::report::{
    CODE_RANDOM_BYTES, MAX_STORED_BYTES, Report, ReportContext, ReportUpload, ShortCode, most_likely_cause, plain_text,
};

use crate::browser_check::edge_observations;
use crate::client::{ClientAccess, ClientAddress};
use crate::json_body::JsonBody;
use crate::problem::Problem;
use crate::rate_limits::too_many;
use crate::state::AppState;
use store::{PutOutcome, StoreError, stored_bytes};

/// Fresh codes tried when one is taken: with 2^40 codes, a second collision means a broken RNG.
const CODE_ATTEMPTS: usize = 4;

pub async fn upload(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    ClientAccess(access): ClientAccess,
    headers: HeaderMap,
    body: Result<JsonBody<ReportUpload>, Problem>,
) -> Result<Response, Problem> {
    if !state.rate_limits.allow(Limit::ReportUploads, client).await {
        let problem =
            Problem::new(StatusCode::TOO_MANY_REQUESTS, "Too many reports from this address: try again in a minute.");
        return Ok(too_many(Limit::ReportUploads, problem));
    }
    let JsonBody(upload) = body?;
    let probe_urls: Vec<&str> = state.config.probe_urls().collect();
    let upload = upload.validate(&probe_urls).map_err(|e| Problem::bad_request(e.to_string()))?;
    let findings = evaluate(&upload.observations, &edge_observations(&state, &headers));
    let device = crate::access_panel::device_facts(&headers, None);
    let received_at_ms = state.now();
    let context = ReportContext {
        received_at_ms,
        ttl: state.config.helpdesk.report_ttl(),
        portal_version: state.config.portal_version().to_owned(),
        edge_version: env!("CARGO_PKG_VERSION").to_owned(),
        access: access.class,
        site: access.site,
        device: (&device).into(),
    };
    let report = Report::assemble(upload, context, findings);
    if stored_bytes(&report) > MAX_STORED_BYTES as u64 {
        return Err(Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("This report would take more than {MAX_STORED_BYTES} bytes: send fewer or shorter observations."),
        ));
    }
    for _ in 0..CODE_ATTEMPTS {
        let code = ShortCode::from_random(random_bytes()?);
        // Resolves once the report is durable: only then is the code shown to the agent.
        match state.reports.put(&code, &report, received_at_ms, state.store_quota()).await.map_err(store_problem)? {
            PutOutcome::Stored => return Ok(receipt(&code, &report)),
            PutOutcome::CodeTaken => continue,
            PutOutcome::Full => return Err(store_full()),
        }
    }
    Err(Problem::new(StatusCode::SERVICE_UNAVAILABLE, "No free report code was found: try again."))
}

fn receipt(code: &ShortCode, report: &Report) -> Response {
    let expires_at = report.expires_at_ms.timestamp().map(|t| t.to_string()).unwrap_or_default();
    let receipt = Receipt { v: report.v, code: code.grouped(), expires_at, expires_at_ms: report.expires_at_ms };
    (StatusCode::CREATED, [(header::CACHE_CONTROL, "no-store")], Json(receipt)).into_response()
}

fn store_full() -> Problem {
    Problem::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "The report store is full until older reports expire: describe the problem to the helpdesk on the phone.",
    )
}

fn random_bytes() -> Result<[u8; CODE_RANDOM_BYTES], Problem> {
    let mut bytes = [0; CODE_RANDOM_BYTES];
    getrandom::fill(&mut bytes)
        .map_err(|e| Problem::new(StatusCode::SERVICE_UNAVAILABLE, format!("no randomness for a report code: {e}")))?;
    Ok(bytes)
}

pub fn store_problem(e: StoreError) -> Problem {
    Problem::new(StatusCode::SERVICE_UNAVAILABLE, format!("{e}. Try again in a moment."))
}

pub async fn lookup(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Response, Problem> {
    let gate = &state.helpdesk;
    if !gate.enabled() {
        return Err(viewer_disabled());
    }
    // Every attempt counts, in the budget of its kind: bad tokens never spend the helpdesk's own.
    let authorized = gate.bearer_valid(&headers);
    let limit = if authorized { Limit::HelpdeskSignedIn } else { Limit::HelpdeskAnonymous };
    if !state.rate_limits.allow(limit, client).await {
        return Ok(too_many(limit, too_many_attempts()));
    }
    if !authorized {
        return Ok(unauthorized());
    }
    let code = ShortCode::parse(&code).map_err(|e| Problem::bad_request(e.to_string()))?;
    let now = state.now();
    let report = state.reports.get(&code, now).await.map_err(store_problem)?.ok_or_else(|| not_found(&state))?;
    let summary = Text { fr: plain_text(&report, &code, Lang::Fr), en: plain_text(&report, &code, Lang::En) };
    let answer = LookupAnswer {
        v: report.v,
        code: code.grouped(),
        most_likely_cause: most_likely_cause(&report.findings).map(|f| f.code),
        summary,
        report,
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(answer)).into_response())
}

/// The same answer whether or not the code exists: a missing token reveals nothing.
pub fn unauthorized() -> Response {
    let problem = Problem::new(
        StatusCode::UNAUTHORIZED,
        "A helpdesk token is required: send `Authorization: Bearer <token>`, or sign in at /helpdesk.",
    );
    ([(header::WWW_AUTHENTICATE, "Bearer")], problem).into_response()
}

pub fn too_many_attempts() -> Problem {
    Problem::new(StatusCode::TOO_MANY_REQUESTS, "Too many lookups from this address: wait a few seconds and try again.")
}

pub fn viewer_disabled() -> Problem {
    Problem::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "The helpdesk viewer is disabled on this edge: set PREFLIGHT_HELPDESK_TOKEN to enable it.",
    )
}

fn not_found(state: &AppState) -> Problem {
    let days = state.config.helpdesk.report_ttl().in_days();
    Problem::new(
        StatusCode::NOT_FOUND,
        format!("No report has this code: check it with the agent; reports are deleted after {days} days."),
    )
}

/// How often expired reports are purged (they are also never served once expired).
pub const PURGE_EVERY: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Purges expired reports now and every [`PURGE_EVERY`], and lets the lookup limiter forget quiet
/// clients. Runs for the life of the native edge (on Workers, KV expires reports itself).
#[cfg(feature = "native")]
pub async fn purge_periodically(state: AppState) {
    let mut every = tokio::time::interval(PURGE_EVERY);
    loop {
        every.tick().await;
        match state.reports.purge_expired(state.now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!("deleted {n} expired report(s)"),
            Err(e) => tracing::warn!("purge failed, will retry: {e}"),
        }
        state.rate_limits.forget_quiet_clients();
    }
}
