//! What the fake Craftgate's handlers share.

use std::sync::{Arc, Mutex};

use chrono::NaiveDateTime;
use serde_json::Value;

use super::idempotency::Idempotency;
use super::model::State;
use super::webhook;
use crate::counter::Counter;
use crate::push::{Hub, PushProvider};

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
    /// Pushes the webhooks a booked refund stands for (`answer`, booked at `time` on the
    /// Istanbul wall clock, `timestamp` in epoch seconds), each on its own schedule; the
    /// deliveries queued.
    pub(super) fn emit_refund(
        &self,
        answer: &Value,
        time: NaiveDateTime,
        timestamp: i64,
    ) -> Vec<u64> {
        webhook::refund_events(answer)
            .into_iter()
            .flat_map(|(event_type, id)| {
                let message = webhook::message(&self.webhook_key, event_type, id, time, timestamp);
                self.hub.emit(PushProvider::Craftgate, vec![message], None)
            })
            .collect()
    }
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("rejected", &self.rejected)
            .finish_non_exhaustive()
    }
}
