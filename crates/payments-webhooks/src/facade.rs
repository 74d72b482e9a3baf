//! [`Confirm`] for the facade: every query goes through [`Payments`], under its request
//! policy (timeouts, retries of reads).

use async_trait::async_trait;
#[cfg(not(feature = "craftgate"))]
use payments::ErrorKind;
use payments::{
    BulkPage, PageRequest, Payment, PaymentId, PaymentRef, Payments, Provider, Refund, RefundId,
    Result,
};

use crate::confirm::Confirm;

/// The error for a query this build cannot make.
#[cfg(not(feature = "craftgate"))]
fn feature_off(provider: Provider, feature: &str) -> payments::PaymentsError {
    payments::PaymentsError::new(
        provider,
        ErrorKind::Configuration,
        format!("payments-webhooks was built without its `{feature}` feature"),
    )
}

#[async_trait]
impl Confirm for Payments {
    async fn craftgate_payment(&self, id: &PaymentId) -> Result<Payment> {
        self.lookup(Provider::Craftgate)?
            .payment(&PaymentRef::Id(id.clone()))
            .await
    }

    async fn craftgate_payment_refund(&self, id: &RefundId) -> Result<Refund> {
        #[cfg(feature = "craftgate")]
        return self.craftgate()?.payment_refund(id).await;
        #[cfg(not(feature = "craftgate"))]
        {
            let _ = id;
            Err(feature_off(Provider::Craftgate, "craftgate"))
        }
    }

    async fn craftgate_item_refund(&self, id: &RefundId) -> Result<Refund> {
        #[cfg(feature = "craftgate")]
        return self.craftgate()?.item_refund(id).await;
        #[cfg(not(feature = "craftgate"))]
        {
            let _ = id;
            Err(feature_off(Provider::Craftgate, "craftgate"))
        }
    }

    async fn paywall_bulk_page(&self, batch: &str, page: PageRequest) -> Result<BulkPage> {
        self.bulk()?.bulk_page(batch, page).await
    }
}
