//! OneEntry's error body: `{statusCode, message, pageData, timestamp}` (notes §2.1).

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
    /// validator errors (notes §2.1, `message` may be `string[]`).
    pub(crate) fn validation(messages: Vec<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            message: Value::Array(messages.into_iter().map(Value::String).collect()),
        }
    }

    /// 401: no, unknown, expired or revoked Bearer token (notes §1.3: the SDK refreshes on 401).
    pub(crate) fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "Unauthorized")
    }

    /// 401 for a failed sign-in (notes §8.1 leave the status open; the sandbox uses 401).
    pub(crate) fn wrong_credentials() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "Wrong login or password")
    }

    /// 403 "Resource is closed" (notes §2.1, vendor docs): the sandbox's answer to a missing
    /// or wrong `x-app-token`. Not 401, so a client does not try a token refresh for it.
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
