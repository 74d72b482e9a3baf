//! Triggers: actions the sandbox performs so that a provider emits its event through the
//! normal path (the same booking and the same push as an API call), and Paywall batches made
//! through the sandbox's seeding API.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::push::PushProvider;

/// An action for the sandbox to perform ([`Sandbox::trigger`](crate::Sandbox::trigger),
/// `POST /trigger` on the control listener, `payments trigger`). Each is booked exactly as
/// the provider's API would book it, so it emits what that call emits.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Trigger {
    /// Craftgate `payment-refunded`: refunds everything left of payment `payment`, as
    /// `POST /payment/v1/refunds` does (a `CANCEL` on its day with nothing refunded yet,
    /// else one item refund per item with something left). Emits `REFUND` or `REFUND_TX`.
    CraftgatePaymentRefunded {
        /// The payment id.
        payment: i64,
    },
    /// Craftgate `item-refunded`: refunds `amount` (default: the rest) of payment item
    /// (payment transaction) `item`, as `POST /payment/v1/refund-transactions` does. Emits
    /// `REFUND_TX`.
    CraftgateItemRefunded {
        /// The payment transaction id.
        item: i64,
        /// How much; `None` for what is left.
        amount: Option<Decimal>,
    },
    /// Paywall `bulk-completed`: the batch `batch` (its `MerchantUniqueCode`) reports again,
    /// as `POST .../bulk/payment/send/callback` makes it (batches up to 7 days old). Emits
    /// the bulk callback.
    PaywallBulkCompleted {
        /// The batch's `MerchantUniqueCode`.
        batch: String,
    },
    /// Paywall `bulk-cancelled`: cancels the batch, as `POST .../bulk/payment/cancel` does
    /// (on its payment day only). Emits the bulk callback.
    PaywallBulkCancelled {
        /// The batch's `MerchantUniqueCode`.
        batch: String,
    },
    /// Paywall `bulk-refunded`: refunds the batch, as `POST .../bulk/payment/refund` does
    /// (after its payment day only). Emits the bulk callback.
    PaywallBulkRefunded {
        /// The batch's `MerchantUniqueCode`.
        batch: String,
    },
}

/// Every trigger: provider, event name, what it takes, what it does. For help texts.
pub const TRIGGERS: [(PushProvider, &str, &str, &str); 5] = [
    (
        PushProvider::Craftgate,
        "payment-refunded",
        "payment",
        "refund everything left of a payment (REFUND for a same-day cancel, else REFUND_TX per item)",
    ),
    (
        PushProvider::Craftgate,
        "item-refunded",
        "item [amount]",
        "refund one payment item, or part of it (REFUND_TX)",
    ),
    (
        PushProvider::Paywall,
        "bulk-completed",
        "batch",
        "send a batch's bulk callback again (batches up to 7 days old)",
    ),
    (
        PushProvider::Paywall,
        "bulk-cancelled",
        "batch",
        "cancel a batch on its payment day (bulk callback)",
    ),
    (
        PushProvider::Paywall,
        "bulk-refunded",
        "batch",
        "refund a batch after its payment day (bulk callback)",
    ),
];

/// A trigger as JSON (`POST /trigger`): `{"provider": "craftgate", "event":
/// "payment-refunded", "payment": 1001}`; `item` and `amount` (a JSON number) for
/// `item-refunded`, `batch` for Paywall's events.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TriggerRequest {
    /// `craftgate` or `paywall`.
    pub provider: Option<PushProvider>,
    /// The event name ([`TRIGGERS`]).
    pub event: String,
    /// A Craftgate payment id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<i64>,
    /// A Craftgate payment item (payment transaction) id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<i64>,
    /// An amount, exact.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "rust_decimal::serde::arbitrary_precision_option"
    )]
    pub amount: Option<Decimal>,
    /// A Paywall batch's `MerchantUniqueCode`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<String>,
}

impl TriggerRequest {
    /// A request for `event` of `provider`, its arguments to be set.
    pub fn new(provider: PushProvider, event: impl Into<String>) -> Self {
        Self {
            provider: Some(provider),
            event: event.into(),
            ..Self::default()
        }
    }
}

