//! Whether nginx's reference answer is the edge's own `GET /api/time` answer, so that `wrk` compares
//! like with like: the same status line, the same headers with the same values, a body of the same
//! length. Both are read off the wire (raw HTTP/1.1 over TCP), as `wrk` sees them.
//!
//! What may differ: `Date`'s value (the time of the answer), the stamps inside the body (its length
//! may not), and the two headers stock nginx always adds, `Server` and `Connection: keep-alive`,
//! which no directive removes and which only make nginx's answer longer. The edge's body length
//! varies with its stamps (`1796082548237.84` drops a trailing zero), so the reference must be as
//! long as the longest of several edge answers.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde::Serialize;

use crate::Result;

/// Edge answers read to find the longest body.
const EDGE_SAMPLES: usize = 16;
/// Headers whose value is the time of the answer: the name must be on both, the value may differ.
const TIMED: [&str; 1] = ["date"];
/// Headers stock nginx always sends and cannot be told not to.
const NGINX_OWN: [&str; 2] = ["server", "connection"];
/// An answer larger than this is not a time probe's.
const MAX_ANSWER_BYTES: usize = 16 * 1024;
const IO_TIMEOUT: Duration = Duration::from_secs(5);

/// One answer as it came over the wire.
#[derive(Debug, Clone, Serialize)]
pub struct WireAnswer {
    pub status_line: String,
    /// Lower-cased names, in the order sent.
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// Status line, headers and body, in bytes.
    pub wire_bytes: usize,
}

/// What the comparison found: both answers, and how many more bytes nginx sent.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub edge: WireAnswer,
    pub nginx: WireAnswer,
    /// `Err` says what differs; the throughput row then fails rather than compare unlike answers.
    pub verdict: std::result::Result<(), String>,
}

impl Comparison {
    /// "edge 301 B, nginx 336 B on the wire (nginx adds Server, Connection)".
    pub fn describe(&self) -> String {
        format!(
            "the same {} headers and {}-byte body; {} B vs {} B on the wire (nginx adds Server and Connection)",
            self.edge.headers.len(),
            self.edge.body.len(),
            self.edge.wire_bytes,
            self.nginx.wire_bytes
        )
    }
}

/// Reads the edge's answer `EDGE_SAMPLES` times (keeping the one with the longest body) and nginx's
/// once, and compares them.
pub fn compare(edge_url: &str, nginx_url: &str, path: &str) -> Result<Comparison> {
    let mut edge = get(edge_url, path)?;
    for _ in 1..EDGE_SAMPLES {
        let next = get(edge_url, path)?;
        if next.body.len() > edge.body.len() {
            edge = next;
        }
    }
    let nginx = get(nginx_url, path)?;
    let verdict = differences(&edge, &nginx);
    Ok(Comparison { edge, nginx, verdict })
}

/// Everything that differs between the two answers beyond what the module allows.
pub fn differences(edge: &WireAnswer, nginx: &WireAnswer) -> std::result::Result<(), String> {
    let mut found = Vec::new();
    if edge.status_line != nginx.status_line {
        found.push(format!("status line {:?} vs {:?}", edge.status_line, nginx.status_line));
    }
    if edge.body.len() != nginx.body.len() {
        found.push(format!("body of {} vs {} bytes", edge.body.len(), nginx.body.len()));
    }
    let comparable = |answer: &WireAnswer, skip: &[&str]| {
        let mut headers: Vec<(String, String)> = answer
            .headers
            .iter()
            .filter(|(name, _)| !skip.contains(&name.as_str()))
            .map(|(name, value)| {
                (name.clone(), if TIMED.contains(&name.as_str()) { String::new() } else { value.clone() })
            })
            .collect();
        headers.sort();
        headers
    };
    let (ours, theirs) = (comparable(edge, &[]), comparable(nginx, &NGINX_OWN));
    for header in ours.iter().filter(|h| !theirs.contains(h)) {
        found.push(format!("nginx lacks {}: {}", header.0, header.1));
    }
    for header in theirs.iter().filter(|h| !ours.contains(h)) {
        found.push(format!("the edge lacks {}: {}", header.0, header.1));
    }
    if found.is_empty() { Ok(()) } else { Err(format!("not the same answer: {}", found.join("; "))) }
}

