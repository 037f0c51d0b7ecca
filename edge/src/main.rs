//! The native edge: `preflight-edge [--listen ADDR] [--config FILE] [--www DIR] [--data-dir DIR]`, or
//! `preflight-edge check-config FILE` to validate a deployment config without serving.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use preflight_core::config::{CITY_PORTAL_EXAMPLE, DeploymentConfig};
use preflight_edge::logs::LogFormat;
use preflight_edge::serve::tls::{ReloadableTls, TlsFiles};
use preflight_edge::{AppState, app};

#[derive(Parser)]
#[command(name = "preflight-edge", version, about = "Preflight edge: time probes and login checks for an agent portal")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Address to listen on; port 0 picks a free port (the chosen address is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Deployment config (TOML). Without it, the built-in city-portal demo config is used.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Folder with the pages and the built widget.
    #[arg(long, default_value = "www")]
    www: PathBuf,
    /// Where helpdesk reports are kept (SQLite). Default: $XDG_DATA_HOME/preflight, else
    /// ~/.local/share/preflight.
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// TLS certificate chain (PEM). With --tls-key the edge speaks HTTPS only (HTTP/2 and HTTP/1.1),
    /// and reads both files again on SIGHUP. Needs `[edge] public_url = "https://…"`.
    #[arg(long, requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The certificate's private key (PEM).
    #[arg(long, requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// With TLS: a plain-HTTP address that only redirects to the public URL (e.g. 0.0.0.0:80).
    #[arg(long, requires = "tls_cert")]
    redirect_http: Option<SocketAddr>,
    /// Log lines as readable text (`human`) or one JSON object per line (`json`), on stderr.
    #[arg(long, value_enum, default_value = "human")]
    log_format: LogFormat,
    /// Test builds only: delay and drop time probes, e.g. "drop_every=5,delay_ms=40,jitter_ms=150".
    #[cfg(feature = "fault-injection")]
    #[arg(long)]
    inject_faults: Option<preflight_edge::fault_injection::Faults>,
}

#[derive(Subcommand)]
enum Command {
    /// Validate a deployment config and exit: 0 when valid, 1 with every error otherwise.
    CheckConfig { file: PathBuf },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    preflight_edge::logs::init(cli.log_format);
    if let Some(Command::CheckConfig { file }) = &cli.command {
        return match load_config(Some(file)) {
            Ok(_) => {
                println!("{}: valid", file.display());
                ExitCode::SUCCESS
            }
            Err(message) => fail(&message),
        };
    }
    let config = match load_config(cli.config.as_deref()) {
        Ok(config) => config,
        Err(message) => return fail(&message),
    };
    tracing::info!("preflight-edge {} starting: {}", env!("CARGO_PKG_VERSION"), config.summary());
    if !cli.www.join("index.html").is_file() {
        return fail(&format!(
            "no index.html in {}: run from the repository root, pass --www DIR, or use `cargo xtask demo`",
            cli.www.display()
        ));
    }
    if !cli.www.join("pkg/preflight_widget_bg.wasm").is_file() {
        tracing::warn!(
            "no built widget in {}: the login line will say the check is not available; build it with `cargo xtask build`",
            cli.www.join("pkg").display()
        );
    }
    let state = match with_helpdesk(AppState::new(config, cli.www.clone()), cli.data_dir.clone()) {
        Ok(state) => state,
        Err(message) => return fail(&message),
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => return fail(&format!("cannot start the async runtime: {e}")),
    };
    runtime.spawn(preflight_edge::reports::purge_periodically(state.clone()));
    runtime.spawn(preflight_edge::statistics::flush_periodically(state.clone()));
    runtime.spawn(preflight_edge::canary::keep_periodically(state.clone()));
    let state = match metrics_token() {
        Ok(token) => state.with_metrics_token(token),
        Err(message) => return fail(&message),
    };
    let transport = match transport(&cli, &state.config) {
        Ok(transport) => transport,
        Err(message) => return fail(&message),
    };
    let limits = preflight_edge::serve::ServeLimits::from_config(&state.config.limits);
    let trusted_proxies = state.config.trusted_proxies();
    let after_stop = state.clone();
    let router = app(state);
    #[cfg(feature = "fault-injection")]
    let router = match cli.inject_faults {
        Some(faults) => {
            tracing::warn!("TEST BUILD, injecting faults on /api/time and /api/check: {faults:?}");
            use std::sync::atomic::AtomicU64;
            let shared = std::sync::Arc::new((faults, AtomicU64::new(0), AtomicU64::new(0)));
            router.layer(axum::middleware::from_fn(move |req, next| {
                preflight_edge::fault_injection::apply(shared.clone(), req, next)
            }))
        }
        None => router,
    };
    let served = runtime.block_on(serve(cli.listen, router, limits, trusted_proxies, transport));
    // The last minute's statistics, written before the edge exits.
    if let Err(e) = runtime.block_on(preflight_edge::statistics::write_pending(&after_stop)) {
        tracing::warn!("the last statistics were not written: {e}");
    }
    if let Err(e) = runtime.block_on(preflight_edge::canary::save_changed(&after_stop)) {
        tracing::warn!("the last clone origins were not written: {e}");
    }
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&format!("cannot serve on {}: {e}", cli.listen)),
    }
}

