//! Builds the widget: wasm32 with the size-minded `widget` profile, wasm-bindgen in-process, wasm-opt.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cmd::Lint;
use crate::{Result, browser, cmd, root, worker_build};

const TARGET: &str = "wasm32-unknown-unknown";
/// Features every browser we support has, and that rustc emits for wasm32 by default.
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
    "--enable-mutable-globals",
];

pub struct WidgetSize {
    pub raw: usize,
    pub gzip: usize,
}

/// One build of the widget: a page's entry feature (see widget/Cargo.toml) and where it goes.
pub struct WidgetBuild {
    pub page: &'static str,
    pub dir: &'static str,
    pub feature: &'static str,
}

/// The widget's builds, each with its page's feature alone so that no page downloads another page's
/// code: the login page's (size-budgeted, first), the check page's, and the portal pages' after
/// sign-in. `www/preflight-check.js` picks the build by the element's `mode`.
pub const BUILDS: &[WidgetBuild] = &[
    WidgetBuild { page: "login page", dir: "www/pkg", feature: "login" },
    WidgetBuild { page: "check page", dir: "www/pkg-full", feature: "check-page" },
    WidgetBuild { page: "after sign-in", dir: "www/pkg-after-login", feature: "after-login" },
];

/// Builds every widget, reports each shipped size (wasm + JS glue + element module), and returns the
/// sizes in the order of [`BUILDS`].
pub fn build(lint: Lint) -> Result<Vec<WidgetSize>> {
    build_with_portal_origins(lint, &[])
}

/// [`build`], the login page's canary also taking `extra` origins for the portal's (the browser
/// tests' name for a portal served over plain HTTP).
pub fn build_with_portal_origins(lint: Lint, extra: &[&str]) -> Result<Vec<WidgetSize>> {
    ensure_wasm_target()?;
    let canary = canary_env(extra)?;
    let mut sizes = Vec::new();
    for WidgetBuild { page, dir, feature } in BUILDS {
        let mut cargo = cmd::cargo_build(lint)?;
        cargo.args(["-p", "preflight-widget", "--target", TARGET, "--profile", "widget"]);
        cargo.args(["--no-default-features", "--features", feature]).envs(canary.clone());
        cmd::run(&mut cargo)?;
        let wasm = root().join("target").join(TARGET).join("widget/preflight_widget.wasm");
        let out = root().join(dir);
        bindgen(&wasm, &out)?;
        optimise(&out.join("preflight_widget_bg.wasm"), &[])?;
        minify(&out.join("preflight_widget.js"))?;
        precompress(&[out.join("preflight_widget_bg.wasm"), out.join("preflight_widget.js")])?;
        let size = measure(&out)?;
        eprintln!("widget ({page}): {} bytes raw, {} bytes gzip", size.raw, size.gzip);
        sizes.push(size);
    }
    // The element's module, which every login downloads with the build's files.
    precompress(&[root().join(ELEMENT_MODULE)])?;
    eprintln!("login page widget: {} bytes gzip (budget 30 KB)", sizes[0].gzip);
    Ok(sizes)
}