/// `GET path` over a fresh keep-alive HTTP/1.1 connection to `base` (`http://host:port`), as `wrk`
/// asks: the head, then as many body bytes as `Content-Length` says.
fn get(base: &str, path: &str) -> Result<WireAnswer> {
    let address = base.strip_prefix("http://").ok_or_else(|| format!("{base}: not an http:// URL"))?;
    let mut stream = TcpStream::connect(address).map_err(|e| format!("{base}: {e}"))?;
    stream.set_read_timeout(Some(IO_TIMEOUT)).map_err(|e| e.to_string())?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\n\r\n");
    stream.write_all(request.as_bytes()).map_err(|e| format!("{base}: {e}"))?;
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 4096];
    while bytes.len() < MAX_ANSWER_BYTES {
        if let Some(answer) = parse(&bytes) {
            return Ok(answer);
        }
        let n = stream.read(&mut chunk).map_err(|e| format!("{base}{path}: {e}"))?;
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&chunk[..n]);
    }
    parse(&bytes).ok_or_else(|| format!("{base}{path}: not a whole HTTP answer: {:?}", String::from_utf8_lossy(&bytes)))
}

/// A whole HTTP/1.1 answer with a `Content-Length` body; `None` until all of it is there.
pub fn parse(bytes: &[u8]) -> Option<WireAnswer> {
    let text = std::str::from_utf8(bytes).ok()?;
    let (head, body) = text.split_once("\r\n\r\n")?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next()?.to_owned();
    let mut headers = Vec::new();
    for line in lines {
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let length: usize = headers.iter().find(|(name, _)| name == "content-length")?.1.parse().ok()?;
    let body = body.get(..length)?.to_owned();
    Some(WireAnswer { status_line, headers, body, wire_bytes: head.len() + 4 + length })
}

#[cfg(test)]
mod tests {
    use super::*;

    const EDGE: &str = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncache-control: no-store\r\n\
        content-length: 12\r\ndate: Mon, 30 Nov 2026 23:49:08 GMT\r\n\r\n{\"t1\":1.125}";
    const NGINX: &str = "HTTP/1.1 200 OK\r\nServer: nginx\r\nDate: Mon, 30 Nov 2026 23:50:00 GMT\r\n\
        Content-Type: application/json\r\nContent-Length: 12\r\nConnection: keep-alive\r\n\
        Cache-Control: no-store\r\n\r\n{\"t1\":2.250}";

    #[test]
    fn the_same_answer_but_the_date_the_stamps_and_nginx_s_own_headers() {
        let (edge, nginx) = (parse(EDGE.as_bytes()).unwrap(), parse(NGINX.as_bytes()).unwrap());
        assert_eq!(edge.wire_bytes, EDGE.len());
        assert_eq!(differences(&edge, &nginx), Ok(()));
    }

    #[test]
    fn another_header_value_or_body_length_is_another_answer() {
        let edge = parse(EDGE.as_bytes()).unwrap();
        let other = parse(NGINX.replace("no-store", "no-cache").as_bytes()).unwrap();
        let why = differences(&edge, &other).unwrap_err();
        assert!(why.contains("nginx lacks cache-control: no-store") && why.contains("no-cache"), "{why}");
        let longer = NGINX.replace("Content-Length: 12", "Content-Length: 13").replace("2.250}", "2.2500}");
        let why = differences(&edge, &parse(longer.as_bytes()).unwrap()).unwrap_err();
        assert!(why.contains("body of 12 vs 13 bytes"), "{why}");
        let extra = NGINX.replace("Connection: keep-alive", "Connection: keep-alive\r\nVary: Origin");
        let why = differences(&edge, &parse(extra.as_bytes()).unwrap()).unwrap_err();
        assert!(why.contains("the edge lacks vary: Origin"), "{why}");
    }

    #[test]
    fn an_answer_is_read_only_once_whole() {
        assert!(parse(&EDGE.as_bytes()[..EDGE.len() - 1]).is_none());
    }
}
