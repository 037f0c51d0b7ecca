//! The OpenAPI 3.1 description of every `/api` route: the schemas are core's wire types
//! (`utoipa::ToSchema`, core's feature `openapi`), the operations are declared here, one function
//! each, with every answer a handler can give (problems included) and an example of each.
//! Compiled only with the edge's feature `openapi`, at build and test time: no host serves this
//! code, they serve the document it wrote (`www/openapi.json`).

// The operations below exist only for their attributes; their bodies are never called.
#![allow(dead_code)]

use preflight_core::checks::BrowserObservations;
use preflight_core::i18n::Lang::En;
use preflight_core::protocol::{
    AccessAnswer, CheckAnswer, CheckPlan, Choices, LookupAnswer, ProblemDetails, Receipt, RouteAnswer,
    SessionHintsAnswer, TimeProbeResponse,
};
use preflight_core::report::viewer::{
    CODE_NOT_FOUND, DISABLED_TEXT, REPORT_TOO_LARGE, STORE_FULL, TOKEN_REQUIRED, TOO_MANY_REPORTS, TOO_MANY_TEXT,
};
use preflight_core::report::{MAX_STORED_BYTES, ReportUpload, ShortCode};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::examples;

/// The document, as generated from the types now.
pub fn document() -> utoipa::openapi::OpenApi {
    ApiContract::openapi()
}

/// The document as committed in `www/openapi.json`: pretty JSON, one trailing newline.
pub fn document_json() -> String {
    let mut json = document().to_pretty_json().unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    json.push('\n');
    json
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Preflight edge API",
        description = "What the login page's widget, the check page and the helpdesk ask the edge. \
            Every error is `application/problem+json` (RFC 9457) with a `detail` that says what to do. \
            Report uploads and lookups are rate-limited per client (an IPv4 address or an IPv6 /64): \
            over a budget, `429` with `Retry-After`.",
        license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0"),
    ),
    paths(
        time,
        check_plan,
        check,
        clear_cache,
        session_hints,
        access,
        route,
        intents,
        upload_report,
        lookup_report,
        canary_beacon,
        openapi_document
    ),
    components(schemas(ProblemDetails)),
    modifiers(&HelpdeskToken),
    tags(
        (name = "check", description = "The browser check: clock probes, observations in, findings out."),
        (name = "access", description = "Where the agent connects from, and which channel to use."),
        (name = "reports", description = "Reports an agent shares with the helpdesk, and their lookup."),
        (name = "canary", description = "Copies of the login page on other origins (phishing clones)."),
        (name = "contract", description = "This document."),
    )
)]
struct ApiContract;

/// A problem as the edge writes it (examples use core's own texts, so they cannot drift from them).
fn problem(status: u16, detail: impl Into<String>) -> serde_json::Value {
    let status = axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
    serde_json::to_value(crate::problem::Problem::new(status, detail).0).unwrap_or_default()
}

/// The helpdesk token (`PREFLIGHT_HELPDESK_TOKEN`), sent as `Authorization: Bearer …`.
struct HelpdeskToken;

/// Its name in `security(...)` below.
const HELPDESK_TOKEN: &str = "helpdesk_token";

impl Modify for HelpdeskToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some("The helpdesk token (`PREFLIGHT_HELPDESK_TOKEN`), 16 or more visible characters."))
            .build();
        components.add_security_scheme(HELPDESK_TOKEN, SecurityScheme::Http(scheme));
    }
}

/// The clock probe: the edge's receive and transmit times for one NTP-style sample.
#[utoipa::path(
    get,
    path = "/api/time",
    operation_id = "time",
    tag = "check",
    responses(
        (status = 200, description = "The edge's timestamps, never cached. On Workers `t1 = t2`.",
            body = TimeProbeResponse,
            headers(("Cache-Control" = String, description = "`no-store`")),
            example = json!({"v": 1, "t1": 1764086400123.456, "t2": 1764086400123.789})),
        (status = 400, description = "A query string: the probe takes none.", body = ProblemDetails,
            content_type = "application/problem+json",
            example = json!(problem(400, "/api/time takes no query parameters: call it as GET /api/time."))),
    )
)]
fn time() {}

