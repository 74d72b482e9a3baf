//! Refund requests of orders: `/api/content/orders/{id}/refund`
//! (docs/providers/oneentry.md#refund-requests).

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State as AxumState};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::error::ApiError;
use super::model::{REFUND_CANCELED, REFUND_OPEN, RefundRequest};
use super::request::{json_body, path_id};
use super::shared::Shared;
use crate::util::lock;

/// `GET /api/content/orders/{id}/refund`: the order's refund requests.
pub(crate) async fn list(
    AxumState(shared): AxumState<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let (user_id, _) = shared.authenticate(&headers)?;
    let id = path_id(&id)?;
    let state = lock(&shared.state);
    state
        .user_order(user_id, id)
        .ok_or_else(|| ApiError::order_not_found(id))?;
    Ok(Json(Value::Array(
        state
            .refunds
            .iter()
            .filter(|r| r.order_id == id)
            .map(|r| state.refund_json(r))
            .collect(),
    )))
}

/// `ICreateRefundRequest.products`: `{"<productId>": {"quantity": n}}`.
fn refund_products(body: &Value) -> Result<BTreeMap<i64, u32>, ApiError> {
    let Some(map) = body
        .get("products")
        .and_then(Value::as_object)
        .filter(|m| !m.is_empty())
    else {
        return Err(ApiError::validation(vec![
            "products must be a non-empty object keyed by product id, e.g. {\"146\": {\"quantity\": 1}}".into(),
        ]));
    };
    let mut errors = Vec::new();
    let mut out = BTreeMap::new();
    for (key, entry) in map {
        let id = key.parse::<i64>().ok();
        let quantity = entry
            .get("quantity")
            .and_then(Value::as_u64)
            .and_then(|q| u32::try_from(q).ok())
            .filter(|q| *q >= 1);
        match (id, quantity) {
            (Some(id), Some(q)) => {
                out.insert(id, q);
            }
            (None, _) => errors.push(format!(
                "products.{key} must be keyed by a numeric product id"
            )),
            (_, None) => errors.push(format!(
                "products.{key}.quantity must be a positive integer"
            )),
        }
    }
    if let Some(note) = body.get("note").filter(|n| !n.is_null() && !n.is_string()) {
        errors.push(format!("note must be a string, not {note}"));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(ApiError::validation(errors))
    }
}

/// `POST /api/content/orders/{id}/refund`: asks the shop for a refund of some products of a
/// paid order; answers `true`.
pub(crate) async fn create(
    AxumState(shared): AxumState<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let (user_id, _) = shared.authenticate(&headers)?;
    let id = path_id(&id)?;
    let body = json_body(&headers, &body)?;
    let wanted = refund_products(&body)?;
    let mut state = lock(&shared.state);
    let order = state
        .user_order(user_id, id)
        .ok_or_else(|| ApiError::order_not_found(id))?;
    if !order.completed {
        return Err(ApiError::bad_request(format!("Order {id} is not paid")));
    }
    if state
        .refunds
        .iter()
        .any(|r| r.order_id == id && r.status == REFUND_OPEN)
    {
        return Err(ApiError::bad_request(format!(
            "Order {id} already has an open refund request"
        )));
    }
    let mut amount = Decimal::ZERO;
    for (product_id, quantity) in &wanted {
        let ordered: u32 = order
            .lines
            .iter()
            .filter(|l| l.product_id == *product_id)
            .map(|l| l.quantity)
            .sum();
        if ordered == 0 {
            return Err(ApiError::bad_request(format!(
                "Product {product_id} is not part of order {id}"
            )));
        }
        if *quantity > ordered {
            return Err(ApiError::bad_request(format!(
                "Refund quantity {quantity} of product {product_id} exceeds the ordered quantity {ordered}"
            )));
        }
        let price = state
            .product(*product_id)
            .map_or(Decimal::ZERO, |p| p.price);
        amount += price * Decimal::from(*quantity);
    }
    let refund = RefundRequest {
        id: state.next_refund,
        order_id: id,
        user_id,
        created: Utc::now(),
        status: REFUND_OPEN,
        amount,
        note: body
            .get("note")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        products: wanted
            .into_iter()
            .map(|(id, q)| (id.to_string(), q))
            .collect(),
    };
    state.next_refund += 1;
    state.refunds.push(refund);
    Ok((StatusCode::CREATED, Json(json!(true))).into_response())
}

/// `DELETE /api/content/orders/{id}/refund`: cancels the open refund request; answers
/// `true`.
pub(crate) async fn cancel(
    AxumState(shared): AxumState<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let (user_id, _) = shared.authenticate(&headers)?;
    let id = path_id(&id)?;
    let mut state = lock(&shared.state);
    state
        .user_order(user_id, id)
        .ok_or_else(|| ApiError::order_not_found(id))?;
    let open = state
        .refunds
        .iter_mut()
        .find(|r| r.order_id == id && r.status == REFUND_OPEN)
        .ok_or_else(|| ApiError::not_found(format!("Order {id} has no open refund request")))?;
    open.status = REFUND_CANCELED;
    Ok(Json(json!(true)))
}
