//! Schemathesis against a native edge, from the committed OpenAPI document: a bounded run inside
//! `cargo xtask test`, and `cargo xtask fuzz-api [--minutes N]` for a longer one. Every operation
//! is called with examples, coverage cases and generated data (valid and invalid), then in
//! sequences that follow the document's links (an upload's `code` → its lookup with the helpdesk
//! token); each answer must be no server error, and its status, content type, headers and body
//! what the document says.
//!
//! Schemathesis comes from PyPI at a pinned version, into a virtual environment under `target/`,
//! on first use (with Debian's `python3-venv` installed first when the machine lacks it).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::edge_process::{EdgeProcess, TEST_HELPDESK_TOKEN};
use crate::{Result, cmd, root};

/// The schemathesis release the runs are pinned to.
pub const SCHEMATHESIS_VERSION: &str = "4.32.5";

/// Cases per operation in the suite's run: the whole run stays within seconds.
const SUITE_EXAMPLES: &str = "50";
/// The suite's run is reproducible: a failure in CI is the same failure on a laptop.
const SUITE_SEED: &str = "20261130";

const USAGE: &str = "usage: cargo xtask fuzz-api [--minutes N]";
const DEFAULT_MINUTES: u64 = 5;

/// Checks left out, each for a reason that holds whatever the edge does:
/// - `positive_data_acceptance` expects every request the schemas allow to be accepted; but which
///   intents, departments and probe hosts an edge accepts is its deployment's config, which a
///   document shared by every deployment cannot list; strings must be printable (no control or
///   format character, `core::printable`), which JSON Schema's patterns cannot say portably; and
///   serde reads no `0.0` as an integer, which JSON Schema counts as one. Those requests get the
///   documented 400 or 422 with a detail that says what to send, which the other checks verify.
const EXCLUDED_CHECKS: &str = "positive_data_acceptance";

/// The suite's run: a fresh edge (its own rate-limit budgets and report store), bounded examples.
/// The edge logs into `log_file`, which the log audit reads with the browser tests' logs.
pub fn run_in_suite(edge_bin: &Path, log_file: &Path) -> Result {
    let schemathesis = ensure_schemathesis()?;
    let edge = EdgeProcess::start_logged(edge_bin, log_file)?;
    cmd::run(schemathesis_run(&schemathesis, &edge.url).args(["--max-examples", SUITE_EXAMPLES, "--seed", SUITE_SEED]))
}

/// `cargo xtask fuzz-api [--minutes N]`: builds the edge as the tests do, then lets schemathesis
/// generate for N minutes (a new seed each run; it prints it, `--seed` in its command reproduces).
pub fn run(args: &[String]) -> Result {
    let minutes = match args {
        [] => DEFAULT_MINUTES,
        [flag, n] if flag == "--minutes" => {
            n.parse().map_err(|_| format!("--minutes takes a whole number\n{USAGE}"))?
        }
        _ => return Err(USAGE.into()),
    };
    let schemathesis = ensure_schemathesis()?;
    cmd::run(cmd::cargo().args(crate::test::TEST_WORKSPACE).args(crate::test::EDGE_FEATURES).arg("--no-run"))?;
    let log_file = root().join("target/fuzz-api-edge.log");
    let edge = EdgeProcess::start_logged(&root().join("target/debug/preflight-edge"), &log_file)?;
    eprintln!("edge for schemathesis: {} (its log: {})", edge.url, log_file.display());
    let seconds = (minutes * 60).max(1).to_string();
    cmd::run(schemathesis_run(&schemathesis, &edge.url).args(["--max-time", &seconds, "--continue-on-failure"]))
}

fn schemathesis_run(schemathesis: &Path, edge_url: &str) -> Command {
    let mut command = Command::new(schemathesis);
    command
        .arg("run")
        .arg(format!("{edge_url}/api/openapi.json"))
        .args(["--url", edge_url, "--checks", "all", "--exclude-checks", EXCLUDED_CHECKS])
        // The helpdesk token of the test edge (never a real one): lookups get past the gate, and
        // `ignored_auth` checks that they do not without it.
        .args(["--header", &format!("Authorization: Bearer {TEST_HELPDESK_TOKEN}")])
        .arg("--no-color")
        // Hypothesis keeps its example database in the working directory: not in the work tree.
        .current_dir(root().join("target"));
    command
}

fn venv() -> PathBuf {
    root().join("target/schemathesis-venv")
}

/// The pinned schemathesis in `target/schemathesis-venv`, installed on first use.
fn ensure_schemathesis() -> Result<PathBuf> {
    let bin = venv().join("bin/schemathesis");
    let installed = Command::new(&bin).arg("--version").output().ok().filter(|o| o.status.success());
    if installed.is_some_and(|o| String::from_utf8_lossy(&o.stdout).contains(SCHEMATHESIS_VERSION)) {
        return Ok(bin);
    }
    if !cmd::exists("python3") {
        return Err("python3 is needed for schemathesis: install Python 3.10 or later".into());
    }
    let _ = std::fs::remove_dir_all(venv());
    if cmd::run(Command::new("python3").args(["-m", "venv"]).arg(venv())).is_err() {
        // Debian's python3 has venv without ensurepip until python3-venv is installed.
        if !cmd::is_root() {
            return Err("python3 cannot create a virtual environment: run `sudo apt-get install python3-venv`".into());
        }
        cmd::run(Command::new("apt-get").arg("update"))?;
        cmd::run(
            Command::new("apt-get").args(["install", "-y", "python3-venv"]).env("DEBIAN_FRONTEND", "noninteractive"),
        )?;
        let _ = std::fs::remove_dir_all(venv());
        cmd::run(Command::new("python3").args(["-m", "venv"]).arg(venv()))?;
    }
    let pip = venv().join("bin/pip");
    cmd::run(
        Command::new(pip)
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .arg(format!("schemathesis=={SCHEMATHESIS_VERSION}")),
    )?;
    Ok(bin)
}
