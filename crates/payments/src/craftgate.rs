//! Craftgate adapter: payment lookup, per-item breakdown, refunds.

use std::borrow::Cow;

use async_trait::async_trait;
use craftgate_client::wire::{RefundDestinationType, TransactionPayoutStatus};
use craftgate_client::{CallExt, Client, CraftgateConfig, CraftgateError, types};
use payments_core::{
    Breakdown, Breakdowns, Currency, ItemId, Money, Payment, PaymentError, PaymentId,
    PaymentLookup, PaymentRef, PaymentStatus, PaymentsError, PayoutShare, Provider, Refund,
    RefundId, RefundOutcome, RefundRequest, RefundTarget, Refunds, Result, SubMerchantShare,
};
use rust_decimal::Decimal;

use crate::client_error::{from_client, invalid_input, may_have};
use crate::convert::currency;
use crate::input::{header_text, numeric_id, positive_amount};
use crate::mapping::ToShared;

const P: Provider = Provider::Craftgate;

/// A [`RefundAnswer`] from a refund answer `$r` of either operation (payment or item refund,
/// made or read back): its ids as given, the other fields read from `$r`.
macro_rules! refund_answer {
    ($r:ident => id: $id:expr, payment_id: $payment:expr, item_id: $item:expr $(,)?) => {
        RefundAnswer {
            id: $id,
            payment_id: $payment,
            item_id: $item,
            price: $r.refund_price,
            currency: $r.currency.map(|c| c.as_str().to_string()),
            status: $r.status,
            created_at: $r.created_date,
        }
    };
}

/// Craftgate behind the core capability traits.
#[derive(Debug)]
pub struct Craftgate {
    client: Client,
}

impl Craftgate {
    /// Builds the signed client; no request is sent.
    pub fn new(config: &CraftgateConfig) -> Result<Self, payments_wire::ConfigError> {
        Ok(Self {
            client: Client::from_config(config)?,
        })
    }

    /// The generated client, for everything Craftgate offers beyond the core traits.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Reads a payment refund by its id (`GET /payment/v1/refunds/{id}`,
    /// docs/providers/craftgate.md#refund-lookups), e.g. to confirm a `REFUND` webhook.
    pub async fn payment_refund(&self, id: &RefundId) -> Result<Refund> {
        let id = numeric_id(P, "payment refund", id.as_str())?;
        let r = self
            .client
            .retrieve_payment_refund()
            .id(id)
            .send()
            .payload()
            .await
            .map_err(error)?;
        Ok(
            refund_answer!(r => id: r.id.or(Some(id)), payment_id: r.payment_id, item_id: None)
                .into_refund(None),
        )
    }

    /// Reads a breakdown-item refund by its id (`GET /payment/v1/refund-transactions/{id}`,
    /// docs/providers/craftgate.md#refund-lookups), e.g. to confirm a `REFUND_TX` webhook.
    pub async fn item_refund(&self, id: &RefundId) -> Result<Refund> {
        let id = numeric_id(P, "payment transaction refund", id.as_str())?;
        let r = self
            .client
            .retrieve_payment_transaction_refund()
            .id(id)
            .send()
            .payload()
            .await
            .map_err(error)?;
        Ok(refund_answer!(r =>
            id: r.id.or(Some(id)),
            payment_id: r.payment_id,
            item_id: r.payment_transaction_id,
        )
        .into_refund(None))
    }
}

/// A Craftgate error as a [`PaymentsError`].
fn error(e: CraftgateError) -> PaymentsError {
    from_client(P, e)
}

fn amount(value: Option<Decimal>, currency: Option<Currency>) -> Option<Money> {
    value.map(|amount| Money { amount, currency })
}

fn payout_status(s: &Option<TransactionPayoutStatus>) -> Option<String> {
    s.as_ref().map(|s| s.as_str().to_string())
}

