//! Serving the Router natively (tokio + hyper), with every limit an edge facing the internet needs:
//! a deadline for request heads and bodies, idle connections closed, a cap on open connections
//! that never stalls `accept`, and a graceful shutdown that lets requests in progress — and the
//! report store's writes — finish. Plain HTTP/1.1, or TLS (`tls`) with HTTP/2 or HTTP/1.1 as the
//! client's ALPN chooses.

mod bodies;
mod connections;
mod open_files;
pub mod redirect;
pub mod tls;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use preflight_core::config::limits::LimitsConfig;
use preflight_core::config::network::Network;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::ServiceExt;

use bodies::{AnswerBody, RequestBody};
use connections::{Connection, Registered, Registry};
use tls::ReloadableTls;

pub use open_files::connection_capacity;

/// After a failed `accept` (out of file descriptors, out of memory), wait this long before the next
/// one, so that the loop never spins.
const ACCEPT_ERROR_PAUSE: Duration = Duration::from_millis(50);
/// How often idle connections are looked for.
const IDLE_SWEEP_EVERY: Duration = Duration::from_millis(500);
/// After answering, the edge stops writing and reads (and drops) what the client still sends for at
/// most this long before closing: closing with unread bytes makes the kernel reset the connection,
/// and the reset can destroy the answer — a `413` for a body that was too large — before the client
/// reads it (nginx's `lingering_close`).
const LINGER: Duration = Duration::from_secs(2);
/// Bytes read at a time while lingering.
const LINGER_READ_BYTES: usize = 4 * 1024;

/// The limits `serve` applies, read from `[limits]`.
#[derive(Debug, Clone)]
pub struct ServeLimits {
    pub header_read_timeout: Duration,
    pub keep_alive_timeout: Duration,
    pub request_body_timeout: Duration,
    pub max_connections: usize,
    pub shutdown_grace: Duration,
}

impl ServeLimits {
    /// The config's limits, with the connection cap kept below the open-files limit.
    pub fn from_config(limits: &LimitsConfig) -> Self {
        ServeLimits {
            header_read_timeout: limits.header_read_timeout(),
            keep_alive_timeout: limits.keep_alive_timeout(),
            request_body_timeout: limits.request_body_timeout(),
            max_connections: connection_capacity(limits.max_connections()),
            shutdown_grace: limits.shutdown_grace(),
        }
    }
}

/// Serves `router` on `listener` until `shutdown` resolves, then drains: no new connection, each
/// open one finishes its request in progress (for at most `shutdown_grace`), then all are closed.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ServeLimits,
    trusted_proxies: Vec<Network>,
    tls: Option<Arc<ReloadableTls>>,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let registry = Registry::new(limits.max_connections);
    let (draining, _) = watch::channel(false);
    let sweeper = tokio::spawn(close_idle_connections(registry.clone(), limits.keep_alive_timeout));
    let warned = AtomicBool::new(false);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    tracing::warn!("accept failed, pausing: {e}");
                    tokio::time::sleep(ACCEPT_ERROR_PAUSE).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        if !warned.load(Ordering::Relaxed)
            && preflight_core::channel::classify::looks_like_an_unlisted_proxy(peer.ip(), &trusted_proxies)
        {
            warned.store(true, Ordering::Relaxed);
            tracing::warn!(
                "a client connects from a private or loopback address and no proxy is \
                 trusted; if the edge runs behind a reverse proxy, list it in [networks] trusted_proxies, or every \
                 agent shares one rate-limit budget and one access class"
            );
        }
        // Full, and every connection busy: this one is closed at once rather than left waiting.
        let Some(connection) = registry.admit() else { continue };
        let _ = stream.set_nodelay(true);
        let served = Served { peer, connection, router: router.clone(), limits: limits.clone() };
        tokio::spawn(serve_connection(stream, served, tls.clone(), draining.subscribe()));
    }
    drop(listener);
    drain(&registry, &draining, limits.shutdown_grace).await;
    sweeper.abort();
}

async fn close_idle_connections(registry: Arc<Registry>, keep_alive: Duration) {
    let mut every = tokio::time::interval(IDLE_SWEEP_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        registry.close_idle(keep_alive);
    }
}

