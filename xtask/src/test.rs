//! `cargo xtask test`: the whole suite, as CI runs it.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cmd::Lint;
use crate::edge_process::{EdgeProcess, TEST_HELPDESK_TOKEN};
use crate::{Result, browser, cmd, root, widget_build, worker_build, workers_test};

pub fn run(args: &[String]) -> Result {
    let browser_tests = match args {
        [] => true,
        [flag] if flag == "--no-browser" => false,
        _ => return Err("usage: cargo xtask test [--no-browser]".into()),
    };
    cmd::run(cmd::cargo().args(["fmt", "--all", "--", "--check"]))?;
    cmd::run(
        cmd::cargo()
            .args(["clippy", "--workspace", "--all-targets"])
            .args(EDGE_FEATURES)
            .args(["--features", WIDGET_ALL_PAGES])
            .args(["--", "-D", "warnings"]),
    )?;
    cmd::run(cmd::cargo().args(TEST_WORKSPACE).args(EDGE_FEATURES))?;
    // The wasm code is linted as it is built: the widget's three builds, and the worker (the edge
    // without `native`, and its Workers adapters). wasm-opt comes with the browser tests' packages.
    let chromium = if browser_tests {
        browser::ensure_node_packages()?;
        Some(browser::ensure_chromium()?)
    } else {
        None
    };
    widget_build::build_with_portal_origins(Lint::DenyWarnings, TEST_PORTAL_ORIGINS)?;
    worker_build::build(&worker_build::example_config(), Lint::DenyWarnings)?;
    match chromium {
        Some(chromium) => run_browser_tests(&chromium),
        None => Ok(()),
    }
}

pub const TEST_WORKSPACE: [&str; 2] = ["test", "--workspace"];

/// A portal origin the browser tests map to the loopback edge (`--host-resolver-rules`), for a login
/// page over plain HTTP from a real name: the widget built for the tests knows it as the portal's,
/// so that page gets the check's verdict rather than the clone warning.
const TEST_PORTAL_ORIGINS: &[&str] = &["http://portal.test"];

/// The edge's test-only features are checked and tested too.
pub const EDGE_FEATURES: [&str; 2] = ["--features", "preflight-edge/fault-injection,preflight-edge/demo"];

/// Every page's entry feature of the widget at once (with the default `login`): they must compose, so
/// clippy checks the widget with all of them; the wasm builds below lint each page's build alone.
const WIDGET_ALL_PAGES: &str = "preflight-widget/check-page,preflight-widget/after-login";

/// Needs the widget and the worker built. Schemathesis runs here too: it needs the same edge build.
fn run_browser_tests(chromium: &Path) -> Result {
    // The browser tests' private edges may inject network faults (VPN monitor); the flag exists only
    // in this test build. The Rust tests built this binary already (edge/tests/ runs it): asking
    // again with the same arguments only makes sure, where a `cargo build -p` would resolve other
    // features and rebuild half the workspace.
    cmd::run(cmd::cargo().args(TEST_WORKSPACE).args(EDGE_FEATURES).arg("--no-run"))?;
    let edge_bin = root().join("target/debug/preflight-edge");
    // Every edge of the run logs JSON lines here, audited afterwards for what must never be logged.
    let logs = root().join("target/edge-logs");
    let _ = std::fs::remove_dir_all(&logs);
    std::fs::create_dir_all(&logs).map_err(|e| format!("{}: {e}", logs.display()))?;
    let edge = EdgeProcess::start_logged(&edge_bin, &logs.join("shared-edge.log"))?;
    eprintln!("edge for the browser tests: {} (logs in {})", edge.url, logs.display());

    let mut node = Command::new("node");
    node.args(["--test", "--test-concurrency=1", NODE_TEST_TIMEOUT])
        .args(test_files("e2e")?)
        .current_dir(browser::tests_dir());
    node.env("PREFLIGHT_URL", &edge.url).env("PREFLIGHT_EDGE_BIN", &edge_bin).env("CHROMIUM_PATH", chromium);
    node.env("PREFLIGHT_ROOT", root()).env("PREFLIGHT_HELPDESK_TOKEN", TEST_HELPDESK_TOKEN);
    node.env("PREFLIGHT_EDGE_LOG_DIR", &logs);
    cmd::run(&mut node)?;
    drop(edge);
    // The API against its OpenAPI document, on an edge of its own (whose log is audited too).
    crate::api_fuzz::run_in_suite(&edge_bin, &logs.join("schemathesis-edge.log"))?;
    crate::log_audit::check(&logs)?;
    workers_test::run(chromium)?;
    crate::package_test::run()
}

/// node's `--test-timeout`, which bounds each test file as a whole (node runs each in its own
/// process): the accessibility file audits some thirty page states in two languages, a minute of
/// work on a busy 2-core machine. Each step inside a file keeps its own, much shorter, wait.
pub const NODE_TEST_TIMEOUT: &str = "--test-timeout=180000";

/// Every `tests/<folder>/*.test.mjs`, in a stable order.
pub fn test_files(folder: &str) -> Result<Vec<PathBuf>> {
    let dir = browser::tests_dir().join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no browser tests in {}", dir.display()));
    }
    Ok(files)
}
