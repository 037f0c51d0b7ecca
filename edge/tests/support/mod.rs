//! The real `preflight-edge` binary, started for one test on a free loopback port and killed when
//! dropped, and a plain HTTP/1.1 exchange with it.
#![allow(dead_code)] // each test binary uses part of it

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub const EDGE: &str = env!("CARGO_BIN_EXE_preflight-edge");
pub const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
pub const TOKEN: &str = "edge-process-test-token-0123456789";

/// The example config with `replace` applied (each `(from, to)` must match) and `extra` appended.
pub fn config(dir: &Path, replace: &[(&str, &str)], extra: &str) -> PathBuf {
    let mut text = std::fs::read_to_string(format!("{ROOT}/config/city-portal.toml")).unwrap();
    for (from, to) in replace {
        assert!(text.contains(from), "update this test: the example config has no `{from}`");
        text = text.replace(from, to);
    }
    text.push_str(extra);
    let path = dir.join("edge.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// The example config behind a trusted proxy (the test), so that requests can come from many clients.
pub fn behind_test_proxy(dir: &Path, extra: &str) -> PathBuf {
    config(dir, &[("trusted_proxies = []", "trusted_proxies = [\"127.0.0.1/32\"]")], extra)
}

pub struct Edge {
    pub child: Child,
    pub address: String,
}

impl Edge {
    pub fn start(data_dir: &Path, config: &Path) -> Edge {
        Edge::start_with(data_dir, config, None)
    }

    /// With `open_files`, the edge runs under that open-files limit (`ulimit -n`).
    pub fn start_with(data_dir: &Path, config: &Path, open_files: Option<u32>) -> Edge {
        Edge::start_with_args(data_dir, config, open_files, &[])
    }

    /// With more flags (`--tls-cert` …); the address printed is `http://` or `https://`.
    pub fn start_with_args(data_dir: &Path, config: &Path, open_files: Option<u32>, args: &[&str]) -> Edge {
        let mut command = match open_files {
            Some(n) => {
                let mut shell = Command::new("sh");
                shell.args(["-c", &format!("ulimit -n {n} && exec \"$0\" \"$@\""), EDGE]);
                shell
            }
            None => Command::new(EDGE),
        };
        let mut child = command
            .args(["--listen", "127.0.0.1:0", "--www", "www", "--config"])
            .arg(config)
            .arg("--data-dir")
            .arg(data_dir)
            .args(args)
            .env("PREFLIGHT_HELPDESK_TOKEN", TOKEN)
            .current_dir(ROOT)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let Some((_, address)) = line.trim().rsplit_once("://") else {
            let mut edge = Edge { child, address: String::new() };
            edge.fail(&format!("the edge did not start (it said {line:?})"));
        };
        let address = address.to_owned();
        Edge { child, address }
    }

    /// Stops the edge and fails the test with `message` and everything the edge logged.
    pub fn fail(&mut self, message: &str) -> ! {
        let _ = self.child.kill();
        let _ = self.child.wait();
        panic!("{message}\nthe edge's log:\n{}", self.stderr())
    }

    /// What the edge wrote on stderr, once it has exited.
    pub fn stderr(&mut self) -> String {
        let mut text = String::new();
        if let Some(mut err) = self.child.stderr.take() {
            let _ = err.read_to_string(&mut text);
        }
        text
    }
}

impl Drop for Edge {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 exchange on a fresh connection: the status and the body.
pub fn exchange(address: &str, head: &str, body: &[u8]) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(address)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.write_all(
        format!("{head}Host: {address}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len()).as_bytes(),
    )?;
    // A refused body may be cut short by the edge: the answer is what matters.
    let _ = stream.write_all(body);
    read_answer(&mut stream)
}

/// The status and body of the answer on `stream`, read to its end.
pub fn read_answer(stream: &mut TcpStream) -> std::io::Result<(u16, String)> {
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text.get(9..12).and_then(|s| s.parse().ok()).ok_or_else(|| std::io::Error::other(text.clone()))?;
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    Ok((status, body))
}
