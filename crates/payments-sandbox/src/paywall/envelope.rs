//! Paywall's response envelope `{ErrorCode, Result, Message, Body}`
//! (docs/providers/paywall.md#envelope).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// `ErrorCode` 0: success (list 1, docs/providers/paywall.md#error-codes).
const SUCCESS: i64 = 0;
/// `ErrorCode` -1: payment not found / general error (list 1,
/// docs/providers/paywall.md#error-codes).
pub(crate) const NOT_FOUND: i64 = -1;
/// `ErrorCode` 1: failure (list 1, docs/providers/paywall.md#error-codes) — the sandbox's
/// code for refused operations.
pub(crate) const FAILURE: i64 = 1;
/// `ErrorCode` 2: unexpected parameters (list 1, docs/providers/paywall.md#error-codes).
pub(crate) const INVALID: i64 = 2;
/// `ErrorCode` 4: header missing (list 2 `HeaderMissing`, docs/providers/paywall.md#error-codes).
pub(crate) const HEADER_MISSING: i64 = 4;
/// `ErrorCode` 401: the HTTP-like code of list 2, for a wrong key pair.
pub(crate) const UNAUTHORIZED: i64 = 401;

/// A successful answer: HTTP 200, `ErrorCode` 0, `Result: true`.
pub(crate) fn ok(message: &str, body: Value) -> Response {
    Json(json!({
        "ErrorCode": SUCCESS,
        "Result": true,
        "Message": message,
        "Body": body,
    }))
    .into_response()
}

/// A successful answer of the newer bulk endpoints, which add `ErrorCodeType` and
/// `ErrorMessage` (as in the batch cancel example; docs/providers/paywall.md#envelope).
pub(crate) fn bulk_ok(message: &str, body: Value) -> Response {
    Json(json!({
        "ErrorCodeType": 1,
        "ErrorMessage": null,
        "ErrorCode": SUCCESS,
        "Result": true,
        "Message": message,
        "Body": body,
    }))
    .into_response()
}

/// A refused call: the envelope with `Result: false` and a non-zero `ErrorCode`.
#[derive(Debug)]
pub(crate) struct Failure {
    status: StatusCode,
    code: i64,
    message: String,
    bulk: bool,
}

impl Failure {
    /// The failure as a trigger's refusal: not found (-1), or refused with Paywall's message.
    pub(crate) fn into_trigger(self) -> crate::trigger::TriggerError {
        use crate::trigger::TriggerError;
        if self.code == NOT_FOUND {
            TriggerError::NotFound(self.message)
        } else {
            TriggerError::Refused(self.message)
        }
    }

    /// A business failure: HTTP 200, `Result: false` (inferred;
    /// docs/providers/paywall.md#business-failures).
    pub(crate) fn business(code: i64, message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::OK,
            code,
            message: message.into(),
            bulk: false,
        }
    }

    /// A request the server cannot read at all (not JSON): HTTP 400, `ErrorCode` 2.
    pub(crate) fn malformed(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            code: INVALID,
            message: message.into(),
            bulk: false,
        }
    }

    /// A body sent without `Content-Type: application/json`: HTTP 415, `ErrorCode` 2.
    pub(crate) fn unsupported_media_type() -> Self {
        Self {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code: INVALID,
            message: "Request body must be JSON (Content-Type: application/json)".into(),
            bulk: false,
        }
    }

    /// Missing or wrong credentials: HTTP 401 (Paywall documents no status for auth
    /// failures; docs/providers/paywall.md#http-statuses).
    pub(crate) fn unauthorized(code: i64, message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::UNAUTHORIZED,
            code,
            message: message.into(),
            bulk: false,
        }
    }

    /// Adds the bulk endpoints' `ErrorCodeType` and `ErrorMessage` fields.
    pub(crate) fn bulk(mut self) -> Self {
        self.bulk = true;
        self
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let body = if self.bulk {
            json!({
                "ErrorCodeType": 1,
                "ErrorMessage": self.message,
                "ErrorCode": self.code,
                "Result": false,
                "Message": self.message,
                "Body": null,
            })
        } else {
            json!({
                "ErrorCode": self.code,
                "Result": false,
                "Message": self.message,
                "Body": null,
            })
        };
        (self.status, Json(body)).into_response()
    }
}
