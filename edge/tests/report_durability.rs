//! The real binary with its SQLite store: `kill -9` during a burst of uploads loses no report whose
//! code was returned, and a 5 MB upload is refused while the edge keeps serving.

mod support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use support::{Edge, TOKEN, behind_test_proxy, exchange};

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
    let config = behind_test_proxy(dir.path(), "");
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
    let edge = Edge::start(&dir.path().join("data"), &behind_test_proxy(dir.path(), ""));
    let huge = vec![b'x'; 5 * 1024 * 1024];
    let head = "POST /api/reports HTTP/1.1\r\nContent-Type: application/json\r\n";
    let (status, body) = exchange(&edge.address, head, &huge).unwrap();
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("\"status\":413"), "{body}");
    let (status, _) = exchange(&edge.address, "GET /healthz HTTP/1.1\r\n", b"").unwrap();
    assert_eq!(status, 200);
    assert!(upload(&edge.address, "198.51.100.1").is_ok());
}
