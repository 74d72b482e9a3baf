//! [`ClaimGuard`]: a claim on an event that is released however handling ends.

use std::sync::Arc;

use crate::key::EventKey;
use crate::store::{ClaimId, Store, StoreError};

/// Holds a [`Store`] claim while an event is handled. Ends with [`handled`](Self::handled)
/// or [`release`](Self::release); if the handling future is dropped first (the provider
/// hung up and the server dropped the request), the claim is released in the background,
/// so the next delivery is handled without waiting for the lease to run out.
pub(crate) struct ClaimGuard {
    store: Arc<dyn Store>,
    key: EventKey,
    id: ClaimId,
    armed: bool,
}

impl ClaimGuard {
    pub(crate) fn new(store: Arc<dyn Store>, key: EventKey, id: ClaimId) -> Self {
        Self {
            store,
            key,
            id,
            armed: true,
        }
    }

    /// Records the event as handled.
    pub(crate) async fn handled(mut self) -> Result<(), StoreError> {
        self.armed = false;
        self.store.mark_handled(&self.key).await
    }

    /// Gives the claim up: the next delivery handles the event.
    pub(crate) async fn release(mut self) {
        self.armed = false;
        if let Err(error) = self.store.release(&self.key, self.id).await {
            tracing::warn!(key = %self.key, %error,
                "releasing a claim failed; it expires with its lease");
        }
    }
}

impl Drop for ClaimGuard {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        let (store, key, id) = (Arc::clone(&self.store), self.key.clone(), self.id);
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move {
                    if let Err(error) = store.release(&key, id).await {
                        tracing::warn!(%key, %error,
                            "releasing an abandoned claim failed; it expires with its lease");
                    }
                });
            }
            Err(_) => tracing::warn!(%key,
                "a claim was abandoned outside a Tokio runtime; it expires with its lease"),
        }
    }
}
