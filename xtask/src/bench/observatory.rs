//! The MDN HTTP Observatory's grade (npm `@mdn/mdn-http-observatory`) of the release edge serving
//! HTTPS, with its plain-HTTP redirect, on loopback: a certificate for `localhost` made here
//! (rcgen) and trusted by the scanner alone. The package is installed under `target/` without its
//! install scripts, which download the HSTS preload list: the list is left empty (no loopback name is
//! preloaded, so no test reads it).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use super::report::{Row, Section};
use crate::edge_process::EdgeProcess;
use crate::{Result, cmd, root};

const AREA: &str = "security headers";
/// The Observatory release the grading script is written against (its internal module paths).
const OBSERVATORY_VERSION: &str = "1.4.8";
/// What the issue asks of the edge with TLS on.
const BUDGET_GRADE: &str = "A+";

pub fn measure(edge_bin: &Path) -> Result<Section> {
    let package = install()?;
    let dir = super::bench_dir().join("observatory");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let made = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).map_err(|e| e.to_string())?;
    let (cert, key) = (dir.join("localhost.crt"), dir.join("localhost.key"));
    write(&cert, &made.cert.pem())?;
    write(&key, &made.signing_key.serialize_pem())?;
    let (https_port, http_port) = (super::nginx::free_port()?, super::nginx::free_port()?);
    let config = dir.join("edge.toml");
    let example = std::fs::read_to_string(root().join("config/city-portal.toml")).map_err(|e| e.to_string())?;
    write(
        &config,
        &example.replace("# public_url = ", &format!("public_url = \"https://localhost:{https_port}\"\n# ")),
    )?;
    let args = [
        "--listen".to_owned(),
        format!("127.0.0.1:{https_port}"),
        "--redirect-http".to_owned(),
        format!("127.0.0.1:{http_port}"),
        "--tls-cert".to_owned(),
        cert.display().to_string(),
        "--tls-key".to_owned(),
        key.display().to_string(),
    ];
    let edge = EdgeProcess::start_with_args(edge_bin, &config, &args)?;
    let script = root().join("tests/bench/observatory.mjs");
    let output = Command::new("node")
        .arg(&script)
        .arg(&package)
        .args(["localhost", &http_port.to_string(), &https_port.to_string()])
        .env("NODE_EXTRA_CA_CERTS", &cert)
        .output()
        .map_err(|e| format!("node {}: {e}", script.display()))?;
    drop(edge);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let scan: Value = serde_json::from_str(stdout.trim()).map_err(|_| {
        format!("the Observatory scan failed: {}{}", stdout.trim(), String::from_utf8_lossy(&output.stderr).trim())
    })?;
    let grade = scan["grade"].as_str().unwrap_or("?").to_owned();
    let value = format!("{grade} ({}/100)", scan["score"]);
    let rows = vec![Row::budget(AREA, "MDN HTTP Observatory, TLS on", value, BUDGET_GRADE, grade == BUDGET_GRADE)];
    Ok(Section { rows, details: scan })
}

/// The package in `target/observatory/`, installed once.
fn install() -> Result<PathBuf> {
    let dir = root().join("target/observatory");
    let package = dir.join("node_modules/@mdn/mdn-http-observatory");
    if !package.join("package.json").is_file() {
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        write(&dir.join("package.json"), "{ \"private\": true }\n")?;
        let spec = format!("@mdn/mdn-http-observatory@{OBSERVATORY_VERSION}");
        cmd::run(
            Command::new("npm")
                .args(["install", "--ignore-scripts", "--no-audit", "--no-fund", &spec])
                .current_dir(&dir),
        )?;
    }
    let preload = package.join("conf/hsts-preload.json");
    if !preload.is_file() {
        write(&preload, "{}\n")?;
    }
    Ok(package)
}

fn write(path: &Path, text: &str) -> Result {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}
