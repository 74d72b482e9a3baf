//! Orders: `/api/content/orders-storage` (docs/providers/oneentry.md#orders).

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State as AxumState};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde_json::{Value, json};

use super::error::ApiError;
use super::model::{Order, State};
use super::order_input::{discounts, order_input, product_lines, unknown_products};
use super::render::discount_config;
use super::request::{Paging, json_body, path_id, query_map};
use super::shared::Shared;
use crate::seed::oneentry as seed;
use crate::util::lock;

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

/// `GET /orders-storage?langCode=&limit=&offset=`: a plain array
/// (docs/providers/oneentry.md#orders).
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
        .ok_or_else(|| ApiError::order_not_found(id))?;
    Ok(Json(state.order_json(order)))
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
        .ok_or_else(|| ApiError::order_not_found(id))?;
    if order.completed {
        return Err(ApiError::bad_request(format!("Order {id} is already paid")));
    }
    let input = order_input(&state, &body)?;
    let total = state
        .total(&input.lines)
        .ok_or_else(|| ApiError::bad_request("Unknown product"))?;
    let Some(order) = state.orders.get_mut(&id) else {
        return Err(ApiError::order_not_found(id));
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