/// The report store in the data directory, the server secret and the helpdesk token. A store that
/// cannot be opened is said loudly and leaves the rest of the edge serving: report endpoints then
/// answer 503 with the reason, and `/healthz` shows it.
fn with_helpdesk(state: AppState, data_dir: Option<PathBuf>) -> Result<AppState, String> {
    #[cfg(feature = "sqlite")]
    let (state, data_dir) = {
        let dir = data_dir
            .or_else(default_data_dir)
            .ok_or("no data directory: pass --data-dir DIR (neither XDG_DATA_HOME nor HOME is set)".to_owned())?;
        let state = match preflight_edge::reports::sqlite::SqliteStore::open(&dir) {
            Ok(store) => {
                tracing::info!("helpdesk reports and statistics in {}", store.path.display());
                let store = std::sync::Arc::new(store);
                state.with_report_store(store.clone()).with_statistics_store(store.clone()).with_clone_store(store)
            }
            Err(e) => {
                tracing::warn!(
                    "reports and statistics are unavailable ({}), everything else is served: {e}",
                    dir.display()
                );
                let unavailable = preflight_edge::reports::store::UnavailableStore(e.to_string());
                let no_statistics = preflight_edge::statistics::store::NoStatistics(e.to_string());
                state
                    .with_report_store(std::sync::Arc::new(unavailable))
                    .with_statistics_store(std::sync::Arc::new(no_statistics))
            }
        };
        (state, Some(dir))
    };
    #[cfg(not(feature = "sqlite"))]
    if data_dir.is_some() {
        return Err("--data-dir needs the `sqlite` feature: this build keeps reports in memory".to_owned());
    }
    let (secret, source) = preflight_edge::server_secret::load(data_dir.as_deref().filter(|d| d.is_dir()))?;
    tracing::info!("helpdesk sessions signed with a key derived from {source}");
    let token = match std::env::var("PREFLIGHT_HELPDESK_TOKEN") {
        Ok(token) => match preflight_core::config::helpdesk::token_problem(&token) {
            Some(problem) => return Err(format!("PREFLIGHT_HELPDESK_TOKEN: {problem}")),
            None => Some(token),
        },
        Err(_) => state.config_helpdesk_token(),
    };
    if token.is_none() {
        tracing::warn!("no helpdesk token (PREFLIGHT_HELPDESK_TOKEN): the helpdesk viewer is disabled");
    }
    let statistics = statistics_token(token.as_deref())?;
    if statistics.is_none() {
        tracing::info!("no statistics token (PREFLIGHT_STATS_TOKEN): /stats is disabled; checks are still counted");
    }
    Ok(state.with_helpdesk(token, &secret).with_statistics_token(statistics, &secret))
}

/// `PREFLIGHT_STATS_TOKEN`, the statistics page's own token: held to the helpdesk token's rule, and
/// never the same (the portal team and the helpdesk are different people).
fn statistics_token(helpdesk: Option<&str>) -> Result<Option<String>, String> {
    let Ok(token) = std::env::var("PREFLIGHT_STATS_TOKEN") else {
        return Ok(None);
    };
    match preflight_edge::statistics_token_problem(&token, helpdesk) {
        Some(problem) => Err(format!("PREFLIGHT_STATS_TOKEN: {problem}")),
        None => Ok(Some(token)),
    }
}

