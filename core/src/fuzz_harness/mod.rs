//! One function per fuzz target (`fuzz/fuzz_targets/`): each takes libFuzzer's bytes, feeds them to
//! an entry point that reads untrusted input, and asserts what must hold for every input. A panic is
//! a bug. They live here, not in the fuzz crate, so `tests/fuzz_corpus.rs` replays the seeds and
//! past crashes with plain `cargo test` on stable.

mod client_address;
mod config_toml;
mod observations_json;
mod opening_hours;
mod report_upload;
mod short_code;
mod user_agent;

pub use client_address::client_address;
pub use config_toml::config_toml;
pub use observations_json::observations_json;
pub use opening_hours::opening_hours;
pub use report_upload::report_upload;
pub use short_code::short_code;
pub use user_agent::user_agent;

use std::sync::OnceLock;

use crate::checks::EdgeObservations;
use crate::client::OsFamily;
use crate::config::{CITY_PORTAL_EXAMPLE, DeploymentConfig};
use crate::finding::Finding;

/// Takes libFuzzer's bytes; panics on a bug.
pub type Harness = fn(&[u8]);

/// Every target, by the name of its fuzz target and corpus folder.
pub const TARGETS: [(&str, Harness); 7] = [
    ("config_toml", config_toml),
    ("observations_json", observations_json),
    ("report_upload", report_upload),
    ("short_code", short_code),
    ("client_address", client_address),
    ("user_agent", user_agent),
    ("opening_hours", opening_hours),
];

/// 2026-11-25T12:00:00Z, a Wednesday: the edge's clock in the harnesses.
const NOW: crate::time::UnixMs = crate::time::UnixMs::from_millis(1_795_608_000_000);

/// The example deployment, plus the probe host its comments suggest (with certificate dates, so the
/// certificate check has a window to place the device's clock in), parsed once.
fn example_config() -> &'static DeploymentConfig {
    static CONFIG: OnceLock<DeploymentConfig> = OnceLock::new();
    CONFIG.get_or_init(|| {
        let text = format!("{CITY_PORTAL_EXAMPLE}\n{PROBE_HOST}");
        DeploymentConfig::parse(&text).expect("the example config is valid")
    })
}

const PROBE_HOST: &str = r#"[[probe_hosts]]
name = { fr = "Service de connexion", en = "Sign-in service" }
url = "https://connexion.example.fr/"
certificate = { valid_from = 2026-03-01T00:00:00Z, valid_until = 2027-03-31T23:59:59Z }
"#;

/// What the edge adds to a check, as `POST /api/check` builds it for the example deployment: on the
/// login page (first visit, no test cookie) or on the check page (test cookie back, a big header).
fn edge_observations(check_page: bool) -> EdgeObservations {
    let config = example_config();
    EdgeObservations {
        deployed_version: config.portal_version().to_owned(),
        cookie_header_bytes: if check_page { 7_000 } else { 420 },
        test_cookie_returned: check_page.then_some(true),
        portal_service_worker: config.portal.service_worker.clone(),
        probe_names: config.probe_hosts.iter().map(|h| (h.url.get_ref().clone(), h.name.clone())).collect(),
        certificate_windows: config.certificate_windows(),
        now: NOW,
        os: if check_page { Some(OsFamily::Macos) } else { Some(OsFamily::Windows) },
    }
}

/// Every placeholder of every text was filled, as long as the observations themselves had no `{`.
fn assert_filled(findings: &[Finding]) {
    for f in findings {
        for text in [&f.title, &f.message, &f.remedy] {
            assert!(!text.fr.contains('{') && !text.en.contains('{'), "unfilled placeholder in {:?}: {text:?}", f.code);
        }
    }
}
