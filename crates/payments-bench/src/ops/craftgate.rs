//! Craftgate: the per-item breakdown of a payment, the reference measurement's operation.

use craftgate_client::{CallExt, Client, CraftgateConfig, types};
use payments::{BaseUrl, Breakdown, PaymentId, Payments, PaymentsConfig};

use crate::failure::{Failure, fail};
use crate::fixtures::{
    CRAFTGATE_API_KEY, CRAFTGATE_ITEMS, CRAFTGATE_PAYMENT_ID, CRAFTGATE_SECRET_KEY,
};
use crate::hand;
use crate::ops::operation::{Operation, ensure};

/// The breakdown of payment [`CRAFTGATE_PAYMENT_ID`], through each layer.
pub struct CraftgateBreakdown {
    hand: hand::craftgate::Craftgate,
    client: Client,
    facade: Payments,
    payment: PaymentId,
}

impl CraftgateBreakdown {
    /// The three callers of the server at `base`.
    pub fn new(base: &BaseUrl) -> Result<Self, Failure> {
        let config = CraftgateConfig::new(CRAFTGATE_API_KEY, CRAFTGATE_SECRET_KEY)
            .with_base_url(base.clone());
        let keys = hand::craftgate::Keys::new(CRAFTGATE_API_KEY, CRAFTGATE_SECRET_KEY)?;
        let facade = PaymentsConfig::builder()
            .craftgate(config.clone())
            .build()
            .map_err(fail)?;
        Ok(Self {
            hand: hand::craftgate::Craftgate::new(hand::wire::http_client()?, base.as_str(), keys),
            client: Client::from_config(&config).map_err(fail)?,
            facade: Payments::new(facade).map_err(fail)?,
            payment: PaymentId::from(CRAFTGATE_PAYMENT_ID),
        })
    }
}

impl Operation for CraftgateBreakdown {
    type Hand = hand::craftgate::ItemList;
    type Client = types::ReportingPaymentTransactionList;
    type Facade = Vec<Breakdown>;

    const TITLE: &'static str = "Craftgate breakdown of a 3-item payment";
    const REQUEST: &'static str = "GET /payment-reporting/v1/payments/1/transactions (signed)";
    const CLIENT: &'static str = "craftgate-client";

    async fn hand(&self) -> Result<Self::Hand, Failure> {
        self.hand.breakdown(CRAFTGATE_PAYMENT_ID).await
    }

    async fn client(&self) -> Result<Self::Client, Failure> {
        self.client
            .retrieve_payment_transactions()
            .id(CRAFTGATE_PAYMENT_ID)
            .send()
            .payload()
            .await
            .map_err(fail)
    }

    async fn facade(&self) -> Result<Self::Facade, Failure> {
        self.facade
            .breakdowns()
            .map_err(fail)?
            .breakdown(&self.payment)
            .await
            .map_err(fail)
    }

    fn check(&self, client: &Self::Client, facade: &Self::Facade) -> Result<(), Failure> {
        ensure(client.items.len() == CRAFTGATE_ITEMS, "every item served")?;
        ensure(facade.len() == client.items.len(), "one breakdown per item")?;
        for (shared, wire) in facade.iter().zip(&client.items) {
            let amount = |m: &Option<payments::Money>| m.as_ref().map(|m| m.amount);
            ensure(
                Some(shared.id.as_str()) == wire.id.map(|i| i.to_string()).as_deref(),
                "item ids",
            )?;
            ensure(shared.name == wire.name, "item names")?;
            ensure(amount(&shared.price) == wire.price, "prices")?;
            ensure(amount(&shared.paid_price) == wire.paid_price, "paid prices")?;
            ensure(
                amount(&shared.refundable_price) == wire.refundable_price,
                "refundable prices",
            )?;
            ensure(
                shared
                    .price
                    .as_ref()
                    .and_then(|m| m.currency.as_ref())
                    .map(|c| c.as_str())
                    == Some("TRY"),
                "the payout's currency on the amounts",
            )?;
            ensure(
                shared.refund_status.is_some() == wire.refund_status.is_some()
                    && shared.transaction_status.is_some() == wire.transaction_status.is_some(),
                "statuses",
            )?;
            ensure(
                shared.sub_merchant.as_ref().map(|s| s.member_id.clone())
                    == wire.sub_merchant_member_id.map(|i| i.to_string()),
                "sub-merchants",
            )?;
            ensure(
                shared
                    .payout
                    .as_ref()
                    .and_then(|p| amount(&p.merchant_amount))
                    == wire.payout.as_ref().and_then(|p| p.merchant_payout_amount),
                "payouts",
            )?;
            ensure(shared.created_at == wire.created_date, "dates")?;
        }
        Ok(())
    }
}
