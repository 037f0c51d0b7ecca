//! One keep-alive HTTP/1.1 connection, blocking: a request written by hand, the answer read with a
//! Content-Length or a chunked body. Enough for a few thousand requests a second on loopback, and
//! every read and write is bounded by the request's deadline, so nothing waits for ever.

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// Larger answers are a fault of the edge, not something to buffer (the widget's wasm is ~70 KB).
const MAX_BODY: usize = 4 << 20;
const MAX_HEADER_LINES: usize = 100;

/// Why a request got no answer. Each is an error of the soak: a client would have seen it fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    Connect,
    /// No complete answer before the deadline.
    Timeout,
    /// The edge closed or reset the connection before the answer was complete.
    Closed {
        before_answer: bool,
    },
    Malformed,
}

impl Failure {
    pub fn label(self) -> &'static str {
        match self {
            Failure::Connect => "connect failed",
            Failure::Timeout => "timeout",
            Failure::Closed { .. } => "connection closed",
            Failure::Malformed => "malformed answer",
        }
    }

    fn of(error: &std::io::Error, answered: bool) -> Failure {
        match error.kind() {
            ErrorKind::WouldBlock | ErrorKind::TimedOut => Failure::Timeout,
            ErrorKind::InvalidData => Failure::Malformed,
            _ => Failure::Closed { before_answer: !answered },
        }
    }
}

pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

pub struct Connection {
    reader: BufReader<TcpStream>,
    /// Requests already answered on it: a reused connection may have been closed while idle.
    pub answered: u32,
    reusable: bool,
}

impl Connection {
    pub fn open(addr: SocketAddr, timeout: Duration) -> Result<Connection, Failure> {
        let stream = TcpStream::connect_timeout(&addr, timeout).map_err(|_| Failure::Connect)?;
        stream.set_nodelay(true).map_err(|_| Failure::Connect)?;
        Ok(Connection { reader: BufReader::with_capacity(16 * 1024, stream), answered: 0, reusable: true })
    }

    /// Whether the edge left it open after the last answer.
    pub fn reusable(&self) -> bool {
        self.reusable
    }

    /// Writes `request` (a whole HTTP/1.1 request) and reads the answer, all before `deadline`.
    pub fn exchange(&mut self, request: &[u8], deadline: Instant) -> Result<Answer, Failure> {
        self.arm(deadline)?;
        self.reader.get_mut().write_all(request).map_err(|e| Failure::of(&e, false))?;
        let answer = self.read_answer(deadline);
        if answer.is_err() {
            self.reusable = false;
        }
        self.answered += 1;
        answer
    }

