//! `preflight-core`: every decision Preflight makes, as pure functions.
//!
//! Invariant: this crate does no I/O — no clock reads, no network, no files, no `web-sys`, no `tokio`.
//! Callers pass in what they observed (timestamps, config text) and get verdicts back, so the same
//! code runs in the browser (wasm32) and on the edge, and is tested natively with `cargo test`.

pub mod canary;
pub mod catalog;
pub mod channel;
pub mod checks;
pub mod client;
pub mod clock;
pub mod config;
pub mod cookies;
pub mod finding;
#[cfg(feature = "fuzz")]
#[doc(hidden)]
pub mod fuzz_harness;
pub mod i18n;
pub mod idle;
pub mod link_quality;
pub mod logout;
pub mod pages;
pub mod printable;
pub mod protocol;
pub mod rate_limits;
pub mod redirects;
pub mod repair;
pub mod report;
pub mod shared_device;
pub mod sign_in;
pub mod sso;
pub mod statistics;
pub mod time;
