//! [`ReceiverBuilder`]: keys, confirmation, store and limits, checked before any delivery.

use std::sync::Arc;
use std::time::Duration;

#[cfg(feature = "paywall")]
use payments::Paging;
use payments::Provider;
#[cfg(any(feature = "craftgate", feature = "paywall"))]
use payments::Secret;

use crate::confirm::Confirm;
use crate::memory::MemoryStore;
use crate::receiver::Receiver;
use crate::settings::{DEFAULT_LEASE, Settings};
#[cfg(feature = "paywall")]
use crate::settings::{DEFAULT_MAX_BATCH_PAGES, DEFAULT_MAX_BATCH_PAYMENTS};
use crate::store::Store;

/// A receiver configuration that cannot work.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// Neither [`ReceiverBuilder::confirm_with`] nor
    /// [`ReceiverBuilder::without_confirmation`] was called: confirmation is on unless
    /// turned off, and needs something to query with.
    #[error(
        "nothing to confirm deliveries with: give the facade (confirm_with) or turn confirmation off (without_confirmation)"
    )]
    NoConfirmation,
    /// No provider has a key: the receiver could verify nothing.
    #[error("no provider has a key to verify deliveries with")]
    NoKeys,
    /// An empty key: anyone could sign with it.
    #[error("an empty {0} key: anyone could sign with it")]
    EmptyKey(Provider),
    /// A limit of zero.
    #[error("`{0}` must be above zero")]
    Zero(&'static str),
}

/// How confirmation was chosen.
enum Confirmation {
    Unset,
    With(Arc<dyn Confirm>),
    Off,
}

/// Configures a [`Receiver`]. Start with [`Receiver::builder`].
///
/// ```
/// # #[cfg(feature = "craftgate")]
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use std::time::Duration;
///
/// use payments::{CraftgateConfig, Payments, PaymentsConfig, Secret};
/// use payments_webhooks::Receiver;
///
/// // Usually Payments::from_env().
/// let payments = Payments::new(PaymentsConfig {
///     craftgate: Some(CraftgateConfig::new("api-key", "secret-key")),
///     ..PaymentsConfig::default()
/// })?;
/// let receiver = Receiver::builder()
///     .confirm_with(payments)
///     .craftgate_keys([Secret::new("new-webhook-key"), Secret::new("old-webhook-key")])
///     .max_age(Duration::from_secs(3 * 3600))
///     .build()?;
/// # let _ = receiver;
/// # Ok(())
/// # }
/// # #[cfg(not(feature = "craftgate"))]
/// # fn main() {}
/// ```
pub struct ReceiverBuilder {
    confirm: Confirmation,
    store: Option<Arc<dyn Store>>,
    lease: Duration,
    #[cfg(feature = "craftgate")]
    craftgate_keys: Vec<Secret>,
    #[cfg(feature = "craftgate")]
    max_age: Option<Duration>,
    #[cfg(feature = "paywall")]
    paywall_keys: Vec<Secret>,
    #[cfg(feature = "paywall")]
    max_batch_payments: usize,
    #[cfg(feature = "paywall")]
    max_batch_pages: u32,
    #[cfg(feature = "paywall")]
    paging: Paging,
}

impl std::fmt::Debug for ReceiverBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReceiverBuilder").finish_non_exhaustive()
    }
}

impl Receiver {
    /// A builder with the defaults: confirmation on (give it [`confirm_with`](ReceiverBuilder::confirm_with)),
    /// the bounded [`MemoryStore`], a 5-minute lease, no maximum age, Paywall batches of at
    /// most 100,000 payments in at most 1,000 pages. At least one provider needs keys.
    pub fn builder() -> ReceiverBuilder {
        ReceiverBuilder {
            confirm: Confirmation::Unset,
            store: None,
            lease: DEFAULT_LEASE,
            #[cfg(feature = "craftgate")]
            craftgate_keys: Vec::new(),
            #[cfg(feature = "craftgate")]
            max_age: None,
            #[cfg(feature = "paywall")]
            paywall_keys: Vec::new(),
            #[cfg(feature = "paywall")]
            max_batch_payments: DEFAULT_MAX_BATCH_PAYMENTS,
            #[cfg(feature = "paywall")]
            max_batch_pages: DEFAULT_MAX_BATCH_PAGES,
            #[cfg(feature = "paywall")]
            paging: Paging::default(),
        }
    }
}