    /// Every socket operation waits at most until the deadline.
    fn arm(&self, deadline: Instant) -> Result<(), Failure> {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Failure::Timeout);
        }
        let stream = self.reader.get_ref();
        stream
            .set_read_timeout(Some(left))
            .and_then(|_| stream.set_write_timeout(Some(left)))
            .map_err(|_| Failure::Timeout)
    }

    fn read_answer(&mut self, deadline: Instant) -> Result<Answer, Failure> {
        let status_line = self.line(deadline, false)?;
        let status = parse_status(&status_line).ok_or(Failure::Malformed)?;
        let mut framing = Framing::UntilClose;
        for _ in 0..MAX_HEADER_LINES {
            let line = self.line(deadline, true)?;
            if line.is_empty() {
                let body = match (status, framing) {
                    (100..=199 | 204 | 304, _) => Vec::new(),
                    (_, Framing::Length(len)) => self.exact(len, deadline)?,
                    (_, Framing::Chunked) => self.chunked(deadline)?,
                    (_, Framing::UntilClose) => {
                        self.reusable = false;
                        self.until_closed(deadline)?
                    }
                };
                return Ok(Answer { status, body });
            }
            let Some((name, value)) = line.split_once(':') else { return Err(Failure::Malformed) };
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                let len = value.parse().map_err(|_| Failure::Malformed)?;
                framing = if len > MAX_BODY { return Err(Failure::Malformed) } else { Framing::Length(len) };
            } else if name.eq_ignore_ascii_case("transfer-encoding") && value.eq_ignore_ascii_case("chunked") {
                framing = Framing::Chunked;
            } else if name.eq_ignore_ascii_case("connection") && value.eq_ignore_ascii_case("close") {
                self.reusable = false;
            }
        }
        Err(Failure::Malformed)
    }

    /// One CRLF-terminated line, without its CRLF.
    fn line(&mut self, deadline: Instant, answered: bool) -> Result<String, Failure> {
        self.arm(deadline)?;
        let mut line = String::new();
        match self.reader.read_line(&mut line) {
            Ok(0) => Err(Failure::Closed { before_answer: !answered }),
            Ok(_) if !line.ends_with('\n') => Err(Failure::Closed { before_answer: false }),
            Ok(_) => Ok(line.trim_end_matches(['\r', '\n']).to_owned()),
            Err(e) => Err(Failure::of(&e, answered)),
        }
    }

    fn exact(&mut self, len: usize, deadline: Instant) -> Result<Vec<u8>, Failure> {
        let mut body = vec![0; len];
        let mut filled = 0;
        while filled < len {
            self.arm(deadline)?;
            match self.reader.read(&mut body[filled..]) {
                Ok(0) => return Err(Failure::Closed { before_answer: false }),
                Ok(n) => filled += n,
                Err(e) => return Err(Failure::of(&e, true)),
            }
        }
        Ok(body)
    }

    fn chunked(&mut self, deadline: Instant) -> Result<Vec<u8>, Failure> {
        let mut body = Vec::new();
        loop {
            let size_line = self.line(deadline, true)?;
            let size = size_line.split(';').next().unwrap_or_default().trim();
            let size = usize::from_str_radix(size, 16).map_err(|_| Failure::Malformed)?;
            if body.len() + size > MAX_BODY {
                return Err(Failure::Malformed);
            }
            if size == 0 {
                // Trailers, if any, end with an empty line.
                while !self.line(deadline, true)?.is_empty() {}
                return Ok(body);
            }
            body.extend(self.exact(size, deadline)?);
            if !self.line(deadline, true)?.is_empty() {
                return Err(Failure::Malformed);
            }
        }
    }

    fn until_closed(&mut self, deadline: Instant) -> Result<Vec<u8>, Failure> {
        let mut body = Vec::new();
        let mut buf = [0; 8192];
        loop {
            self.arm(deadline)?;
            match self.reader.read(&mut buf) {
                Ok(0) => return Ok(body),
                Ok(n) if body.len() + n <= MAX_BODY => body.extend_from_slice(&buf[..n]),
                Ok(_) => return Err(Failure::Malformed),
                Err(e) => return Err(Failure::of(&e, true)),
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Framing {
    Length(usize),
    Chunked,
    UntilClose,
}

/// `HTTP/1.1 200 OK` → 200.
fn parse_status(line: &str) -> Option<u16> {
    let mut words = line.split_whitespace();
    words.next().filter(|v| v.starts_with("HTTP/1."))?;
    words.next()?.parse().ok().filter(|s| (100..600).contains(s))
}

/// A whole request: `headers` as `(name, value)`, and a JSON body when there is one.
pub fn request(method: &str, path: &str, headers: &[(&str, &str)], json_body: Option<&[u8]>) -> Vec<u8> {
    let mut out = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (name, value) in headers {
        out += &format!("{name}: {value}\r\n");
    }
    if let Some(body) = json_body {
        out += &format!("Content-Type: application/json\r\nContent-Length: {}\r\n", body.len());
    }
    out += "\r\n";
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(json_body.unwrap_or_default());
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    /// A one-connection server that answers each request with the next canned answer.
    fn serve(answers: Vec<&'static [u8]>) -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            for answer in answers {
                let mut line = String::new();
                while reader.read_line(&mut line).unwrap() > 0 && line != "\r\n" {
                    line.clear();
                }
                (&stream).write_all(answer).unwrap();
            }
            std::thread::sleep(Duration::from_millis(300));
        });
        addr
    }

    fn soon() -> Instant {
        Instant::now() + Duration::from_secs(2)
    }

    #[test]
    fn reads_length_and_chunked_bodies_on_one_connection() {
        let addr = serve(vec![
            b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
            b"HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n",
            b"HTTP/1.1 204 No Content\r\n\r\n",
        ]);
        let mut connection = Connection::open(addr, Duration::from_secs(1)).unwrap();
        let get = request("GET", "/", &[("X-Forwarded-For", "192.0.2.1")], None);
        let first = connection.exchange(&get, soon()).unwrap();
        assert_eq!((first.status, first.body.as_slice()), (200, &b"hello"[..]));
        let second = connection.exchange(&get, soon()).unwrap();
        assert_eq!((second.status, second.body.as_slice()), (201, &b"abcde"[..]));
        assert_eq!(connection.exchange(&get, soon()).unwrap().status, 204);
        assert!(connection.reusable());
        assert_eq!(connection.answered, 3);
    }

    #[test]
    fn a_silent_edge_is_a_timeout_and_a_closed_one_is_closed() {
        let silent = serve(vec![b""]);
        let mut connection = Connection::open(silent, Duration::from_secs(1)).unwrap();
        let started = Instant::now();
        let failure = connection.exchange(b"GET / HTTP/1.1\r\n\r\n", Instant::now() + Duration::from_millis(100));
        assert_eq!(failure.err(), Some(Failure::Timeout));
        assert!(started.elapsed() < Duration::from_secs(1));
        assert!(!connection.reusable());

        let cut = serve(vec![b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhal"]);
        let mut connection = Connection::open(cut, Duration::from_secs(1)).unwrap();
        let failure = connection.exchange(b"GET / HTTP/1.1\r\n\r\n", soon());
        assert_eq!(failure.err(), Some(Failure::Closed { before_answer: false }));
    }

    #[test]
    fn requests_carry_their_headers_and_body_length() {
        let bytes = request("POST", "/api/check", &[("X-Forwarded-For", "2001:db8::1")], Some(b"{}"));
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with("POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: 2001:db8::1\r\n"));
        assert!(text.ends_with("Content-Length: 2\r\n\r\n{}"));
    }

    #[test]
    fn status_lines() {
        assert_eq!(parse_status("HTTP/1.1 429 Too Many Requests"), Some(429));
        assert_eq!(parse_status("HTTP/2 200"), None);
        assert_eq!(parse_status("garbage"), None);
    }
}