/// Starts a check: sets the short-lived test cookie the check looks for, and lists the HTTPS hosts
/// whose certificates the widget probes.
#[utoipa::path(
    get,
    path = "/api/check-plan",
    operation_id = "checkPlan",
    tag = "check",
    responses(
        (status = 200, description = "The hosts to probe; the test cookie is set.", body = CheckPlan,
            headers(("Set-Cookie" = String, description = "The test cookie (`HttpOnly`, `Secure` over HTTPS)")),
            example = json!({"v": 1, "probes": ["https://idp.ville-exemple.fr/", "https://mail.ville-exemple.fr/"]})),
    )
)]
fn check_plan() {}

/// The browser's observations in, one finding per check out, the one to show first named, with the
/// session hints. The edge adds what only it sees (the Cookie header's size, the test cookie's
/// return, the deployed version, the OS).
#[utoipa::path(
    post,
    path = "/api/check",
    operation_id = "check",
    tag = "check",
    request_body(content = BrowserObservations, content_type = "application/json",
        example = json!(examples::observations())),
    responses(
        (status = 200, description = "One finding per check; `top` is the index of the one to show first.",
            body = CheckAnswer,
            headers(("Set-Cookie" = String, description = "Removes the test cookie")),
            example = json!(examples::check_answer())),
        (status = 400, description = "Broken JSON, or observations out of bounds (lengths, list sizes, \
            unprintable text, a probe of a host the edge does not list, another protocol version).",
            body = ProblemDetails, content_type = "application/problem+json",
            example = json!(problem(400, "`observations.probes`: https://x.example/ is not one of this edge's probe hosts (GET /api/check-plan lists them)"))),
        (status = 413, description = "A body over 64 KiB.", body = ProblemDetails,
            content_type = "application/problem+json",
            example = json!(problem(413, "Failed to buffer the request body: length limit exceeded: send at most 65536 bytes of JSON"))),
        (status = 415, description = "Not `Content-Type: application/json`.", body = ProblemDetails,
            content_type = "application/problem+json",
            example = json!(problem(415, "Expected request with `Content-Type: application/json`: send the body as JSON"))),
        (status = 422, description = "JSON of another shape (a missing field, an unknown one, a wrong type).",
            body = ProblemDetails, content_type = "application/problem+json",
            example = json!(problem(422, "The body is not the JSON this endpoint reads: missing field `cookies_enabled` at line 1 column 8"))),
    )
)]
fn check() {}

/// The edge's part of the Repair button: empties the browser's HTTP cache for this origin.
#[utoipa::path(
    post,
    path = "/api/clear-cache",
    operation_id = "clearCache",
    tag = "check",
    responses(
        (status = 204, description = "The cache of this origin is cleared (and nothing else of the browser).",
            headers(("Clear-Site-Data" = String, description = "`\"cache\"`"))),
    )
)]
fn clear_cache() {}

/// Shared-workstation mode and the login page's one line about access, in one request.
#[utoipa::path(
    get,
    path = "/api/session-hints",
    operation_id = "sessionHints",
    tag = "access",
    responses(
        (status = 200, description = "What the edge knows about this session's device and network.",
            body = SessionHintsAnswer,
            example = json!(examples::session_hints())),
    )
)]
fn session_hints() {}

