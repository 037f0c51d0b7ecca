//! The soak's mixed traffic: client threads, each on one keep-alive connection — as a reverse proxy
//! forwards many agents over a few connections — sending the agents' visits at a paced rate, so
//! the latencies are those of an edge under a steady load, not of one flooded to saturation.

use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::keep_alive::{Answer, Connection, Failure};
use super::random::Draw;
use super::tally::{Outcome, Tally};
use super::visits::{Requests, Step, Visit, report_code};

/// A request without its whole answer by then is an error: an agent's page would have given up.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// A client this far behind its schedule skips the missed send times instead of bursting.
const MAX_LAG: Duration = Duration::from_secs(1);
/// Report codes kept for the helpdesk's lookups.
const CODES_KEPT: usize = 1000;

#[derive(Debug, Clone, Copy)]
pub struct Pace {
    /// Requests per second over all client threads.
    pub rate_per_s: f64,
    /// Client threads, one keep-alive connection each.
    pub clients: usize,
    pub duration: Duration,
}

/// Sends the visits at `pace` until its duration is over, then returns once every answer is in or
/// timed out.
pub fn run(edge: SocketAddr, pace: Pace, requests: &Requests) -> Tally {
    let codes = ReportCodes(Mutex::new(Vec::new()));
    let start = Instant::now();
    std::thread::scope(|scope| {
        let clients: Vec<_> = (0..pace.clients)
            .map(|index| {
                let codes = &codes;
                scope.spawn(move || Client::new(index, edge, pace, start).run(requests, codes))
            })
            .collect();
        clients.into_iter().map(|c| c.join().expect("a soak client panicked")).fold(Tally::default(), Tally::merge)
    })
}

struct Client {
    edge: SocketAddr,
    start: Instant,
    end: Instant,
    interval: Duration,
    /// This client's next send time.
    slot: Instant,
    connection: Option<Connection>,
    draw: Draw,
    tally: Tally,
}

impl Client {
    fn new(index: usize, edge: SocketAddr, pace: Pace, start: Instant) -> Client {
        let interval = Duration::from_secs_f64(pace.clients as f64 / pace.rate_per_s);
        // Staggered, so the clients' sends spread evenly over each interval.
        let slot = start + interval.mul_f64(index as f64 / pace.clients as f64);
        let draw = Draw::seeded(index as u64 + 1);
        Client {
            edge,
            start,
            end: start + pace.duration,
            interval,
            slot,
            connection: None,
            draw,
            tally: Tally::default(),
        }
    }

    fn run(mut self, requests: &Requests, codes: &ReportCodes) -> Tally {
        let mut visit = Visit::draw(&mut self.draw);
        while self.wait_for_slot() {
            let step = visit.next_step().unwrap_or_else(|| {
                visit = Visit::draw(&mut self.draw);
                visit.next_step().expect("every visit has a step")
            });
            let code = if step == Step::Lookup { codes.pick(&mut self.draw) } else { None };
            // Without a code yet, the lookup is a time probe (and counted as one).
            let step = if step == Step::Lookup && code.is_none() { Step::TimeProbe } else { step };
            let sent = Instant::now();
            let result = self.send(&requests.build(step, visit.client, code.as_deref()), sent + REQUEST_TIMEOUT);
            let latency = result.is_ok().then(|| sent.elapsed());
            if let Ok(Answer { status: 201, body }) = &result
                && step == Step::Upload
            {
                codes.keep(report_code(body), &mut self.draw);
            }
            let second = (sent - self.start).as_secs() as usize;
            self.tally.record(step.label(), second, Outcome::of(result.map(|a| a.status)), latency);
            self.slot += self.interval;
        }
        self.tally
    }

    /// Sleeps until the next send time; `false` once the soak is over.
    fn wait_for_slot(&mut self) -> bool {
        let now = Instant::now();
        let behind = now.saturating_duration_since(self.slot);
        if behind > MAX_LAG {
            let skipped = (behind.as_secs_f64() / self.interval.as_secs_f64()) as u32;
            self.tally.skipped_sends += u64::from(skipped);
            self.slot += self.interval * skipped;
        }
        if self.slot >= self.end {
            return false;
        }
        std::thread::sleep(self.slot.saturating_duration_since(now));
        true
    }

