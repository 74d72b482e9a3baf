//! The control listener: drives a running sandbox over HTTP (what `payments listen` and
//! `payments trigger` use from another process).
//!
//! | route | what |
//! |---|---|
//! | `GET /info` | the [`SandboxInfo`] (the JSON line `payments sandbox` prints) |
//! | `GET /endpoints` | the registered [`Endpoint`]s |
//! | `POST /endpoints` `{"provider": "craftgate", "url": "http://..."}` | registers one: 201 with the [`Endpoint`] |
//! | `DELETE /endpoints/{id}` | removes one: 204, or 404 |
//! | `GET /deliveries` | every [`Delivery`](crate::Delivery) with its attempts |
//! | `POST /trigger` [`TriggerRequest`] | performs it: 200 with [`Triggered`](crate::Triggered) |
//! | `POST /paywall/batches` [`BatchSeed`] | makes a batch: 201 with [`SeededBatch`](crate::SeededBatch) |
//!
//! Errors are `{"error": "..."}` with 400 (bad input), 404 (no such payment, item, batch or
//! endpoint) or 409 (the provider refused). Like every sandbox listener it takes no
//! credentials: whoever reaches it drives the fake providers.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use crate::craftgate::CraftgateControl;
use crate::info::SandboxInfo;
use crate::paywall::PaywallControl;
use crate::perform::perform;
use crate::push::{Endpoint, PushControl, PushProvider};
use crate::trigger::{BatchSeed, Trigger, TriggerError, TriggerRequest};

/// What the control routes reach.
pub(crate) struct Control {
    pub(crate) info: SandboxInfo,
    pub(crate) pushes: PushControl,
    pub(crate) craftgate: CraftgateControl,
    pub(crate) paywall: PaywallControl,
}

/// An error answer.
fn error(status: StatusCode, message: impl std::fmt::Display) -> Response {
    (status, Json(json!({ "error": message.to_string() }))).into_response()
}

fn trigger_error(e: &TriggerError) -> Response {
    let status = match e {
        TriggerError::NotFound(_) => StatusCode::NOT_FOUND,
        TriggerError::Refused(_) => StatusCode::CONFLICT,
        _ => StatusCode::BAD_REQUEST,
    };
    error(status, e)
}

/// The JSON body as `T`, or what was wrong with it.
fn body<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, String> {
    serde_json::from_slice(bytes).map_err(|e| format!("bad JSON body: {e}"))
}

async fn info(State(control): State<Arc<Control>>) -> Json<SandboxInfo> {
    Json(control.info.clone())
}

async fn endpoints(State(control): State<Arc<Control>>) -> Json<Vec<Endpoint>> {
    Json(control.pushes.endpoints())
}

#[derive(Deserialize)]
struct Registration {
    provider: PushProvider,
    url: String,
}

async fn register(State(control): State<Arc<Control>>, bytes: axum::body::Bytes) -> Response {
    let registration: Registration = match body(&bytes) {
        Ok(r) => r,
        Err(e) => return error(StatusCode::BAD_REQUEST, e),
    };
    match control
        .pushes
        .register(registration.provider, &registration.url)
    {
        Ok(endpoint) => (StatusCode::CREATED, Json(endpoint)).into_response(),
        Err(e) => error(StatusCode::BAD_REQUEST, e),
    }
}

async fn unregister(State(control): State<Arc<Control>>, Path(id): Path<String>) -> Response {
    match id.parse::<u64>() {
        Ok(id) if control.pushes.unregister(id) => StatusCode::NO_CONTENT.into_response(),
        Ok(id) => error(StatusCode::NOT_FOUND, format!("no endpoint {id}")),
        Err(_) => error(
            StatusCode::BAD_REQUEST,
            format!("`{id}` is not an endpoint number"),
        ),
    }
}

async fn deliveries(State(control): State<Arc<Control>>) -> Response {
    Json(control.pushes.deliveries()).into_response()
}

async fn trigger(State(control): State<Arc<Control>>, bytes: axum::body::Bytes) -> Response {
    let request: TriggerRequest = match body(&bytes) {
        Ok(r) => r,
        Err(e) => return error(StatusCode::BAD_REQUEST, e),
    };
    let done =
        Trigger::try_from(request).and_then(|t| perform(t, &control.craftgate, &control.paywall));
    match done {
        Ok(triggered) => Json(triggered).into_response(),
        Err(e) => trigger_error(&e),
    }
}

async fn seed_batch(State(control): State<Arc<Control>>, bytes: axum::body::Bytes) -> Response {
    let seed: BatchSeed = match body(&bytes) {
        Ok(s) => s,
        Err(e) => return error(StatusCode::BAD_REQUEST, e),
    };
    match control.paywall.seed_batch(seed) {
        Ok(batch) => (StatusCode::CREATED, Json(batch)).into_response(),
        Err(e) => trigger_error(&e),
    }
}

async fn not_found() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "no such control route (GET /info, /endpoints, /deliveries; POST /endpoints, /trigger, /paywall/batches; DELETE /endpoints/{id})",
    )
}

/// The control routes.
pub(crate) fn router(control: Arc<Control>) -> Router {
    Router::new()
        .route("/info", get(info))
        .route("/endpoints", get(endpoints).post(register))
        .route("/endpoints/{id}", delete(unregister))
        .route("/deliveries", get(deliveries))
        .route("/trigger", post(trigger))
        .route("/paywall/batches", post(seed_batch))
        .fallback(not_found)
        .with_state(control)
}
