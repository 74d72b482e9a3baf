//! [`MemoryStore`]: the default [`Store`], bounded, in this process.

use std::collections::{HashMap, HashSet, VecDeque};
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use async_trait::async_trait;
use tokio::time::Instant;

use crate::key::EventKey;
use crate::store::{Claim, ClaimId, Store, StoreError};

/// A [`Store`] in this process's memory, holding at most `capacity` handled keys.
///
/// When a key is recorded beyond the capacity, the oldest recorded key is forgotten (first
/// in, first out): a delivery of that event after it was forgotten would be handled again.
/// Size the capacity above the events you receive during the providers' re-delivery window
/// (Craftgate re-delivers for about 45 minutes, docs/providers/craftgate.md#webhook-delivery);
/// the default, 100,000 keys, covers over 35 events a second for that long. A key takes
/// about 250 bytes (80 for the key, its three or four short texts, one shared allocation in
/// two indexes), so the default holds about 25 MB at most. Each page of a Paywall bulk
/// callback takes one key, its batch another.
///
/// Live claims (deliveries being handled) are held apart, at most `capacity` of them:
/// expired claims are swept when the limit is reached, and a claim beyond it is refused
/// with a [`StoreError`] (the delivery is answered 500 and comes again).
///
/// Everything is lost when the process ends: several instances, or a restart within the
/// re-delivery window, need a [`Store`] of your own.
#[derive(Debug)]
pub struct MemoryStore {
    capacity: NonZeroUsize,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// The handled keys, each shared with its place in `order`.
    handled: HashSet<Arc<EventKey>>,
    /// The handled keys, oldest first.
    order: VecDeque<Arc<EventKey>>,
    /// Live and expired claims: who holds each, until when.
    claims: HashMap<EventKey, (ClaimId, Instant)>,
    /// The last claim number handed out.
    last_claim: u64,
}

impl MemoryStore {
    /// The default capacity: 100,000 keys.
    pub const DEFAULT_CAPACITY: NonZeroUsize = match NonZeroUsize::new(100_000) {
        Some(n) => n,
        None => NonZeroUsize::MIN,
    };

    /// A store remembering at most `capacity` handled keys.
    pub fn with_capacity(capacity: NonZeroUsize) -> Self {
        Self {
            capacity,
            state: Mutex::new(State::default()),
        }
    }

    /// How many handled keys it remembers at most.
    pub fn capacity(&self) -> NonZeroUsize {
        self.capacity
    }

    /// How many handled keys it remembers now.
    pub fn len(&self) -> usize {
        self.lock().handled.len()
    }

    /// Whether it remembers no handled key.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Every update below leaves the state consistent before anything can panic.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for MemoryStore {
    fn default() -> Self {
        Self::with_capacity(Self::DEFAULT_CAPACITY)
    }
}

#[async_trait]
impl Store for MemoryStore {
    async fn claim(&self, key: &EventKey, lease: Duration) -> Result<Claim, StoreError> {
        let now = Instant::now();
        let mut state = self.lock();
        if state.handled.contains(key) {
            return Ok(Claim::Handled);
        }
        if state.claims.get(key).is_some_and(|(_, until)| *until > now) {
            return Ok(Claim::InFlight);
        }
        if state.claims.len() >= self.capacity.get() && !state.claims.contains_key(key) {
            state.claims.retain(|_, (_, until)| *until > now);
            if state.claims.len() >= self.capacity.get() {
                return Err(StoreError::new(format!(
                    "more than {} deliveries are being handled at once",
                    self.capacity
                )));
            }
        }
        state.last_claim = state.last_claim.wrapping_add(1);
        let id = ClaimId::new(state.last_claim);
        let until = now
            .checked_add(lease)
            .or_else(|| now.checked_add(Duration::from_secs(86_400)))
            .unwrap_or(now);
        state.claims.insert(key.clone(), (id, until));
        Ok(Claim::Claimed(id))
    }

    async fn mark_handled(&self, key: &EventKey) -> Result<(), StoreError> {
        let mut state = self.lock();
        state.claims.remove(key);
        if state.handled.contains(key) {
            return Ok(());
        }
        let key = Arc::new(key.clone());
        state.handled.insert(Arc::clone(&key));
        state.order.push_back(key);
        while state.handled.len() > self.capacity.get() {
            let Some(oldest) = state.order.pop_front() else {
                break;
            };
            state.handled.remove(&oldest);
        }
        Ok(())
    }

