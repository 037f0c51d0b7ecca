//! The open connections, so that none can be held for free: each is closed once it has had no
//! request in progress for the keep-alive timeout, and when every place is taken a new connection
//! makes room by closing the longest-idle one (nginx does the same with its keep-alive
//! connections). A flood of half-sent requests therefore only ever pushes out other idle
//! connections, never a request in progress, and never stalls `accept`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

/// One open connection.
pub struct Connection {
    id: u64,
    /// Requests whose answer is not fully sent yet.
    in_progress: AtomicUsize,
    /// When the last request ended (or the connection opened), in ms since the registry started.
    idle_since_ms: AtomicU64,
    /// Told to close by eviction, by the idle sweep or at the end of a shutdown.
    pub close: Notify,
    registry: Arc<Registry>,
}

pub struct Registry {
    capacity: usize,
    started: Instant,
    next_id: AtomicU64,
    open: Mutex<HashMap<u64, Arc<Connection>>>,
}

impl Registry {
    pub fn new(capacity: usize) -> Arc<Registry> {
        Arc::new(Registry {
            capacity,
            started: Instant::now(),
            next_id: AtomicU64::new(0),
            open: Mutex::new(HashMap::with_capacity(capacity)),
        })
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn open(&self) -> MutexGuard<'_, HashMap<u64, Arc<Connection>>> {
        self.open.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn len(&self) -> usize {
        self.open().len()
    }

    /// A place for a new connection: free, or taken from the longest-idle one. `None` when every
    /// connection has a request in progress: the new one is then closed at once.
    pub fn admit(self: &Arc<Self>) -> Option<Arc<Connection>> {
        let mut open = self.open();
        if open.len() >= self.capacity {
            let idle = open.values().filter(|c| c.is_idle()).min_by_key(|c| c.idle_since_ms.load(Ordering::Relaxed));
            let evicted = idle?.id;
            if let Some(connection) = open.remove(&evicted) {
                connection.close.notify_one();
            }
        }
        let connection = Arc::new(Connection {
            id: self.next_id.fetch_add(1, Ordering::Relaxed),
            in_progress: AtomicUsize::new(0),
            idle_since_ms: AtomicU64::new(self.now_ms()),
            close: Notify::new(),
            registry: self.clone(),
        });
        open.insert(connection.id, connection.clone());
        Some(connection)
    }

    /// Closes every connection idle for `keep_alive` or longer.
    pub fn close_idle(&self, keep_alive: Duration) {
        // Younger than the keep-alive itself: nothing can have been idle that long (a saturating
        // cutoff of 0 would close the connections of the first millisecond).
        let Some(cutoff) = self.now_ms().checked_sub(u64::try_from(keep_alive.as_millis()).unwrap_or(u64::MAX)) else {
            return;
        };
        let mut open = self.open();
        open.retain(|_, c| {
            let stale = c.is_idle() && c.idle_since_ms.load(Ordering::Relaxed) <= cutoff;
            if stale {
                c.close.notify_one();
            }
            !stale
        });
    }

    /// Closes every connection now (the end of a shutdown's grace).
    pub fn close_all(&self) {
        for (_, connection) in self.open().drain() {
            connection.close.notify_one();
        }
    }
}

impl Connection {
    fn is_idle(&self) -> bool {
        self.in_progress.load(Ordering::Acquire) == 0
    }

    /// Marks a request in progress until the returned guard is dropped (with the answer's body).
    pub fn begin_request(self: &Arc<Self>) -> RequestInProgress {
        self.in_progress.fetch_add(1, Ordering::AcqRel);
        RequestInProgress(self.clone())
    }
}

/// Leaves the registry when the connection's task ends, however it ends.
pub struct Registered(pub Arc<Connection>);

impl Drop for Registered {
    fn drop(&mut self) {
        self.0.registry.open().remove(&self.0.id);
    }
}

pub struct RequestInProgress(Arc<Connection>);

impl Drop for RequestInProgress {
    fn drop(&mut self) {
        let connection = &self.0;
        connection.idle_since_ms.store(connection.registry.now_ms(), Ordering::Relaxed);
        connection.in_progress.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_registry_evicts_the_longest_idle_connection_and_never_a_busy_one() {
        let registry = Registry::new(2);
        let first = registry.admit().unwrap();
        let second = registry.admit().unwrap();
        let busy = second.begin_request();
        let third = registry.admit().expect("the idle first connection makes room");
        assert_eq!(registry.len(), 2);
        let _busy_too = third.begin_request();
        assert!(registry.admit().is_none(), "every connection is busy: the new one is refused");
        drop(busy);
        assert!(registry.admit().is_some(), "the second is idle again");
        // The evicted connection was told to close.
        let notified = first.close.notified();
        futures_ready(notified);
    }

    #[test]
    fn a_connection_of_the_first_millisecond_is_not_idle_at_once() {
        let registry = Registry::new(8);
        let fresh = Registered(registry.admit().unwrap());
        registry.close_idle(Duration::from_secs(5));
        assert_eq!(registry.len(), 1, "not idle for 5 s yet");
        drop(fresh);
    }

    #[test]
    fn idle_connections_are_closed_and_leave_the_registry() {
        let registry = Registry::new(8);
        let idle = Registered(registry.admit().unwrap());
        let busy = Registered(registry.admit().unwrap());
        let _request = busy.0.begin_request();
        registry.close_idle(Duration::ZERO);
        assert_eq!(registry.len(), 1, "only the busy connection stays");
        futures_ready(idle.0.close.notified());
        drop(busy);
        assert_eq!(registry.len(), 0);
    }

    /// A stored `notify_one` permit makes `notified()` ready at once.
    fn futures_ready(notified: tokio::sync::futures::Notified<'_>) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
        runtime.block_on(async {
            tokio::time::timeout(Duration::from_millis(100), notified).await.expect("told to close");
        });
    }
}
