//! `cargo xtask demo`: the demo portal on http://127.0.0.1:8080 with the native edge.

/// The demo's helpdesk token, unless PREFLIGHT_HELPDESK_TOKEN is set: printed, never for production.
const DEMO_HELPDESK_TOKEN: &str = "demo-helpdesk-token-2026";

use crate::{Result, browser, cmd, widget_build};

pub fn run(args: &[String]) -> Result {
    let listen = match args {
        [] => "127.0.0.1:8080".to_owned(),
        [flag, addr] if flag == "--listen" => addr.clone(),
        _ => return Err("usage: cargo xtask demo [--listen ADDR]".into()),
    };
    browser::ensure_node_packages()?;
    widget_build::build(crate::cmd::Lint::No)?;
    eprintln!("Open http://{listen}/ for the demo login page (Ctrl-C stops it).");
    let token = std::env::var("PREFLIGHT_HELPDESK_TOKEN").unwrap_or_else(|_| DEMO_HELPDESK_TOKEN.to_owned());
    eprintln!(
        "Helpdesk link: http://{listen}/check?ticket=INC-2026-0042 ; viewer: http://{listen}/helpdesk (token: {token})"
    );
    cmd::run(
        cmd::cargo()
            .env("PREFLIGHT_HELPDESK_TOKEN", &token)
            .args(["run", "--release", "-p", "preflight-edge", "--features", "demo", "--", "--listen", &listen])
            .args(["--config", "config/city-portal.toml", "--www", "www"]),
    )
}
