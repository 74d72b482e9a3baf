//! Refunds.

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

use crate::ids::{ItemId, PaymentId, RefundId};
use crate::money::Money;
use crate::payment::PaymentRef;
use crate::status::RefundOutcome;

/// What to refund.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RefundTarget {
    /// A whole payment (or part of it, with an amount).
    Payment(PaymentRef),
    /// One item of a payment's breakdown.
    Item(ItemId),
}

impl std::fmt::Display for RefundTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RefundTarget::Payment(payment) => payment.fmt(f),
            RefundTarget::Item(item) => write!(f, "breakdown item {item}"),
        }
    }
}

/// A refund to make.
#[derive(Clone, Debug, PartialEq)]
pub struct RefundRequest {
    /// What to refund.
    pub target: RefundTarget,
    /// How much; `None` refunds everything that is refundable.
    pub amount: Option<Decimal>,
    /// The day of the original payment in Paywall's day: its business day in Istanbul
    /// (UTC+3, inferred; docs/providers/paywall.md#time-zone), which from 21:00 to 24:00 UTC
    /// is already the next UTC day. Paywall needs it to find the payment, and that day
    /// decides cancel (on it) versus refund (after it). Sent as given: the library never
    /// converts it and never decides "same day" itself.
    pub payment_date: Option<NaiveDate>,
    /// A key that makes retrying the same refund safe, where the provider honours one.
    pub idempotency_key: Option<String>,
    /// The merchant's own reference for the refund.
    pub reference: Option<String>,
}

impl RefundRequest {
    /// A full refund of `target`.
    pub fn full(target: RefundTarget) -> Self {
        Self {
            target,
            amount: None,
            payment_date: None,
            idempotency_key: None,
            reference: None,
        }
    }

    /// A partial refund of `amount`.
    pub fn partial(target: RefundTarget, amount: Decimal) -> Self {
        Self {
            amount: Some(amount),
            ..Self::full(target)
        }
    }
}

/// A refund as the provider reports it.
#[derive(Clone, Debug, PartialEq)]
pub struct Refund {
    /// The refund's id, when the provider returns one.
    pub id: Option<RefundId>,
    /// The refunded payment, when reported.
    pub payment_id: Option<PaymentId>,
    /// The refunded item, for item refunds.
    pub item_id: Option<ItemId>,
    /// The refunded amount, when reported.
    pub amount: Option<Money>,
    /// The outcome.
    pub outcome: RefundOutcome,
    /// The provider's outcome value as received.
    pub raw_outcome: String,
    /// When the refund was made (provider wall-clock time, no zone).
    pub created_at: Option<NaiveDateTime>,
    /// The idempotency key the refund request carried, where the provider honours one.
    pub idempotency_key: Option<String>,
}
