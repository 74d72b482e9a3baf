//! What a [`Receiver`](crate::Receiver) is configured with, and the defaults.

use std::sync::Arc;
use std::time::Duration;

#[cfg(feature = "paywall")]
use payments::Paging;
#[cfg(any(feature = "craftgate", feature = "paywall"))]
use payments::Secret;

use crate::confirm::Confirm;
use crate::store::Store;

/// The default lease: how long confirming and handling one event may take.
pub(crate) const DEFAULT_LEASE: Duration = Duration::from_secs(300);

/// The default for the most payments a confirmed Paywall batch may hold.
#[cfg(feature = "paywall")]
pub(crate) const DEFAULT_MAX_BATCH_PAYMENTS: usize = 100_000;

/// The default for the most pages a Paywall batch's callback may come in.
#[cfg(feature = "paywall")]
pub(crate) const DEFAULT_MAX_BATCH_PAGES: u32 = 1_000;

/// A receiver's configuration, checked by the builder.
pub(crate) struct Settings {
    /// `None`: confirmation turned off.
    pub(crate) confirm: Option<Arc<dyn Confirm>>,
    pub(crate) store: Arc<dyn Store>,
    pub(crate) lease: Duration,
    /// Craftgate's webhook keys (empty: Craftgate not received).
    #[cfg(feature = "craftgate")]
    pub(crate) craftgate_keys: Vec<Secret>,
    /// The oldest a Craftgate delivery may be (by its signed `eventTimestamp`).
    #[cfg(feature = "craftgate")]
    pub(crate) max_age: Option<Duration>,
    /// Paywall's System Webhook Hash Keys (empty: Paywall not received).
    #[cfg(feature = "paywall")]
    pub(crate) paywall_keys: Vec<Secret>,
    #[cfg(feature = "paywall")]
    pub(crate) max_batch_payments: usize,
    #[cfg(feature = "paywall")]
    pub(crate) max_batch_pages: u32,
    /// How a batch's query pages after the first are fetched ahead.
    #[cfg(feature = "paywall")]
    pub(crate) paging: Paging,
}
