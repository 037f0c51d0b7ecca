//! Validates the deployment config and embeds it, as JSON, for `src/config.rs`: a bad config fails
//! the build (and so the deploy) with its `line:column` errors, and the worker carries no TOML
//! parser (a fifth of its size-budgeted bundle).
//!
//! The config is the file named by `PREFLIGHT_CONFIG` (`cargo xtask worker --config FILE` sets it,
//! as an absolute path), else the city-portal example.

use std::path::PathBuf;

use preflight_core::config::{CITY_PORTAL_EXAMPLE, DeploymentConfig};

const CONFIG_VAR: &str = "PREFLIGHT_CONFIG";

fn main() {
    println!("cargo::rerun-if-env-changed={CONFIG_VAR}");
    // The example is core's own copy: a change to it rebuilds core, and so reruns this script.
    let (name, text) = match std::env::var_os(CONFIG_VAR) {
        Some(path) => {
            let path = PathBuf::from(path);
            println!("cargo::rerun-if-changed={}", path.display());
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
            (path.display().to_string(), text)
        }
        None => ("config/city-portal.toml".to_owned(), CITY_PORTAL_EXAMPLE.to_owned()),
    };
    let config = DeploymentConfig::parse(&text).unwrap_or_else(|errors| {
        let lines: Vec<String> = errors.0.iter().map(|e| format!("{name}:{e}")).collect();
        fail(&format!("invalid config, fix it and build again:\n{}", lines.join("\n")))
    });
    // A token in the config would ship inside the bundle: the worker reads it from a secret only.
    let (config, had_token) = config.without_secrets();
    if had_token {
        println!(
            "cargo::warning={name}: [helpdesk] token is left out of the worker; set it with `wrangler secret put PREFLIGHT_HELPDESK_TOKEN`"
        );
    }
    let json = config.to_embedded_json().unwrap_or_else(|e| fail(&format!("config to JSON: {e}")));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("config.json");
    std::fs::write(&out, json).unwrap_or_else(|e| fail(&format!("{}: {e}", out.display())));
}

fn fail(message: &str) -> ! {
    eprintln!("preflight-edge-worker: {message}");
    std::process::exit(1)
}
