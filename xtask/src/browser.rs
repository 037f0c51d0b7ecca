//! What the browser tests need on the machine: the npm packages in `tests/` and Debian's Chromium.

use std::path::PathBuf;
use std::process::Command;

use crate::{Result, cmd, root};

const CHROMIUM: &str = "/usr/bin/chromium";

pub fn tests_dir() -> PathBuf {
    root().join("tests")
}

pub fn node_modules() -> PathBuf {
    tests_dir().join("node_modules")
}

/// `npm ci` in `tests/` when the installed packages are missing or older than the lock file.
pub fn ensure_node_packages() -> Result {
    if !cmd::exists("node") || !cmd::exists("npm") {
        return Err("Node.js and npm are needed for the browser tests and wasm-opt: install Node.js 20 or later".into());
    }
    let lock = tests_dir().join("package-lock.json");
    let installed = node_modules().join(".package-lock.json");
    let modified = |p: &PathBuf| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if modified(&installed).is_some() && modified(&installed) >= modified(&lock) {
        return Ok(());
    }
    cmd::run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(tests_dir()))
}

/// Debian's Chromium, installed with apt-get when missing and we are root.
pub fn ensure_chromium() -> Result<PathBuf> {
    if let Ok(path) = std::env::var("CHROMIUM_PATH") {
        return Ok(PathBuf::from(path));
    }
    if PathBuf::from(CHROMIUM).is_file() {
        return Ok(CHROMIUM.into());
    }
    if !cmd::is_root() {
        return Err(format!(
            "Chromium is not installed at {CHROMIUM}: run `sudo apt-get install chromium` (Debian), \
             or set CHROMIUM_PATH to a Chromium binary"
        ));
    }
    cmd::run(Command::new("apt-get").arg("update"))?;
    cmd::run(Command::new("apt-get").args(["install", "-y", "chromium"]).env("DEBIAN_FRONTEND", "noninteractive"))?;
    Ok(CHROMIUM.into())
}
