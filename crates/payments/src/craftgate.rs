//! Craftgate adapter: payment lookup, per-item breakdown, refunds.

use std::time::Duration;

use async_trait::async_trait;
use craftgate_client::wire::{RefundDestinationType, TransactionPayoutStatus};
use craftgate_client::{CallExt, Client, CraftgateError, types};
use payments_core::{
    Breakdown, Breakdowns, ItemId, Money, Payment, PaymentId, PaymentLookup, PaymentRef,
    PaymentsError, PayoutShare, Provider, ProviderError, Refund, RefundId, RefundRequest,
    RefundTarget, Refunds, Result, SubMerchantShare,
};

use crate::config::{ConfigError, CraftgateConfig};
use crate::convert::{money, numeric_id};
use crate::errors::{invalid_input, kind_for_status};
use crate::mapping;
use crate::policy::checked_base_url;

const P: Provider = Provider::Craftgate;

/// Craftgate behind the core capability traits.
#[derive(Debug)]
pub struct Craftgate {
    client: Client,
}

impl Craftgate {
    /// Builds the signed client; no request is sent.
    pub fn new(config: &CraftgateConfig, timeout: Duration) -> Result<Self, ConfigError> {
        let base_url = checked_base_url("CRAFTGATE_BASE_URL", &config.base_url)?;
        let client = Client::from_config_with_timeout(
            craftgate_client::CraftgateConfig::new(
                config.api_key.clone(),
                config.secret_key.clone(),
            )
            .with_base_url(base_url),
            timeout,
        )
        .map_err(|e| ConfigError::Client {
            provider: "Craftgate",
            reason: e.to_string(),
        })?;
        Ok(Self { client })
    }

    /// The generated client, for everything Craftgate offers beyond the core traits.
    pub fn client(&self) -> &Client {
        &self.client
    }
}

/// A Craftgate error as a [`PaymentsError`].
fn error(e: CraftgateError) -> PaymentsError {
    use payments_core::ErrorKind as K;
    match e {
        CraftgateError::Api {
            status,
            ref code,
            ref description,
            ..
        } => {
            // Codes from 10000 up are payment (business) errors (DOCS "Hata Grupları").
            let payment_error = code
                .as_deref()
                .and_then(|c| c.parse::<u32>().ok())
                .is_some_and(|c| c >= 10000);
            let kind = if payment_error {
                K::Rejected
            } else {
                kind_for_status(status.as_u16())
            };
            let mut out = PaymentsError::new(
                P,
                kind,
                description
                    .clone()
                    .unwrap_or_else(|| "error without description".into()),
            )
            .with_status(status.as_u16());
            if let Some(code) = code {
                out = out.with_code(code.clone());
            }
            out.with_source(e)
        }
        CraftgateError::Http { status, .. } => {
            PaymentsError::new(P, kind_for_status(status.as_u16()), e.to_string())
                .with_status(status.as_u16())
                .with_source(e)
        }
        CraftgateError::Transport(_) => {
            PaymentsError::new(P, K::Unavailable, e.to_string()).with_source(e)
        }
        CraftgateError::Decode { .. } => {
            PaymentsError::new(P, K::UnexpectedResponse, e.to_string()).with_source(e)
        }
        CraftgateError::InvalidRequest(_) => {
            PaymentsError::new(P, K::InvalidRequest, e.to_string()).with_source(e)
        }
        CraftgateError::NoContent { .. } => {
            PaymentsError::new(P, K::NotFound, e.to_string()).with_source(e)
        }
    }
}

fn amount(value: Option<rust_decimal::Decimal>, currency: Option<&str>) -> Option<Money> {
    value.map(|v| money(P, v, currency))
}

fn payout_status(s: &Option<TransactionPayoutStatus>) -> Option<String> {
    s.as_ref().map(|s| s.as_str().to_string())
}