    async fn release(&self, key: &EventKey, claim: ClaimId) -> Result<(), StoreError> {
        let mut state = self.lock();
        if state.claims.get(key).is_some_and(|(id, _)| *id == claim) {
            state.claims.remove(key);
        }
        Ok(())
    }

    async fn is_handled(&self, key: &EventKey) -> Result<bool, StoreError> {
        Ok(self.lock().handled.contains(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u32) -> EventKey {
        EventKey::PaywallPage {
            bulk_payment_id: "389".into(),
            page: n,
        }
    }

    fn claimed(claim: Claim) -> ClaimId {
        match claim {
            Claim::Claimed(id) => id,
            other => panic!("expected a claim, got {other:?}"),
        }
    }

    const LEASE: Duration = Duration::from_secs(60);

    #[tokio::test]
    async fn a_claim_excludes_others_until_released_or_handled() {
        let store = MemoryStore::default();
        let first = claimed(store.claim(&key(1), LEASE).await.unwrap());
        assert_eq!(store.claim(&key(1), LEASE).await.unwrap(), Claim::InFlight);
        // Another key is independent.
        claimed(store.claim(&key(2), LEASE).await.unwrap());

        store.release(&key(1), first).await.unwrap();
        let second = claimed(store.claim(&key(1), LEASE).await.unwrap());
        assert_ne!(first, second);
        // Releasing the old claim again does not free the new one.
        store.release(&key(1), first).await.unwrap();
        assert_eq!(store.claim(&key(1), LEASE).await.unwrap(), Claim::InFlight);

        store.mark_handled(&key(1)).await.unwrap();
        assert!(store.is_handled(&key(1)).await.unwrap());
        assert_eq!(store.claim(&key(1), LEASE).await.unwrap(), Claim::Handled);
        // A release after handling changes nothing.
        store.release(&key(1), second).await.unwrap();
        assert_eq!(store.claim(&key(1), LEASE).await.unwrap(), Claim::Handled);
    }

    /// A lease long enough that a check right after a claim falls within it, short enough
    /// to wait out.
    const SHORT: Duration = Duration::from_millis(800);

    #[tokio::test]
    async fn a_claim_expires_after_its_lease() {
        let store = MemoryStore::default();
        let first = claimed(store.claim(&key(1), SHORT).await.unwrap());
        assert_eq!(store.claim(&key(1), LEASE).await.unwrap(), Claim::InFlight);
        tokio::time::sleep(SHORT).await;
        let second = claimed(store.claim(&key(1), LEASE).await.unwrap());
        assert_ne!(first, second);
        // The expired holder's release leaves the new claim alone.
        store.release(&key(1), first).await.unwrap();
        assert_eq!(store.claim(&key(1), LEASE).await.unwrap(), Claim::InFlight);
    }

    #[tokio::test]
    async fn handled_keys_are_bounded_oldest_out_first() {
        let store = MemoryStore::with_capacity(NonZeroUsize::new(3).unwrap());
        for n in 1..=3 {
            store.mark_handled(&key(n)).await.unwrap();
        }
        // Recording a key again neither duplicates it nor moves it.
        store.mark_handled(&key(1)).await.unwrap();
        assert_eq!(store.len(), 3);
        store.mark_handled(&key(4)).await.unwrap();
        assert_eq!(store.len(), 3);
        assert!(!store.is_handled(&key(1)).await.unwrap());
        for n in 2..=4 {
            assert!(store.is_handled(&key(n)).await.unwrap(), "{n}");
        }
        store.mark_handled(&key(5)).await.unwrap();
        store.mark_handled(&key(6)).await.unwrap();
        assert_eq!(store.len(), 3);
        let state = store.lock();
        assert_eq!(state.order.len(), 3, "the order index is bounded too");
        assert!(state.claims.is_empty());
    }

    #[tokio::test]
    async fn live_claims_are_bounded_and_expired_ones_swept() {
        let store = MemoryStore::with_capacity(NonZeroUsize::new(2).unwrap());
        claimed(store.claim(&key(1), LEASE).await.unwrap());
        claimed(store.claim(&key(2), SHORT).await.unwrap());
        let err = store.claim(&key(3), LEASE).await.unwrap_err();
        assert!(err.to_string().contains("more than 2"), "{err}");
        tokio::time::sleep(SHORT).await;
        // Key 2's claim expired: swept to make room.
        claimed(store.claim(&key(3), LEASE).await.unwrap());
        assert_eq!(store.lock().claims.len(), 2);
    }
}
