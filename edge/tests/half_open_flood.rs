//! The attack that took the landed edge offline: one client holds thousands of half-sent requests.
//! Alone in its test binary, so that its 10,000 connections never slow another test down.

mod support;

use std::io::Write;
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use support::{Edge, config, read_answer};

/// The edge runs with 256 open files, so that the flood goes far past what it can hold.
#[test]
fn healthz_answers_within_a_second_while_10000_half_open_connections_are_held() {
    raise_open_files_limit(12_000);
    let dir = tempfile::tempdir().unwrap();
    let edge = Edge::start_with(&dir.path().join("data"), &config(dir.path(), &[], ""), Some(256));
    let address: SocketAddr = edge.address.parse().unwrap();
    let mut held = Vec::with_capacity(10_000);
    let mut slowest = Duration::ZERO;
    for n in 1..=10_000 {
        if let Ok(mut stream) = TcpStream::connect_timeout(&address, Duration::from_millis(500)) {
            let _ = stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n");
            held.push(stream);
        }
        if n % 2_500 == 0 {
            let started = Instant::now();
            let health = health_within(&address, Duration::from_secs(1));
            let took = started.elapsed();
            assert!(health.is_ok(), "no /healthz answer with {n} half-open connections: {health:?}");
            slowest = slowest.max(took);
        }
    }
    assert!(slowest < Duration::from_secs(1), "{slowest:?}");
    assert!(held.len() >= 9_000, "the client could not even open its connections: {}", held.len());
}

fn health_within(address: &SocketAddr, limit: Duration) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect_timeout(address, limit)?;
    stream.set_read_timeout(Some(limit))?;
    stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")?;
    let (status, body) = read_answer(&mut stream)?;
    if status == 200 { Ok((status, body)) } else { Err(std::io::Error::other(format!("{status}: {body}"))) }
}

/// This test process needs one descriptor per held connection.
fn raise_open_files_limit(wanted: u64) {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit and setrlimit only read and write the struct passed by reference.
    unsafe {
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit), 0);
        assert!(limit.rlim_max >= wanted, "this test needs `ulimit -Hn` ≥ {wanted}, it is {}", limit.rlim_max);
        limit.rlim_cur = limit.rlim_cur.max(wanted);
        assert_eq!(libc::setrlimit(libc::RLIMIT_NOFILE, &limit), 0);
    }
}
