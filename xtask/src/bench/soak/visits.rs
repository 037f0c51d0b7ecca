//! What the simulated agents do, request by request, as the pages and the widget do it: a login page
//! (page, element module, glue, wasm, time probes, the check), a page after sign-in (session
//! hints), now and then a report shared with the helpdesk, and the helpdesk looking one up.
//! Bodies are the product's own wire types, so they cannot drift from what the edge accepts.

use std::net::IpAddr;

use preflight_core::checks::{BrowserObservations, ClockObservation};
use preflight_core::protocol::PROTOCOL_VERSION;
use preflight_core::report::{REPORT_VERSION, ReportUpload};

use super::keep_alive::request;
use super::random::Draw;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Page(&'static str),
    TimeProbe,
    Check,
    SessionHints,
    Upload,
    Lookup,
}

impl Step {
    /// The row of the per-request figures in `results.json`.
    pub fn label(self) -> &'static str {
        match self {
            Step::Page("/") => "GET /",
            Step::Page("/preflight-check.js") => "GET /preflight-check.js",
            Step::Page("/pkg/preflight_widget.js") => "GET /pkg/preflight_widget.js",
            Step::Page(_) => "GET /pkg/preflight_widget_bg.wasm",
            Step::TimeProbe => "GET /api/time",
            Step::Check => "POST /api/check",
            Step::SessionHints => "GET /api/session-hints",
            Step::Upload => "POST /api/reports",
            Step::Lookup => "GET /api/reports/{code}",
        }
    }
}

/// The files a login page loads, as `cargo xtask build` names them under `www/`.
pub const LOGIN_PAGE_FILES: [&str; 4] =
    ["/", "/preflight-check.js", "/pkg/preflight_widget.js", "/pkg/preflight_widget_bg.wasm"];

const LOGIN_PAGE: &[Step] = &[
    Step::Page(LOGIN_PAGE_FILES[0]),
    Step::Page(LOGIN_PAGE_FILES[1]),
    Step::Page(LOGIN_PAGE_FILES[2]),
    Step::Page(LOGIN_PAGE_FILES[3]),
    // The page's one time probe (`www/preflight-check.js`, beside the wasm download); the check
    // request is a time sample too (`core::clock::exchange`), refined only when it cannot decide.
    Step::TimeProbe,
    Step::Check,
];
const AFTER_LOGIN: &[Step] = &[Step::SessionHints];
// The check page's VPN monitor probes `/api/time` while the agent reads and shares.
const SHARE_REPORT: &[Step] = &[Step::TimeProbe, Step::TimeProbe, Step::TimeProbe, Step::Upload];
const HELPDESK_LOOKUP: &[Step] = &[Step::Lookup];

/// Visits and how often each starts: mostly logins, a few reports (about 0.5 % of requests).
const VISITS: [(&[Step], u64); 4] = [(LOGIN_PAGE, 60), (AFTER_LOGIN, 30), (SHARE_REPORT, 2), (HELPDESK_LOOKUP, 4)];

/// One agent's visit, from one address.
pub struct Visit {
    steps: &'static [Step],
    done: usize,
    pub client: IpAddr,
}

impl Visit {
    pub fn draw(draw: &mut Draw) -> Visit {
        let total: u64 = VISITS.iter().map(|(_, weight)| weight).sum();
        let mut pick = draw.below(total);
        let steps = VISITS
            .iter()
            .find(|(_, weight)| pick.checked_sub(*weight).map(|rest| pick = rest).is_none())
            .map_or(LOGIN_PAGE, |(steps, _)| steps);
        let client = super::client_addresses::nth(draw.below(super::client_addresses::POOL_SIZE.into()) as u32);
        Visit { steps, done: 0, client }
    }

    /// The next step, or `None` once the visit is over.
    pub fn next_step(&mut self) -> Option<Step> {
        let step = self.steps.get(self.done).copied();
        self.done += 1;
        step
    }
}

/// Every request the soak sends, ready to write but for the client address and report code.
pub struct Requests {
    check: Vec<u8>,
    upload: Vec<u8>,
    authorization: String,
}

/// Agents come with a current browser, so the known-issue rules run as for real ones.
const USER_AGENT: &str =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

impl Requests {
    pub fn new(helpdesk_token: &str) -> Requests {
        let upload = ReportUpload {
            v: REPORT_VERSION,
            ticket: Some("INC-2026-0042".into()),
            agent_id: None,
            observations: BrowserObservations {
                clock: Some(ClockObservation { offset_ms: -400_000.0, error_bound_ms: 15.0 }),
                ..healthy_browser()
            },
            sign_in_error: None,
        };
        Requests {
            check: serde_json::to_vec(&healthy_browser()).expect("observations serialise"),
            upload: serde_json::to_vec(&upload).expect("a report serialises"),
            authorization: format!("Bearer {helpdesk_token}"),
        }
    }

