//! PaymentPrivateAPI: `/api/paywall/private/*` queries, cancels and refunds
//! (docs/providers/paywall.md#single-payments).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State as AxumState;
use axum::http::HeaderMap;
use axum::response::Response;
use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::envelope::{Failure, INVALID, NOT_FOUND, ok};
use super::model::{Payment, State};
use super::request::{
    amount_field, date_field, header_input, int_field, json_object, required_header, string_field,
};
use super::shared::Shared;
use crate::util::lock;

/// The trackingcode query returns at most this many records
/// (docs/providers/paywall.md#payment-queries).
const TRACKING_LIMIT: usize = 100;

/// `GET private/query`, header `merchantuniquecode`.
pub(crate) async fn query(
    AxumState(shared): AxumState<Arc<Shared>>,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let code = required_header(&headers, "merchantuniquecode")?;
    let state = lock(&shared.state);
    let payment = State::require(state.by_merchant_code(code), code)?;
    Ok(ok("Success", payment.query_json()))
}

/// `GET private/query/by/uniquecode`, header `uniquecode` (Paywall's GUID).
pub(crate) async fn query_by_unique_code(
    AxumState(shared): AxumState<Arc<Shared>>,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let code = required_header(&headers, "uniquecode")?;
    let state = lock(&shared.state);
    let payment = State::require(state.by_unique_code(code), code)?;
    Ok(ok("Success", payment.query_json()))
}

/// `GET private/query/by/paymentid`, header `paymentid`.
pub(crate) async fn query_by_payment_id(
    AxumState(shared): AxumState<Arc<Shared>>,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let raw = required_header(&headers, "paymentid")?;
    let id: i64 = raw
        .parse()
        .map_err(|_| Failure::business(INVALID, "The paymentid header must be an integer"))?;
    let state = lock(&shared.state);
    let payment = State::require(state.payments.get(&id), raw)?;
    Ok(ok("Success", payment.query_json()))
}

/// `GET private/query/by/trackingcode`, header `trackingcode`, optional
/// `merchantuniquecode`: a list (`Body` array) of at most 100 records.
pub(crate) async fn query_by_tracking_code(
    AxumState(shared): AxumState<Arc<Shared>>,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let tracking = required_header(&headers, "trackingcode")?;
    let merchant = header_input(&headers, "merchantuniquecode");
    let state = lock(&shared.state);
    let found: Vec<Value> = state
        .payments
        .values()
        .filter(|p| p.tracking_code.as_deref() == Some(tracking))
        .filter(|p| merchant.is_none_or(|m| p.merchant_unique_code == m))
        .take(TRACKING_LIMIT)
        .map(Payment::query_json)
        .collect();
    if found.is_empty() {
        return Err(Failure::business(
            NOT_FOUND,
            format!("Payment not found ({tracking})"),
        ));
    }
    Ok(ok("Success", Value::Array(found)))
}

/// The payment a body names by `MerchantUniqueCode` and `Date`.
fn by_merchant_code_on(state: &State, body: &Map<String, Value>) -> Result<i64, Failure> {
    let code = string_field(body, "MerchantUniqueCode")?;
    let date = date_field(body, "Date")?;
    let payment = State::require(
        state.by_merchant_code(code).filter(|p| p.date == date),
        code,
    )?;
    Ok(payment.payment_id)
}

/// The payment a body names by `UniqueCode` and `Date`.
fn by_unique_code_on(state: &State, body: &Map<String, Value>) -> Result<i64, Failure> {
    let code = string_field(body, "UniqueCode")?;
    let date = date_field(body, "Date")?;
    let payment = State::require(state.by_unique_code(code).filter(|p| p.date == date), code)?;
    Ok(payment.payment_id)
}

/// The payment a body names by `PaymentId` (and `Date` when `dated`).
fn by_payment_id(state: &State, body: &Map<String, Value>, dated: bool) -> Result<i64, Failure> {
    let id = int_field(body, "PaymentId")?;
    let date = if dated {
        Some(date_field(body, "Date")?)
    } else {
        None
    };
    let payment = State::require(
        state
            .payments
            .get(&id)
            .filter(|p| date.is_none_or(|d| p.date == d)),
        &id.to_string(),
    )?;
    Ok(payment.payment_id)
}

/// The success answer of cancels and refunds: `Body: null` (docs/providers/paywall.md#cancels,
/// docs/providers/paywall.md#refunds).
fn done() -> Response {
    ok("Success", Value::Null)
}

