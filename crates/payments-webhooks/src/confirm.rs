//! [`Confirm`]: the queries that turn a delivery's ids into the provider's own state.

use async_trait::async_trait;
use payments::{BulkPage, PageRequest, Payment, PaymentId, Refund, RefundId, Result};

/// Asking the provider what a delivery is about.
///
/// A delivery vouches only for what the provider signs: Craftgate signs `eventType`,
/// `eventTimestamp`, `status` and `payloadId`; Paywall's bulk `Hash` covers only
/// `BulkPaymentId` and `MerchantUniqueCode`. Everything else in it could have been changed
/// on the way, so the [`Receiver`](crate::Receiver) reads the state from the provider
/// through this trait and hands the handler that.
///
/// Implemented for the facade, [`payments::Payments`] (each provider as configured there),
/// and for `Arc<T>`. With the `mocks` feature, `MockConfirm` is a mockall mock.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait Confirm: Send + Sync {
    /// A Craftgate payment by id (`GET /payment-reporting/v1/payments/{id}`).
    async fn craftgate_payment(&self, id: &PaymentId) -> Result<Payment>;

    /// A Craftgate payment refund by id (`GET /payment/v1/refunds/{id}`).
    async fn craftgate_payment_refund(&self, id: &RefundId) -> Result<Refund>;

    /// A Craftgate breakdown-item refund by id (`GET /payment/v1/refund-transactions/{id}`).
    async fn craftgate_item_refund(&self, id: &RefundId) -> Result<Refund>;

    /// One page of a Paywall bulk batch, by the batch's merchant unique code, with its
    /// totals (`GET /api/paywall/payment/bulk/payment/query`).
    async fn paywall_bulk_page(&self, batch: &str, page: PageRequest) -> Result<BulkPage>;
}

#[async_trait]
impl<T: Confirm + ?Sized> Confirm for std::sync::Arc<T> {
    async fn craftgate_payment(&self, id: &PaymentId) -> Result<Payment> {
        (**self).craftgate_payment(id).await
    }

    async fn craftgate_payment_refund(&self, id: &RefundId) -> Result<Refund> {
        (**self).craftgate_payment_refund(id).await
    }

    async fn craftgate_item_refund(&self, id: &RefundId) -> Result<Refund> {
        (**self).craftgate_item_refund(id).await
    }

    async fn paywall_bulk_page(&self, batch: &str, page: PageRequest) -> Result<BulkPage> {
        (**self).paywall_bulk_page(batch, page).await
    }
}
