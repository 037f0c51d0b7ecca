//! The real binary with its SQLite store: `kill -9` during a burst of uploads loses no report whose
//! code was returned, and a 5 MB upload is refused while the edge keeps serving.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const EDGE: &str = env!("CARGO_BIN_EXE_preflight-edge");
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
const TOKEN: &str = "durability-test-token-0123456789";

/// The example config behind a trusted proxy (this test), so that lookups can come from many
/// "clients" and the per-client limit does not slow the check down.
fn config(dir: &Path) -> std::path::PathBuf {
    let example = std::fs::read_to_string(format!("{ROOT}/config/city-portal.toml")).unwrap();
    assert!(example.contains("trusted_proxies = []"), "update this test: the example config changed");
    let path = dir.join("edge.toml");
    std::fs::write(&path, example.replace("trusted_proxies = []", "trusted_proxies = [\"127.0.0.1/32\"]")).unwrap();
    path
}

struct Edge {
    child: Child,
    address: String,
}

impl Edge {
    fn start(data_dir: &Path, config: &Path) -> Edge {
        let mut child = Command::new(EDGE)
            .args(["--listen", "127.0.0.1:0", "--www", "www", "--config"])
            .arg(config)
            .arg("--data-dir")
            .arg(data_dir)
            .env("PREFLIGHT_HELPDESK_TOKEN", TOKEN)
            .current_dir(ROOT)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let address = line.trim().rsplit_once("http://").expect("the edge prints its address").1.to_owned();
        Edge { child, address }
    }
}

impl Drop for Edge {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 exchange on a fresh connection: the status and the body.
fn exchange(address: &str, head: &str, body: &[u8]) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(address)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.write_all(
        format!("{head}Host: {address}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len()).as_bytes(),
    )?;
    // A refused body may be cut short by the edge: the answer is what matters.
    let _ = stream.write_all(body);
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text.get(9..12).and_then(|s| s.parse().ok()).ok_or_else(|| std::io::Error::other(text.clone()))?;
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    Ok((status, body))
}

const UPLOAD: &str = r#"{"v":1,"ticket":"INC-1","observations":{"v":1,"clock":{"offset_ms":-400000.0,"error_bound_ms":9.0},"cookies_enabled":true,"cookie_write_read":true,"local_storage":true,"session_storage":true,"secure_context":true,"loopback_host":true,"loaded_version":null,"storage_usage":null,"storage_quota":null}}"#;

/// Uploads as the client `from` (the edge trusts this test as a proxy; uploads are limited per client).
fn upload(address: &str, from: &str) -> std::io::Result<String> {
    let head = format!("POST /api/reports HTTP/1.1\r\nContent-Type: application/json\r\nX-Forwarded-For: {from}\r\n");
    let (status, body) = exchange(address, &head, UPLOAD.as_bytes())?;
    if status != 201 {
        return Err(std::io::Error::other(format!("{status}: {body}")));
    }
    // A partial answer (cut by the kill) fails to parse: that code was never "returned".
    let receipt: serde_json::Value = serde_json::from_str(&body).map_err(std::io::Error::other)?;
    Ok(receipt["code"].as_str().ok_or_else(|| std::io::Error::other(body.clone()))?.to_owned())
}

#[test]
fn kill_9_during_a_burst_of_uploads_loses_no_report_whose_code_was_returned() {
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path());
    let data = dir.path().join("data");
    let mut edge = Edge::start(&data, &config);
    let returned = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let uploaders: Vec<_> = (0..6)
        .map(|thread| {
            let (address, returned, stop) = (edge.address.clone(), returned.clone(), stop.clone());
            std::thread::spawn(move || {
                for n in 0.. {
                    if stop.load(Ordering::SeqCst) {
                        return;
                    }
                    match upload(&address, &format!("198.51.{thread}.{}", n % 250 + 1)) {
                        Ok(code) => returned.lock().unwrap().push(code),
                        Err(_) => return,
                    }
                }
            })
        })
        .collect();
    let started = Instant::now();
    while returned.lock().unwrap().len() < 40 && started.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(5));
    }
    // SIGKILL in the middle of the burst: no graceful shutdown, no flush.
    edge.child.kill().unwrap();
    edge.child.wait().unwrap();
    stop.store(true, Ordering::SeqCst);
    uploaders.into_iter().for_each(|t| t.join().unwrap());
    let codes = returned.lock().unwrap().clone();
    assert!(codes.len() >= 40, "the burst was too slow: {} codes", codes.len());

    let edge = Edge::start(&data, &config);
    for (i, code) in codes.iter().enumerate() {
        let head = format!(
            "GET /api/reports/{code} HTTP/1.1\r\nAuthorization: Bearer {TOKEN}\r\nX-Forwarded-For: 198.51.{}.{}\r\n",
            i / 200,
            i % 200 + 1
        );
        let (status, body) = exchange(&edge.address, &head, b"").unwrap();
        assert_eq!(status, 200, "{code} was returned to an agent but is lost: {body}");
        assert!(body.contains("INC-1"), "{body}");
    }
}

#[test]
fn a_5_mb_upload_gets_413_problem_json_and_the_edge_keeps_serving() {
    let dir = tempfile::tempdir().unwrap();
    let edge = Edge::start(&dir.path().join("data"), &config(dir.path()));
    let huge = vec![b'x'; 5 * 1024 * 1024];
    let head = "POST /api/reports HTTP/1.1\r\nContent-Type: application/json\r\n";
    let (status, body) = exchange(&edge.address, head, &huge).unwrap();
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("\"status\":413"), "{body}");
    let (status, _) = exchange(&edge.address, "GET /healthz HTTP/1.1\r\n", b"").unwrap();
    assert_eq!(status, 200);
    assert!(upload(&edge.address, "198.51.100.1").is_ok());
}
