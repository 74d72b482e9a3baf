//! Orders: `/api/content/orders-storage` and the refund calls under `/api/content/orders`
//! (notes §5).

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State as AxumState};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use super::Shared;
use super::error::ApiError;
use super::request::{Paging, json_body, path_id, query_map};
use super::state::{
    Line, Order, REFUND_CANCELED, REFUND_OPEN, RefundRequest, State, discount_config,
};
use crate::seed::oneentry as seed;
use crate::util::{json_decimal, lock};

/// The storage behind `marker` (only `orders` exists).
fn check_storage(state: &State, marker: &str) -> Result<(), ApiError> {
    if state.storage.marker == marker {
        Ok(())
    } else {
        Err(ApiError::not_found(format!(
            "Order storage \"{marker}\" not found"
        )))
    }
}

/// `GET /orders-storage?langCode=&limit=&offset=`: a plain array (notes §5).
pub(crate) async fn storages(
    AxumState(shared): AxumState<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    shared.authenticate(&headers)?;
    let paging = Paging::from_query(&query_map(query.as_deref()))?;
    let state = lock(&shared.state);
    Ok(Json(Value::Array(paging.slice(&[state.storage.to_json()]))))
}

/// `GET /orders-storage/marker/{marker}?langCode=`.
pub(crate) async fn storage(
    AxumState(shared): AxumState<Arc<Shared>>,
    Path(marker): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    shared.authenticate(&headers)?;
    let state = lock(&shared.state);
    check_storage(&state, &marker)?;
    Ok(Json(state.storage.to_json()))
}

/// `GET /orders-storage/marker/{marker}/order-statuses?langCode=&offset=&limit=`.
pub(crate) async fn statuses(
    AxumState(shared): AxumState<Arc<Shared>>,
    Path(marker): Path<String>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    shared.authenticate(&headers)?;
    let paging = Paging::from_query(&query_map(query.as_deref()))?;
    let state = lock(&shared.state);
    check_storage(&state, &marker)?;
    let all: Vec<Value> = state.statuses.iter().map(|s| s.to_json()).collect();
    Ok(Json(Value::Array(paging.slice(&all))))
}

/// `GET /orders-storage/marker/{marker}/orders?langCode=&limit=&offset=`: the user's
/// orders, newest first, as `{items, total}`.
pub(crate) async fn orders(
    AxumState(shared): AxumState<Arc<Shared>>,
    Path(marker): Path<String>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let (user_id, _) = shared.authenticate(&headers)?;
    let paging = Paging::from_query(&query_map(query.as_deref()))?;
    let state = lock(&shared.state);
    check_storage(&state, &marker)?;
    let all: Vec<Value> = state
        .orders
        .values()
        .rev()
        .filter(|o| o.user_id == user_id)
        .map(|o| state.order_json(o))
        .collect();
    Ok(Json(
        json!({ "items": paging.slice(&all), "total": all.len() }),
    ))
}