    /// The whole request for `step` from `client`; a lookup needs a code the edge gave back.
    pub fn build(&self, step: Step, client: IpAddr, code: Option<&str>) -> Vec<u8> {
        let client = client.to_string();
        let mut headers = vec![("X-Forwarded-For", client.as_str()), ("User-Agent", USER_AGENT)];
        match (step, code) {
            (Step::Page(path), _) => request("GET", path, &headers, None),
            (Step::TimeProbe, _) | (Step::Lookup, None) => request("GET", "/api/time", &headers, None),
            (Step::Check, _) => request("POST", "/api/check", &headers, Some(&self.check)),
            (Step::SessionHints, _) => request("GET", "/api/session-hints", &headers, None),
            (Step::Upload, _) => request("POST", "/api/reports", &headers, Some(&self.upload)),
            (Step::Lookup, Some(code)) => {
                headers.push(("Authorization", &self.authorization));
                request("GET", &format!("/api/reports/{code}"), &headers, None)
            }
        }
    }
}

/// What a healthy browser on the demo login page observes.
pub fn healthy_browser() -> BrowserObservations {
    BrowserObservations {
        v: PROTOCOL_VERSION,
        clock: Some(ClockObservation { offset_ms: 3.5, error_bound_ms: 2.0 }),
        cookies_enabled: true,
        cookie_write_read: true,
        local_storage: true,
        session_storage: true,
        secure_context: true,
        loopback_host: true,
        loaded_version: Some("2026.11.1".into()),
        storage_usage: Some(1000),
        storage_quota: Some(100_000_000),
        ..Default::default()
    }
}

/// The code in `POST /api/reports`'s `201` answer.
pub fn report_code(body: &[u8]) -> Option<String> {
    let answer: serde_json::Value = serde_json::from_slice(body).ok()?;
    answer["code"].as_str().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visits_follow_the_weights() {
        let mut draw = Draw::seeded(1);
        let visits: Vec<Visit> = (0..10_000).map(|_| Visit::draw(&mut draw)).collect();
        let logins = visits.iter().filter(|v| v.steps == LOGIN_PAGE).count();
        let shares = visits.iter().filter(|v| v.steps == SHARE_REPORT).count();
        assert!((5900..6600).contains(&logins), "{logins}");
        assert!((100..320).contains(&shares), "{shares}");
    }

    #[test]
    fn a_login_visit_loads_the_page_probes_once_then_checks() {
        let mut visit = Visit { steps: LOGIN_PAGE, done: 0, client: "192.0.2.1".parse().unwrap() };
        let steps: Vec<Step> = std::iter::from_fn(|| visit.next_step()).collect();
        assert_eq!(steps.first(), Some(&Step::Page("/")));
        assert_eq!(steps[4..], [Step::TimeProbe, Step::Check]);
    }

    #[test]
    fn requests_carry_the_client_the_token_and_a_valid_body() {
        let requests = Requests::new("token-of-sixteen-chars");
        let client: IpAddr = "2001:db8:beef::1".parse().unwrap();
        let lookup = String::from_utf8(requests.build(Step::Lookup, client, Some("K7F3-QX9D"))).unwrap();
        assert!(lookup.starts_with("GET /api/reports/K7F3-QX9D HTTP/1.1\r\n"));
        assert!(lookup.contains("X-Forwarded-For: 2001:db8:beef::1\r\n"));
        assert!(lookup.contains("Authorization: Bearer token-of-sixteen-chars\r\n"));
        let no_code = String::from_utf8(requests.build(Step::Lookup, client, None)).unwrap();
        assert!(no_code.starts_with("GET /api/time "));
        let upload: ReportUpload = serde_json::from_slice(&requests.upload).unwrap();
        assert!(upload.validate(&[]).is_ok());
        assert_eq!(Step::Page(LOGIN_PAGE_FILES[3]).label(), "GET /pkg/preflight_widget_bg.wasm");
    }

    #[test]
    fn reads_the_code_of_a_receipt() {
        assert_eq!(report_code(br#"{"v":1,"code":"K7F3-QX9D"}"#).as_deref(), Some("K7F3-QX9D"));
        assert_eq!(report_code(b"{}"), None);
    }
}