/// Tells every connection to finish its request and close, waits up to `grace`, then closes the rest.
async fn drain(registry: &Registry, draining: &watch::Sender<bool>, grace: Duration) {
    draining.send_replace(true);
    let waited = tokio::time::timeout(grace, async {
        while registry.len() > 0 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
    if waited.await.is_err() {
        tracing::warn!("{} connection(s) still busy after {grace:?}: closing them", registry.len());
        registry.close_all();
    }
}

/// One connection's context: who it is, what answers it, within which limits.
struct Served {
    peer: SocketAddr,
    connection: Arc<Connection>,
    router: Router,
    limits: ServeLimits,
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    served: Served,
    tls: Option<Arc<ReloadableTls>>,
    draining: watch::Receiver<bool>,
) {
    let Some(tls) = tls else {
        return serve_http1(stream, served, draining).await;
    };
    let acceptor = tokio_rustls::TlsAcceptor::from(tls.current());
    // The handshake counts against the header timeout: a silent TLS client is a silent HTTP one.
    let handshake = tokio::select! {
        done = tokio::time::timeout(served.limits.header_read_timeout, acceptor.accept(stream)) => done,
        () = served.connection.close.notified() => return,
    };
    let Ok(Ok(stream)) = handshake else { return };
    if stream.get_ref().1.alpn_protocol() == Some(b"h2") {
        serve_http2(stream, served, draining).await;
    } else {
        serve_http1(stream, served, draining).await;
    }
}

/// Each request of a connection: its body under the deadline, the peer for the Router, and the
/// connection kept busy until the answer is sent.
fn answer(
    served: &Served,
    request: hyper::Request<Incoming>,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<hyper::Response<Body>, Infallible>> + Send>> {
    let in_progress = served.connection.begin_request();
    let mut request =
        request.map(|body| Body::new(RequestBody::new(Body::new(body), served.limits.request_body_timeout)));
    // The peer address classifies the caller (access channel, known shared workstations).
    request.extensions_mut().insert(ConnectInfo(served.peer));
    let router = served.router.clone();
    // Boxed so that the connection is `Unpin`: it is taken apart after the last answer.
    Box::pin(async move {
        let Ok(answer) = router.oneshot(request).await;
        Ok::<_, Infallible>(answer.map(|body| Body::new(AnswerBody::new(body, in_progress))))
    })
}

async fn serve_http1<Io>(io: Io, served: Served, mut draining: watch::Receiver<bool>)
where
    Io: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let registered = Registered(served.connection.clone());
    let header_read_timeout = served.limits.header_read_timeout;
    let service = hyper::service::service_fn(move |request| answer(&served, request));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(header_read_timeout).keep_alive(true);
    let mut connection = http.serve_connection(TokioIo::new(io), service);
    let finished = loop {
        tokio::select! {
            done = std::future::poll_fn(|cx| connection.poll_without_shutdown(cx)) => break done.is_ok(),
            () = registered.0.close.notified() => return,
            changed = draining.changed(), if !*draining.borrow() => {
                if changed.is_ok() {
                    std::pin::Pin::new(&mut connection).graceful_shutdown();
                }
            }
        }
    };
    if finished {
        let io = connection.into_parts().io.into_inner();
        tokio::select! {
            () = linger(io) => {}
            () = registered.0.close.notified() => {}
        }
    }
}

/// HTTP/2 over TLS: requests multiplexed on one connection, the same deadlines per request body,
/// and the same drain (a GOAWAY, then the requests in progress finish).
async fn serve_http2<Io>(io: Io, served: Served, mut draining: watch::Receiver<bool>)
where
    Io: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let registered = Registered(served.connection.clone());
    let service = hyper::service::service_fn(move |request| answer(&served, request));
    let mut http = hyper::server::conn::http2::Builder::new(TokioExecutor::new());
    http.timer(TokioTimer::new());
    let connection = http.serve_connection(TokioIo::new(io), service);
    tokio::pin!(connection);
    loop {
        tokio::select! {
            _ = connection.as_mut() => return,
            () = registered.0.close.notified() => return,
            changed = draining.changed(), if !*draining.borrow() => {
                if changed.is_ok() {
                    connection.as_mut().graceful_shutdown();
                }
            }
        }
    }
}

/// Stops writing, then reads and drops what the client still sends, for at most [`LINGER`].
async fn linger(mut stream: impl AsyncRead + AsyncWrite + Unpin) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    if stream.shutdown().await.is_err() {
        return;
    }
    // On the heap, and only while lingering: an array here would sit in every connection's task.
    let mut sink = vec![0u8; LINGER_READ_BYTES];
    let _ =
        tokio::time::timeout(LINGER, async { while matches!(stream.read(&mut sink).await, Ok(n) if n > 0) {} }).await;
}
