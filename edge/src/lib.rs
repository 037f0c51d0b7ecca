//! `preflight-edge`: one axum [`Router`](axum::Router) for every host (native tokio now, Workers later).
//!
//! Handlers are thin: they read the request, call `preflight-core`, and shape the response.

mod access_panel;
mod app;
mod browser_check;
mod check_page;
mod client;
mod client_limit;
mod demo_login;
#[cfg(feature = "fault-injection")]
pub mod fault_injection;
mod go_to_app;
mod health;
mod helpdesk;
mod logout;
mod pages;
mod problem;
pub mod reports;
mod route_advice;
mod security_headers;
mod session_hints;
mod state;
mod time_probe;

pub use app::app;
pub use helpdesk::gate::HelpdeskGate;
pub use state::{AppState, now_ms};
