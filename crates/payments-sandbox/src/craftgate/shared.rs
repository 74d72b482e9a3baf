//! What the fake Craftgate's handlers share.

use std::sync::Mutex;

use super::model::State;
use crate::counter::Counter;

/// Shared by the handlers and the `CraftgateControl`.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(super) api_key: String,
    pub(super) secret_key: String,
    pub(super) state: Mutex<State>,
    pub(super) rejected: Counter,
}