/// Cancels `id` if allowed.
fn cancel_payment(state: &mut State, id: i64) -> Result<Response, Failure> {
    if let Some(refusal) = state
        .payments
        .get(&id)
        .and_then(|p| state.cancel_refusal(p))
    {
        return Err(refusal);
    }
    state.cancel(id);
    Ok(done())
}

/// Refunds `amount` (`None` = the rest) of `id` if allowed.
fn refund_payment(
    state: &mut State,
    id: i64,
    amount: Option<Decimal>,
    any_day: bool,
) -> Result<Response, Failure> {
    if let Some(refusal) = state
        .payments
        .get(&id)
        .and_then(|p| state.refund_refusal(p, amount, any_day))
    {
        return Err(refusal);
    }
    state.refund(id, amount);
    Ok(done())
}

/// `POST private/cancel` `{Date, MerchantUniqueCode, MarketPlace?}`.
pub(crate) async fn cancel(
    AxumState(shared): AxumState<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Failure> {
    let body = json_object(&headers, &body)?;
    let mut state = lock(&shared.state);
    let id = by_merchant_code_on(&state, &body)?;
    cancel_payment(&mut state, id)
}

/// `POST private/cancel/by/uniqueCode` `{Date, UniqueCode, MarketPlace?}`.
pub(crate) async fn cancel_by_unique_code(
    AxumState(shared): AxumState<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Failure> {
    let body = json_object(&headers, &body)?;
    let mut state = lock(&shared.state);
    let id = by_unique_code_on(&state, &body)?;
    cancel_payment(&mut state, id)
}

/// `POST private/refund` `{Date, MerchantUniqueCode}`: refunds what is left.
pub(crate) async fn refund(
    AxumState(shared): AxumState<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Failure> {
    let body = json_object(&headers, &body)?;
    let mut state = lock(&shared.state);
    let id = by_merchant_code_on(&state, &body)?;
    refund_payment(&mut state, id, None, false)
}

/// `POST private/refund/partial` `{Date, MerchantUniqueCode, Amount}`.
pub(crate) async fn refund_partial(
    AxumState(shared): AxumState<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Failure> {
    let body = json_object(&headers, &body)?;
    let amount = amount_field(&body, "Amount")?;
    let mut state = lock(&shared.state);
    let id = by_merchant_code_on(&state, &body)?;
    refund_payment(&mut state, id, Some(amount), false)
}

/// `POST private/refund/partial/by/paymentid` `{Date, PaymentId, Amount, MarketPlace?}`.
pub(crate) async fn refund_partial_by_payment_id(
    AxumState(shared): AxumState<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Failure> {
    let body = json_object(&headers, &body)?;
    let amount = amount_field(&body, "Amount")?;
    let mut state = lock(&shared.state);
    let id = by_payment_id(&state, &body, true)?;
    refund_payment(&mut state, id, Some(amount), false)
}

/// `POST private/refund/partial/by/uniquecode` `{Date, UniqueCode, Amount, MarketPlace?}`.
pub(crate) async fn refund_partial_by_unique_code(
    AxumState(shared): AxumState<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Failure> {
    let body = json_object(&headers, &body)?;
    let amount = amount_field(&body, "Amount")?;
    let mut state = lock(&shared.state);
    let id = by_unique_code_on(&state, &body)?;
    refund_payment(&mut state, id, Some(amount), false)
}

/// `POST private/revert/by/paymentid` `{PaymentId, Amount}` (docs/providers/paywall.md#revert):
/// `Amount` 0 reverts everything — a cancel on the payment day when nothing was refunded
/// yet, otherwise a refund of the rest; a positive `Amount` is a partial refund, any day.
pub(crate) async fn revert_by_payment_id(
    AxumState(shared): AxumState<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Failure> {
    let body = json_object(&headers, &body)?;
    let amount = amount_field(&body, "Amount")?;
    let mut state = lock(&shared.state);
    let id = by_payment_id(&state, &body, false)?;
    if amount.is_zero() {
        let cancellable = state
            .payments
            .get(&id)
            .is_some_and(|p| state.cancel_refusal(p).is_none());
        if cancellable {
            return cancel_payment(&mut state, id);
        }
        return refund_payment(&mut state, id, None, true);
    }
    refund_payment(&mut state, id, Some(amount), true)
}
