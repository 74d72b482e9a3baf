//! What the fake Paywall's handlers share: the merchant's key pairs and its data.

use std::sync::{Arc, Mutex};

use super::callback;
use super::model::{Batch, State};
use crate::counter::Counter;
use crate::push::{Hub, PushProvider};

/// One `apikey*` + `apiclient*` pair.
#[derive(Clone)]
pub(crate) struct KeyPair {
    pub(crate) key: String,
    pub(crate) client: String,
}

impl std::fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyPair(***)")
    }
}

/// The merchant's two key pairs (docs/providers/paywall.md#key-pairs).
#[derive(Clone, Debug)]
pub(crate) struct Keys {
    pub(crate) public: KeyPair,
    pub(crate) private: KeyPair,
}

/// Shared by the handlers of both hosts and the `PaywallControl`; `Debug` shows no key.
pub(crate) struct Shared {
    pub(super) keys: Keys,
    pub(super) state: Mutex<State>,
    pub(super) rejected: Counter,
    /// The System Webhook Hash Key (`Hash` of bulk callbacks).
    pub(super) hash_key: String,
    /// Where callbacks go.
    pub(super) hub: Arc<Hub>,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("keys", &self.keys)
            .field("rejected", &self.rejected)
            .finish_non_exhaustive()
    }
}

impl Shared {
    /// Pushes `batch`'s callback for operation `bulk_payment_id` to its callback address and
    /// every Paywall endpoint; the deliveries queued.
    pub(super) fn emit_callback(
        &self,
        state: &State,
        batch: &Batch,
        bulk_payment_id: i64,
    ) -> Vec<u64> {
        let pages = callback::pages(
            &self.hash_key,
            state,
            batch,
            bulk_payment_id,
            state.clock.now(),
        );
        self.hub
            .emit(PushProvider::Paywall, pages, batch.callback_url.clone())
    }
}