/// Why a trigger (or a seeding) was not performed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TriggerError {
    /// No such event for the provider ([`TRIGGERS`] lists them).
    #[error("{provider} has no event `{event}` to trigger (it has: {known})")]
    UnknownEvent {
        /// The provider.
        provider: String,
        /// The event asked for.
        event: String,
        /// The provider's events.
        known: String,
    },
    /// An argument the event needs is missing.
    #[error("`{event}` needs `{argument}`")]
    Missing {
        /// The event.
        event: String,
        /// The missing argument.
        argument: &'static str,
    },
    /// An argument is out of range or malformed (a batch size, a callback address, an empty
    /// code).
    #[error("{0}")]
    Invalid(String),
    /// The payment, item or batch does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The provider refused the action, with its reason (nothing left to refund, the wrong
    /// day, ...).
    #[error("{0}")]
    Refused(String),
}

impl TryFrom<TriggerRequest> for Trigger {
    type Error = TriggerError;

    fn try_from(request: TriggerRequest) -> Result<Self, Self::Error> {
        let provider = request.provider.ok_or_else(|| TriggerError::Missing {
            event: request.event.clone(),
            argument: "provider",
        })?;
        let missing = |argument| TriggerError::Missing {
            event: request.event.clone(),
            argument,
        };
        let batch = || request.batch.clone().ok_or_else(|| missing("batch"));
        match (provider, request.event.as_str()) {
            (PushProvider::Craftgate, "payment-refunded") => Ok(Self::CraftgatePaymentRefunded {
                payment: request.payment.ok_or_else(|| missing("payment"))?,
            }),
            (PushProvider::Craftgate, "item-refunded") => Ok(Self::CraftgateItemRefunded {
                item: request.item.ok_or_else(|| missing("item"))?,
                amount: request.amount,
            }),
            (PushProvider::Paywall, "bulk-completed") => {
                Ok(Self::PaywallBulkCompleted { batch: batch()? })
            }
            (PushProvider::Paywall, "bulk-cancelled") => {
                Ok(Self::PaywallBulkCancelled { batch: batch()? })
            }
            (PushProvider::Paywall, "bulk-refunded") => {
                Ok(Self::PaywallBulkRefunded { batch: batch()? })
            }
            (provider, event) => Err(TriggerError::UnknownEvent {
                provider: provider.to_string(),
                event: event.to_string(),
                known: TRIGGERS
                    .iter()
                    .filter(|(p, ..)| *p == provider)
                    .map(|(_, name, ..)| *name)
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    }
}

/// What a trigger did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Triggered {
    /// In a few words (`refunded payment 1001: item refunds 4001, 4002`).
    pub summary: String,
    /// The deliveries it queued ([`Delivery::id`](crate::Delivery::id)); empty when no
    /// endpoint is registered.
    pub deliveries: Vec<u64>,
}

/// A Paywall batch to make ([`PaywallControl::seed_batch`](crate::PaywallControl::seed_batch),
/// `POST /paywall/batches`): what a bulk start would make (the clients do not start batches;
/// docs/providers/paywall.md#bulk-start).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BatchSeed {
    /// How many payments, from 1 to 1,000,000. They succeed, but every 97th is declined.
    pub size: usize,
    /// Its `MerchantUniqueCode`; default `sandbox-bulk-<BulkPaymentId>`.
    #[serde(default)]
    pub merchant_unique_code: Option<String>,
    /// Its callback address (`PaymentDetail.CallbackAddress`), an `http://` URL; the
    /// registered Paywall endpoints get its callbacks as well.
    #[serde(default)]
    pub callback_url: Option<String>,
    /// How many days before today (Paywall's day) it was made: 0 (it can be cancelled) or
    /// more (it can be refunded). Default 1.
    #[serde(default = "one")]
    pub days_ago: u32,
}

fn one() -> u32 {
    1
}

impl BatchSeed {
    /// A batch of `size` payments made yesterday, no callback address.
    pub fn new(size: usize) -> Self {
        Self {
            size,
            merchant_unique_code: None,
            callback_url: None,
            days_ago: 1,
        }
    }
}

/// A batch made by the seeding API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SeededBatch {
    /// Its `MerchantUniqueCode`.
    pub merchant_unique_code: String,
    /// Its `BulkPaymentId`.
    pub bulk_payment_id: i64,
    /// Its payment day.
    pub date: NaiveDate,
    /// How many payments it holds.
    pub payment_count: usize,
    /// The deliveries of its completion callback.
    pub deliveries: Vec<u64>,
}
