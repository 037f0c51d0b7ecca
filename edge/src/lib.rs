//! `preflight-edge`: one axum [`Router`](axum::Router) for every host: the native tokio binary (feature
//! `native`, the default) and Cloudflare Workers (the `preflight-edge-worker` crate).
//!
//! Handlers are thin: they read the request, call `preflight-core`, and shape the response.

mod access_panel;
mod app;
mod bearer;
mod browser_check;
pub mod canary;
mod check_page;
mod client;
mod cookies;
#[cfg(feature = "demo")]
mod demo_login;
#[cfg(feature = "fault-injection")]
pub mod fault_injection;
mod go_to_app;
mod health;
mod helpdesk;
mod html;
mod json_body;
mod logout;
#[cfg(feature = "native")]
pub mod logs;
pub mod metrics;
pub mod openapi;
mod pages;
mod problem;
pub mod rate_limits;
pub mod reports;
mod route_advice;
mod security_headers;
#[cfg(feature = "native")]
pub mod serve;
#[cfg(feature = "native")]
pub mod server_secret;
mod session_hints;
mod state;
mod static_files;
pub mod statistics;
mod stats_page;
mod time_probe;

pub use app::app;
pub use client::PeerAddress;
pub use helpdesk::gate::{HelpdeskGate, MIN_SECRET_BYTES, from_secrets as helpdesk_from_secrets, secret_problem};
pub use problem::Problem;
pub use security_headers::ResponseHeaders;
pub use state::{AppState, read_clock};
pub use static_files::{StaticFiles, StaticFuture};
pub use stats_page::token_problem as statistics_token_problem;
