//! The phishing-clone canary on the edge: the login widget's beacon (`POST /api/canary`, sent by a
//! copy of the page that found itself off the portal) and any check, time probe or widget file
//! asked for with an `Origin` that is not the portal's are recorded as clone sightings (core's
//! `canary::CloneSightings`: first and last seen, count, bounded); the security team is told
//! through the host's [`AlertSink`] at most once per origin per hour; the host's [`CloneStore`]
//! keeps the sightings across restarts (SQLite natively); `/stats` lists them.

#[cfg(feature = "sqlite")]
pub mod sqlite;
#[cfg(feature = "native")]
pub mod webhook;

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use preflight_core::canary::{
    CloneAlert, CloneSighting, CloneSightings, MAX_ORIGIN_CHARS, clone_key, known_keys, origin_key,
};

use crate::problem::Problem;
use crate::reports::store::{StoreError, StoreFuture};
use crate::state::AppState;

/// The origins that are no clone's, and the sightings of the others.
pub struct Canary {
    known: Vec<String>,
    sightings: Mutex<CloneSightings>,
}

impl Canary {
    pub fn new(config: &preflight_core::config::DeploymentConfig) -> Canary {
        Canary { known: known_keys(config), sightings: Mutex::default() }
    }

    /// Whether the canary watches at all: the config lists the portal's origins.
    pub fn is_on(&self) -> bool {
        !self.known.is_empty()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, CloneSightings> {
        self.sightings.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Records `origin` if it is a clone's; returns the alert to send now, if one is due.
    fn record(&self, origin: &str, now: preflight_core::time::UnixMs) -> Option<CloneSighting> {
        let key = clone_key(&self.known, origin)?;
        self.lock().record(&key, now)
    }

    /// Every clone origin seen, most recent first.
    pub fn sightings(&self) -> Vec<CloneSighting> {
        self.lock().all()
    }

    /// Sightings read back from the store at start-up, with any recorded meanwhile added in.
    pub fn restore(&self, mut rows: Vec<CloneSighting>) {
        let mut sightings = self.lock();
        let recent = sightings.all();
        let merged = !recent.is_empty();
        for recent in recent {
            match rows.iter_mut().find(|row| row.origin == recent.origin) {
                Some(row) => {
                    row.count = row.count.saturating_add(recent.count);
                    row.last_seen = row.last_seen.max(recent.last_seen);
                    row.alerted = row.alerted.max(recent.alerted);
                }
                None => rows.push(recent),
            }
        }
        *sightings = CloneSightings::restore(rows);
        if merged {
            sightings.mark_changed();
        }
    }

    /// Asks for the next [`save_changed`] to write again (the last write failed).
    fn mark_changed(&self) {
        self.lock().mark_changed();
    }

    /// The sightings to write, if anything changed since the last time.
    pub fn changed(&self) -> Option<Vec<CloneSighting>> {
        let mut sightings = self.lock();
        sightings.take_changed().then(|| sightings.all())
    }
}

/// Where alerts go: the security team's webhook natively; nowhere but the log elsewhere.
pub trait AlertSink: Send + Sync {
    /// Delivers in the background (retries included): the request that saw the clone never waits.
    fn send(&self, alert: CloneAlert);
}

/// No webhook configured: clones are only recorded and shown on `/stats`.
pub struct NoAlerts;

impl AlertSink for NoAlerts {
    fn send(&self, _alert: CloneAlert) {}
}

/// Alerts held for a host without background tasks (Workers) to deliver once its answer is sent
/// ([`AlertQueue::take`]); at most [`MAX_QUEUED_ALERTS`], the later ones dropped.
#[derive(Default)]
pub struct AlertQueue(Mutex<Vec<CloneAlert>>);

/// Alerts an [`AlertQueue`] holds at most.
pub const MAX_QUEUED_ALERTS: usize = 16;

impl AlertQueue {
    /// The alerts to deliver now, in the order they came.
    pub fn take(&self) -> Vec<CloneAlert> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }
}

impl AlertSink for Arc<AlertQueue> {
    fn send(&self, alert: CloneAlert) {
        let mut queued = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if queued.len() < MAX_QUEUED_ALERTS {
            queued.push(alert);
        }
    }
}

/// Where sightings are kept between runs.
pub trait CloneStore: Send + Sync {
    /// Every sighting kept (at most core's `MAX_CLONE_ORIGINS` are read back).
    fn load(&self) -> StoreFuture<'_, Vec<CloneSighting>>;
    /// Replaces what is kept with `sightings`.
    fn save(&self, sightings: Vec<CloneSighting>) -> StoreFuture<'_, ()>;
}

/// Sightings kept in memory only (tests, Workers' isolates).
pub struct MemoryClones;

impl CloneStore for MemoryClones {
    fn load(&self) -> StoreFuture<'_, Vec<CloneSighting>> {
        Box::pin(async { Ok(Vec::new()) })
    }