/// One breakdown item in core terms. Amounts take the payout's currency when it states one.
pub(crate) fn breakdown(item: types::ReportingPaymentTransaction) -> Breakdown {
    let cur = currency(
        P,
        item.payout
            .as_ref()
            .and_then(|p| p.currency.as_ref())
            .map(|c| c.as_str()),
    );
    let member_name = item.sub_merchant_member.and_then(|m| m.name);
    let sub_merchant = item.sub_merchant_member_id.map(|id| SubMerchantShare {
        member_id: id.to_string(),
        name: member_name,
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
        id: item.id.map_or_else(|| ItemId::new(""), ItemId::from),
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
        transaction_status: item.transaction_status.map(|s| s.to_shared()),
        refund_status: item.refund_status.map(|s| s.to_shared()),
        created_at: item.created_date,
        transaction_status_at: item.transaction_status_date,
        blockage_resolved_at: item.blockage_resolved_date,
    }
}

fn payment(p: types::ReportingPayment) -> Payment {
    let cur = currency(P, p.currency.as_ref().map(|c| c.as_str()));
    let status = p.payment_status;
    Payment {
        id: p.id.map_or_else(|| PaymentId::new(""), PaymentId::from),
        merchant_reference: p.conversation_id.or(p.external_id),
        amount: Money {
            amount: p.price.unwrap_or_default(),
            currency: cur,
        },
        paid_amount: amount(p.paid_price, cur),
        status: status
            .as_ref()
            .map_or_else(|| PaymentStatus::Unknown(String::new()), |s| s.to_shared()),
        raw_status: status.map_or(Cow::Borrowed(""), |s| s.into_raw()),
        refund_status: p.refund_status.map(|s| s.to_shared()),
        activity: None,
        error: p.payment_error.map(|e| PaymentError {
            code: e.error_code,
            message: e.error_description,
            group: e.error_group,
        }),
        created_at: p.created_date,
    }
}

/// What a refund answer says, whichever of the two refund operations gave it.
struct RefundAnswer {
    id: Option<i64>,
    payment_id: Option<i64>,
    item_id: Option<i64>,
    price: Option<Decimal>,
    currency: Option<String>,
    status: Option<craftgate_client::wire::RefundOutcome>,
    created_at: Option<chrono::NaiveDateTime>,
}

impl RefundAnswer {
    /// The refund in core terms; `idempotency_key` is the key the refund request carried
    /// (none for a refund read back by id).
    fn into_refund(self, idempotency_key: Option<String>) -> Refund {
        let status = self.status.as_ref();
        Refund {
            id: self.id.map(RefundId::from),
            payment_id: self.payment_id.map(PaymentId::from),
            item_id: self.item_id.map(ItemId::from),
            amount: amount(self.price, currency(P, self.currency.as_deref())),
            outcome: status
                .map_or_else(|| RefundOutcome::Unknown(String::new()), |s| s.to_shared()),
            raw_outcome: status.map(|s| s.as_str().to_string()).unwrap_or_default(),
            created_at: self.created_at,
            idempotency_key,
        }
    }
}

/// Sends a refund call with its idempotency key and returns its payload; an error says,
/// when the outcome is unknown, that the refund may have been made, with the key and the
/// merchant reference to look it up by.
macro_rules! send_refund {
    ($call:expr, $key:expr, $reference:expr) => {
        $call
            .x_idempotency_key($key.clone())
            .send()
            .payload()
            .await
            .map_err(|e| {
                let e = may_have(error(e), "the refund may have been made", $reference);
                match e.idempotency_key {
                    Some(_) => e,
                    None => e.with_idempotency_key($key.clone()),
                }
            })?
    };
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
        // Craftgate applies a refund once per key, so a refund can be retried safely: the
        // caller's key, or a fresh one, the same on every attempt.
        let key = match &request.idempotency_key {
            Some(key) => header_text(P, "idempotency key", key)?.to_string(),
            None => uuid::Uuid::new_v4().to_string(),
        };
        if let Some(amount) = request.amount {
            positive_amount(P, "refund amount", amount)?;
        }
        let reference = request.reference.as_deref();
        let answer = match &request.target {
            RefundTarget::Payment(PaymentRef::Id(id)) => {
                if request.amount.is_some() {
                    return Err(invalid_input(
                        P,
                        "Craftgate refunds a whole payment in full; refund its items with an amount instead",
                    ));
                }
                let id = numeric_id(P, "payment", id.as_str())?;
                let conversation_id = request.reference.clone();
                let call = self.client.refund_payment().body_map(move |b| {
                    b.payment_id(id)
                        .conversation_id(conversation_id)
                        .refund_destination_type(Some(RefundDestinationType::Provider))
                        .charge_from_me(Some(false))
                });
                let r = send_refund!(call, key, reference);
                refund_answer!(r => id: r.id, payment_id: r.payment_id.or(Some(id)), item_id: None)
            }
            RefundTarget::Payment(other) => {
                return Err(invalid_input(
                    P,
                    format!("Craftgate refunds payments by id, not by {other}"),
                ));
            }
            RefundTarget::Item(item) => {
                let item_id = numeric_id(P, "payment transaction", item.as_str())?;
                let conversation_id = request.reference.clone();
                let price = request.amount;
                let call = self.client.refund_payment_transaction().body_map(move |b| {
                    b.payment_transaction_id(item_id)
                        .conversation_id(conversation_id)
                        .refund_price(price)
                        .refund_destination_type(Some(RefundDestinationType::Provider))
                        .charge_from_me(Some(false))
                });
                let r = send_refund!(call, key, reference);
                refund_answer!(r =>
                    id: r.id,
                    payment_id: r.payment_id,
                    item_id: r.payment_transaction_id.or(Some(item_id)),
                )
            }
            other => {
                return Err(invalid_input(P, format!("Craftgate cannot refund {other}")));
            }
        };
        Ok(answer.into_refund(Some(key)))
    }
}
