//! Native TLS, with the real binary: HTTPS with HTTP/2 and HTTP/1.1 (ALPN) and HSTS, the plain-HTTP
//! listener that only redirects to the public URL, a certificate reloaded on SIGHUP without dropping
//! the connections already open, and flags that refuse to start wrong.

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls_pki_types::{CertificateDer, ServerName};
use support::{EDGE, Edge, config};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;
use tokio_rustls::rustls::{ClientConfig, RootCertStore};

const PUBLIC_URL: &str = "https://edge.example.fr";

/// A self-signed certificate for `localhost`, written as PEM files; its DER for the client's roots.
fn certificate(dir: &std::path::Path, name: &str) -> (String, String, CertificateDer<'static>) {
    let made = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let (cert, key) = (dir.join(format!("{name}.crt")), dir.join(format!("{name}.key")));
    std::fs::write(&cert, made.cert.pem()).unwrap();
    std::fs::write(&key, made.signing_key.serialize_pem()).unwrap();
    (cert.display().to_string(), key.display().to_string(), made.cert.der().clone())
}

/// A client that trusts `root` only and offers `alpn`.
fn client(root: &CertificateDer<'static>, alpn: &[&[u8]]) -> TlsConnector {
    let mut store = RootCertStore::empty();
    store.add(root.clone()).unwrap();
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(store)
        .with_no_client_auth();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    TlsConnector::from(Arc::new(config))
}

async fn connect(edge: &Edge, connector: &TlsConnector) -> std::io::Result<TlsStream<TcpStream>> {
    let tcp = TcpStream::connect(&edge.address).await?;
    connector.connect(ServerName::try_from("localhost").unwrap(), tcp).await
}

/// One HTTP/1.1 request on `stream` (kept open); the answer's head.
async fn get(stream: &mut TlsStream<TcpStream>, path: &str) -> String {
    stream.write_all(format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let mut buffer = [0u8; 4096];
    while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buffer)).await.unwrap().unwrap();
        assert!(n > 0, "closed before the answer");
        answer.extend_from_slice(&buffer[..n]);
    }
    // The small bodies of /healthz arrive with the head; what is left is read and dropped.
    let _ = tokio::time::timeout(Duration::from_millis(100), stream.read(&mut buffer)).await;
    String::from_utf8_lossy(&answer).into_owned()
}

fn tls_config(dir: &std::path::Path) -> std::path::PathBuf {
    config(dir, &[("# public_url = ", "public_url = \"https://edge.example.fr\"\n# ")], "")
}

#[tokio::test]
async fn https_offers_http2_and_http1_with_hsts_and_reloads_its_certificate_on_sighup() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key, first) = certificate(dir.path(), "edge");
    let config = tls_config(dir.path());
    let edge = Edge::start_with_args(dir.path(), &config, None, &["--tls-cert", &cert, "--tls-key", &key]);

    let h2 = connect(&edge, &client(&first, &[b"h2", b"http/1.1"])).await.unwrap();
    assert_eq!(h2.get_ref().1.alpn_protocol(), Some(&b"h2"[..]), "HTTP/2 when the client offers it");
    let mut open = connect(&edge, &client(&first, &[b"http/1.1"])).await.unwrap();
    let head = get(&mut open, "/healthz").await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.to_ascii_lowercase().contains("strict-transport-security: max-age="), "{head}");

    // A new certificate in the same files, then SIGHUP: new connections get it, open ones stay.
    let dir_b = tempfile::tempdir().unwrap();
    let (cert_b, key_b, second) = certificate(dir_b.path(), "edge");
    std::fs::copy(&cert_b, &cert).unwrap();
    std::fs::copy(&key_b, &key).unwrap();
    unsafe { libc::kill(edge.child.id() as i32, libc::SIGHUP) };
    let only_second = client(&second, &[b"http/1.1"]);
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut reloaded = connect(&edge, &only_second).await;
    while reloaded.is_err() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
        reloaded = connect(&edge, &only_second).await;
    }
    let mut reloaded = reloaded.expect("the new certificate is served after SIGHUP");
    assert!(get(&mut reloaded, "/healthz").await.starts_with("HTTP/1.1 200"));
    assert!(get(&mut open, "/healthz").await.starts_with("HTTP/1.1 200"), "a connection opened before keeps working");
    assert!(connect(&edge, &client(&first, &[b"http/1.1"])).await.is_err(), "the old certificate is gone");
}

#[test]
fn plain_http_beside_tls_only_redirects_to_the_public_url() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key, _) = certificate(dir.path(), "edge");
    let config = tls_config(dir.path());
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let plain = format!("127.0.0.1:{port}");
    let mut edge = Edge::start_with_args(
        dir.path(),
        &config,
        None,
        &["--tls-cert", &cert, "--tls-key", &key, "--redirect-http", &plain],
    );
    let mut answer = String::new();
    for _ in 0..50 {
        if let Ok(mut stream) = std::net::TcpStream::connect(&plain) {
            use std::io::{Read, Write};
            stream
                .write_all(b"GET /check?ticket=INC-1 HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
                .unwrap();
            let _ = stream.read_to_string(&mut answer);
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    if !answer.starts_with("HTTP/1.1 308") {
        edge.fail(&format!("the plain listener answered {answer:?}"));
    }
    assert!(answer.contains(&format!("location: {PUBLIC_URL}/check?ticket=INC-1")), "{answer}");
}

#[test]
fn tls_needs_a_public_https_url_and_readable_matching_files() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key, _) = certificate(dir.path(), "edge");
    let (_, other_key, _) = certificate(dir.path(), "other");
    let run = |config: &std::path::Path, cert: &str, key: &str| {
        let out = std::process::Command::new(EDGE)
            .args(["--listen", "127.0.0.1:0", "--www", &format!("{}/www", support::ROOT), "--config"])
            .arg(config)
            .args(["--data-dir", &dir.path().display().to_string(), "--tls-cert", cert, "--tls-key", key])
            .output()
            .unwrap();
        assert!(!out.status.success());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let without_public_url = config(dir.path(), &[], "");
    assert!(run(&without_public_url, &cert, &key).contains("public_url"), "a public HTTPS URL is required");
    let with_url = tls_config(dir.path());
    assert!(run(&with_url, &cert, &other_key).contains("does the key belong"), "a key of another certificate");
    assert!(
        run(&with_url, "/nonexistent.crt", &key).contains("--tls-cert /nonexistent.crt"),
        "an unreadable file is named"
    );
}
