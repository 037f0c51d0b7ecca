//! `cargo xtask dist`: the Debian package of the native edge, built with cargo-deb (installed on
//! first use): the release binary, the pages with the built widget, the example config as a conffile
//! and the hardened systemd unit of `deploy/` (see `[package.metadata.deb]` in `edge/Cargo.toml`).
//!
//! The tests (`package_test`) build the same package around the test build's binary, so that they
//! need no second, release, compilation of the edge.

use std::path::PathBuf;
use std::process::Command;

use crate::{Result, cmd, root, widget_build};

/// The cargo-deb release whose command line and metadata this module is written for.
const CARGO_DEB_VERSION: &str = "3.8.0";

/// Where packages are written.
pub fn dist_dir() -> PathBuf {
    root().join("target/dist")
}

pub fn run(args: &[String]) -> Result {
    if !args.is_empty() {
        return Err("usage: cargo xtask dist".into());
    }
    widget_build::build(cmd::Lint::No)?;
    let deb = package(Profile::Release)?;
    eprintln!("package: {}\ninstall: sudo apt install {}", deb.display(), deb.display());
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// `cargo deb` builds the release binary.
    Release,
    /// The test build's binary, already built (`target/debug/preflight-edge`).
    Test,
}

/// Builds the package into [`dist_dir`] and returns its path. Needs the widget built in `www/`.
pub fn package(profile: Profile) -> Result<PathBuf> {
    ensure_cargo_deb()?;
    let out = dist_dir().join(match profile {
        Profile::Release => "release",
        Profile::Test => "test",
    });
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut deb = cmd::cargo();
    deb.args(["deb", "-p", "preflight-edge", "--output"]).arg(&out);
    if profile == Profile::Test {
        // cargo-deb warns that a dev profile is for releases only: this package is the tests', never shipped.
        deb.args(["--no-build", "--profile", "dev"]);
    }
    cmd::run(&mut deb)?;
    let entries = std::fs::read_dir(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut debs =
        entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "deb"));
    debs.next().ok_or_else(|| format!("cargo deb wrote no package into {}", out.display()))
}

/// Installs cargo-deb into cargo's bin folder when missing (a fresh machine, CI).
fn ensure_cargo_deb() -> Result {
    let installed = cmd::cargo().args(["deb", "--version"]).output().is_ok_and(|o| o.status.success());
    if installed {
        return Ok(());
    }
    cmd::run(Command::new("cargo").args(["install", "cargo-deb", "--locked", "--version", CARGO_DEB_VERSION]))
}
