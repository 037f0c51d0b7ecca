//! Per-client limits on Workers through Cloudflare's Rate Limiting bindings (declared in
//! `edge/wrangler.toml`), which count across every isolate of a location: an isolate's memory would
//! only limit the requests that happen to reach it. Where a binding is missing (an old
//! `wrangler.toml`) or fails, the isolate's own count stands in, and the gap is logged.

use std::net::IpAddr;

use preflight_core::channel::classify::ClientKey;
use preflight_core::rate_limits::Limit;
use preflight_core::time::UnixMs;
use preflight_edge::rate_limits::{FixedWindowRateLimits, LimitFuture, RateLimits};
use worker::send::{SendFuture, SendWrapper};
use worker::{Env, RateLimiter, console_error};

/// The binding of each limit in `wrangler.toml`.
pub fn binding_name(limit: Limit) -> &'static str {
    match limit {
        Limit::ReportUploads => "REPORT_UPLOADS_LIMIT",
        Limit::HelpdeskAnonymous => "HELPDESK_ANONYMOUS_LIMIT",
        Limit::HelpdeskSignedIn => "HELPDESK_SIGNED_IN_LIMIT",
    }
}

pub struct WorkersRateLimits {
    bindings: Vec<(Limit, SendWrapper<RateLimiter>)>,
    fallback: FixedWindowRateLimits,
}

impl WorkersRateLimits {
    pub fn from_env(env: &Env) -> Self {
        let bindings = Limit::ALL
            .iter()
            .filter_map(|&limit| match env.rate_limiter(binding_name(limit)) {
                Ok(binding) => Some((limit, SendWrapper::new(binding))),
                Err(e) => {
                    console_error!(
                        "preflight-edge: no rate-limit binding {}: this isolate counts alone ({e})",
                        binding_name(limit)
                    );
                    None
                }
            })
            .collect();
        WorkersRateLimits { bindings, fallback: FixedWindowRateLimits::default() }
    }
}

impl RateLimits for WorkersRateLimits {
    fn allow(&self, limit: Limit, client: IpAddr) -> LimitFuture<'_> {
        let Some((_, binding)) = self.bindings.iter().find(|(l, _)| *l == limit) else {
            return self.fallback.allow(limit, client);
        };
        let key = match ClientKey::of(client) {
            ClientKey::V4(a) => format!("v4:{a:08x}"),
            ClientKey::V6Prefix(p) => format!("v6:{p:016x}"),
        };
        Box::pin(SendFuture::new(async move {
            match binding.limit(key).await {
                Ok(outcome) => outcome.success,
                Err(e) => {
                    console_error!("preflight-edge: rate-limit binding {} failed: {e}", binding_name(limit));
                    self.fallback.check(limit, client, UnixMs::from_clock_reading(preflight_edge::read_clock()))
                }
            }
        }))
    }
}
