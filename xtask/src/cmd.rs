//! Running other programs, loudly: every command is echoed with how long it took (the suite must
//! stay well under CI's time limit, so where the time goes is always in the log), and a failure
//! says which one.

use std::process::Command;

use crate::Result;

pub fn run(command: &mut Command) -> Result {
    eprintln!("$ {}", describe(command));
    let started = std::time::Instant::now();
    let status = command.status().map_err(|e| format!("cannot start `{}`: {e}", describe(command)))?;
    eprintln!("[{:.1} s] {}", started.elapsed().as_secs_f64(), short(command));
    if status.success() { Ok(()) } else { Err(format!("`{}` failed ({status})", describe(command))) }
}

pub fn cargo() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.current_dir(crate::root());
    command
}

/// Whether a build also lints the workspace's crates with clippy, warnings denied.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Lint {
    No,
    DenyWarnings,
}

/// `cargo build`, optionally linted. The test suite lints the wasm builds (widget, worker) this way
/// rather than with `cargo clippy --target wasm32-unknown-unknown`: that separate check pass over
/// every wasm dependency cost CI five minutes, and the builds compile them anyway. It is what
/// `cargo clippy -- -D warnings` itself sets up: clippy-driver wraps rustc for workspace crates only.
pub fn cargo_build(lint: Lint) -> Result<Command> {
    let mut command = cargo();
    if lint == Lint::DenyWarnings {
        command.env("RUSTC_WORKSPACE_WRAPPER", clippy_driver()?);
        command.env("CLIPPY_ARGS", "-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__");
    }
    command.arg("build");
    Ok(command)
}

fn clippy_driver() -> Result<std::path::PathBuf> {
    let sysroot = Command::new("rustc").args(["--print", "sysroot"]).output().map_err(|e| format!("rustc: {e}"))?;
    let driver = std::path::PathBuf::from(String::from_utf8_lossy(&sysroot.stdout).trim()).join("bin/clippy-driver");
    if driver.is_file() { Ok(driver) } else { Err("clippy is not installed: rustup component add clippy".into()) }
}

/// Whether a program answers `--version` (i.e. is installed).
pub fn exists(program: &str) -> bool {
    Command::new(program).arg("--version").output().is_ok_and(|o| o.status.success())
}

pub fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// The program and its first arguments, for the timing line.
fn short(command: &Command) -> String {
    let program = std::path::Path::new(command.get_program()).file_name().unwrap_or_default().to_string_lossy();
    let args: Vec<String> = command.get_args().take(6).map(|a| a.to_string_lossy().into_owned()).collect();
    format!("{program} {}", args.join(" "))
}

fn describe(command: &Command) -> String {
    let args: Vec<String> = command.get_args().map(|a| a.to_string_lossy().into_owned()).collect();
    format!("{} {}", command.get_program().to_string_lossy(), args.join(" "))
}
