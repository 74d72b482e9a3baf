//! Payments: `/api/content/payments` accounts and sessions (docs/providers/oneentry.md#payments).

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State as AxumState};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde_json::{Value, json};

use super::error::ApiError;
use super::model::Session;
use super::request::{Paging, json_body, path_id, query_map};
use super::shared::Shared;
use crate::util::{lock, random_alnum};

/// `GET /payments/accounts`: `IAccountsEntity[]`.
pub(crate) async fn accounts(
    AxumState(shared): AxumState<Arc<Shared>>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    shared.authenticate(&headers)?;
    let state = lock(&shared.state);
    Ok(Json(Value::Array(
        state.accounts.iter().map(|a| a.to_json()).collect(),
    )))
}

/// `GET /payments/accounts/{id}`.
pub(crate) async fn account(
    AxumState(shared): AxumState<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    shared.authenticate(&headers)?;
    let id = path_id(&id)?;
    let state = lock(&shared.state);
    state
        .accounts
        .iter()
        .find(|a| a.id == id)
        .map(|a| Json(a.to_json()))
        .ok_or_else(|| ApiError::not_found(format!("Payment account {id} not found")))
}

/// `POST /payments/sessions` with `{orderId, type, automaticTaxEnabled}`
/// (docs/providers/oneentry.md#payment-sessions): a new session in status `waiting` for one of
/// the user's unpaid orders.
pub(crate) async fn create_session(
    AxumState(shared): AxumState<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let (user_id, _) = shared.authenticate(&headers)?;
    let body = json_body(&headers, &body)?;
    let mut errors = Vec::new();
    let order_id = body.get("orderId").and_then(Value::as_i64);
    if order_id.is_none() {
        errors.push("orderId must be an integer number".to_string());
    }
    let kind = body
        .get("type")
        .and_then(Value::as_str)
        .filter(|t| *t == "session" || *t == "intent");
    if kind.is_none() {
        errors.push("type must be one of the following values: session, intent".into());
    }
    // The SDK always sends it (docs/providers/oneentry.md#payment-sessions); tolerate its
    // absence as `false`.
    if body
        .get("automaticTaxEnabled")
        .is_some_and(|v| !v.is_boolean())
    {
        errors.push("automaticTaxEnabled must be a boolean value".into());
    }
    let (Some(order_id), Some(kind), true) = (order_id, kind, errors.is_empty()) else {
        return Err(ApiError::validation(errors));
    };
    let mut state = lock(&shared.state);
    let order = state
        .user_order(user_id, order_id)
        .ok_or_else(|| ApiError::order_not_found(order_id))?;
    if order.completed {
        return Err(ApiError::bad_request(format!(
            "Order {order_id} is already paid"
        )));
    }
    let total = order.total;
    let account = state
        .account_by_identifier(&order.account_identifier)
        .ok_or_else(|| ApiError::bad_request("The order's payment account does not exist"))?;
    let account_id = account.id;
    let is_stripe = account.kind == "stripe";
    let now = Utc::now();
    let intent = kind == "intent";
    let session = Session {
        id: state.next_session,
        order_id,
        account_id,
        kind: kind.to_string(),
        status: "waiting".into(),
        created: now,
        updated: now,
        payment_url: (is_stripe && !intent).then(|| {
            format!(
                "https://checkout.stripe.com/c/pay/cs_test_{}",
                random_alnum(58)
            )
        }),
        client_secret: (is_stripe && intent)
            .then(|| format!("pi_{}_secret_{}", random_alnum(24), random_alnum(25))),
        amount: intent.then_some(total),
    };
    state.next_session += 1;
    if let Some(secret) = &session.client_secret {
        shared.issued.record(secret);
    }
    let answer = session.to_json();
    state.sessions.insert(session.id, session);
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

/// `GET /payments/sessions/?offset=&limit=`: `{total, items}` of the user's sessions,
/// newest first.
pub(crate) async fn sessions(
    AxumState(shared): AxumState<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let (user_id, _) = shared.authenticate(&headers)?;
    let paging = Paging::from_query(&query_map(query.as_deref()))?;
    let state = lock(&shared.state);
    let all = state.user_sessions(user_id);
    let items: Vec<Value> = paging.slice(&all).iter().map(Session::to_json).collect();
    Ok(Json(json!({ "total": all.len(), "items": items })))
}

/// `GET /payments/sessions/{id}`.
pub(crate) async fn session(
    AxumState(shared): AxumState<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let (user_id, _) = shared.authenticate(&headers)?;
    let id = path_id(&id)?;
    let state = lock(&shared.state);
    state
        .user_sessions(user_id)
        .iter()
        .find(|s| s.id == id)
        .map(|s| Json(s.to_json()))
        .ok_or_else(|| ApiError::not_found(format!("Payment session {id} not found")))
}

/// `GET /payments/sessions/order/{id}`: a JSON array, as the Indonesian edition of the doc
/// page shows (the English one shows one object; docs/providers/oneentry.md#sessions-of-an-order),
/// oldest first; an order without sessions gives `[]`.
pub(crate) async fn sessions_by_order(
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
            .sessions
            .values()
            .filter(|s| s.order_id == id)
            .map(Session::to_json)
            .collect(),
    )))
}
