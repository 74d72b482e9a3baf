//! The core payment module: card payment retrieval and refunds
//! (docs/providers/craftgate.md#payment-operations).

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State as AxumState};
use serde_json::{Map, Value};

use super::error::CgError;
use super::render::data;
use super::request::{json_object, path_id};
use super::shared::Shared;
use crate::util::{json_decimal, lock};

/// `GET /payment/v1/card-payments/{id}`: `PaymentResponse`.
pub(crate) async fn card_payment(
    AxumState(shared): AxumState<Arc<Shared>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, CgError> {
    let id = path_id(&id)?;
    let state = lock(&shared.state);
    let payment = state
        .payments
        .get(&id)
        .ok_or_else(|| CgError::not_found(format!("Payment {id} not found")))?;
    Ok(data(state.card_payment_json(payment)))
}

/// A required int64 property.
fn required_id(body: &Map<String, Value>, name: &str) -> Result<i64, CgError> {
    body.get(name)
        .and_then(Value::as_i64)
        .ok_or_else(|| CgError::invalid(format!("{name} cannot be null and must be an integer")))
}

/// `refundDestinationType` (default `PROVIDER`), `conversationId` and `chargeFromMe` (read,
/// not interpreted).
fn refund_options(body: &Map<String, Value>) -> Result<(String, Option<String>), CgError> {
    let destination = match body.get("refundDestinationType") {
        None | Some(Value::Null) => "PROVIDER".to_string(),
        Some(Value::String(d)) if matches!(d.as_str(), "PROVIDER" | "WALLET" | "CARD") => d.clone(),
        Some(other) => {
            return Err(CgError::invalid(format!(
                "refundDestinationType must be PROVIDER or WALLET, not {other}"
            )));
        }
    };
    let conversation_id = match body.get("conversationId") {
        None | Some(Value::Null) => None,
        Some(Value::String(c)) => Some(c.clone()),
        Some(_) => return Err(CgError::invalid("conversationId must be a string")),
    };
    if body
        .get("chargeFromMe")
        .is_some_and(|v| !v.is_null() && !v.is_boolean())
    {
        return Err(CgError::invalid("chargeFromMe must be a boolean"));
    }
    Ok((destination, conversation_id))
}

/// `POST /payment/v1/refunds` `{paymentId, conversationId?, refundDestinationType?,
/// chargeFromMe?}`: `PaymentRefundResponse`.
pub(crate) async fn refund(
    AxumState(shared): AxumState<Arc<Shared>>,
    body: Bytes,
) -> Result<Json<Value>, CgError> {
    let body = json_object(&body)?;
    let payment_id = required_id(&body, "paymentId")?;
    let (destination, conversation_id) = refund_options(&body)?;
    let (answer, _) = shared
        .book_refund(|state| state.refund_payment(payment_id, &destination, conversation_id))?;
    Ok(data(answer))
}

/// `POST /payment/v1/refund-transactions` `{paymentTransactionId, refundPrice?, ...}`:
/// `PaymentTransactionRefundResponse`.
pub(crate) async fn refund_transaction(
    AxumState(shared): AxumState<Arc<Shared>>,
    body: Bytes,
) -> Result<Json<Value>, CgError> {
    let body = json_object(&body)?;
    let tx_id = required_id(&body, "paymentTransactionId")?;
    let price = match body.get("refundPrice") {
        None | Some(Value::Null) => None,
        Some(v) => {
            Some(json_decimal(v).ok_or_else(|| CgError::invalid("refundPrice must be a number"))?)
        }
    };
    let (destination, conversation_id) = refund_options(&body)?;
    let (answer, _) = shared.book_refund(|state| {
        state.refund_transaction(tx_id, price, &destination, conversation_id)
    })?;
    Ok(data(answer))
}

/// `GET /payment/v1/refunds/{id}`: a payment refund (`CANCEL`).
pub(crate) async fn get_refund(
    AxumState(shared): AxumState<Arc<Shared>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, CgError> {
    let id = path_id(&id)?;
    let state = lock(&shared.state);
    let refund = state
        .refunds
        .get(&id)
        .ok_or_else(|| CgError::not_found(format!("Payment refund {id} not found")))?;
    Ok(data(state.refund_json(refund)))
}

/// `GET /payment/v1/refund-transactions/{id}`: an item refund.
pub(crate) async fn get_transaction_refund(
    AxumState(shared): AxumState<Arc<Shared>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, CgError> {
    let id = path_id(&id)?;
    let state = lock(&shared.state);
    let refund = state
        .tx_refunds
        .get(&id)
        .ok_or_else(|| CgError::not_found(format!("Payment transaction refund {id} not found")))?;
    Ok(data(state.tx_refund_json(refund)))
}
