//! `preflight-edge`: one axum [`Router`](axum::Router) for every host (native tokio now, Workers later).
//!
//! Handlers are thin: they read the request, call `preflight-core`, and shape the response.

mod app;
mod demo_login;
mod health;
mod logout;
mod pages;
mod problem;
mod security_headers;
mod session_hints;
mod state;
mod time_probe;

pub use app::app;
pub use state::{AppState, now_ms};