/// One breakdown item in core terms. Amounts take the payout's currency when it states one.
pub(crate) fn breakdown(item: types::ReportingPaymentTransaction) -> Breakdown {
    let currency = item
        .payout
        .as_ref()
        .and_then(|p| p.currency.as_ref())
        .map(|c| c.as_str().to_string());
    let cur = currency.as_deref();
    let sub_merchant = item.sub_merchant_member_id.map(|id| SubMerchantShare {
        member_id: id.to_string(),
        name: item
            .sub_merchant_member
            .as_ref()
            .and_then(|m| m.name.clone()),
        price: amount(item.sub_merchant_member_price, cur),
        payout_rate: item.sub_merchant_member_payout_rate,
        payout_amount: amount(item.sub_merchant_member_payout_amount, cur),
    });
    let payout = (item.payout.is_some() || item.payout_status.is_some()).then(|| PayoutShare {
        parity: item.payout.as_ref().and_then(|p| p.parity),
        paid_price: amount(item.payout.as_ref().and_then(|p| p.paid_price), cur),
        merchant_amount: amount(
            item.payout.as_ref().and_then(|p| p.merchant_payout_amount),
            cur,
        ),
        sub_merchant_amount: amount(
            item.payout
                .as_ref()
                .and_then(|p| p.sub_merchant_member_payout_amount),
            cur,
        ),
        merchant_status: item
            .payout_status
            .as_ref()
            .and_then(|s| payout_status(&s.merchant_status)),
        sub_merchant_status: item
            .payout_status
            .as_ref()
            .and_then(|s| payout_status(&s.sub_merchant_member_status)),
    });
    Breakdown {
        id: ItemId::new(item.id.map(|i| i.to_string()).unwrap_or_default()),
        name: item.name,
        external_id: item.external_id,
        price: amount(item.price, cur),
        paid_price: amount(item.paid_price, cur),
        wallet_price: amount(item.wallet_price, cur),
        refundable_price: amount(item.refundable_price, cur),
        merchant_commission_rate: item.merchant_commission_rate,
        merchant_commission_amount: amount(item.merchant_commission_rate_amount, cur),
        bank_commission_rate: item.bank_commission_rate,
        bank_commission_amount: amount(item.bank_commission_rate_amount, cur),
        merchant_payout_amount: amount(item.merchant_payout_amount, cur),
        sub_merchant,
        payout,
        transaction_status: item
            .transaction_status
            .map(|s| mapping::craftgate_transaction_status(s.as_str())),
        refund_status: item
            .refund_status
            .map(|s| mapping::craftgate_refund_status(s.as_str())),
        created_at: item.created_date,
        transaction_status_at: item.transaction_status_date,
        blockage_resolved_at: item.blockage_resolved_date,
    }
}

fn payment(p: types::ReportingPayment) -> Payment {
    let currency = p.currency.as_ref().map(|c| c.as_str().to_string());
    let cur = currency.as_deref();
    let raw_status = p
        .payment_status
        .as_ref()
        .map(|s| s.as_str().to_string())
        .unwrap_or_default();
    Payment {
        id: PaymentId::new(p.id.map(|i| i.to_string()).unwrap_or_default()),
        merchant_reference: p.conversation_id.or(p.external_id),
        amount: money(P, p.price.unwrap_or_default(), cur),
        paid_amount: amount(p.paid_price, cur),
        status: mapping::craftgate_payment_status(&raw_status),
        raw_status,
        refund_status: p
            .refund_status
            .map(|s| mapping::craftgate_refund_status(s.as_str())),
        activity: None,
        error: p.payment_error.map(|e| ProviderError {
            code: e.error_code,
            message: e.error_description,
            group: e.error_group,
        }),
        created_at: p.created_date,
    }
}

