//! `cargo xtask demo`: the demo portal on http://127.0.0.1:8080 with the native edge.

use crate::{Result, browser, cmd, widget_build};

pub fn run(args: &[String]) -> Result {
    let listen = match args {
        [] => "127.0.0.1:8080".to_owned(),
        [flag, addr] if flag == "--listen" => addr.clone(),
        _ => return Err("usage: cargo xtask demo [--listen ADDR]".into()),
    };
    browser::ensure_node_packages()?;
    widget_build::build()?;
    eprintln!("Open http://{listen}/ for the demo login page (Ctrl-C stops it).");
    cmd::run(cmd::cargo().args(["run", "--release", "-p", "preflight-edge", "--", "--listen", &listen]).args([
        "--config",
        "config/city-portal.toml",
        "--www",
        "www",
    ]))
}