/// The "Your access" panel: where the agent connects from, what works from there now, and the
/// known issues of their device.
#[utoipa::path(
    get,
    path = "/api/access",
    operation_id = "access",
    tag = "access",
    params(
        ("vpn_client" = Option<String>, Query,
            description = "The VPN client version the agent read in their client's About box; numbers and dots.",
            example = "7.2.1"),
    ),
    responses(
        (status = 200, description = "The panel.", body = AccessAnswer,
            example = json!(examples::access_answer())),
        (status = 400, description = "A VPN client version that is not one, or another parameter.",
            body = ProblemDetails, content_type = "application/problem+json",
            example = json!(problem(400, "`7.x` is not a version: write numbers separated by dots, e.g. \"7.2.1\""))),
    )
)]
fn access() {}

/// The channel to use for an intent, from where the agent is, now.
#[utoipa::path(
    get,
    path = "/api/route",
    operation_id = "route",
    tag = "access",
    params(
        ("intent" = String, Query,
            description = "An app's id or a built-in intent (`reset-password`, `2fa-code-missing`): \
                `GET /api/intents` lists this deployment's.",
            example = "messagerie"),
        ("department" = Option<String>, Query,
            description = "For a password reset: a department's id (`GET /api/intents` lists them).",
            example = "dfa"),
    ),
    responses(
        (status = 200, description = "The recommendation.", body = RouteAnswer,
            example = json!(examples::route_answer())),
        (status = 400, description = "No intent, an intent or a department this deployment does not know, or \
            another parameter; the detail lists the choices.",
            body = ProblemDetails, content_type = "application/problem+json",
            example = json!(problem(400, "unknown intent `paie2`: use one of messagerie, paie, reset-password, 2fa-code-missing"))),
    )
)]
fn route() {}

/// What the intent picker offers, and the departments for password resets.
#[utoipa::path(
    get,
    path = "/api/intents",
    operation_id = "intents",
    tag = "access",
    responses(
        (status = 200, description = "Apps first, then the built-in intents.", body = Choices,
            example = json!(examples::choices())),
    )
)]
fn intents() {}

/// An agent's report, shared with their consent: stored, and a short code returned to read out.
#[utoipa::path(
    post,
    path = "/api/reports",
    operation_id = "uploadReport",
    tag = "reports",
    request_body(content = ReportUpload, content_type = "application/json",
        example = json!(examples::report_upload())),
    responses(
        (status = 201, description = "Stored (durably) until `expires_at`: the code to read out to the helpdesk.",
            body = Receipt,
            links(("lookupReport" = (operation_id = "lookupReport",
                parameters(("code" = "$response.body#/code")),
                description = "The helpdesk reads the report with this code (and its token)."))),
            example = json!({"v": 1, "code": "K7F3-QX9D", "expires_at": "2026-12-07T10:00:00Z",
                "expires_at_ms": 1796637600000_i64})),
        (status = 400, description = "Broken JSON, or an upload out of bounds (ticket, agent ID, observations).",
            body = ProblemDetails, content_type = "application/problem+json",
            example = json!(problem(400, "ticket: a ticket reference uses only letters, digits, `-`, `_` and `.`, e.g. INC-2026-0042"))),
        (status = 413, description = "A body over 64 KiB, or a report too large to keep.", body = ProblemDetails,
            content_type = "application/problem+json",
            example = json!(problem(413, REPORT_TOO_LARGE.fill(En, &[("max", &MAX_STORED_BYTES.to_string())])))),
        (status = 415, description = "Not `Content-Type: application/json`.", body = ProblemDetails,
            content_type = "application/problem+json",
            example = json!(problem(415, "Expected request with `Content-Type: application/json`: send the body as JSON"))),
        (status = 422, description = "JSON of another shape.", body = ProblemDetails,
            content_type = "application/problem+json",
            example = json!(problem(422, "The body is not the JSON this endpoint reads: missing field `observations` at line 1 column 8"))),
        (status = 429, description = "This client sent too many reports: a burst of 20, then one every 6 s.",
            body = ProblemDetails, content_type = "application/problem+json",
            headers(("Retry-After" = u32, description = "Seconds until the next upload may pass")),
            example = json!(problem(429, TOO_MANY_REPORTS.get(En)))),
        (status = 503, description = "The report store is unavailable or full; the rest of the edge serves.",
            body = ProblemDetails, content_type = "application/problem+json",
            example = json!(problem(503, STORE_FULL.get(En)))),
    )
)]
fn upload_report() {}

