//! Craftgate's error envelope `{"errors": {errorCode, errorDescription, errorGroup?}}`
//! (docs/providers/craftgate.md#errors). HTTP statuses and codes are the sandbox's choice
//! (Craftgate only documents that errors are ≥400 and carry `errors`, and that codes below
//! 10000 are validation errors: docs/providers/craftgate.md#status-codes,
//! docs/providers/craftgate.md#error-codes).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// A non-2xx Craftgate answer.
#[derive(Debug)]
pub(crate) struct CgError {
    status: StatusCode,
    code: &'static str,
    description: String,
}

impl CgError {
    /// The error as a trigger's refusal: not found, or refused with Craftgate's reason (a
    /// trigger checks its own input first, so what is left is the provider's refusal).
    pub(crate) fn into_trigger(self) -> crate::trigger::TriggerError {
        use crate::trigger::TriggerError;
        if self.status == StatusCode::NOT_FOUND {
            TriggerError::NotFound(self.description)
        } else {
            TriggerError::Refused(self.description)
        }
    }

    /// HTTP 401, `errorCode` `"1"`: a missing authentication header, an unknown API key, an
    /// unsupported `x-auth-version` or a wrong signature (`"Signature is not equal!"`, the
    /// DOCS wording, docs/providers/craftgate.md#signing).
    pub(crate) fn auth(description: impl Into<String>) -> Self {
        Self {
            status: StatusCode::UNAUTHORIZED,
            code: "1",
            description: description.into(),
        }
    }

    /// HTTP 400, `errorCode` `"2"`: invalid input, and refunds the payment does not allow
    /// (more than the refundable price, nothing left, a failed payment).
    pub(crate) fn invalid(description: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            code: "2",
            description: description.into(),
        }
    }

    /// HTTP 404, `errorCode` `"3"`: an unknown payment, item, refund or route.
    pub(crate) fn not_found(description: impl Into<String>) -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            code: "3",
            description: description.into(),
        }
    }

    /// HTTP 405, `errorCode` `"2"`: a known path with another method.
    pub(crate) fn method_not_allowed() -> Self {
        Self {
            status: StatusCode::METHOD_NOT_ALLOWED,
            code: "2",
            description: "Request method not supported".into(),
        }
    }
}

impl IntoResponse for CgError {
    fn into_response(self) -> Response {
        let body = json!({
            "errors": { "errorCode": self.code, "errorDescription": self.description }
        });
        (self.status, Json(body)).into_response()
    }
}
