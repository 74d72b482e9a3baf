//! What the handler receives: a verified, de-duplicated event carrying the provider's
//! queried state.

use bytes::Bytes;
use payments::Provider;
#[cfg(feature = "paywall")]
use payments::{BulkSummary, Payment as CorePayment};
#[cfg(feature = "craftgate")]
use payments::{Payment, Refund};

/// A delivered event, after verification, de-duplication and (unless turned off)
/// confirmation by querying the provider.
///
/// New variants may come with new event kinds; match with a `_` arm.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// A Craftgate webhook about a payment (`API_AUTH`, `API_VERIFY_AND_AUTH`,
    /// `CHECKOUTFORM_AUTH`, `THREEDS_VERIFY`), with the payment as Craftgate reports it.
    #[cfg(feature = "craftgate")]
    CraftgatePayment(CraftgatePayment),
    /// A Craftgate webhook about a refund (`REFUND`, `REFUND_TX`), with the refund as
    /// Craftgate reports it.
    #[cfg(feature = "craftgate")]
    CraftgateRefund(CraftgateRefund),
    /// A Paywall bulk batch whose callback has fully arrived (every page), with every
    /// payment of the batch as Paywall's bulk query reports it, each once.
    #[cfg(feature = "paywall")]
    PaywallBatch(PaywallBatch),
    /// A verified event the receiver has no confirming query for (e.g. Craftgate's
    /// `PAYOUT_COMPLETED`, or an event type that did not exist when this was written). Only
    /// what the provider signs is vouched for; the rest of `raw` is untrusted.
    Unknown(UnknownEvent),
}

impl Event {
    /// The provider that sent it.
    pub fn provider(&self) -> Provider {
        match self {
            #[cfg(feature = "craftgate")]
            Event::CraftgatePayment(_) | Event::CraftgateRefund(_) => Provider::Craftgate,
            #[cfg(feature = "paywall")]
            Event::PaywallBatch(_) => Provider::Paywall,
            Event::Unknown(e) => e.provider,
        }
    }
}

/// The four fields Craftgate signs in a transaction webhook
/// (docs/providers/craftgate.md#webhook-signature): all that a delivery vouches for.
#[cfg(feature = "craftgate")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CraftgateSigned {
    /// What happened (`eventType`).
    pub event_type: craftgate_client::wire::WebhookEventType,
    /// When, in epoch seconds (`eventTimestamp`).
    pub event_timestamp: i64,
    /// Whether the operation succeeded when the event was sent (`status`). The queried
    /// state is newer: prefer it.
    pub status: craftgate_client::wire::WebhookStatus,
    /// The id of the object the event is about (`payloadId`), as text.
    pub payload_id: String,
}

#[cfg(feature = "craftgate")]
impl CraftgateSigned {
    /// `eventTimestamp` as a UTC time, when it is one chrono can represent.
    pub fn occurred_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        chrono::DateTime::from_timestamp(self.event_timestamp, 0)
    }
}

/// A Craftgate webhook about a payment.
#[cfg(feature = "craftgate")]
#[derive(Clone, Debug, PartialEq)]
pub struct CraftgatePayment {
    /// What the webhook signed; `payload_id` is the payment id.
    pub signed: CraftgateSigned,
    /// The payment as Craftgate reported it when queried after the delivery arrived
    /// (`GET /payment-reporting/v1/payments/{id}`). `None` only when confirmation is off.
    pub payment: Option<Payment>,
}

/// Which of Craftgate's two refunds a webhook is about.
#[cfg(feature = "craftgate")]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RefundKind {
    /// A refund of a whole payment (`REFUND`; `payloadId` is the payment refund id).
    Payment,
    /// A refund of one breakdown item (`REFUND_TX`; `payloadId` is the payment
    /// transaction refund id).
    Item,
}

/// A Craftgate webhook about a refund.
#[cfg(feature = "craftgate")]
#[derive(Clone, Debug, PartialEq)]
pub struct CraftgateRefund {
    /// What the webhook signed; `payload_id` is the refund id.
    pub signed: CraftgateSigned,
    /// Which refund.
    pub kind: RefundKind,
    /// The refund as Craftgate reported it when queried after the delivery arrived
    /// (`GET /payment/v1/refunds/{id}` or `/payment/v1/refund-transactions/{id}`). `None`
    /// only when confirmation is off.
    pub refund: Option<Refund>,
}

/// A Paywall bulk batch whose callback pages have all arrived.
#[cfg(feature = "paywall")]
#[derive(Clone, Debug, PartialEq)]
pub struct PaywallBatch {
    /// `BulkPaymentId` (hashed).
    pub bulk_payment_id: String,
    /// The batch's `MerchantUniqueCode` (hashed): what its bulk query is asked by.
    pub merchant_unique_code: String,
    /// How many callback pages the batch came in.
    pub pages: u32,
    /// The batch as Paywall's bulk query reported it when the last page had arrived.
    /// `None` only when confirmation is off.
    pub result: Option<BatchResult>,
}

/// A bulk batch as Paywall's bulk query reports it: its totals and every payment once.
#[cfg(feature = "paywall")]
#[derive(Clone, Debug, PartialEq)]
pub struct BatchResult {
    /// The batch's totals (`TotalPaymentCount`, amounts, ...).
    pub summary: BulkSummary,
    /// Every payment of the batch, each once, in the query's order. Their number is the
    /// summary's `total_count`: the receiver checks it.
    pub payments: Vec<CorePayment>,
}

/// A verified event without a confirming query.
#[derive(Clone, Debug, PartialEq)]
pub struct UnknownEvent {
    /// Who sent it.
    pub provider: Provider,
    /// The provider's event type as received (Craftgate's `eventType`).
    pub event_type: String,
    /// The signed id of what the event is about (Craftgate's `payloadId`), when there is
    /// one.
    pub subject: Option<String>,
    /// The delivery's body as received. Untrusted, apart from the fields the provider
    /// signs.
    pub raw: Bytes,
}
