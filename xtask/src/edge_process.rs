//! A native edge started for the browser tests: on a free port, stopped when dropped — whatever
//! happens to the tests.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::{Result, root};

pub struct EdgeProcess {
    child: Child,
    pub url: String,
}

impl EdgeProcess {
    /// Starts `bin` on 127.0.0.1 with a port the OS picks, and waits for its "listening on" line.
    pub fn start(bin: &Path) -> Result<Self> {
        let mut child = Command::new(bin)
            .args(["--listen", "127.0.0.1:0", "--config", "config/city-portal.toml", "--www", "www"])
            .current_dir(root())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut first_line = String::new();
        BufReader::new(stdout).read_line(&mut first_line).map_err(|e| e.to_string())?;
        let mut edge = EdgeProcess { child, url: String::new() };
        match first_line.trim().rsplit_once(' ') {
            Some((_, url)) if url.starts_with("http://") => edge.url = url.to_owned(),
            _ => return Err(format!("the edge did not start (it said {first_line:?})")),
        }
        Ok(edge)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for EdgeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
