//! A keyed state store for `governor` whose memory is bounded whatever the number of clients: two
//! generations of at most half the capacity each. Clients go into the young generation; when it is
//! full it becomes the old one and the previous old one is dropped. A client seen again moves back
//! to the young generation, so the active ones stay; a client forgotten this way starts again with a
//! full budget, which is the price of a bound (nginx's `limit_req_zone` makes the same trade).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use governor::nanos::Nanos;
use governor::state::StateStore;
use governor::state::keyed::ShrinkableKeyedStateStore;
use preflight_core::channel::classify::ClientKey;

/// Clients tracked per limit at most: enough for every /64 of an IPv6 /48.
pub const MAX_TRACKED_CLIENTS: usize = 65_536;

#[derive(Default)]
struct Generations {
    young: HashMap<ClientKey, Nanos>,
    old: HashMap<ClientKey, Nanos>,
}

/// Cheap to clone: the limiter holds one handle, the limits another to measure it.
#[derive(Default, Clone)]
pub struct BoundedKeyedStore(Arc<Mutex<Generations>>);

impl BoundedKeyedStore {
    /// One slot of the hash table: a key, its state and a control byte.
    const SLOT_BYTES: usize = std::mem::size_of::<ClientKey>() + std::mem::size_of::<Nanos>() + 1;
    /// The memory ceiling of one limit's clients: each generation's table holds at most half the
    /// clients, in at most twice as many slots (tables grow by doubling). About 3.3 MB; README lists it.
    pub const MAX_BYTES: usize = MAX_TRACKED_CLIENTS * 2 * Self::SLOT_BYTES;

    fn generations(&self) -> MutexGuard<'_, Generations> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Gives back the memory of forgotten clients.
    pub fn shrink(&self) {
        let mut g = self.generations();
        g.young.shrink_to_fit();
        g.old.shrink_to_fit();
    }

    /// The bytes its tables hold now (slots, not only the clients in them).
    pub fn memory_bytes(&self) -> usize {
        let g = self.generations();
        // A table of capacity c has the next power of two of c * 8/7 slots.
        let slots = |c: usize| if c == 0 { 0 } else { (c * 8 / 7).next_power_of_two() };
        (slots(g.young.capacity()) + slots(g.old.capacity())) * Self::SLOT_BYTES
    }
}

impl StateStore for BoundedKeyedStore {
    type Key = ClientKey;

    fn measure_and_replace<T, F, E>(&self, key: &ClientKey, f: F) -> Result<T, E>
    where
        F: Fn(Option<Nanos>) -> Result<(T, Nanos), E>,
    {
        let mut g = self.generations();
        let previous = g.young.get(key).copied().or_else(|| g.old.remove(key));
        let (outcome, next) = f(previous)?;
        if g.young.len() >= MAX_TRACKED_CLIENTS / 2 && !g.young.contains_key(key) {
            g.old = std::mem::take(&mut g.young);
        }
        g.young.insert(*key, next);
        Ok(outcome)
    }
}

impl ShrinkableKeyedStateStore<ClientKey> for BoundedKeyedStore {
    fn retain_recent(&self, drop_below: Nanos) {
        let mut g = self.generations();
        g.young.retain(|_, at| *at >= drop_below);
        g.old.retain(|_, at| *at >= drop_below);
    }

    fn shrink_to_fit(&self) {
        self.shrink();
    }

    fn len(&self) -> usize {
        let g = self.generations();
        g.young.len() + g.old.len()
    }

    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
