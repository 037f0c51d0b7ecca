//! `cargo xtask demo`: the demo portal on http://127.0.0.1:8080 with the native edge.

/// The demo's helpdesk token, unless PREFLIGHT_HELPDESK_TOKEN is set: printed, never for production.
const DEMO_HELPDESK_TOKEN: &str = "demo-helpdesk-token-2026";

use std::path::PathBuf;

use crate::{Result, browser, cmd, root, widget_build};

/// The example config the demo serves.
const EXAMPLE_CONFIG: &str = "config/city-portal.toml";

pub fn run(args: &[String]) -> Result {
    let listen = match args {
        [] => "127.0.0.1:8080".to_owned(),
        [flag, addr] if flag == "--listen" => addr.clone(),
        _ => return Err("usage: cargo xtask demo [--listen ADDR]".into()),
    };
    browser::ensure_node_packages()?;
    widget_build::build(crate::cmd::Lint::No)?;
    let config = demo_config(&listen)?;
    eprintln!("Open http://{listen}/ for the demo login page (Ctrl-C stops it).");
    let token = std::env::var("PREFLIGHT_HELPDESK_TOKEN").unwrap_or_else(|_| DEMO_HELPDESK_TOKEN.to_owned());
    eprintln!(
        "Helpdesk link: http://{listen}/check?ticket=INC-2026-0042 ; viewer: http://{listen}/helpdesk (token: {token})"
    );
    cmd::run(
        cmd::cargo()
            .env("PREFLIGHT_HELPDESK_TOKEN", &token)
            .args(["run", "--release", "-p", "preflight-edge", "--features", "demo", "--", "--listen", &listen])
            .arg("--config")
            .arg(&config)
            .args(["--www", "www"]),
    )
}

/// The example config, with the check page's third-party cookie probe on the demo's other site:
/// `localhost` and `127.0.0.1` are different sites for a browser, so the edge under its other name
/// stands in for a deployment's `[sso] probe_origin`. Written under `target/demo/`.
fn demo_config(listen: &str) -> Result<PathBuf> {
    let text = std::fs::read_to_string(root().join(EXAMPLE_CONFIG)).map_err(|e| format!("{EXAMPLE_CONFIG}: {e}"))?;
    let Some(origin) = other_site(listen) else { return Ok(root().join(EXAMPLE_CONFIG)) };
    eprintln!("SSO probe origin for the demo: {origin}");
    let dir = root().join("target/demo");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = dir.join("config.toml");
    std::fs::write(&path, with_probe_origin(&text, &origin)).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

/// The demo's address under its other loopback name, if it has one.
fn other_site(listen: &str) -> Option<String> {
    let (host, port) = listen.rsplit_once(':')?;
    let other = match host {
        "127.0.0.1" => "localhost",
        "localhost" => "127.0.0.1",
        _ => return None,
    };
    Some(format!("http://{other}:{port}"))
}

fn with_probe_origin(config: &str, origin: &str) -> String {
    config.replacen("\n[sso]\n", &format!("\n[sso]\nprobe_origin = \"{origin}\"\n"), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_probes_third_party_cookies_from_its_other_loopback_name() {
        assert_eq!(other_site("127.0.0.1:8080").as_deref(), Some("http://localhost:8080"));
        assert_eq!(other_site("localhost:9000").as_deref(), Some("http://127.0.0.1:9000"));
        assert_eq!(other_site("0.0.0.0:8080"), None);
    }

    #[test]
    fn the_example_config_gets_the_probe_origin_in_its_sso_table() {
        let example = std::fs::read_to_string(root().join(EXAMPLE_CONFIG)).unwrap();
        assert!(!example.contains("\nprobe_origin ="), "the example sets no probe origin of its own");
        let config = with_probe_origin(&example, "http://localhost:8080");
        assert!(config.contains("\n[sso]\nprobe_origin = \"http://localhost:8080\"\n"), "{config}");
    }
}
