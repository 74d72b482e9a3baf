//! Where the receiver remembers which events were handled, and which are being handled.

use std::time::Duration;

use async_trait::async_trait;

use crate::key::EventKey;

/// Identifies one claim on an event, so that releasing a claim that has expired cannot free
/// a newer claim someone else holds. Chosen by the [`Store`] (a counter, a random number, a
/// row version).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClaimId(u64);

impl ClaimId {
    /// Wraps a store's claim number.
    pub const fn new(id: u64) -> Self {
        Self(id)
    }

    /// The store's claim number.
    pub const fn get(self) -> u64 {
        self.0
    }
}

/// What [`Store::claim`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Claim {
    /// Nobody handled the event nor holds a live claim on it: it is now claimed, for the
    /// lease given.
    Claimed(ClaimId),
    /// The event was handled: the delivery is a duplicate.
    Handled,
    /// Someone holds a live claim on it: another delivery of the same event is being
    /// handled right now.
    InFlight,
}

/// A store failed (e.g. its database was unreachable). The delivery is answered 500, so the
/// provider delivers it again.
#[derive(Debug, thiserror::Error)]
#[error("the delivery store failed: {message}")]
pub struct StoreError {
    message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl StoreError {
    /// A failure described by `message`.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            source: None,
        }
    }

    /// A failure caused by `source`.
    pub fn with_source(
        message: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Self {
            message: message.into(),
            source: Some(source.into()),
        }
    }
}

/// The receiver's memory of events: which were handled (so a re-delivery is a duplicate)
/// and which are being handled (so two deliveries of one event never run the handler at
/// the same time).
///
/// [`MemoryStore`](crate::MemoryStore) is the default: bounded, in this process only. A
/// service with several instances, or one that must remember across restarts, implements
/// this for its own database:
///
/// - [`claim`](Store::claim) is atomic (one `INSERT ... ON CONFLICT`, a compare-and-set):
///   of two concurrent claims on one key, one gets [`Claim::Claimed`];
/// - a claim expires after its lease, so a claim left by a crashed process does not block
///   the event forever;
/// - [`mark_handled`](Store::mark_handled) records the key for at least as long as the
///   provider may deliver it again (Craftgate: about 45 minutes after the first delivery,
///   docs/providers/craftgate.md#webhook-delivery; Paywall: undocumented, and a batch's
///   callback can be re-sent on request for 7 days, docs/providers/paywall.md#callback-re-send).
#[async_trait]
pub trait Store: Send + Sync {
    /// Claims `key` for `lease`, unless it was handled or a live claim holds it.
    async fn claim(&self, key: &EventKey, lease: Duration) -> Result<Claim, StoreError>;

    /// Records `key` as handled (and drops any claim on it). From now on a claim finds
    /// [`Claim::Handled`].
    async fn mark_handled(&self, key: &EventKey) -> Result<(), StoreError>;

    /// Drops the claim `claim` on `key` (handling failed or was abandoned), so the next
    /// delivery handles the event. Does nothing when that claim is no longer the live one.
    async fn release(&self, key: &EventKey, claim: ClaimId) -> Result<(), StoreError>;

    /// Whether `key` was recorded as handled.
    async fn is_handled(&self, key: &EventKey) -> Result<bool, StoreError>;
}

#[async_trait]
impl<T: Store + ?Sized> Store for std::sync::Arc<T> {
    async fn claim(&self, key: &EventKey, lease: Duration) -> Result<Claim, StoreError> {
        (**self).claim(key, lease).await
    }

    async fn mark_handled(&self, key: &EventKey) -> Result<(), StoreError> {
        (**self).mark_handled(key).await
    }

    async fn release(&self, key: &EventKey, claim: ClaimId) -> Result<(), StoreError> {
        (**self).release(key, claim).await
    }

    async fn is_handled(&self, key: &EventKey) -> Result<bool, StoreError> {
        (**self).is_handled(key).await
    }
}
