//! Payments and bulk payment batches.

use std::borrow::Cow;

use chrono::NaiveDateTime;

use crate::ids::PaymentId;
use crate::money::Money;
use crate::page::Page;
use crate::status::{PaymentActivity, PaymentStatus, RefundStatus};

/// How to find a payment.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PaymentRef {
    /// The provider's payment id.
    Id(PaymentId),
    /// The merchant's own reference (Paywall's MerchantUniqueCode).
    MerchantReference(String),
}

impl std::fmt::Display for PaymentRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PaymentRef::Id(id) => write!(f, "payment {id}"),
            PaymentRef::MerchantReference(r) => write!(f, "merchant reference {r}"),
        }
    }
}

/// The provider's own explanation of a failure attached to a payment (what Craftgate calls
/// `paymentError`).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PaymentError {
    /// The provider's code.
    pub code: Option<String>,
    /// The provider's message.
    pub message: Option<String>,
    /// The provider's error group (Craftgate).
    pub group: Option<String>,
}

/// A payment as its provider reports it.
#[derive(Clone, Debug, PartialEq)]
pub struct Payment {
    /// The provider's payment id.
    pub id: PaymentId,
    /// The merchant's own reference, when there is one.
    pub merchant_reference: Option<String>,
    /// The amount.
    pub amount: Money,
    /// The amount actually charged, when it differs from `amount` (commissions, wallet).
    pub paid_amount: Option<Money>,
    /// Where the payment stands.
    pub status: PaymentStatus,
    /// The provider's status value as received. A value the client knows is a static
    /// string (nothing is allocated per record); an unknown one is owned.
    pub raw_status: Cow<'static, str>,
    /// How much has been refunded, when the provider says.
    pub refund_status: Option<RefundStatus>,
    /// What kind of record this is (sale, cancellation, refund), when the provider says.
    pub activity: Option<PaymentActivity>,
    /// The provider's error, for failed payments.
    pub error: Option<PaymentError>,
    /// When the payment was made (provider wall-clock time, no zone).
    pub created_at: Option<NaiveDateTime>,
}

/// Totals of a bulk payment batch.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct BulkSummary {
    /// Whether the provider accepted the batch for processing (not: whether it was paid).
    pub accepted: bool,
    /// Number of payments in the batch.
    pub total_count: u64,
    /// Their total amount, when reported.
    pub total_amount: Option<Money>,
    /// Number of successful payments, when reported.
    pub succeeded_count: Option<u64>,
    /// Their amount.
    pub succeeded_amount: Option<Money>,
    /// Number of failed payments, when reported.
    pub failed_count: Option<u64>,
    /// Their amount.
    pub failed_amount: Option<Money>,
    /// Number of payments that could not be processed, when reported.
    pub unprocessed_count: Option<u64>,
    /// Their amount.
    pub unprocessed_amount: Option<Money>,
}

/// One page of a bulk batch, with the batch's totals.
#[derive(Clone, Debug, PartialEq)]
pub struct BulkPage {
    /// The batch's totals.
    pub summary: BulkSummary,
    /// The payments on this page.
    pub payments: Page<Payment>,
}
