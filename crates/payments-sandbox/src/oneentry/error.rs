//! OneEntry's error body: `{statusCode, message, pageData, timestamp}`
//! (docs/providers/oneentry.md#error-body).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::format::iso_now;

/// A non-2xx OneEntry answer.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    message: Value,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: Value::String(message.into()),
        }
    }

    /// 400 with a single message.
    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    /// 400 from body validation: `message` is a string array, as the vendor docs show for
    /// validator errors (`message` may be `string[]`; docs/providers/oneentry.md#error-body).
    pub(crate) fn validation(messages: Vec<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            message: Value::Array(messages.into_iter().map(Value::String).collect()),
        }
    }

    /// 401: no, unknown, expired or revoked Bearer token (the SDK refreshes on 401;
    /// docs/providers/oneentry.md#token-refresh).
    pub(crate) fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "Unauthorized")
    }

    /// 401 for a failed sign-in (OneEntry does not document the status; the sandbox uses 401;
    /// docs/providers/oneentry.md#sign-in).
    pub(crate) fn wrong_credentials() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "Wrong login or password")
    }

    /// 403 "Resource is closed" (vendor docs; docs/providers/oneentry.md#status-codes): the
    /// sandbox's answer to a missing or wrong `x-app-token`. Not 401, so a client does not
    /// try a token refresh for it.
    pub(crate) fn closed() -> Self {
        Self::new(StatusCode::FORBIDDEN, "Resource is closed")
    }

    /// 404 with a message.
    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }

    /// 404 for an order that does not exist or is not the user's.
    pub(crate) fn order_not_found(id: i64) -> Self {
        Self::not_found(format!("Order {id} not found"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({
            "statusCode": self.status.as_u16(),
            "message": self.message,
            "pageData": null,
            "timestamp": iso_now(),
        });
        (self.status, Json(body)).into_response()
    }
}
