//! What the fake Craftgate's handlers share.

use std::sync::{Arc, Mutex};

use serde_json::Value;

use super::error::CgError;
use super::idempotency::Idempotency;
use super::model::State;
use super::webhook;
use crate::counter::Counter;
use crate::push::{Hub, PushProvider};
use crate::util::lock;

/// Shared by the handlers and the `CraftgateControl`; `Debug` shows neither key.
pub(crate) struct Shared {
    pub(super) api_key: String,
    pub(super) secret_key: String,
    pub(super) state: Mutex<State>,
    pub(super) rejected: Counter,
    /// The `x-idempotency-key`s seen and their answers.
    pub(super) idempotency: Arc<Idempotency>,
    /// The merchant's webhook key (`x-cg-signature-v1`).
    pub(super) webhook_key: String,
    /// Where webhooks go.
    pub(super) hub: Arc<Hub>,
}

impl Shared {
    /// Books a refund with `book` (under the state's lock) and pushes the webhooks its
    /// answer stands for, each on its own schedule, stamped with the time it was booked:
    /// the answer and the deliveries queued.
    pub(super) fn book_refund(
        &self,
        book: impl FnOnce(&mut State) -> Result<Value, CgError>,
    ) -> Result<(Value, Vec<u64>), CgError> {
        let mut state = lock(&self.state);
        let answer = book(&mut state)?;
        let (time, timestamp) = state.clock.now_and_timestamp();
        drop(state);
        let deliveries = webhook::refund_events(&answer)
            .into_iter()
            .flat_map(|(event_type, id)| {
                let message = webhook::message(&self.webhook_key, event_type, id, time, timestamp);
                self.hub.emit(PushProvider::Craftgate, vec![message], None)
            })
            .collect();
        Ok((answer, deliveries))
    }
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("rejected", &self.rejected)
            .finish_non_exhaustive()
    }
}