    /// One request on the kept connection (or a new one). A reused connection that the edge closed
    /// while it was idle gets the request again on a fresh one, once.
    fn send(&mut self, request: &[u8], deadline: Instant) -> Result<Answer, Failure> {
        for attempt in 0..2 {
            let mut connection = match self.connection.take() {
                Some(connection) => connection,
                None => {
                    let left = deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(1));
                    Connection::open(self.edge, left)?
                }
            };
            let reused = connection.answered > 0;
            match connection.exchange(request, deadline) {
                Ok(answer) => {
                    if connection.reusable() {
                        self.connection = Some(connection);
                    }
                    return Ok(answer);
                }
                Err(Failure::Closed { before_answer: true }) if reused && attempt == 0 => {
                    self.tally.retried_on_fresh_connection += 1;
                }
                Err(failure) => return Err(failure),
            }
        }
        Err(Failure::Closed { before_answer: true })
    }
}

/// Codes the edge gave back for uploads, for the helpdesk to look up.
struct ReportCodes(Mutex<Vec<String>>);

impl ReportCodes {
    fn keep(&self, code: Option<String>, draw: &mut Draw) {
        let (Some(code), Ok(mut codes)) = (code, self.0.lock()) else { return };
        if codes.len() < CODES_KEPT {
            codes.push(code);
        } else {
            let replaced = draw.below(CODES_KEPT as u64) as usize;
            codes[replaced] = code;
        }
    }

    fn pick(&self, draw: &mut Draw) -> Option<String> {
        let codes = self.0.lock().ok()?;
        codes.get(draw.below(codes.len() as u64) as usize).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;

    /// A keep-alive server answering 200 to everything, a 201 receipt to uploads, 429 to lookups.
    fn tiny_edge() -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for stream in listener.incoming().take(8) {
                std::thread::spawn(move || {
                    let stream = stream.unwrap();
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    loop {
                        let (mut line, mut first, mut length) = (String::new(), String::new(), 0usize);
                        while reader.read_line(&mut line).unwrap_or(0) > 0 && line != "\r\n" {
                            if first.is_empty() {
                                first = line.clone();
                            }
                            if let Some(n) = line.strip_prefix("Content-Length: ") {
                                length = n.trim().parse().unwrap();
                            }
                            line.clear();
                        }
                        if first.is_empty() {
                            return;
                        }
                        std::io::Read::read_exact(&mut reader, &mut vec![0; length]).unwrap();
                        let answer: &[u8] = if first.starts_with("POST /api/reports") {
                            b"HTTP/1.1 201 Created\r\nContent-Length: 20\r\n\r\n{\"code\":\"K7F3-QX9D\"}"
                        } else if first.starts_with("GET /api/reports/K7F3-QX9D") {
                            b"HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\n\r\n"
                        } else {
                            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"
                        };
                        if (&stream).write_all(answer).is_err() {
                            return;
                        }
                    }
                });
            }
        });
        addr
    }

    #[test]
    fn paced_clients_send_about_the_rate_asked_and_count_every_answer() {
        let pace = Pace { rate_per_s: 400.0, clients: 4, duration: Duration::from_secs(2) };
        let started = Instant::now();
        let tally = run(tiny_edge(), pace, &Requests::new("token-of-sixteen-chars"));
        assert!(started.elapsed() < Duration::from_secs(4));
        let total = tally.counts.total();
        assert!((700..=800).contains(&total), "{total} requests, {:?}", tally.errors);
        assert_eq!(tally.counts.errors, 0, "{:?}", tally.errors);
        assert_eq!(tally.latencies_us.values().flatten().count() as u64, total);
        assert!(tally.by_request.contains_key("GET /api/time"));
    }
}
