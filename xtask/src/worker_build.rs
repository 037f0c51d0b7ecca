//! Builds the edge for Cloudflare Workers into `edge/build/`, with nothing downloaded: the
//! `preflight-edge-worker` crate for wasm32 (profile `worker`), wasm-bindgen in-process
//! (`--target module`, as workers-rs' own `worker-build` does), wasm-opt from npm's binaryen, and the
//! JS entry wrangler starts (`edge-worker/entry.js`). wrangler bundles them on `dev` and `deploy`.

use std::path::{Path, PathBuf};

use crate::{Result, cmd, root, widget_build};

const TARGET: &str = "wasm32-unknown-unknown";
const ENTRY: &str = "edge-worker/entry.js";

/// Where the worker is built; `edge/wrangler.toml` points `main` at `build/entry.js`.
pub fn out_dir() -> PathBuf {
    root().join("edge/build")
}

pub fn build() -> Result {
    widget_build::ensure_wasm_target()?;
    cmd::run(cmd::cargo().args(["build", "-p", "preflight-edge-worker", "--target", TARGET, "--profile", "worker"]))?;
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
