//! Payment reporting: `/payment-reporting/v1` (docs/providers/craftgate.md#reporting-operations).

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, RawQuery, State as AxumState};
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::error::CgError;
use super::model::{Payment, State};
use super::query::{SearchQuery, paged, within};
use super::render::data;
use super::request::path_id;
use super::shared::Shared;
use crate::util::{json_decimal, lock};

fn payment_or_404(state: &State, id: i64) -> Result<&Payment, CgError> {
    state
        .payments
        .get(&id)
        .ok_or_else(|| CgError::not_found(format!("Payment {id} not found")))
}

/// The search filters of `SearchPaymentsRequest` (docs/providers/craftgate.md#payment-search),
/// parsed up front.
struct PaymentFilter<'q> {
    query: &'q SearchQuery,
    ints: Vec<(&'static str, i64)>,
    transaction_id: Option<i64>,
    sub_merchant_id: Option<i64>,
    three_ds: Option<bool>,
    min_paid: Option<Decimal>,
    max_paid: Option<Decimal>,
    min_created: Option<NaiveDateTime>,
    max_created: Option<NaiveDateTime>,
}

/// Text filters: query parameter name = field of `ReportingPaymentResponse`.
const TEXT_FILTERS: [&str; 11] = [
    "conversationId",
    "externalId",
    "orderId",
    "paymentChannel",
    "binNumber",
    "lastFourDigits",
    "paymentType",
    "paymentProvider",
    "paymentStatus",
    "paymentSource",
    "currency",
];

impl<'q> PaymentFilter<'q> {
    fn parse(query: &'q SearchQuery) -> Result<Self, CgError> {
        let mut ints = Vec::new();
        for (param, field) in [
            ("paymentId", "id"),
            ("buyerMemberId", "buyerMemberId"),
            ("installment", "installment"),
        ] {
            if let Some(v) = query.int(param)? {
                ints.push((field, v));
            }
        }
        Ok(Self {
            query,
            ints,
            transaction_id: query.int("paymentTransactionId")?,
            sub_merchant_id: query.int("subMerchantMemberId")?,
            three_ds: query.boolean("isThreeDS")?,
            min_paid: query.decimal("minPaidPrice")?,
            max_paid: query.decimal("maxPaidPrice")?,
            min_created: query.date("minCreatedDate")?,
            max_created: query.date("maxCreatedDate")?,
        })
    }