fn refund(
    id: Option<i64>,
    payment_id: Option<i64>,
    item_id: Option<i64>,
    price: Option<rust_decimal::Decimal>,
    currency: Option<&str>,
    status: Option<&str>,
    created_at: Option<chrono::NaiveDateTime>,
) -> Refund {
    let raw = status.unwrap_or_default().to_string();
    Refund {
        id: id.map(RefundId::from),
        payment_id: payment_id.map(PaymentId::from),
        item_id: item_id.map(|i| ItemId::new(i.to_string())),
        amount: amount(price, currency),
        outcome: mapping::craftgate_refund_outcome(&raw),
        raw_outcome: raw,
        created_at,
    }
}

#[async_trait]
impl PaymentLookup for Craftgate {
    async fn payment(&self, payment_ref: &PaymentRef) -> Result<Payment> {
        let PaymentRef::Id(id) = payment_ref else {
            return Err(invalid_input(
                P,
                format!("Craftgate looks payments up by id, not by {payment_ref}"),
            ));
        };
        let id = numeric_id(P, "payment", id.as_str())?;
        let p = self
            .client
            .retrieve_payment()
            .id(id)
            .send()
            .payload()
            .await
            .map_err(error)?;
        Ok(payment(p))
    }
}

#[async_trait]
impl Breakdowns for Craftgate {
    async fn breakdown(&self, payment_id: &PaymentId) -> Result<Vec<Breakdown>> {
        let id = numeric_id(P, "payment", payment_id.as_str())?;
        let list = self
            .client
            .retrieve_payment_transactions()
            .id(id)
            .send()
            .payload()
            .await
            .map_err(error)?;
        Ok(list.items.into_iter().map(breakdown).collect())
    }
}

#[async_trait]
impl Refunds for Craftgate {
    async fn refund(&self, request: &RefundRequest) -> Result<Refund> {
        match &request.target {
            RefundTarget::Payment(PaymentRef::Id(id)) => {
                if request.amount.is_some() {
                    return Err(invalid_input(
                        P,
                        "Craftgate refunds a whole payment in full; refund its items with an amount instead",
                    ));
                }
                let id = numeric_id(P, "payment", id.as_str())?;
                let reference = request.reference.clone();
                let mut call = self.client.refund_payment().body_map(move |b| {
                    b.payment_id(id)
                        .conversation_id(reference)
                        .refund_destination_type(Some(RefundDestinationType::Provider))
                        .charge_from_me(Some(false))
                });
                if let Some(key) = &request.idempotency_key {
                    call = call.x_idempotency_key(key.clone());
                }
                let r = call.send().payload().await.map_err(error)?;
                let currency = r.currency.as_ref().map(|c| c.as_str().to_string());
                Ok(refund(
                    r.id,
                    r.payment_id.or(Some(id)),
                    None,
                    r.refund_price,
                    currency.as_deref(),
                    r.status.as_ref().map(|s| s.as_str()),
                    r.created_date,
                ))
            }
            RefundTarget::Payment(other) => Err(invalid_input(
                P,
                format!("Craftgate refunds payments by id, not by {other}"),
            )),
            RefundTarget::Item(item) => {
                let item_id = numeric_id(P, "payment transaction", item.as_str())?;
                let reference = request.reference.clone();
                let price = request.amount;
                let mut call = self.client.refund_payment_transaction().body_map(move |b| {
                    b.payment_transaction_id(item_id)
                        .conversation_id(reference)
                        .refund_price(price)
                        .refund_destination_type(Some(RefundDestinationType::Provider))
                        .charge_from_me(Some(false))
                });
                if let Some(key) = &request.idempotency_key {
                    call = call.x_idempotency_key(key.clone());
                }
                let r = call.send().payload().await.map_err(error)?;
                let currency = r.currency.as_ref().map(|c| c.as_str().to_string());
                Ok(refund(
                    r.id,
                    r.payment_id,
                    r.payment_transaction_id.or(Some(item_id)),
                    r.refund_price,
                    currency.as_deref(),
                    r.status.as_ref().map(|s| s.as_str()),
                    r.created_date,
                ))
            }
        }
    }
}
