//! Paywall: one payment by id (PaymentPrivateAPI, the envelope) and one bulk page
//! (PaymentAPI, the bare-or-enveloped answer).

use std::num::NonZeroU32;

use payments::{
    BaseUrl, BulkPage, PageRequest, Payment, PaymentId, PaymentRef, Payments, PaymentsConfig,
    Provider, RefundStatus,
};
use paywall_client::{CallExt, Client, PaywallConfig, types};

use crate::failure::{Failure, fail};
use crate::fixtures::{
    PAYWALL_BATCH, PAYWALL_PAGE_NUMBER, PAYWALL_PAGE_SIZE, PAYWALL_PAYMENT_ID, PAYWALL_PRIVATE,
    PAYWALL_PUBLIC,
};
use crate::hand;
use crate::ops::operation::{Operation, ensure};

/// The three callers every Paywall operation uses.
struct Callers {
    hand: hand::paywall::Paywall,
    client: Client,
    facade: Payments,
}

impl Callers {
    /// Callers of the server at `base`, which serves both PaymentAPI and PaymentPrivateAPI.
    fn new(base: &BaseUrl) -> Result<Self, Failure> {
        let config = PaywallConfig::with_urls(base.clone(), base.clone())
            .with_public_keys(PAYWALL_PUBLIC.0, PAYWALL_PUBLIC.1)
            .with_private_keys(PAYWALL_PRIVATE.0, PAYWALL_PRIVATE.1);
        let facade = PaymentsConfig::builder()
            .paywall(config.clone())
            .build()
            .map_err(fail)?;
        Ok(Self {
            hand: hand::paywall::Paywall::new(
                hand::wire::http_client()?,
                base.as_str(),
                base.as_str(),
                PAYWALL_PUBLIC,
                PAYWALL_PRIVATE,
            )?,
            client: Client::from_config(&config).map_err(fail)?,
            facade: Payments::new(facade).map_err(fail)?,
        })
    }
}

/// Payment [`PAYWALL_PAYMENT_ID`] by id, through each layer.
pub struct PaywallPayment {
    callers: Callers,
    payment: PaymentRef,
}

impl PaywallPayment {
    /// The three callers of the server at `base`.
    pub fn new(base: &BaseUrl) -> Result<Self, Failure> {
        Ok(Self {
            callers: Callers::new(base)?,
            payment: PaymentRef::Id(PaymentId::from(PAYWALL_PAYMENT_ID)),
        })
    }
}

impl Operation for PaywallPayment {
    type Hand = hand::paywall::Record;
    type Client = types::PaymentRecord;
    type Facade = Payment;

    const TITLE: &'static str = "Paywall payment by id";
    const REQUEST: &'static str = "GET /api/paywall/private/query/by/paymentid (private keys)";
    const CLIENT: &'static str = "paywall-client";

    async fn hand(&self) -> Result<Self::Hand, Failure> {
        self.callers.hand.payment(PAYWALL_PAYMENT_ID).await
    }

    async fn client(&self) -> Result<Self::Client, Failure> {
        self.callers
            .client
            .private_query_by_payment_id()
            .paymentid(PAYWALL_PAYMENT_ID)
            .send()
            .payload()
            .await
            .map_err(fail)
    }

    async fn facade(&self) -> Result<Self::Facade, Failure> {
        self.callers
            .facade
            .lookup(Provider::Paywall)
            .map_err(fail)?
            .payment(&self.payment)
            .await
            .map_err(fail)
    }

    fn check(&self, client: &Self::Client, facade: &Self::Facade) -> Result<(), Failure> {
        ensure(
            client.payment_id == Some(PAYWALL_PAYMENT_ID),
            "the payment served",
        )?;
        ensure(
            Some(facade.id.as_str()) == client.payment_id.map(|i| i.to_string()).as_deref(),
            "the id",
        )?;
        ensure(
            Some(facade.amount.amount) == client.payment_amount,
            "the amount",
        )?;
        ensure(
            facade.amount.currency.as_ref().map(|c| c.as_str()) == client.currency_name.as_deref(),
            "the currency",
        )?;
        ensure(
            facade.paid_amount.as_ref().map(|m| m.amount) == client.activity_amount,
            "the paid amount",
        )?;
        ensure(
            Some(&*facade.raw_status)
                == client.status_id.as_ref().map(|s| s.to_string()).as_deref(),
            "the raw status",
        )?;
        ensure(
            facade.refund_status == Some(RefundStatus::PartiallyRefunded),
            "the refund status",
        )?;
        ensure(
            facade.merchant_reference == client.merchant_unique_code,
            "the merchant reference",
        )
    }
}

