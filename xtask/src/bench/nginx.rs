//! nginx as the bench's reference server: started on a free loopback port with the repository's
//! config, everything under `target/bench/nginx/`, stopped when dropped.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{Result, root};

const TEMPLATE: &str = "xtask/bench/nginx.conf";
const START_TIMEOUT: Duration = Duration::from_secs(10);

pub struct Nginx {
    bin: PathBuf,
    dir: PathBuf,
    child: Child,
    pub url: String,
}

impl Nginx {
    pub fn start(bin: &Path, dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir.join("temp")).map_err(|e| format!("{}: {e}", dir.display()))?;
        let port = free_port()?;
        let template = root().join(TEMPLATE);
        let template = std::fs::read_to_string(&template).map_err(|e| format!("{}: {e}", template.display()))?;
        let config = template.replace("{dir}", &dir.display().to_string()).replace("{port}", &port.to_string());
        std::fs::write(dir.join("nginx.conf"), config).map_err(|e| format!("{}: {e}", dir.display()))?;
        let child = Command::new(bin)
            .args(prefix_args(dir))
            .stdin(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let mut nginx = Nginx { bin: bin.to_owned(), dir: dir.to_owned(), child, url: format!("http://{addr}") };
        nginx.wait_listening(addr)?;
        Ok(nginx)
    }

    fn wait_listening(&mut self, addr: SocketAddr) -> Result {
        let started = Instant::now();
        while started.elapsed() < START_TIMEOUT {
            if let Ok(Some(status)) = self.child.try_wait() {
                let log = std::fs::read_to_string(self.dir.join("error.log")).unwrap_or_default();
                return Err(format!("nginx exited ({status}):\n{log}"));
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err(format!("nginx did not listen on {addr} within {START_TIMEOUT:?}"))
    }
}

impl Drop for Nginx {
    /// A fast stop through nginx's own signal, so the workers go too; SIGKILL only as a fallback.
    fn drop(&mut self) {
        let stopped = Command::new(&self.bin).args(prefix_args(&self.dir)).args(["-s", "stop"]).status();
        if !stopped.is_ok_and(|s| s.success()) {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// Prefix, config and early error log all under `dir`: nothing outside it is touched.
fn prefix_args(dir: &Path) -> Vec<String> {
    let path = |p: &Path| p.display().to_string();
    let (error_log, config) = (dir.join("error.log"), dir.join("nginx.conf"));
    vec!["-e".into(), path(&error_log), "-p".into(), path(dir), "-c".into(), path(&config)]
}

/// A port the OS has just handed out on loopback (free unless someone takes it in between).
pub fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port on loopback: {e}"))?;
    listener.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}
