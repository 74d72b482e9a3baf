//! What the fake Paywall's handlers share: the merchant's key pairs and its data.

use std::sync::Mutex;

use super::model::State;
use crate::counter::Counter;

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

/// Shared by the handlers of both hosts and the `PaywallControl`.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(super) keys: Keys,
    pub(super) state: Mutex<State>,
    pub(super) rejected: Counter,
}
