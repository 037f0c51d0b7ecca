//! The security team's webhook from Workers: the Router's `AlertQueue` holds the clone alerts a
//! request made due, and the host delivers them once its answer is sent (`ctx.wait_until`) — the
//! same JSON POST, timeout and retries as the native edge's `canary::webhook`, through `fetch`.

use std::time::Duration;

use preflight_core::canary::{CloneAlert, retry_after_ms};
use preflight_core::config::DeploymentConfig;
use worker::{Fetch, Headers, Method, Request, RequestInit, console_error, console_log};

/// Delivers each alert, retrying a failed one after a growing pause.
pub async fn deliver(config: &DeploymentConfig, alerts: Vec<CloneAlert>) {
    let Some(url) = config.alerts.webhook_url() else { return };
    let timeout_ms = u32::try_from(config.alerts.timeout_seconds() * 1000).unwrap_or(u32::MAX);
    for alert in alerts {
        let Ok(body) = serde_json::to_string(&alert) else { continue };
        for attempt in 0..=config.alerts.retries() {
            if attempt > 0 {
                worker::Delay::from(Duration::from_millis(retry_after_ms(attempt))).await;
            }
            match try_once(url, &body, timeout_ms).await {
                Ok(()) => {
                    console_log!("preflight-edge: clone alert for {} delivered to the webhook", alert.origin);
                    break;
                }
                Err(why) => console_error!("preflight-edge: clone alert for {} not delivered: {why}", alert.origin),
            }
        }
    }
}

/// One try: whether the webhook answered 2xx within the timeout.
async fn try_once(url: &str, body: &str, timeout_ms: u32) -> Result<(), String> {
    let headers = Headers::new();
    headers.set("content-type", "application/json").map_err(|e| e.to_string())?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post).with_headers(headers).with_body(Some(body.into()));
    let request = Request::new_with_init(url, &init).map_err(|e| e.to_string())?;
    let signal = web_sys::AbortSignal::timeout_with_u32(timeout_ms);
    let answer = Fetch::Request(request).send_with_signal(&signal.into()).await.map_err(|e| e.to_string())?;
    match answer.status_code() {
        200..=299 => Ok(()),
        status => Err(format!("answered {status}")),
    }
}
