//! The Debian package, as a city would install it: built with cargo-deb around the test build's
//! binary, unpacked into a scratch root (`dpkg -x`), its systemd unit verified and scored by
//! `systemd-analyze`, and the installed binary started against the installed config and pages.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::bench::soak::keep_alive::Connection;
use crate::dist::{self, Profile};
use crate::edge_process::EdgeProcess;
use crate::{Result, cmd, root};

/// The unit's exposure as `systemd-analyze security` scores it (0 safest, 10 unsafe); it scored
/// 1.3 when written. A change that loosens the sandbox past this fails the tests.
const MAX_EXPOSURE: f64 = 2.0;

/// What the package must install, relative to the root it is unpacked in.
const INSTALLED: &[&str] = &[
    "usr/bin/preflight-edge",
    "usr/share/preflight/www/index.html",
    "usr/share/preflight/www/check.html",
    "usr/share/preflight/www/pkg/preflight_widget_bg.wasm",
    "usr/share/preflight/www/pkg-full/preflight_widget_bg.wasm",
    "usr/share/preflight/www/pkg-after-login/preflight_widget_bg.wasm",
    "etc/preflight/config.toml",
    "usr/share/doc/preflight-edge/README.md",
];

/// Needs the widget built into `www/` and the test build of the edge (`target/debug/preflight-edge`).
pub fn run() -> Result {
    let deb = dist::package(Profile::Test)?;
    let scratch = root().join("target/package-root");
    let _ = std::fs::remove_dir_all(&scratch);
    cmd::run(Command::new("dpkg").arg("-x").arg(&deb).arg(&scratch))?;
    for path in INSTALLED {
        if !scratch.join(path).is_file() {
            return Err(format!("the package does not install /{path}"));
        }
    }
    let unit = find_unit(&scratch)?;
    check_unit(&scratch, &unit)?;
    start_installed(&scratch)
}

/// The unit, wherever cargo-deb put it (`lib/` or `usr/lib/systemd/system/`).
fn find_unit(scratch: &Path) -> Result<PathBuf> {
    ["lib/systemd/system", "usr/lib/systemd/system"]
        .iter()
        .map(|dir| scratch.join(dir).join("preflight-edge.service"))
        .find(|p| p.is_file())
        .ok_or_else(|| "the package installs no preflight-edge.service".to_owned())
}

/// `systemd-analyze verify` in the scratch root (where the unit's binary is) and the unit's
/// exposure score. systemd-analyze comes with Debian's `systemd` package, installed when missing
/// (as root); without it the check is skipped, loudly.
fn check_unit(scratch: &Path, unit: &Path) -> Result {
    if !cmd::exists("systemd-analyze") && cmd::is_root() {
        cmd::run(Command::new("apt-get").arg("update"))?;
        cmd::run(Command::new("apt-get").args(["install", "-y", "systemd"]).env("DEBIAN_FRONTEND", "noninteractive"))?;
    }
    if !cmd::exists("systemd-analyze") {
        eprintln!(
            "SKIPPED: systemd-analyze is not installed (apt-get install systemd): the unit is not verified or scored"
        );
        return Ok(());
    }
    // The scratch root gets this machine's units too, so the targets the unit depends on exist there.
    let units = scratch.join("usr/lib/systemd/system");
    cmd::run(Command::new("cp").args(["-rn", "/usr/lib/systemd/system/."]).arg(&units))?;
    let verify =
        Command::new("systemd-analyze").arg("verify").arg(format!("--root={}", scratch.display())).arg(unit).output();
    let verify = verify.map_err(|e| format!("systemd-analyze verify: {e}"))?;
    let complaints = String::from_utf8_lossy(&verify.stderr).into_owned();
    if !verify.status.success() || complaints.contains("preflight-edge.service:") {
        return Err(format!("systemd-analyze verify {}:\n{complaints}", unit.display()));
    }
    let security = Command::new("systemd-analyze").args(["security", "--offline=yes"]).arg(unit).output();
    let security = security.map_err(|e| format!("systemd-analyze security: {e}"))?;
    let report = String::from_utf8_lossy(&security.stdout).into_owned();
    let score = exposure(&report)
        .ok_or_else(|| format!("no exposure level in systemd-analyze security's report:\n{report}"))?;
    eprintln!("systemd unit: verified; exposure {score} (systemd-analyze security; ≤ {MAX_EXPOSURE} required)");
    if score > MAX_EXPOSURE {
        return Err(format!("the unit's exposure is {score}, more than {MAX_EXPOSURE}: restore its sandboxing"));
    }
    Ok(())
}

/// "→ Overall exposure level for preflight-edge.service: 1.3 OK 🙂" → 1.3.
fn exposure(report: &str) -> Option<f64> {
    let line = report.lines().find(|l| l.contains("Overall exposure level"))?;
    line.rsplit_once(": ")?.1.split_whitespace().next()?.parse().ok()
}

/// The installed binary, config and pages: the config validates, and the edge serves the login page,
/// the widget and its health.
fn start_installed(scratch: &Path) -> Result {
    let bin = scratch.join("usr/bin/preflight-edge");
    let config = scratch.join("etc/preflight/config.toml");
    cmd::run(Command::new(&bin).arg("check-config").arg(&config))?;
    let edge = EdgeProcess::start_installed(&bin, &config, &scratch.join("usr/share/preflight/www"))?;
    let addr: SocketAddr = edge.url.trim_start_matches("http://").parse().map_err(|e| format!("{}: {e}", edge.url))?;
    for (path, expected) in [("/healthz", "\"reports\""), ("/", "preflight-check"), ("/pkg/preflight_widget.js", "")] {
        let mut connection = Connection::open(addr, Duration::from_secs(2)).map_err(|f| f.label().to_owned())?;
        let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        let answer = connection.exchange(request.as_bytes(), Instant::now() + Duration::from_secs(5));
        let answer = answer.map_err(|f| format!("GET {path} on the installed edge: {}", f.label()))?;
        if answer.status != 200 || !String::from_utf8_lossy(&answer.body).contains(expected) {
            return Err(format!("GET {path} on the installed edge answered {}", answer.status));
        }
    }
    eprintln!("installed package: serves the login page, the widget and /healthz");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::exposure;

    #[test]
    fn the_exposure_score_is_read_from_the_report() {
        let report = "✓ UMask= …\n\n→ Overall exposure level for preflight-edge.service: 1.3 OK 🙂\n";
        assert_eq!(exposure(report), Some(1.3));
        assert_eq!(exposure("nothing"), None);
    }
}
