//! What the fake Craftgate's handlers share.

use std::sync::{Arc, Mutex};

use super::idempotency::Idempotency;
use super::model::State;
use crate::counter::Counter;

/// Shared by the handlers and the `CraftgateControl`; `Debug` shows neither key.
pub(crate) struct Shared {
    pub(super) api_key: String,
    pub(super) secret_key: String,
    pub(super) state: Mutex<State>,
    pub(super) rejected: Counter,
    /// The `x-idempotency-key`s seen and their answers.
    pub(super) idempotency: Arc<Idempotency>,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("rejected", &self.rejected)
            .finish_non_exhaustive()
    }
}
