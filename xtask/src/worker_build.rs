//! Builds the edge for Cloudflare Workers into `edge/build/`, with nothing downloaded: the
//! `preflight-edge-worker` crate for wasm32 (profile `worker`), wasm-bindgen in-process
//! (`--target module`, as workers-rs' own `worker-build` does), wasm-opt from npm's binaryen, and the
//! JS entry wrangler starts (`edge-worker/entry.js`). wrangler bundles them on `dev` and `deploy`.
//!
//! The deployment config is compiled in: `edge-worker/build.rs` validates it (a bad config fails
//! here, with its `line:column` errors, not on the first request) and embeds it as JSON.

use std::path::{Path, PathBuf};

use crate::cmd::Lint;
use crate::{Result, cmd, root, widget_build};

const TARGET: &str = "wasm32-unknown-unknown";
const ENTRY: &str = "edge-worker/entry.js";
/// The config file `edge-worker/build.rs` embeds (an absolute path).
const CONFIG_VAR: &str = "PREFLIGHT_CONFIG";
const USAGE: &str = "usage: cargo xtask worker [--config FILE]";

/// Where the worker is built; `edge/wrangler.toml` points `main` at `build/entry.js`.
pub fn out_dir() -> PathBuf {
    root().join("edge/build")
}

/// The config the tests and benchmarks build with.
pub fn example_config() -> PathBuf {
    root().join("config/city-portal.toml")
}

/// `cargo xtask worker [--config FILE]`: without `--config`, the `PREFLIGHT_CONFIG` file (so that
/// `PREFLIGHT_CONFIG=../my-portal.toml npm run deploy` works), else the city-portal example.
pub fn run(args: &[String]) -> Result {
    let config = match args {
        [] => std::env::var_os(CONFIG_VAR).map(PathBuf::from).unwrap_or_else(example_config),
        [flag, file] if flag == "--config" => PathBuf::from(file),
        _ => return Err(USAGE.into()),
    };
    build(&config, Lint::No)
}

pub fn build(config: &Path, lint: Lint) -> Result {
    let config = std::path::absolute(config).map_err(|e| format!("{}: {e}", config.display()))?;
    if !config.is_file() {
        return Err(format!("{}: no such config file", config.display()));
    }
    eprintln!("worker config: {}", config.display());
    widget_build::ensure_wasm_target()?;
    let mut cargo = cmd::cargo_build(lint)?;
    cargo.args(["-p", "preflight-edge-worker", "--target", TARGET, "--profile", "worker"]).env(CONFIG_VAR, &config);
    cmd::run(&mut cargo)?;
    let wasm = root().join("target").join(TARGET).join("worker/preflight_edge_worker.wasm");
    let out = out_dir();
    let _ = std::fs::remove_dir_all(&out);
    bindgen(&wasm, &out)?;
    // Converge: a few KB more off the size budget.
    widget_build::optimise(&out.join("index_bg.wasm"), &["--converge"])?;
    std::fs::copy(root().join(ENTRY), out.join("entry.js")).map_err(|e| format!("{ENTRY}: {e}"))?;
    eprintln!("worker built in {}", out.display());
    Ok(())
}

fn bindgen(wasm: &Path, out: &Path) -> Result {
    eprintln!("wasm-bindgen (in-process, module target) {} -> {}", wasm.display(), out.display());
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(wasm)
        .module(true)
        .map_err(|e| e.to_string())?
        .out_name("index")
        .typescript(false)
        // `__wbg_reset_state`: the entry gives the next request a fresh instance after a panic. No
        // abort handler: it fires only where panics unwind (nightly), and wraps every import call.
        .reset_state_function(true)
        .generate(out)
        .map_err(|e| format!("wasm-bindgen failed: {e}"))?;
    // The module target imports the wasm with the source-phase syntax; wrangler's bundler takes the
    // plain form, which gives the same `WebAssembly.Module` on Workers.
    let glue = out.join("index.js");
    let text = std::fs::read_to_string(&glue).map_err(|e| format!("{}: {e}", glue.display()))?;
    std::fs::write(&glue, text.replace("import source ", "import ")).map_err(|e| format!("{}: {e}", glue.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worker's build script is what stands between a bad config and a deployed worker: it must
    /// fail the build and say where. (A native `cargo check` runs the same build script, quickly.)
    #[test]
    fn a_bad_config_fails_the_worker_build_at_its_line_and_column() {
        let dir = root().join("target/xtask-tests");
        std::fs::create_dir_all(&dir).unwrap();
        let bad = dir.join("bad-portal.toml");
        std::fs::write(&bad, "[portal]\nname = \"Portail\"\nversion = \"2026 11\"\n").unwrap();
        let output =
            cmd::cargo().args(["check", "-q", "-p", "preflight-edge-worker"]).env(CONFIG_VAR, &bad).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{stderr}");
        assert!(stderr.contains(&format!("{}:3:11: `portal.version`", bad.display())), "{stderr}");
    }
}
