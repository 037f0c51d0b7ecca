//! `cargo xtask <task>`: every project task, in Rust, so it runs the same on every machine.
//!
//! - `build`  — the widget for wasm32, bound in-process by wasm-bindgen, shrunk by wasm-opt, one build per
//!   page: `www/pkg/` (login page), `www/pkg-full/` (check page) and `www/pkg-after-login/`.
//! - `demo`   — build, then serve the demo portal with the native edge on http://127.0.0.1:8080.
//! - `test`   — formatting, clippy, Rust tests, then the browser tests in headless Chromium.
//! - `worker` — the edge for Cloudflare Workers into `edge/build/` (wasm-bindgen in-process, no download).
//! - `bench`  — every budget (size, login page cost, clock accuracy, edge load, soak) measured side by side.
//! - `fuzz`   — coverage-guided fuzzing of core's parsers (nightly, cargo-fuzz), N seconds per target.
//! - `dist`   — the Debian package of the native edge (cargo-deb) into `target/dist/release/`.
//! - `openapi` — writes `www/openapi.json`, the API's OpenAPI document, from the Rust types.
//! - `fuzz-api` — schemathesis against a native edge from that document, for N minutes.

mod api_fuzz;
mod bench;
mod browser;
mod cmd;
mod demo;
mod dist;
mod edge_process;
mod fuzz;
mod log_audit;
mod openapi;
mod package_test;
mod test;
#[cfg(test)]
mod tidy;
mod widget_build;
mod worker_build;
mod workers_test;
mod wrangler;

use std::path::PathBuf;
use std::process::ExitCode;

type Result<T = ()> = std::result::Result<T, String>;

const USAGE: &str = "usage: cargo xtask <build | demo [--listen ADDR] | test [--no-browser] | worker [--config FILE] | bench [--quick] | fuzz [--seconds N] [TARGET] | dist | openapi | fuzz-api [--minutes N]>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("build") => widget_build::build(cmd::Lint::No).map(|_| ()),
        Some("demo") => demo::run(&args[1..]),
        Some("test") => test::run(&args[1..]),
        Some("worker") => worker_build::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("dist") => dist::run(&args[1..]),
        Some("openapi") => openapi::run(&args[1..]),
        Some("fuzz-api") => api_fuzz::run(&args[1..]),
        Some("-h" | "--help") | None => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(format!("unknown task `{other}`\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root (xtask lives one level below it).
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask is inside the workspace").to_owned()
}
