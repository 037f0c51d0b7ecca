//! The security team's webhook (`[alerts] webhook_url`): each alert is one JSON POST (core's
//! `CloneAlert`), given `webhook_timeout_seconds` per try and retried `webhook_retries` times with a
//! growing pause (`canary::retry_after_ms`), in a task of its own. A 2xx answer is a delivery;
//! anything else, or no answer in time, is a failed try.

use std::time::Duration;

use axum::http::{Request, header};
use http_body_util::Full;
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use preflight_core::canary::{CloneAlert, retry_after_ms};
use preflight_core::config::DeploymentConfig;

use super::AlertSink;

/// Alerts waiting for delivery at most: beyond, new ones are dropped (and logged), so a webhook
/// that never answers cannot pile up tasks.
pub const MAX_PENDING_ALERTS: usize = 64;

type HttpsClient = Client<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>;

pub struct Webhook {
    url: String,
    timeout: Duration,
    retries: u32,
    client: HttpsClient,
    pending: std::sync::Arc<tokio::sync::Semaphore>,
}

impl Webhook {
    /// The config's webhook, if it names one. Without the system's certificates an `https` webhook
    /// cannot be verified: said at start-up, and the alerts are only logged.
    pub fn from_config(config: &DeploymentConfig) -> Option<Webhook> {
        let url = config.alerts.webhook_url()?.to_owned();
        let connector = match hyper_rustls::HttpsConnectorBuilder::new().with_native_roots() {
            Ok(builder) => builder.https_or_http().enable_http1().build(),
            Err(e) => {
                tracing::warn!("the alerts webhook is disabled: the system's certificates cannot be read: {e}");
                return None;
            }
        };
        Some(Webhook {
            url,
            timeout: Duration::from_secs(config.alerts.timeout_seconds()),
            retries: config.alerts.retries(),
            client: Client::builder(TokioExecutor::new()).build(connector),
            pending: std::sync::Arc::new(tokio::sync::Semaphore::new(MAX_PENDING_ALERTS)),
        })
    }

    /// One try: whether the webhook answered 2xx in time.
    async fn try_once(&self, body: &Bytes) -> Result<(), String> {
        let request = Request::post(&self.url)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::USER_AGENT, concat!("preflight-edge/", env!("CARGO_PKG_VERSION")))
            .body(Full::new(body.clone()))
            .map_err(|e| e.to_string())?;
        match tokio::time::timeout(self.timeout, self.client.request(request)).await {
            Err(_) => Err(format!("no answer within {} s", self.timeout.as_secs())),
            Ok(Err(e)) => Err(e.to_string()),
            Ok(Ok(answer)) if answer.status().is_success() => Ok(()),
            Ok(Ok(answer)) => Err(format!("answered {}", answer.status())),
        }
    }

    async fn deliver(&self, alert: CloneAlert) {
        let body = match serde_json::to_vec(&alert) {
            Ok(json) => Bytes::from(json),
            Err(e) => return tracing::warn!("clone alert not sent: {e}"),
        };
        for attempt in 0..=self.retries {
            if attempt > 0 {
                tokio::time::sleep(Duration::from_millis(retry_after_ms(attempt))).await;
            }
            match self.try_once(&body).await {
                Ok(()) => return tracing::info!(origin = %alert.origin, "clone alert delivered to the webhook"),
                Err(why) => {
                    tracing::warn!(origin = %alert.origin, attempt = attempt + 1, "clone alert not delivered: {why}")
                }
            }
        }
        tracing::warn!(origin = %alert.origin, "clone alert given up after {} tries", self.retries + 1);
    }
}

impl AlertSink for std::sync::Arc<Webhook> {
    fn send(&self, alert: CloneAlert) {
        let Ok(permit) = self.pending.clone().try_acquire_owned() else {
            return tracing::warn!(origin = %alert.origin, "clone alert dropped: {MAX_PENDING_ALERTS} already waiting");
        };
        let webhook = self.clone();
        tokio::spawn(async move {
            webhook.deliver(alert).await;
            drop(permit);
        });
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::Router;
    use axum::http::StatusCode;
    use axum::routing::post;
    use preflight_core::config::CITY_PORTAL_EXAMPLE;

    use super::*;

    /// A local receiver answering each POST with the next status of `answers` (the last one after).
    async fn receiver(answers: &'static [StatusCode], delay: Duration) -> (String, Arc<std::sync::Mutex<Vec<String>>>) {
        let bodies = Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = bodies.clone();
        let calls = Arc::new(AtomicUsize::new(0));
        let hook = post(move |body: String| async move {
            let n = calls.fetch_add(1, Ordering::SeqCst);
            seen.lock().unwrap().push(body);
            tokio::time::sleep(delay).await;
            answers[n.min(answers.len() - 1)]
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, Router::new().route("/hook", hook)).await });
        (url, bodies)
    }

    fn webhook(url: &str, timeout_seconds: u32, retries: u32) -> Webhook {
        let text = format!(
            "{CITY_PORTAL_EXAMPLE}\n[alerts]\nwebhook_url = \"{url}\"\nwebhook_timeout_seconds = {timeout_seconds}\nwebhook_retries = {retries}\n"
        );
        Webhook::from_config(&DeploymentConfig::parse(&text).unwrap()).expect("a webhook is configured")
    }

    fn alert() -> CloneAlert {
        let at = preflight_core::time::UnixMs::from_millis(7);
        let sighting = preflight_core::canary::CloneSighting {
            origin: "https://copy.example".to_owned(),
            first_seen: at,
            last_seen: at,
            count: 1,
            alerted: Some(at),
        };
        CloneAlert::of(&DeploymentConfig::parse(CITY_PORTAL_EXAMPLE).unwrap(), &sighting)
    }

    #[tokio::test]
    async fn a_failed_delivery_is_retried_until_the_webhook_takes_it() {
        let (url, bodies) = receiver(&[StatusCode::SERVICE_UNAVAILABLE, StatusCode::NO_CONTENT], Duration::ZERO).await;
        webhook(&url, 2, 3).deliver(alert()).await;
        let bodies = bodies.lock().unwrap().clone();
        assert_eq!(bodies.len(), 2, "one failure, one delivery, no more");
        let sent: CloneAlert = serde_json::from_str(&bodies[1]).unwrap();
        assert_eq!(sent, alert());
    }

    #[tokio::test]
    async fn a_webhook_that_does_not_answer_in_time_is_given_up_after_its_tries() {
        let (url, bodies) = receiver(&[StatusCode::NO_CONTENT], Duration::from_secs(5)).await;
        let started = std::time::Instant::now();
        webhook(&url, 1, 0).deliver(alert()).await;
        assert!(started.elapsed() < Duration::from_secs(3), "the timeout cut the try short");
        assert_eq!(bodies.lock().unwrap().len(), 1);
    }
}
