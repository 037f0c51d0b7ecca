//! The real binary under hostile connections: half-sent requests, silent and idle connections, slow
//! bodies, a flood of half-open connections, and a shutdown in the middle of a request.

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use support::{Edge, config, exchange, read_answer};

const CHECK: &str = r#"{"v":1,"clock":{"offset_ms":0.0,"error_bound_ms":2.0},"cookies_enabled":true,"cookie_write_read":true,"local_storage":true,"session_storage":true,"secure_context":true,"loopback_host":true,"loaded_version":null,"storage_usage":null,"storage_quota":null}"#;

/// The example config with its `[limits]` lines changed: each line of `limits` ("key = value")
/// replaces the example's line for that key.
fn edge_with_limits(limits: &str, open_files: Option<u32>) -> (tempfile::TempDir, Edge) {
    let dir = tempfile::tempdir().unwrap();
    let example = std::fs::read_to_string(format!("{}/config/city-portal.toml", support::ROOT)).unwrap();
    let replaced: Vec<(String, String)> = limits
        .lines()
        .filter_map(|line| {
            let key = line.split('=').next()?.trim();
            let old = example.lines().find(|l| l.starts_with(&format!("{key} =")))?;
            Some((old.to_owned(), line.to_owned()))
        })
        .collect();
    assert_eq!(replaced.len(), limits.lines().count(), "every limit is in the example config: {limits}");
    let replace: Vec<(&str, &str)> = replaced.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let config = config(dir.path(), &replace, "");
    let edge = Edge::start_with(&dir.path().join("data"), &config, open_files);
    (dir, edge)
}

/// How long until the edge closes `stream` (reads return 0 or an error), at most `within`.
fn closed_after(stream: &mut TcpStream, within: Duration) -> Option<Duration> {
    let started = Instant::now();
    stream.set_read_timeout(Some(within)).unwrap();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return Some(started.elapsed()),
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock || e.kind() == std::io::ErrorKind::TimedOut => {
                return None;
            }
            Err(_) => return Some(started.elapsed()),
        }
    }
}

#[test]
fn a_half_sent_request_is_closed_after_the_header_timeout_even_when_it_trickles() {
    let (_dir, edge) = edge_with_limits("header_read_timeout_seconds = 1\nkeep_alive_timeout_seconds = 60", None);
    let mut half = TcpStream::connect(&edge.address).unwrap();
    half.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    let closed = closed_after(&mut half, Duration::from_secs(5)).expect("a half-sent request is closed");
    assert!(closed < Duration::from_secs(3), "{closed:?}");

    let mut trickle = TcpStream::connect(&edge.address).unwrap();
    let started = Instant::now();
    let mut still_open = true;
    for byte in b"GET / HTTP/1.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" {
        if trickle.write_all(&[*byte]).is_err() {
            still_open = false;
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let closed = if still_open { closed_after(&mut trickle, Duration::from_secs(5)) } else { Some(started.elapsed()) };
    let closed = closed.expect("a trickled request head is closed");
    assert!(started.elapsed() < Duration::from_secs(10) && closed < Duration::from_secs(5), "{closed:?}");
}

#[test]
fn idle_and_silent_connections_are_closed_after_the_keep_alive_timeout() {
    let (_dir, edge) = edge_with_limits("keep_alive_timeout_seconds = 1\nheader_read_timeout_seconds = 60", None);
    let mut silent = TcpStream::connect(&edge.address).unwrap();
    let closed = closed_after(&mut silent, Duration::from_secs(5)).expect("a silent connection is closed");
    assert!(closed < Duration::from_secs(3), "{closed:?}");

    let mut idle = TcpStream::connect(&edge.address).unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    idle.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut answer = [0u8; 2048];
    let n = idle.read(&mut answer).unwrap();
    assert!(String::from_utf8_lossy(&answer[..n]).starts_with("HTTP/1.1 200"), "the connection was served first");
    let closed = closed_after(&mut idle, Duration::from_secs(5)).expect("an idle keep-alive connection is closed");
    assert!(closed < Duration::from_secs(3), "{closed:?}");
}

#[test]
fn a_body_that_does_not_arrive_in_time_is_refused_with_a_problem() {
    let (_dir, edge) = edge_with_limits("request_body_timeout_seconds = 1", None);
    let mut slow = TcpStream::connect(&edge.address).unwrap();
    slow.write_all(b"POST /api/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\nConnection: close\r\n\r\n{\"v\":1").unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let started = Instant::now();
    let (status, body) = read_answer(&mut slow).expect("an answer, not a hang");
    assert!(started.elapsed() < Duration::from_secs(6), "{:?}", started.elapsed());
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("did not arrive within"), "{body}");
}

#[test]
fn sigterm_lets_a_request_in_progress_finish_then_the_edge_exits() {
    let (_dir, mut edge) = edge_with_limits("shutdown_grace_seconds = 10", None);
    let (head, rest) = CHECK.split_at(10);
    let mut in_progress = TcpStream::connect(&edge.address).unwrap();
    let sent = write!(
        in_progress,
        "POST /api/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{head}",
        CHECK.len()
    );
    if let Err(e) = sent {
        edge.fail(&format!("the request could not be sent: {e}"));
    }
    // Long enough for the edge to have read the request head, even on a loaded machine: a connection
    // whose request has not started is closed at once by a drain.
    std::thread::sleep(Duration::from_secs(1));
    // SAFETY: kill(2) with the pid of our own child.
    assert_eq!(unsafe { libc::kill(edge.child.id() as i32, libc::SIGTERM) }, 0);
    std::thread::sleep(Duration::from_millis(300));
    assert!(exchange(&edge.address, "GET /healthz HTTP/1.1\r\n", b"").is_err(), "no new request once draining");
    in_progress.write_all(rest.as_bytes()).unwrap();
    in_progress.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let answer = read_answer(&mut in_progress);
    let (status, body) =
        answer.unwrap_or_else(|e| panic!("the request in progress is answered: {e}: {}", edge.stderr()));
    assert_eq!(status, 200, "{body}");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = edge.child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(5), "the edge did not exit after draining");
        std::thread::sleep(Duration::from_millis(20));
    };
    let log = edge.stderr();
    assert!(status.success(), "{status:?}: {log}");
    assert!(log.contains("stopped"), "{log}");
    // This test is a loopback client and the config trusts no proxy: the edge said so, once.
    assert_eq!(log.matches("no proxy is trusted").count(), 1, "{log}");
}
