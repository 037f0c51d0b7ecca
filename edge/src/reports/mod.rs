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
use preflight_core::report::viewer::{
    CODE_NOT_FOUND, DISABLED_TEXT, NO_FREE_CODE, REPORT_TOO_LARGE, STORE_FULL, STORE_UNAVAILABLE, TOKEN_REQUIRED,
    TOO_MANY_REPORTS, TOO_MANY_TEXT,
};
use preflight_core::report::{
    CODE_RANDOM_BYTES, MAX_STORED_BYTES, Report, ReportContext, ReportUpload, ShortCode, most_likely_cause, plain_text,
};

use crate::browser_check::edge_observations;
use crate::client::{ClientAccess, ClientAddress, ReaderLang};
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
    ReaderLang(lang): ReaderLang,
    headers: HeaderMap,
    body: Result<JsonBody<ReportUpload>, Problem>,
) -> Result<Response, Problem> {
    if !state.rate_limits.allow(Limit::ReportUploads, client).await {
        let problem = Problem::new(StatusCode::TOO_MANY_REQUESTS, TOO_MANY_REPORTS.get(lang));
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
        let detail = REPORT_TOO_LARGE.fill(lang, &[("max", &MAX_STORED_BYTES.to_string())]);
        return Err(Problem::new(StatusCode::PAYLOAD_TOO_LARGE, detail));
    }
    for _ in 0..CODE_ATTEMPTS {
        let code = ShortCode::from_random(random_bytes()?);
        // Resolves once the report is durable: only then is the code shown to the agent.
        let stored = state.reports.put(&code, &report, received_at_ms, state.store_quota()).await;
        match stored.map_err(|e| store_problem(e, lang))? {
            PutOutcome::Stored => {
                crate::metrics::count_stored_report();
                return Ok(receipt(&code, &report));
            }
            PutOutcome::CodeTaken => continue,
            PutOutcome::Full => return Err(Problem::new(StatusCode::SERVICE_UNAVAILABLE, STORE_FULL.get(lang))),
        }
    }
    Err(Problem::new(StatusCode::SERVICE_UNAVAILABLE, NO_FREE_CODE.get(lang)))
}

fn receipt(code: &ShortCode, report: &Report) -> Response {
    let expires_at = report.expires_at_ms.timestamp().map(|t| t.to_string()).unwrap_or_default();
    let receipt = Receipt { v: report.v, code: code.grouped(), expires_at, expires_at_ms: report.expires_at_ms };
    (StatusCode::CREATED, [(header::CACHE_CONTROL, "no-store")], Json(receipt)).into_response()
}

fn random_bytes() -> Result<[u8; CODE_RANDOM_BYTES], Problem> {
    let mut bytes = [0; CODE_RANDOM_BYTES];
    getrandom::fill(&mut bytes)
        .map_err(|e| Problem::new(StatusCode::SERVICE_UNAVAILABLE, format!("no randomness for a report code: {e}")))?;
    Ok(bytes)
}

fn store_problem(e: StoreError, lang: Lang) -> Problem {
    Problem::new(StatusCode::SERVICE_UNAVAILABLE, STORE_UNAVAILABLE.fill(lang, &[("error", &e.to_string())]))
}

pub async fn lookup(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    ReaderLang(lang): ReaderLang,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Response, Problem> {
    let gate = &state.helpdesk;
    if !gate.enabled() {
        let detail = DISABLED_TEXT.fill(lang, &[("variable", "PREFLIGHT_HELPDESK_TOKEN")]);
        return Err(Problem::new(StatusCode::SERVICE_UNAVAILABLE, detail));
    }
    // Every attempt counts, in the budget of its kind: bad tokens never spend the helpdesk's own.
    let authorized = gate.bearer_valid(&headers);
    let limit = if authorized { Limit::HelpdeskSignedIn } else { Limit::HelpdeskAnonymous };
    if !state.rate_limits.allow(limit, client).await {
        return Ok(too_many(limit, Problem::new(StatusCode::TOO_MANY_REQUESTS, TOO_MANY_TEXT.get(lang))));
    }
    if !authorized {
        // The same answer whether or not the code exists: a missing token reveals nothing.
        let problem = Problem::new(StatusCode::UNAUTHORIZED, TOKEN_REQUIRED.get(lang));
        return Ok(([(header::WWW_AUTHENTICATE, "Bearer")], problem).into_response());
    }
    let code = ShortCode::parse(&code).map_err(|e| Problem::bad_request(e.text(lang)))?;
    let now = state.now();
    let report = state.reports.get(&code, now).await.map_err(|e| store_problem(e, lang))?;
    let report = report.ok_or_else(|| Problem::new(StatusCode::NOT_FOUND, code_not_found(&state, &code, lang)))?;
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

/// No report has this code (or no longer): check it, and how long reports are kept.
pub fn code_not_found(state: &AppState, code: &ShortCode, lang: Lang) -> String {
    let days = state.config.helpdesk.report_ttl().in_days().to_string();
    CODE_NOT_FOUND.fill(lang, &[("code", &code.to_string()), ("days", &days)])
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
            Ok(n) => {
                crate::metrics::count_purged_reports(n);
                tracing::info!("deleted {n} expired report(s)");
            }
            Err(e) => tracing::warn!("purge failed, will retry: {e}"),
        }
        state.rate_limits.forget_quiet_clients();
    }
}