    fn save(&self, _sightings: Vec<CloneSighting>) -> StoreFuture<'_, ()> {
        Box::pin(async { Ok(()) })
    }
}

/// Counts a request from `origin` (its `Origin` header) if that is a clone's, and alerts if due.
pub fn observe(state: &AppState, origin: Option<&str>) {
    let Some(origin) = origin else { return };
    if let Some(sighting) = state.canary.record(origin, state.now()) {
        #[cfg(feature = "native")]
        tracing::warn!(origin = %sighting.origin, count = sighting.count, "a copy of the portal's login page was seen");
        state.alerts.send(CloneAlert::of(&state.config, &sighting));
    }
}

/// The request's `Origin` header, without cloning the other headers (nor copying its bytes: a
/// header value is shared). [`RequestOrigin::as_str`] reads it as text.
pub struct RequestOrigin(pub Option<HeaderValue>);

impl RequestOrigin {
    pub fn as_str(&self) -> Option<&str> {
        self.0.as_ref()?.to_str().ok()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestOrigin {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(RequestOrigin(parts.headers.get(header::ORIGIN).cloned()))
    }
}

/// The `Origin` header as text, if it is one.
pub fn origin_of(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::ORIGIN)?.to_str().ok()
}

/// `POST /api/canary`: a copy of the login page says where it is. The body is that origin, as text;
/// the browser's `Origin` header, when sent, is believed over it. Always 204 once well-formed, so a
/// clone's author learns nothing from the answer.
pub async fn beacon(
    State(state): State<AppState>,
    header_origin: RequestOrigin,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<StatusCode, Problem> {
    // The route's body limit is `MAX_ORIGIN_CHARS` (app.rs): a longer body is refused unread.
    let body = body.map_err(|rejection| {
        let detail = format!("The beacon's body is one origin, at most {MAX_ORIGIN_CHARS} bytes: {rejection}");
        Problem::new(rejection.status(), detail)
    })?;
    let named = std::str::from_utf8(&body).ok().filter(|text| origin_key(text).is_some());
    let origin = header_origin.as_str().filter(|o| origin_key(o).is_some()).or(named);
    let Some(origin) = origin else {
        return Err(Problem::bad_request(
            "The beacon's body must be the page's origin, e.g. https://portail.example.fr.",
        ));
    };
    observe(&state, Some(origin));
    Ok(StatusCode::NO_CONTENT)
}

/// Writes the sightings if they changed (natively every minute, with the statistics, and at exit).
pub async fn save_changed(state: &AppState) -> Result<(), StoreError> {
    let Some(sightings) = state.canary.changed() else { return Ok(()) };
    let saved = state.clone_store.save(sightings).await;
    if saved.is_err() {
        state.canary.mark_changed();
    }
    saved
}

/// How often changed sightings are written (natively).
pub const SAVE_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// Loads the kept sightings, then writes them every [`SAVE_EVERY`] when they changed.
#[cfg(feature = "native")]
pub async fn keep_periodically(state: AppState) {
    if let Err(e) = load(&state).await {
        tracing::warn!("the clone origins seen before could not be read: {e}");
    }
    let mut every = tokio::time::interval(SAVE_EVERY);
    loop {
        every.tick().await;
        if let Err(e) = save_changed(&state).await {
            tracing::warn!("clone origins not written, will retry: {e}");
        }
    }
}

/// The store and the canary, loaded at start-up.
pub async fn load(state: &AppState) -> Result<(), StoreError> {
    state.canary.restore(state.clone_store.load().await?);
    Ok(())
}

/// The default sink of a host: the config's webhook natively, none elsewhere.
pub fn default_alerts(config: &preflight_core::config::DeploymentConfig) -> Arc<dyn AlertSink> {
    #[cfg(feature = "native")]
    if let Some(sink) = webhook::Webhook::from_config(config) {
        return Arc::new(Arc::new(sink));
    }
    let _ = config;
    Arc::new(NoAlerts)
}

#[cfg(test)]
mod tests;