    /// Whether a `ReportingPaymentResponse` passes every given filter.
    fn accepts(&self, payment: &Payment, json: &Value) -> bool {
        let items = json["paymentTransactions"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        let any_item = |field: &str, wanted: Option<i64>| {
            wanted.is_none_or(|w| items.iter().any(|i| i[field].as_i64() == Some(w)))
        };
        TEXT_FILTERS.iter().all(|name| {
            self.query
                .matches(name, json[*name].as_str().unwrap_or_default())
        }) && self
            .ints
            .iter()
            .all(|(field, v)| json[*field].as_i64() == Some(*v))
            && any_item("id", self.transaction_id)
            && any_item("subMerchantMemberId", self.sub_merchant_id)
            && self
                .three_ds
                .is_none_or(|b| json["isThreeDS"].as_bool() == Some(b))
            && json_decimal(&json["paidPrice"])
                .is_some_and(|p| within(p, self.min_paid, self.max_paid))
            && within(payment.created, self.min_created, self.max_created)
    }
}

/// `GET /payments`: search, paged, newest first.
pub(crate) async fn search_payments(
    AxumState(shared): AxumState<Arc<Shared>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, CgError> {
    let query = SearchQuery::parse(raw.as_deref());
    let (page, size) = query.paging()?;
    let filter = PaymentFilter::parse(&query)?;
    let state = lock(&shared.state);
    let mut payments: Vec<&Payment> = state.payments.values().collect();
    payments.sort_by_key(|p| std::cmp::Reverse((p.created, p.id)));
    let found: Vec<Value> = payments
        .into_iter()
        .map(|p| (p, state.reporting_payment_json(p)))
        .filter(|(p, json)| filter.accepts(p, json))
        .map(|(_, json)| json)
        .collect();
    Ok(data(paged(found, page, size)))
}

/// `GET /payments/{id}`: `ReportingPaymentResponse`.
pub(crate) async fn payment(
    AxumState(shared): AxumState<Arc<Shared>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, CgError> {
    let id = path_id(&id)?;
    let state = lock(&shared.state);
    Ok(data(
        state.reporting_payment_json(payment_or_404(&state, id)?),
    ))
}

/// `GET /payments/{id}/transactions`: the breakdown, `{"data":{"items":[...]}}` without
/// paging fields (seed 002; docs/providers/craftgate.md#lists-and-paging).
pub(crate) async fn transactions(
    AxumState(shared): AxumState<Arc<Shared>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, CgError> {
    let id = path_id(&id)?;
    let state = lock(&shared.state);
    let payment = payment_or_404(&state, id)?;
    let items: Vec<Value> = state
        .items(payment)
        .iter()
        .map(|t| state.tx_json(t, true))
        .collect();
    Ok(data(json!({ "items": items })))
}

/// `GET /payments/{id}/refunds`: the payment's refunds (`CANCEL`s).
pub(crate) async fn payment_refunds(
    AxumState(shared): AxumState<Arc<Shared>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, CgError> {
    let id = path_id(&id)?;
    let state = lock(&shared.state);
    payment_or_404(&state, id)?;
    let items: Vec<Value> = state
        .refunds
        .values()
        .filter(|r| r.payment_id == id)
        .map(|r| state.reporting_refund_json(r))
        .collect();
    Ok(data(json!({ "items": items })))
}

/// `GET /payments/{paymentId}/transactions/{paymentTransactionId}/refunds`.
pub(crate) async fn transaction_refunds(
    AxumState(shared): AxumState<Arc<Shared>>,
    Path((id, tx)): Path<(String, String)>,
) -> Result<Json<Value>, CgError> {
    let id = path_id(&id)?;
    let tx = path_id(&tx)?;
    let state = lock(&shared.state);
    let payment = payment_or_404(&state, id)?;
    if !payment.transaction_ids.contains(&tx) {
        return Err(CgError::not_found(format!(
            "Payment transaction {tx} of payment {id} not found"
        )));
    }
    let items: Vec<Value> = state
        .tx_refunds
        .values()
        .filter(|r| r.transaction_id == tx)
        .map(|r| state.reporting_tx_refund_json(r))
        .collect();
    Ok(data(json!({ "items": items })))
}

/// The filters both refund searches share (docs/providers/craftgate.md#refund-search,
/// docs/providers/craftgate.md#item-refund-search).
struct RefundFilter<'q> {
    query: &'q SearchQuery,
    id: Option<i64>,
    payment_id: Option<i64>,
    buyer_member_id: Option<i64>,
    min_price: Option<Decimal>,
    max_price: Option<Decimal>,
    min_created: Option<NaiveDateTime>,
    max_created: Option<NaiveDateTime>,
}

impl<'q> RefundFilter<'q> {
    fn parse(query: &'q SearchQuery) -> Result<Self, CgError> {
        Ok(Self {
            query,
            id: query.int("id")?,
            payment_id: query.int("paymentId")?,
            buyer_member_id: query.int("buyerMemberId")?,
            min_price: query.decimal("minRefundPrice")?,
            max_price: query.decimal("maxRefundPrice")?,
            min_created: query.date("minCreatedDate")?,
            max_created: query.date("maxCreatedDate")?,
        })
    }

    /// Whether a refund with these facts passes. Every sandbox refund succeeds, in TRY.
    fn accepts(
        &self,
        state: &State,
        id: i64,
        payment_id: i64,
        price: Decimal,
        created: NaiveDateTime,
        conversation_id: Option<&str>,
    ) -> bool {
        let buyer = state.payments.get(&payment_id).map(|p| p.buyer_member_id);
        self.id.is_none_or(|v| v == id)
            && self.payment_id.is_none_or(|v| v == payment_id)
            && self.buyer_member_id.is_none_or(|v| Some(v) == buyer)
            && self
                .query
                .text("conversationId")
                .is_none_or(|v| Some(v) == conversation_id)
            && self.query.matches("status", "SUCCESS")
            && self.query.matches("currency", "TRY")
            && within(price, self.min_price, self.max_price)
            && within(created, self.min_created, self.max_created)
    }
}

/// `GET /refunds`: search the payment refunds, paged, newest first.
pub(crate) async fn search_refunds(
    AxumState(shared): AxumState<Arc<Shared>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, CgError> {
    let query = SearchQuery::parse(raw.as_deref());
    let (page, size) = query.paging()?;
    let filter = RefundFilter::parse(&query)?;
    let state = lock(&shared.state);
    let found: Vec<Value> = state
        .refunds
        .values()
        .rev()
        .filter(|r| {
            filter.accepts(
                &state,
                r.id,
                r.payment_id,
                r.price,
                r.created,
                r.conversation_id.as_deref(),
            )
        })
        .map(|r| state.reporting_refund_json(r))
        .collect();
    Ok(data(paged(found, page, size)))
}

/// `GET /refund-transactions`: search the item refunds, paged, newest first.
pub(crate) async fn search_transaction_refunds(
    AxumState(shared): AxumState<Arc<Shared>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, CgError> {
    let query = SearchQuery::parse(raw.as_deref());
    let (page, size) = query.paging()?;
    let filter = RefundFilter::parse(&query)?;
    let transaction_id = query.int("paymentTransactionId")?;
    let after_settlement = query.boolean("isAfterSettlement")?;
    let state = lock(&shared.state);
    let found: Vec<Value> = state
        .tx_refunds
        .values()
        .rev()
        .filter(|r| {
            filter.accepts(
                &state,
                r.id,
                r.payment_id,
                r.price,
                r.created,
                r.conversation_id.as_deref(),
            )
        })
        .filter(|r| transaction_id.is_none_or(|v| v == r.transaction_id))
        .filter(|r| after_settlement.is_none_or(|v| v == r.after_settlement))
        .map(|r| state.reporting_tx_refund_json(r))
        .collect();
    Ok(data(paged(found, page, size)))
}
