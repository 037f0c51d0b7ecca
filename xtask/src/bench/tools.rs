//! The Debian programs the edge bench drives: wrk and nginx, installed with apt-get when missing
//! and we are root (CI machines are fresh), otherwise we say what to install.

use std::path::PathBuf;
use std::process::Command;

use crate::{Result, cmd};

/// Debian installs nginx in sbin, which is not on every user's PATH.
const DEBIAN_DIRS: [&str; 2] = ["/usr/sbin", "/usr/bin"];

/// The paths of `programs` (each also its Debian package name), installing the missing ones.
pub fn ensure(programs: &[&str]) -> Result<Vec<PathBuf>> {
    let missing: Vec<&str> = programs.iter().copied().filter(|p| find(p).is_none()).collect();
    if !missing.is_empty() {
        install(&missing)?;
    }
    programs.iter().map(|p| find(p).ok_or_else(|| format!("{p} is still missing after apt-get install"))).collect()
}

fn install(packages: &[&str]) -> Result {
    if !cmd::is_root() {
        return Err(format!(
            "the edge bench needs {list}: run `sudo apt-get install {list}` (Debian/Ubuntu), then the bench again",
            list = packages.join(" ")
        ));
    }
    cmd::run(Command::new("apt-get").arg("update"))?;
    cmd::run(
        Command::new("apt-get")
            .args(["install", "-y", "--no-install-recommends"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive")
            // Keeps the package's scripts from starting a system-wide nginx: the bench runs its own.
            .env("RUNLEVEL", "1"),
    )
}

/// `program` on the PATH or where Debian puts it.
fn find(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(DEBIAN_DIRS.iter().map(PathBuf::from))
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}