/// What the login page's phishing-clone canary is compiled with (`widget/src/canary.rs`): the
/// portal's origins and the edge's public URL, from the `PREFLIGHT_CONFIG` file (as the worker's
/// build), else the city-portal example.
fn canary_env(extra: &[&str]) -> Result<[(&'static str, String); 2]> {
    let path = std::env::var_os("PREFLIGHT_CONFIG").map(PathBuf::from).unwrap_or_else(worker_build::example_config);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let config =
        preflight_core::config::DeploymentConfig::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    eprintln!("widget canary: portal origins from {}", path.display());
    let mut origins = preflight_core::canary::widget_portal_origins(&config);
    // Extra names only where the config turns the canary on: an empty list means off.
    if !origins.is_empty() {
        for origin in extra {
            origins.push(' ');
            origins.push_str(origin);
        }
    }
    Ok([
        ("PREFLIGHT_PORTAL_ORIGINS", origins),
        ("PREFLIGHT_EDGE_URL", config.public_url().unwrap_or_default().to_owned()),
    ])
}

pub fn ensure_wasm_target() -> Result {
    let installed = Command::new("rustup").args(["target", "list", "--installed"]).output();
    match installed {
        Ok(out) if String::from_utf8_lossy(&out.stdout).lines().any(|l| l.trim() == TARGET) => Ok(()),
        Ok(_) => cmd::run(Command::new("rustup").args(["target", "add", TARGET])),
        Err(_) => Err(format!("rustup not found: install the {TARGET} target for your Rust toolchain")),
    }
}

fn bindgen(wasm: &Path, out: &Path) -> Result {
    eprintln!("wasm-bindgen (in-process) {} -> {}", wasm.display(), out.display());
    let _ = std::fs::remove_dir_all(out);
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(wasm)
        .web(true)
        .map_err(|e| e.to_string())?
        .typescript(false)
        // The glue finds `preflight_widget_bg.wasm` next to itself (`import.meta.url`).
        .omit_default_module_path(false)
        .generate(out)
        .map_err(|e| format!("wasm-bindgen failed: {e}"))
}

/// wasm-opt comes from npm's `binaryen` (installed with the test packages); without it the widget
/// still works, only larger. `extra` are further wasm-opt arguments (features beyond the browsers' baseline).
pub fn optimise(wasm: &Path, extra: &[&str]) -> Result {
    let Some(wasm_opt) = wasm_opt() else {
        eprintln!("warning: wasm-opt not found (npm package `binaryen` in tests/): the widget is not size-optimised");
        return Ok(());
    };
    let mut command = Command::new(wasm_opt);
    command.arg("-Oz").args(WASM_FEATURES).args(extra).arg(wasm).arg("-o").arg(wasm);
    // For size profiling (`twiggy top www/pkg/preflight_widget_bg.wasm`): keep function names.
    if std::env::var_os("XTASK_WASM_NAMES").is_some() {
        command.arg("--debuginfo");
    }
    cmd::run(&mut command)
}

/// The glue wasm-bindgen writes is readable JavaScript (comments, long local names): esbuild, from
/// npm like wasm-opt, shrinks it by a quarter gzipped (4.8 to 3.5 KB for the login page's). It
/// renames only locals: the wasm's import names and the module's exports stay as they are.
fn minify(glue: &Path) -> Result {
    let esbuild = browser::node_modules().join(".bin/esbuild");
    if !esbuild.is_file() {
        eprintln!("warning: esbuild not found (npm package `esbuild` in tests/): the widget's glue is not minified");
        return Ok(());
    }
    let minified = glue.with_extension("min.js");
    let outfile = format!("--outfile={}", minified.display());
    cmd::run(Command::new(esbuild).arg(glue).args(["--minify", "--format=esm", "--log-level=warning", &outfile]))?;
    std::fs::rename(&minified, glue).map_err(|e| format!("{}: {e}", glue.display()))
}

fn wasm_opt() -> Option<PathBuf> {
    let local = browser::node_modules().join(".bin/wasm-opt");
    if local.is_file() {
        return Some(local);
    }
    cmd::exists("wasm-opt").then(|| PathBuf::from("wasm-opt"))
}

/// What a browser downloads for the widget: the element's module, the glue and the wasm, each
/// gzipped on its own as a server would.
fn measure(pkg: &Path) -> Result<WidgetSize> {
    let mut size = WidgetSize { raw: 0, gzip: 0 };
    for file in shipped_files(pkg) {
        let bytes = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        size.raw += bytes.len();
        size.gzip += gzip_len(&bytes);
    }
    Ok(size)
}

/// Writes `.br` and `.gz` beside each file (the glue, the wasm, the element's module), which the native
/// edge serves to browsers that accept them: on a 1.6 Mbit/s link the login widget's raw bytes alone
/// would take 370 ms, compressed 130 ms. Written with the files they compress, so never stale; the
/// edge compresses nothing as it answers (a compressor per connection would cost the memory budget:
/// 47 MB of RSS with 250 clients asking gzip).
fn precompress(files: &[PathBuf]) -> Result {
    for file in files {
        let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let write = |extension: &str, compressed: Vec<u8>| {
            let path = PathBuf::from(format!("{}.{extension}", file.display()));
            std::fs::write(&path, compressed).map_err(|e| format!("{}: {e}", path.display()))
        };
        write("gz", gzip(&bytes))?;
        write("br", brotli(&bytes))?;
    }
    Ok(())
}

/// Where a build goes: served by the edge with the pages.
pub fn pkg_dir(build: &WidgetBuild) -> PathBuf {
    root().join(build.dir)
}

/// The files a page downloads for the widget, from a build's folder and `www/`.
pub fn shipped_files(pkg: &Path) -> [PathBuf; 3] {
    [pkg.join("preflight_widget_bg.wasm"), pkg.join("preflight_widget.js"), root().join(ELEMENT_MODULE)]
}

/// The `<preflight-check>` element's module, in the repository's `www/`.
const ELEMENT_MODULE: &str = "www/preflight-check.js";

pub fn gzip_len(bytes: &[u8]) -> usize {
    gzip(bytes).len()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

/// Brotli at its best quality and a 4 MiB window, as static files are pre-compressed.
pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("compressing in memory");
    out
}