impl ReceiverBuilder {
    /// Confirms every event through `confirm`: usually the facade, [`payments::Payments`]
    /// (or an `Arc` of it), configured for the providers whose deliveries come in.
    pub fn confirm_with(mut self, confirm: impl Confirm + 'static) -> Self {
        self.confirm = Confirmation::With(Arc::new(confirm));
        self
    }

    /// Turns confirmation off: events carry only what the provider signed (their queried
    /// fields are `None`), and the handler must query the provider itself before trusting
    /// anything else.
    pub fn without_confirmation(mut self) -> Self {
        self.confirm = Confirmation::Off;
        self
    }

    /// Remembers handled events in `store` instead of the default [`MemoryStore`].
    pub fn store(mut self, store: impl Store + 'static) -> Self {
        self.store = Some(Arc::new(store));
        self
    }

    /// How long confirming and handling one event may take (default 5 minutes); also how
    /// long a claim left by a crashed process blocks its event.
    pub fn lease(mut self, lease: Duration) -> Self {
        self.lease = lease;
        self
    }

    /// Craftgate's merchant webhook keys; a webhook signed with any of them is accepted
    /// (list the new and the old key while rotating).
    #[cfg(feature = "craftgate")]
    pub fn craftgate_keys<K: Into<Secret>>(mut self, keys: impl IntoIterator<Item = K>) -> Self {
        self.craftgate_keys = keys.into_iter().map(Into::into).collect();
        self
    }

    /// Refuses Craftgate deliveries whose signed `eventTimestamp` is older than `max_age`
    /// ([`ReceiveError::Stale`](crate::ReceiveError::Stale)). Off by default: Craftgate
    /// re-delivers a failed webhook for about 45 minutes
    /// (docs/providers/craftgate.md#webhook-delivery), so keep it above that. Paywall signs
    /// no time, so its callbacks have no age to check.
    #[cfg(feature = "craftgate")]
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.max_age = Some(max_age);
        self
    }

    /// Paywall's System Webhook Hash Keys; a bulk callback hashed with any of them is
    /// accepted (list the new and the old key while rotating).
    #[cfg(feature = "paywall")]
    pub fn paywall_keys<K: Into<Secret>>(mut self, keys: impl IntoIterator<Item = K>) -> Self {
        self.paywall_keys = keys.into_iter().map(Into::into).collect();
        self
    }

    /// The most payments a confirmed Paywall batch may hold (default 100,000); a larger
    /// batch is [`ReceiveError::BatchTooLarge`](crate::ReceiveError::BatchTooLarge) and is
    /// not handled until the limit is raised.
    #[cfg(feature = "paywall")]
    pub fn max_batch_payments(mut self, max: usize) -> Self {
        self.max_batch_payments = max;
        self
    }

    /// The most pages a Paywall batch's callback may come in (default 1,000); a page
    /// claiming more is malformed. Every page delivery looks up that many page keys at most.
    #[cfg(feature = "paywall")]
    pub fn max_batch_pages(mut self, max: u32) -> Self {
        self.max_batch_pages = max;
        self
    }

    /// How many bulk query pages a batch's confirmation holds at once (default 4).
    #[cfg(feature = "paywall")]
    pub fn paging(mut self, paging: Paging) -> Self {
        self.paging = paging;
        self
    }

    /// Checks the configuration and builds the receiver.
    pub fn build(self) -> Result<Receiver, BuildError> {
        let confirm = match self.confirm {
            Confirmation::Unset => return Err(BuildError::NoConfirmation),
            Confirmation::With(confirm) => Some(confirm),
            Confirmation::Off => None,
        };
        if self.lease.is_zero() {
            return Err(BuildError::Zero("lease"));
        }
        #[cfg(feature = "craftgate")]
        check_keys(Provider::Craftgate, &self.craftgate_keys)?;
        #[cfg(feature = "paywall")]
        {
            check_keys(Provider::Paywall, &self.paywall_keys)?;
            if self.max_batch_payments == 0 {
                return Err(BuildError::Zero("max_batch_payments"));
            }
            if self.max_batch_pages == 0 {
                return Err(BuildError::Zero("max_batch_pages"));
            }
        }
        let keys: &[usize] = &[
            #[cfg(feature = "craftgate")]
            self.craftgate_keys.len(),
            #[cfg(feature = "paywall")]
            self.paywall_keys.len(),
        ];
        if keys.iter().all(|n| *n == 0) {
            return Err(BuildError::NoKeys);
        }
        Ok(Receiver::new(Settings {
            confirm,
            store: self
                .store
                .unwrap_or_else(|| Arc::new(MemoryStore::default())),
            lease: self.lease,
            #[cfg(feature = "craftgate")]
            craftgate_keys: self.craftgate_keys,
            #[cfg(feature = "craftgate")]
            max_age: self.max_age,
            #[cfg(feature = "paywall")]
            paywall_keys: self.paywall_keys,
            #[cfg(feature = "paywall")]
            max_batch_payments: self.max_batch_payments,
            #[cfg(feature = "paywall")]
            max_batch_pages: self.max_batch_pages,
            #[cfg(feature = "paywall")]
            paging: self.paging,
        }))
    }
}