/// `PREFLIGHT_METRICS_TOKEN`, which lets a Prometheus server outside `[networks] metrics_readers`
/// read `/metrics`; held to the same rule as the helpdesk token.
fn metrics_token() -> Result<Option<String>, String> {
    let Ok(token) = std::env::var("PREFLIGHT_METRICS_TOKEN") else {
        return Ok(None);
    };
    match preflight_core::config::helpdesk::bearer_token_problem("metrics", &token) {
        Some(problem) => Err(format!("PREFLIGHT_METRICS_TOKEN: {problem}")),
        None => Ok(Some(token)),
    }
}

/// `$XDG_DATA_HOME/preflight`, else `~/.local/share/preflight`.
#[cfg(feature = "sqlite")]
fn default_data_dir() -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()).map(PathBuf::from);
    let base = xdg.or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/share")))?;
    Some(base.join("preflight"))
}

fn load_config(path: Option<&Path>) -> Result<DeploymentConfig, String> {
    let Some(path) = path else { return DeploymentConfig::parse(CITY_PORTAL_EXAMPLE).map_err(|e| e.to_string()) };
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read config {}: {e}", path.display()))?;
    DeploymentConfig::parse(&text).map_err(|errors| {
        let lines: Vec<String> = errors.0.iter().map(|e| format!("{}:{e}", path.display())).collect();
        format!("invalid config, the edge will not start:\n{}", lines.join("\n"))
    })
}

/// TLS, and the plain-HTTP redirect beside it, from the flags: both files readable and matching,
/// and a public HTTPS URL to redirect to (HSTS and `Secure` cookies follow from it too).
struct Transport {
    tls: Option<std::sync::Arc<ReloadableTls>>,
    redirect: Option<(SocketAddr, String)>,
}

fn transport(cli: &Cli, config: &DeploymentConfig) -> Result<Transport, String> {
    let (Some(cert), Some(key)) = (&cli.tls_cert, &cli.tls_key) else {
        return Ok(Transport { tls: None, redirect: None });
    };
    let public_url = config.public_url().filter(|_| config.served_over_https()).ok_or(
        "--tls-cert needs `[edge] public_url = \"https://…\"` in the config (the origin agents use): HSTS, \
         Secure cookies and the HTTP redirect follow from it",
    )?;
    let tls = ReloadableTls::open(TlsFiles { cert: cert.clone(), key: key.clone() })?;
    Ok(Transport { tls: Some(tls), redirect: cli.redirect_http.map(|addr| (addr, public_url.to_owned())) })
}

async fn serve(
    listen: SocketAddr,
    router: axum::Router,
    limits: preflight_edge::serve::ServeLimits,
    trusted_proxies: Vec<preflight_core::config::network::Network>,
    transport: Transport,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen).await?;
    // One signal stops every listener.
    let (stop, stopped) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        stop.send_replace(true);
    });
    let until_stopped = |mut stopped: tokio::sync::watch::Receiver<bool>| async move {
        let _ = stopped.wait_for(|stop| *stop).await;
    };
    if let Some(tls) = &transport.tls {
        tokio::spawn(preflight_edge::serve::tls::reload_on_sighup(tls.clone()));
    }
    if let Some((address, public_url)) = transport.redirect {
        let plain = tokio::net::TcpListener::bind(address).await?;
        tracing::info!("redirecting http://{} to {public_url}", plain.local_addr()?);
        let redirect = preflight_edge::serve::redirect::router(public_url);
        let (limits, proxies) = (limits.clone(), trusted_proxies.clone());
        tokio::spawn(preflight_edge::serve::serve(
            plain,
            redirect,
            limits,
            proxies,
            None,
            until_stopped(stopped.clone()),
        ));
    }
    tracing::info!(
        "at most {} connections; request heads within {:?}, bodies within {:?}, idle connections closed after {:?}",
        limits.max_connections,
        limits.header_read_timeout,
        limits.request_body_timeout,
        limits.keep_alive_timeout
    );
    let address = listener.local_addr()?;
    let scheme = if transport.tls.is_some() { "https" } else { "http" };
    tracing::info!("listening on {scheme}://{address}");
    // Scripts and the test harness read this line to learn the port.
    println!("preflight-edge listening on {scheme}://{address}");
    let stopped = until_stopped(stopped);
    preflight_edge::serve::serve(listener, router, limits, trusted_proxies, transport.tls, stopped).await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} },
            Err(e) => {
                tracing::warn!("cannot listen for SIGTERM ({e}): only Ctrl-C (SIGINT) stops the edge");
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

fn fail(message: &str) -> ExitCode {
    tracing::error!("{message}");
    ExitCode::FAILURE
}
