//! A native edge started for the browser tests: on a free port, stopped when dropped — whatever
//! happens to the tests.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::{Result, root};

/// The helpdesk token of the edges the browser tests start (never a real deployment's).
pub const TEST_HELPDESK_TOKEN: &str = "e2e-helpdesk-token-not-a-secret";
/// The statistics token of the Workers test edge (`/stats`; never a real deployment's).
pub const TEST_STATS_TOKEN: &str = "e2e-statistics-token-not-a-secret";
/// The server secret the test edges sign helpdesk sessions with (Workers needs one to enable the helpdesk).
pub const TEST_SESSION_SECRET: &str = "e2e-session-secret-not-a-secret-0123456789";

pub struct EdgeProcess {
    child: Child,
    pub url: String,
    /// Its own report store, deleted on drop: tests never touch the user's data directory.
    data_dir: PathBuf,
}

impl EdgeProcess {
    /// Starts `bin` on 127.0.0.1 with a port the OS picks, and waits for its "listening on" line.
    pub fn start(bin: &Path) -> Result<Self> {
        Self::start_with_config(bin, Path::new("config/city-portal.toml"))
    }

    /// The same, with its log in JSON lines into `log_file` (audited after the browser tests).
    pub fn start_logged(bin: &Path, log_file: &Path) -> Result<Self> {
        let log = ["--log-format", "json"].map(String::from);
        Self::spawn(bin, Path::new("config/city-portal.toml"), Path::new("www"), Some(log_file), &log)
    }

    /// The same with another deployment config (relative to the repository root, or absolute).
    pub fn start_with_config(bin: &Path, config: &Path) -> Result<Self> {
        Self::spawn(bin, config, Path::new("www"), None, &[])
    }

    /// An installed edge: its own config and pages (absolute paths).
    pub fn start_installed(bin: &Path, config: &Path, www: &Path) -> Result<Self> {
        Self::spawn(bin, config, www, None, &[])
    }

    /// With more flags (`--tls-cert` …; a `--listen` among them replaces the free port).
    pub fn start_with_args(bin: &Path, config: &Path, args: &[String]) -> Result<Self> {
        Self::spawn(bin, config, Path::new("www"), None, args)
    }

    fn spawn(bin: &Path, config: &Path, www: &Path, log_file: Option<&Path>, args: &[String]) -> Result<Self> {
        static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = STARTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let data_dir = root().join("target").join(format!("edge-data-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data_dir);
        let mut command = Command::new(bin);
        if let Some(log_file) = log_file {
            let log = std::fs::File::create(log_file).map_err(|e| format!("{}: {e}", log_file.display()))?;
            command.stderr(log);
        }
        if !args.iter().any(|a| a == "--listen") {
            command.args(["--listen", "127.0.0.1:0"]);
        }
        let mut child = command
            .args(args)
            .arg("--www")
            .arg(www)
            .arg("--config")
            .arg(config)
            .arg("--data-dir")
            .arg(&data_dir)
            .env("PREFLIGHT_HELPDESK_TOKEN", TEST_HELPDESK_TOKEN)
            .current_dir(root())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut first_line = String::new();
        BufReader::new(stdout).read_line(&mut first_line).map_err(|e| e.to_string())?;
        let mut edge = EdgeProcess { child, url: String::new(), data_dir };
        match first_line.trim().rsplit_once(' ') {
            Some((_, url)) if url.starts_with("http://") || url.starts_with("https://") => edge.url = url.to_owned(),
            _ => return Err(format!("the edge did not start (it said {first_line:?})")),
        }
        Ok(edge)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// How it ended, if it has (a crash under load must not pass for a slow answer).
    pub fn exit_status(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }
}

impl Drop for EdgeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}
