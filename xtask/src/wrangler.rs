//! wrangler, run offline: from `edge/node_modules` with the Node 22 of the `node` npm package first
//! on PATH (as npm scripts do), no telemetry, no account, and only loopback addresses.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{Result, cmd, root};

const NODE_MAJOR: &str = "v22.";

pub fn edge_dir() -> PathBuf {
    root().join("edge")
}

fn bin_dir() -> PathBuf {
    edge_dir().join("node_modules/.bin")
}

/// `npm ci` in `edge/` when needed, then checks that wrangler gets the Node 22 it requires.
pub fn ensure_packages() -> Result {
    let lock = edge_dir().join("package-lock.json");
    let installed = edge_dir().join("node_modules/.package-lock.json");
    let modified = |p: &PathBuf| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if modified(&installed).is_none() || modified(&installed) < modified(&lock) {
        cmd::run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(edge_dir()))?;
    }
    let node = bin_dir().join("node");
    let version = Command::new(&node).arg("--version").output().map_err(|e| format!("{}: {e}", node.display()))?;
    let version = String::from_utf8_lossy(&version.stdout).trim().to_owned();
    if !version.starts_with(NODE_MAJOR) {
        return Err(format!("{} is {version:?}, not Node 22", node.display()));
    }
    Ok(())
}

/// `wrangler ARGS` in `edge/`, offline.
pub fn wrangler() -> Command {
    let mut command = Command::new(bin_dir().join("wrangler"));
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![bin_dir()];
    paths.extend(std::env::split_paths(&path));
    command.current_dir(edge_dir()).env("PATH", std::env::join_paths(paths).expect("paths without ':'"));
    // No telemetry, no prompts, and no fetch of request.cf sample data (its built-in fallback is used).
    command.env("WRANGLER_SEND_METRICS", "false").env("CI", "true").env("CLOUDFLARE_CF_FETCH_ENABLED", "false");
    for account in ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_API_KEY", "CLOUDFLARE_ACCOUNT_ID", "CLOUDFLARE_EMAIL"] {
        command.env_remove(account);
    }
    command
}

/// `wrangler dev` fully local on a free loopback port, stopped (with workerd) when dropped.
pub struct WranglerDev {
    child: Child,
    pub url: String,
}

/// When `WranglerDev` counts wrangler as started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ready {
    /// The worker answers `GET /healthz` (the tests).
    Healthz,
    /// The port accepts connections, no request sent yet: the next request is the worker's first
    /// (the bench's cold start).
    Listening,
}

/// How long wrangler may take to start.
const START_PATIENCE: Duration = Duration::from_secs(120);

impl WranglerDev {
    /// The edge's worker (`edge/wrangler.toml`), ready when it answers `/healthz`.
    pub fn start(persist_to: &Path, vars: &[(&str, &str)]) -> Result<Self> {
        Self::start_with(None, persist_to, vars, Ready::Healthz)
    }

    /// The worker of `config` (a `wrangler.toml`; the edge's by default), ready as `ready` says.
    pub fn start_with(config: Option<&Path>, persist_to: &Path, vars: &[(&str, &str)], ready: Ready) -> Result<Self> {
        if config.is_none() {
            apply_d1_migrations(persist_to)?;
        }
        let (port, inspector) = (free_port()?, free_port()?);
        let mut command = wrangler();
        command.args(["dev", "--local", "--ip", "127.0.0.1", "--port", &port.to_string()]);
        if let Some(config) = config {
            command.arg("--config").arg(config);
        }
        command.args(["--inspector-port", &inspector.to_string(), "--show-interactive-dev-session=false"]);
        command.args(["--log-level", "log", "--persist-to"]).arg(persist_to);
        for (name, value) in vars {
            command.arg("--var").arg(format!("{name}:{value}"));
        }
        // Its own process group, so that workerd, started by wrangler, is stopped with it.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        eprintln!("$ wrangler dev on 127.0.0.1:{port}");
        let child = command.spawn().map_err(|e| format!("cannot start wrangler dev: {e}"))?;
        let mut dev = WranglerDev { child, url: format!("http://127.0.0.1:{port}") };
        match ready {
            Ready::Healthz => dev.wait_until_ready(START_PATIENCE)?,
            Ready::Listening => dev.wait_until_listening(port, START_PATIENCE)?,
        }
        Ok(dev)
    }

    fn wait_until_listening(&mut self, port: u16, patience: Duration) -> Result {
        let started = Instant::now();
        let address = std::net::SocketAddr::from(([127, 0, 0, 1], port));
        while started.elapsed() < patience {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("wrangler dev stopped before listening ({status})"));
            }
            if std::net::TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Err(format!("wrangler dev did not listen on {address} within {} s", patience.as_secs()))
    }

    fn wait_until_ready(&mut self, patience: Duration) -> Result {
        let config = ureq::Agent::config_builder().timeout_global(Some(Duration::from_secs(5))).build();
        let agent = ureq::Agent::new_with_config(config);
        let started = Instant::now();
        let health = format!("{}/healthz", self.url);
        while started.elapsed() < patience {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("wrangler dev stopped before serving ({status})"));
            }
            if agent.get(&health).call().is_ok() {
                eprintln!("wrangler dev ready after {:.1} s", started.elapsed().as_secs_f64());
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(500));
        }
        Err(format!("wrangler dev did not answer {health} within {} s", patience.as_secs()))
    }
}

/// The edge's D1 database (its binding in `edge/wrangler.toml`): the friction statistics.
pub const STATISTICS_DATABASE: &str = "STATISTICS";

/// Creates the edge's D1 tables in the local state `wrangler dev` will use (`edge/migrations/`), as
/// `wrangler d1 migrations apply --remote` does for a deployment; wrangler skips those already applied.
pub fn apply_d1_migrations(persist_to: &Path) -> Result {
    let mut apply = wrangler();
    apply.args(["d1", "migrations", "apply", STATISTICS_DATABASE, "--local", "--persist-to"]).arg(persist_to);
    cmd::run(&mut apply)
}

impl Drop for WranglerDev {
    fn drop(&mut self) {
        // The whole process group: wrangler's node processes and workerd. `--`, or `kill` reads the
        // negative group id as an option and signals nothing.
        let group = format!("-{}", self.child.id());
        let signal = |name: &str| Command::new("kill").args([name, "--", &group]).stderr(Stdio::null()).status();
        let _ = signal("-TERM");
        let deadline = Instant::now() + Duration::from_secs(10);
        // `kill -0` succeeds while any process of the group is left (the leader reaped first, or its
        // zombie would count).
        while Instant::now() < deadline && {
            let _ = self.child.try_wait();
            signal("-0").is_ok_and(|s| s.success())
        } {
            std::thread::sleep(Duration::from_millis(200));
        }
        let _ = signal("-KILL");
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port the OS has just handed out on loopback (free unless someone takes it in between).
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port on loopback: {e}"))?;
    listener.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}