/// `GET /orders-storage/marker/{marker}/orders/{id}?langCode=`.
pub(crate) async fn order(
    AxumState(shared): AxumState<Arc<Shared>>,
    Path((marker, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let (user_id, _) = shared.authenticate(&headers)?;
    let id = path_id(&id)?;
    let state = lock(&shared.state);
    check_storage(&state, &marker)?;
    let order = state
        .user_order(user_id, id)
        .ok_or_else(|| order_not_found(id))?;
    Ok(Json(state.order_json(order)))
}

fn order_not_found(id: i64) -> ApiError {
    ApiError::not_found(format!("Order {id} not found"))
}

/// A validated `IOrderData` body (notes §5.1, §5.2).
struct OrderInput {
    form_identifier: String,
    account_identifier: String,
    form_data: Map<String, Value>,
    lines: Vec<Line>,
    markers: Option<Vec<String>>,
    bonus: Option<Decimal>,
}

/// `products: [{productId, quantity}]` (quantity ≥ 1); `required` says whether an empty or
/// missing list is an error.
fn product_lines(body: &Value, required: bool, errors: &mut Vec<String>) -> Vec<Line> {
    let Some(items) = body.get("products") else {
        if required {
            errors.push("products must be a non-empty array".into());
        }
        return Vec::new();
    };
    let Some(items) = items.as_array().filter(|a| !a.is_empty() || !required) else {
        errors.push("products must be a non-empty array".into());
        return Vec::new();
    };
    let mut lines = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let product_id = item.get("productId").and_then(Value::as_i64);
        let quantity = item
            .get("quantity")
            .and_then(Value::as_u64)
            .and_then(|q| u32::try_from(q).ok())
            .filter(|q| *q >= 1);
        if product_id.is_none() {
            errors.push(format!("products.{i}.productId must be an integer"));
        }
        if quantity.is_none() {
            errors.push(format!("products.{i}.quantity must be a positive integer"));
        }
        if let (Some(product_id), Some(quantity)) = (product_id, quantity) {
            lines.push(Line {
                product_id,
                quantity,
            });
        }
    }
    lines
}

/// `couponCode`, `additionalDiscountsMarkers` and `bonusAmount`; the project has no coupons,
/// so any coupon code is unknown.
fn discounts(
    body: &Value,
    errors: &mut Vec<String>,
) -> Result<(Option<Vec<String>>, Option<Decimal>), ApiError> {
    match body.get("couponCode") {
        None | Some(Value::Null) => {}
        Some(Value::String(code)) => {
            return Err(ApiError::bad_request(format!(
                "Coupon \"{code}\" not found"
            )));
        }
        Some(_) => errors.push("couponCode must be a string".into()),
    }
    let markers = match body.get("additionalDiscountsMarkers") {
        None | Some(Value::Null) => None,
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => Some(
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
        ),
        Some(_) => {
            errors.push("additionalDiscountsMarkers must be an array of strings".into());
            None
        }
    };
    let bonus = match body.get("bonusAmount") {
        None | Some(Value::Null) => None,
        Some(v) => match json_decimal(v).filter(|d| !d.is_sign_negative()) {
            Some(d) => Some(d),
            None => {
                errors.push("bonusAmount must be a non-negative number".into());
                None
            }
        },
    };
    Ok((markers, bonus))
}

/// `formData` keyed by language, each value an array of `{marker, type, value}` — the form
/// the SDK's rewrite sends (notes §3 "Request side", §5.1).
fn form_data(body: &Value, errors: &mut Vec<String>) -> Map<String, Value> {
    let shape = "formData must be an object keyed by language code, e.g. {\"en_US\": [{\"marker\", \"type\", \"value\"}]}";
    let Some(map) = body
        .get("formData")
        .and_then(Value::as_object)
        .filter(|m| !m.is_empty())
    else {
        errors.push(shape.into());
        return Map::new();
    };
    for (lang, items) in map {
        let Some(items) = items.as_array() else {
            errors.push(format!("formData.{lang} must be an array"));
            continue;
        };
        for (i, item) in items.iter().enumerate() {
            let ok = item.get("marker").is_some_and(Value::is_string)
                && item.get("type").is_some_and(Value::is_string)
                && item.get("value").is_some();
            if !ok {
                errors.push(format!(
                    "formData.{lang}.{i} must be an object with string marker and type, and a value"
                ));
            }
        }
    }
    map.clone()
}

fn order_input(state: &State, body: &Value) -> Result<OrderInput, ApiError> {
    let mut errors = Vec::new();
    let form_identifier = body.get("formIdentifier").and_then(Value::as_str);
    if form_identifier.is_none() {
        errors.push("formIdentifier must be a string".into());
    }
    let account_identifier = body.get("paymentAccountIdentifier").and_then(Value::as_str);
    if account_identifier.is_none() {
        errors.push("paymentAccountIdentifier must be a string".into());
    }
    let form_data = form_data(body, &mut errors);
    let lines = product_lines(body, true, &mut errors);
    let (markers, bonus) = discounts(body, &mut errors)?;
    let (Some(form_identifier), Some(account_identifier), true) =
        (form_identifier, account_identifier, errors.is_empty())
    else {
        return Err(ApiError::validation(errors));
    };
    if form_identifier != state.storage.form_identifier {
        return Err(ApiError::bad_request(format!(
            "Form \"{form_identifier}\" is not attached to order storage \"{}\"",
            state.storage.marker
        )));
    }
    if !state
        .storage
        .account_identifiers
        .iter()
        .any(|a| a == account_identifier)
    {
        return Err(ApiError::bad_request(format!(
            "Payment account \"{account_identifier}\" is not available for order storage \"{}\"",
            state.storage.marker
        )));
    }
    unknown_products(state, &lines)?;
    Ok(OrderInput {
        form_identifier: form_identifier.to_string(),
        account_identifier: account_identifier.to_string(),
        form_data,
        lines,
        markers,
        bonus,
    })
}

fn unknown_products(state: &State, lines: &[Line]) -> Result<(), ApiError> {
    match lines.iter().find(|l| state.product(l.product_id).is_none()) {
        Some(line) => Err(ApiError::bad_request(format!(
            "Product {} not found",
            line.product_id
        ))),
        None => Ok(()),
    }
}

/// `POST /orders-storage/marker/{marker}/orders` (no query): `IBaseOrdersEntity` with
/// `totalSum` a number computed from the product prices.
pub(crate) async fn create(
    AxumState(shared): AxumState<Arc<Shared>>,
    Path(marker): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let (user_id, _) = shared.authenticate(&headers)?;
    let body = json_body(&headers, &body)?;
    let mut state = lock(&shared.state);
    check_storage(&state, &marker)?;
    let input = order_input(&state, &body)?;
    let total = state
        .total(&input.lines)
        .ok_or_else(|| ApiError::bad_request("Unknown product"))?;
    let id = state.next_order;
    state.next_order += 1;
    let order = Order {
        id,
        storage_id: state.storage.id,
        user_id,
        created: Utc::now(),
        status: default_status(&state),
        form_identifier: input.form_identifier,
        form_data: input.form_data,
        account_identifier: input.account_identifier,
        lines: input.lines,
        total,
        additional_markers: input.markers,
        bonus_amount: input.bonus,
        completed: false,
    };
    let answer = state.base_order_json(&order);
    state.orders.insert(id, order);
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

fn default_status(state: &State) -> String {
    state
        .statuses
        .iter()
        .find(|s| s.is_default)
        .map_or("new", |s| s.identifier)
        .to_string()
}

/// `PUT /orders-storage/marker/{marker}/orders/{id}?langCode=`: replaces the order's form
/// data, payment account and products (not once it is paid).
pub(crate) async fn update(
    AxumState(shared): AxumState<Arc<Shared>>,
    Path((marker, id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let (user_id, _) = shared.authenticate(&headers)?;
    let id = path_id(&id)?;
    let body = json_body(&headers, &body)?;
    let mut state = lock(&shared.state);
    check_storage(&state, &marker)?;
    let order = state
        .user_order(user_id, id)
        .ok_or_else(|| order_not_found(id))?;
    if order.completed {
        return Err(ApiError::bad_request(format!("Order {id} is already paid")));
    }
    let input = order_input(&state, &body)?;
    let total = state
        .total(&input.lines)
        .ok_or_else(|| ApiError::bad_request("Unknown product"))?;
    let Some(order) = state.orders.get_mut(&id) else {
        return Err(order_not_found(id));
    };
    order.form_identifier = input.form_identifier;
    order.form_data = input.form_data;
    order.account_identifier = input.account_identifier;
    order.lines = input.lines;
    order.total = total;
    order.additional_markers = input.markers;
    order.bonus_amount = input.bonus;
    let order = order.clone();
    Ok(Json(state.base_order_json(&order)))
}

/// `POST /orders-storage/orders/preview?langCode=`: `IOrderPreviewResponse` (no discounts
/// exist, so the discounted total is the total).
pub(crate) async fn preview(
    AxumState(shared): AxumState<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    shared.authenticate(&headers)?;
    let body = json_body(&headers, &body)?;
    let mut errors = Vec::new();
    let lines = product_lines(&body, false, &mut errors);
    discounts(&body, &mut errors)?;
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let state = lock(&shared.state);
    unknown_products(&state, &lines)?;
    let total = state.total(&lines).unwrap_or_default();
    let items: Vec<Value> = lines
        .iter()
        .filter_map(|l| state.product(l.product_id).map(|p| (l, p)))
        .map(|(l, p)| {
            json!({
                "id": p.id,
                "price": p.price,
                "quantity": l.quantity,
                "discountPrice": null,
                "isGift": false,
            })
        })
        .collect();
    let answer = json!({
        "totalSum": total,
        "totalSumWithDiscount": total,
        "discountConfig": discount_config(total),
        "currency": seed::CURRENCY,
        "orderPreview": items,
        "bonusApplied": 0,
        "totalDue": total,
    });
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

/// `GET /api/content/orders/{id}/refund`: the order's refund requests.
pub(crate) async fn refunds(
    AxumState(shared): AxumState<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let (user_id, _) = shared.authenticate(&headers)?;
    let id = path_id(&id)?;
    let state = lock(&shared.state);
    state
        .user_order(user_id, id)
        .ok_or_else(|| order_not_found(id))?;
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
pub(crate) async fn create_refund(
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
        .ok_or_else(|| order_not_found(id))?;
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
pub(crate) async fn cancel_refund(
    AxumState(shared): AxumState<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let (user_id, _) = shared.authenticate(&headers)?;
    let id = path_id(&id)?;
    let mut state = lock(&shared.state);
    state
        .user_order(user_id, id)
        .ok_or_else(|| order_not_found(id))?;
    let open = state
        .refunds
        .iter_mut()
        .find(|r| r.order_id == id && r.status == REFUND_OPEN)
        .ok_or_else(|| ApiError::not_found(format!("Order {id} has no open refund request")))?;
    open.status = REFUND_CANCELED;
    Ok(Json(json!(true)))
}