/// The report behind a code, for the helpdesk: its most likely cause, and a summary to paste.
#[utoipa::path(
    get,
    path = "/api/reports/{code}",
    operation_id = "lookupReport",
    tag = "reports",
    params(
        ("code" = String, Path,
            description = "The code as read out: 8 symbols of Crockford's base32; case, spaces and dashes do not matter.",
            example = "K7F3-QX9D"),
    ),
    security(("helpdesk_token" = [])),
    responses(
        (status = 200, description = "The report.", body = LookupAnswer),
        (status = 400, description = "Not a code (the detail names a mistyped O or I).", body = ProblemDetails,
            content_type = "application/problem+json",
            example = json!(problem(400, ShortCode::parse("K7F3-QX0D").err().map(|e| e.text(En)).unwrap_or_default()))),
        (status = 401, description = "No valid helpdesk token; the same answer whether or not the code exists.",
            body = ProblemDetails, content_type = "application/problem+json",
            headers(("WWW-Authenticate" = String, description = "`Bearer`")),
            example = json!(problem(401, TOKEN_REQUIRED.get(En)))),
        (status = 404, description = "No report has this code, or no longer.", body = ProblemDetails,
            content_type = "application/problem+json",
            example = json!(problem(404, CODE_NOT_FOUND.fill(En, &[("code", "K7F3-QX9D"), ("days", "7")])))),
        (status = 429, description = "Too many lookups from this client: without a valid token a burst of 10, \
            then one every 2 s; with one, a burst of 60, then one a second.",
            body = ProblemDetails, content_type = "application/problem+json",
            headers(("Retry-After" = u32, description = "Seconds until the next lookup may pass")),
            example = json!(problem(429, TOO_MANY_TEXT.get(En)))),
        (status = 503, description = "The helpdesk is disabled (no token set), or the report store is unavailable.",
            body = ProblemDetails, content_type = "application/problem+json",
            example = json!(problem(503, DISABLED_TEXT.fill(En, &[("variable", "PREFLIGHT_HELPDESK_TOKEN")])))),
    )
)]
fn lookup_report() {}

/// A copy of the login page found itself off the portal's origins and says where it is. The
/// browser's `Origin` header, when sent, is believed over the body. Well-formed beacons are always
/// answered 204, whether the origin is a clone's or the portal's: the answer tells a copy's author
/// nothing.
#[utoipa::path(
    post,
    path = "/api/canary",
    operation_id = "canaryBeacon",
    tag = "canary",
    request_body(content = String, content_type = "text/plain",
        description = "The page's origin (scheme and host), as `navigator.sendBeacon` sends it.",
        example = "https://portail-ville.example"),
    responses(
        (status = 204, description = "Heard."),
        (status = 400, description = "The body is not an origin (and no `Origin` header is one).",
            body = ProblemDetails, content_type = "application/problem+json",
            example = json!(problem(400, "The beacon's body must be the page's origin, e.g. https://portail.example.fr."))),
        (status = 413, description = "A body over 300 bytes.", body = ProblemDetails,
            content_type = "application/problem+json",
            example = json!(problem(413, "The beacon's body is one origin, at most 300 bytes: Failed to buffer the request body: length limit exceeded"))),
    )
)]
fn canary_beacon() {}

/// This document.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    operation_id = "openapiDocument",
    tag = "contract",
    responses(
        (status = 200, description = "The OpenAPI 3.1 document of this API.", content_type = "application/json",
            body = Object),
        (status = 404, description = "The edge was deployed without `www/openapi.json`: the 404 page.",
            content_type = "text/html"),
    )
)]
fn openapi_document() {}
