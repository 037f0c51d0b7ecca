//! The test-only delay layer: a TCP proxy on loopback that holds every chunk for a fixed one-way
//! delay in each direction. It lives in xtask, not in the edge, so no request can ever turn it on.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// One-way delays added on top of loopback's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delays {
    pub to_edge: Duration,
    pub to_client: Duration,
}

pub struct DelayProxy {
    pub addr: SocketAddr,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl DelayProxy {
    /// Listens on a free loopback port and forwards each connection to `edge`.
    pub fn start(edge: SocketAddr, delays: Delays) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let accept = thread::spawn(move || {
            for client in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(client) = client {
                    let _ = connect(client, edge, delays);
                }
            }
        });
        Ok(DelayProxy { addr, stop, accept: Some(accept) })
    }
}

impl Drop for DelayProxy {
    /// Stops accepting; open connections end when their client closes them.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr); // wakes the blocking accept
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

fn connect(client: TcpStream, edge: SocketAddr, delays: Delays) -> std::io::Result<()> {
    let upstream = TcpStream::connect(edge)?;
    // Nagle's algorithm would add delays of its own.
    client.set_nodelay(true)?;
    upstream.set_nodelay(true)?;
    relay(client.try_clone()?, upstream.try_clone()?, delays.to_edge);
    relay(upstream, client, delays.to_client);
    Ok(())
}

/// Forwards `from` to `to`, each chunk `delay` after it arrived: a reader stamps chunks, a writer
/// releases them in order, so the delay is per chunk, not cumulative.
fn relay(mut from: TcpStream, mut to: TcpStream, delay: Duration) {
    let (chunks, due) = mpsc::channel::<(Instant, Vec<u8>)>();
    thread::spawn(move || {
        let mut buffer = [0u8; 16 * 1024];
        while let Ok(n @ 1..) = from.read(&mut buffer) {
            if chunks.send((Instant::now() + delay, buffer[..n].to_vec())).is_err() {
                break;
            }
        }
    });
    thread::spawn(move || {
        for (at, chunk) in due {
            thread::sleep(at.saturating_duration_since(Instant::now()));
            if to.write_all(&chunk).is_err() {
                break;
            }
        }
        let _ = to.shutdown(Shutdown::Write);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An echo server on loopback that answers one connection.
    fn echo() -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut buffer = [0u8; 64];
            let n = stream.read(&mut buffer).unwrap();
            stream.write_all(&buffer[..n]).unwrap();
        });
        addr
    }

    #[test]
    fn a_round_trip_takes_both_delays_and_keeps_the_bytes() {
        let delays = Delays { to_edge: Duration::from_millis(30), to_client: Duration::from_millis(10) };
        let proxy = DelayProxy::start(echo(), delays).unwrap();
        let mut stream = TcpStream::connect(proxy.addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let started = Instant::now();
        stream.write_all(b"ping").unwrap();
        let mut answer = [0u8; 4];
        stream.read_exact(&mut answer).unwrap();
        assert_eq!(&answer, b"ping");
        // A lower bound only (sleeps never end early): cannot flake on a slow machine.
        assert!(started.elapsed() >= Duration::from_millis(40), "took {:?}", started.elapsed());
    }
}