#[cfg(any(feature = "craftgate", feature = "paywall"))]
fn check_keys(provider: Provider, keys: &[Secret]) -> Result<(), BuildError> {
    if keys.iter().any(Secret::is_empty) {
        return Err(BuildError::EmptyKey(provider));
    }
    Ok(())
}

#[cfg(all(test, feature = "craftgate", feature = "paywall"))]
mod tests {
    use super::*;
    use crate::confirm::MockConfirm;

    #[test]
    fn confirmation_must_be_given_or_turned_off() {
        let base = || Receiver::builder().craftgate_keys(["k"]);
        assert_eq!(base().build().unwrap_err(), BuildError::NoConfirmation);
        base().without_confirmation().build().unwrap();
        base().confirm_with(MockConfirm::new()).build().unwrap();
    }

    #[test]
    fn keys_and_limits_are_checked() {
        let off = || Receiver::builder().without_confirmation();
        assert_eq!(off().build().unwrap_err(), BuildError::NoKeys);
        assert_eq!(
            off().craftgate_keys(["k", ""]).build().unwrap_err(),
            BuildError::EmptyKey(Provider::Craftgate)
        );
        assert_eq!(
            off().paywall_keys([""]).build().unwrap_err(),
            BuildError::EmptyKey(Provider::Paywall)
        );
        off().paywall_keys(["k"]).build().unwrap();
        assert_eq!(
            off()
                .paywall_keys(["k"])
                .lease(Duration::ZERO)
                .build()
                .unwrap_err(),
            BuildError::Zero("lease")
        );
        assert_eq!(
            off()
                .paywall_keys(["k"])
                .max_batch_payments(0)
                .build()
                .unwrap_err(),
            BuildError::Zero("max_batch_payments")
        );
        assert_eq!(
            off()
                .paywall_keys(["k"])
                .max_batch_pages(0)
                .build()
                .unwrap_err(),
            BuildError::Zero("max_batch_pages")
        );
    }

    #[test]
    fn debug_shows_no_key() {
        let receiver = Receiver::builder()
            .without_confirmation()
            .craftgate_keys(["cg-s3cret"])
            .paywall_keys(["pw-s3cret"])
            .build()
            .unwrap();
        let shown = format!("{receiver:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("craftgate_keys: 1"), "{shown}");
    }
}
