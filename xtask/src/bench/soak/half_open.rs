//! The slow client of the soak: connections that send the start of a request and never finish it
//! (`GET / HTTP/1.1`, one header, no blank line), the cheapest way to tie up a server's
//! connections. One thread opens them at a bounded rate, watches which ones the edge closes (or
//! answers, e.g. with a 408) and opens others in their place, until the soak is over.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use serde::Serialize;

/// A request that never ends: no blank line after the headers.
const UNFINISHED_REQUEST: &[u8] = b"GET / HTTP/1.1\r\nHost: x\r\n";
/// How often the held connections are checked, and their count sampled.
const TICK: Duration = Duration::from_millis(250);
const CONNECT_TIMEOUT: Duration = Duration::from_millis(500);

#[derive(Debug, Clone, Copy)]
pub struct HalfOpenLoad {
    /// Connections to keep open at once.
    pub connections: usize,
    /// At most this many opened per second, re-openings included.
    pub opens_per_s: u32,
    pub duration: Duration,
}

#[derive(Debug, Default, Serialize)]
pub struct HalfOpenTally {
    pub target: usize,
    /// Mean of the connections held at each tick, over the whole soak (the ramp-up included).
    pub held_mean: f64,
    pub held_peak: usize,
    pub held_at_end: usize,
    pub opened: u64,
    /// Connections the edge closed or reset.
    pub closed_by_edge: u64,
    /// Connections the edge answered (then closed), e.g. `408 Request Timeout`.
    pub answered_by_edge: u64,
    pub connect_failures: u64,
}

/// The connections still open when the soak ends: hold them until the edge's memory is read.
pub struct Held {
    _connections: Vec<TcpStream>,
}

pub fn hold(edge: SocketAddr, load: HalfOpenLoad) -> (HalfOpenTally, Held) {
    let start = Instant::now();
    let end = start + load.duration;
    let mut tally = HalfOpenTally { target: load.connections, ..Default::default() };
    let mut held: Vec<TcpStream> = Vec::with_capacity(load.connections);
    let (mut samples, mut held_sum) = (0u64, 0u64);
    let spacing = Duration::from_secs_f64(1.0 / f64::from(load.opens_per_s.max(1)));
    let (mut next_tick, mut next_open) = (start, start);
    while next_tick < end {
        let tick_end = next_tick + TICK;
        // Opens spread evenly, never in bursts: no credit builds up while all are held or a
        // connect is slow.
        next_open = next_open.max(Instant::now());
        while held.len() < load.connections && next_open < tick_end.min(end) {
            std::thread::sleep(next_open.saturating_duration_since(Instant::now()));
            match open(edge) {
                Some(stream) => {
                    held.push(stream);
                    tally.opened += 1;
                }
                None => tally.connect_failures += 1,
            }
            next_open = (next_open + spacing).max(Instant::now());
        }
        held.retain(|stream| match still_open(stream) {
            Liveness::Open => true,
            Liveness::Closed => {
                tally.closed_by_edge += 1;
                false
            }
            Liveness::Answered => {
                tally.answered_by_edge += 1;
                false
            }
        });
        samples += 1;
        held_sum += held.len() as u64;
        tally.held_peak = tally.held_peak.max(held.len());
        next_tick = tick_end;
        std::thread::sleep(next_tick.saturating_duration_since(Instant::now()));
    }
    tally.held_mean = if samples == 0 { 0.0 } else { held_sum as f64 / samples as f64 };
    tally.held_at_end = held.len();
    (tally, Held { _connections: held })
}

/// A connection with its unfinished request sent, then non-blocking so it can be checked cheaply.
fn open(edge: SocketAddr) -> Option<TcpStream> {
    let mut stream = TcpStream::connect_timeout(&edge, CONNECT_TIMEOUT).ok()?;
    stream.set_write_timeout(Some(CONNECT_TIMEOUT)).ok()?;
    stream.write_all(UNFINISHED_REQUEST).ok()?;
    stream.set_nonblocking(true).ok()?;
    Some(stream)
}

enum Liveness {
    Open,
    Closed,
    Answered,
}

fn still_open(mut stream: &TcpStream) -> Liveness {
    let mut buf = [0; 512];
    match stream.read(&mut buf) {
        Ok(0) => Liveness::Closed,
        Ok(_) => Liveness::Answered,
        Err(e) if e.kind() == ErrorKind::WouldBlock => Liveness::Open,
        Err(_) => Liveness::Closed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    #[test]
    fn holds_connections_and_reopens_those_the_server_closes() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        // Answers the first connection with a 408, closes the next two, keeps the rest.
        std::thread::spawn(move || {
            let mut kept = Vec::new();
            for (n, stream) in listener.incoming().take(40).enumerate() {
                let mut stream = stream.unwrap();
                match n {
                    0 => stream.write_all(b"HTTP/1.1 408 Request Timeout\r\n\r\n").unwrap(),
                    1 | 2 => drop(stream),
                    _ => kept.push(stream),
                }
            }
            std::thread::sleep(Duration::from_secs(3));
        });
        let load = HalfOpenLoad { connections: 20, opens_per_s: 400, duration: Duration::from_millis(1500) };
        let (tally, _held) = hold(addr, load);
        assert_eq!((tally.answered_by_edge, tally.closed_by_edge), (1, 2), "{tally:?}");
        assert_eq!(tally.opened, 23);
        assert_eq!((tally.held_at_end, tally.held_peak), (20, 20));
        assert!(tally.held_mean > 10.0 && tally.held_mean <= 20.0, "{tally:?}");
    }
}