/// Page [`PAYWALL_PAGE_NUMBER`] of [`PAYWALL_PAGE_SIZE`] payments of the bulk batch, through
/// each layer.
pub struct PaywallBulkPage {
    callers: Callers,
    page: PageRequest,
}

impl PaywallBulkPage {
    /// The three callers of the server at `base`.
    pub fn new(base: &BaseUrl) -> Result<Self, Failure> {
        let size = NonZeroU32::new(PAYWALL_PAGE_SIZE).ok_or_else(|| Failure::new("page size 0"))?;
        Ok(Self {
            callers: Callers::new(base)?,
            // The facade counts pages from 0 and sends `pageNumber` from 1.
            page: PageRequest::new(PAYWALL_PAGE_NUMBER - 1, size),
        })
    }
}

impl Operation for PaywallBulkPage {
    type Hand = hand::paywall::BulkPage;
    type Client = types::BulkPaymentQuery;
    type Facade = BulkPage;

    const TITLE: &'static str = "Paywall bulk page of 100 payments";
    const REQUEST: &'static str = "GET /api/paywall/payment/bulk/payment/query (public keys)";
    const CLIENT: &'static str = "paywall-client";

    async fn hand(&self) -> Result<Self::Hand, Failure> {
        self.callers
            .hand
            .bulk_page(PAYWALL_BATCH, PAYWALL_PAGE_NUMBER, PAYWALL_PAGE_SIZE)
            .await
    }

    async fn client(&self) -> Result<Self::Client, Failure> {
        self.callers
            .client
            .bulk_payment_query()
            .merchantuniquecode(PAYWALL_BATCH)
            .page_number(PAYWALL_PAGE_NUMBER)
            .page_size(PAYWALL_PAGE_SIZE)
            .send()
            .payload()
            .await
            .map_err(fail)
    }

    async fn facade(&self) -> Result<Self::Facade, Failure> {
        self.callers
            .facade
            .bulk()
            .map_err(fail)?
            .bulk_page(PAYWALL_BATCH, self.page)
            .await
            .map_err(fail)
    }

    fn check(&self, client: &Self::Client, facade: &Self::Facade) -> Result<(), Failure> {
        let served = usize::try_from(PAYWALL_PAGE_SIZE).unwrap_or(usize::MAX);
        ensure(client.payments.len() == served, "every payment served")?;
        let items = &facade.payments.items;
        ensure(
            items.len() == client.payments.len(),
            "one payment per payment",
        )?;
        for (shared, wire) in items.iter().zip(&client.payments) {
            ensure(
                Some(shared.id.as_str()) == wire.payment_id.map(|i| i.to_string()).as_deref(),
                "payment ids",
            )?;
            ensure(Some(shared.amount.amount) == wire.amount, "amounts")?;
            ensure(
                shared.merchant_reference == wire.merchant_unique_code,
                "merchant references",
            )?;
            ensure(
                Some(&*shared.raw_status) == wire.status.as_ref().map(|s| s.to_string()).as_deref(),
                "raw statuses",
            )?;
            ensure(
                shared.activity.is_some() == wire.scope.is_some(),
                "activities",
            )?;
            ensure(
                shared.error.as_ref().and_then(|e| e.message.clone()) == wire.error_message,
                "errors",
            )?;
        }
        ensure(
            facade.summary.total_count
                == client
                    .total_payment_count
                    .and_then(|c| u64::try_from(c).ok())
                    .unwrap_or(0),
            "the total count",
        )
    }
}
