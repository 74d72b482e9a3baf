//! What the fake Craftgate's handlers share.

use std::sync::{Arc, Mutex};

use super::idempotency::Idempotency;
use super::model::State;
use crate::counter::Counter;

/// Shared by the handlers and the `CraftgateControl`.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(super) api_key: String,
    pub(super) secret_key: String,
    pub(super) state: Mutex<State>,
    pub(super) rejected: Counter,
    /// The `x-idempotency-key`s seen and their answers.
    pub(super) idempotency: Arc<Idempotency>,
}
