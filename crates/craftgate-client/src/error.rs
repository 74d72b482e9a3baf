//! How Craftgate's errors read: its [`Service`] description ([`CraftgateApi`]), its error
//! answer ([`ApiError`]) and the client's error type ([`CraftgateError`]).
//!
//! Craftgate refuses a call with HTTP >= 400 and
//! `{"errors": {"errorCode": "10051", "errorDescription": "...", "errorGroup": "..."}}`
//! (docs/providers/craftgate.md#errors). The statuses themselves are not documented, so
//! the status is kept next to the decoded body, and a body that is not the documented
//! JSON (a proxy's HTML page) is a [`CallError::Http`] with its status.

use std::borrow::Cow;
use std::convert::Infallible;

use payments_wire::{CallError, ErrorKind, ErrorMetadata, Operation, Service, kind_for_status};
use reqwest::StatusCode;
use serde_json::Value;

use crate::types;

/// Craftgate's API, as the shared call scaffolding sees it.
#[derive(Debug)]
pub enum CraftgateApi {}

impl Service for CraftgateApi {
    const NAME: &'static str = "Craftgate";
    /// Craftgate answers some unknown ids with an empty 204.
    const NO_CONTENT: ErrorKind = ErrorKind::NotFound;
    const OPERATIONS: &'static [Operation] = crate::operations::OPERATIONS;
    type ApiError = ApiError;
    type Refusal = Infallible;

    fn api_error(status: StatusCode, body: &[u8]) -> Option<ApiError> {
        ApiError::parse(status, body)
    }
}

/// What went wrong in a Craftgate call.
pub type CraftgateError = CallError<CraftgateApi>;

/// Codes from this one up are payment (business) errors; below it, validation errors
/// (docs/providers/craftgate.md#errors).
const FIRST_PAYMENT_ERROR_CODE: u32 = 10000;

/// Craftgate refused the call with its documented error body.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error(
    "Craftgate error {} ({}), HTTP {status}: {}",
    code.as_deref().unwrap_or("without code"),
    group.as_deref().unwrap_or("no group"),
    description.as_deref().unwrap_or("(no description)")
)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status (a 2xx when a success answer carried `errors`).
    pub status: StatusCode,
    /// `errorCode`: digits; below 10000 a validation error, from 10000 a payment error.
    pub code: Option<String>,
    /// `errorDescription`, in the language the request asked for.
    pub description: Option<String>,
    /// `errorGroup`, present for payment errors (e.g. `NOT_SUFFICIENT_FUNDS`).
    pub group: Option<String>,
    /// `providerError`: the underlying bank's or provider's error, when sent.
    pub provider_error: Option<types::ProviderError>,
}

impl ApiError {
    /// The error a 2xx answer carrying `errors` stands for.
    pub(crate) fn from_success(status: StatusCode, errors: types::ErrorBody) -> Self {
        Self {
            status,
            code: errors.error_code,
            description: errors.error_description,
            group: errors.error_group,
            provider_error: errors.provider_error,
        }
    }

    /// Reads `{"errors": {...}}` leniently (codes may come as strings or numbers); `None`
    /// when the body is not JSON or has no `errors` object.
    fn parse(status: StatusCode, body: &[u8]) -> Option<Self> {
        let value: Value = serde_json::from_slice(body).ok()?;
        let errors = value.get("errors")?.as_object()?;
        let provider_error = errors
            .get("providerError")
            .and_then(Value::as_object)
            .map(|p| types::ProviderError {
                error_code: p.get("errorCode").and_then(text),
                error_message: p.get("errorMessage").and_then(text),
            });
        Some(Self {
            status,
            code: errors.get("errorCode").and_then(text),
            description: errors.get("errorDescription").and_then(text),
            group: errors.get("errorGroup").and_then(text),
            provider_error,
        })
    }

    /// Whether the code is a payment (business) error rather than a validation error.
    fn is_payment_error(&self) -> bool {
        self.code
            .as_deref()
            .and_then(|c| c.parse::<u32>().ok())
            .is_some_and(|c| c >= FIRST_PAYMENT_ERROR_CODE)
    }
}

impl ErrorMetadata for ApiError {
    fn kind(&self) -> ErrorKind {
        if self.is_payment_error() {
            ErrorKind::Rejected
        } else {
            kind_for_status(self.status)
        }
    }

    fn http_status(&self) -> Option<StatusCode> {
        Some(self.status)
    }

    fn code(&self) -> Option<Cow<'_, str>> {
        self.code.as_deref().map(Cow::Borrowed)
    }

    fn message(&self) -> Option<Cow<'_, str>> {
        self.description.as_deref().map(Cow::Borrowed)
    }

    fn group(&self) -> Option<&str> {
        self.group.as_deref()
    }
}

/// A string as is, a number as its text; anything else (null, objects) as absent.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    #[test]
    fn documented_error_body_is_decoded_with_its_status() {
        let body = Bytes::from_static(
            br#"{"errors":{"errorCode":"10051","errorDescription":"Kart limiti yetersiz, yetersiz bakiye","errorGroup":"NOT_SUFFICIENT_FUNDS"}}"#,
        );
        let e = CraftgateError::from_status(StatusCode::BAD_REQUEST, body);
        assert_eq!(e.status(), Some(StatusCode::BAD_REQUEST));
        assert_eq!(e.code().as_deref(), Some("10051"));
        assert_eq!(
            e.message().as_deref(),
            Some("Kart limiti yetersiz, yetersiz bakiye")
        );
        assert_eq!(e.group(), Some("NOT_SUFFICIENT_FUNDS"));
        assert_eq!(
            e.to_string(),
            "Craftgate error 10051 (NOT_SUFFICIENT_FUNDS), HTTP 400 Bad Request: Kart limiti yetersiz, yetersiz bakiye"
        );
    }

    #[test]
    fn numeric_codes_and_provider_errors_are_kept() {
        let body = Bytes::from_static(
            br#"{"errors":{"errorCode":1001,"errorDescription":"x","providerError":{"errorCode":"05","errorMessage":"Do not honour"}}}"#,
        );
        let e = CraftgateError::from_status(StatusCode::UNPROCESSABLE_ENTITY, body);
        assert_eq!(e.code().as_deref(), Some("1001"));
        assert_eq!(e.group(), None);
        let p = e.api().and_then(|a| a.provider_error.as_ref()).unwrap();
        assert_eq!(p.error_code.as_deref(), Some("05"));
        assert_eq!(p.error_message.as_deref(), Some("Do not honour"));
    }

    #[test]
    fn other_bodies_keep_status_and_bytes() {
        for body in [
            &b"<html>bad gateway</html>"[..],
            b"",
            b"{\"message\":\"x\"}",
        ] {
            let e =
                CraftgateError::from_status(StatusCode::BAD_GATEWAY, Bytes::copy_from_slice(body));
            match &e {
                CraftgateError::Http { status, body: b } => {
                    assert_eq!(*status, StatusCode::BAD_GATEWAY);
                    assert_eq!(&b[..], body);
                }
                other => panic!("expected Http, got {other:?}"),
            }
            assert_eq!(e.code(), None);
        }
    }

    #[test]
    fn payment_errors_are_rejections_and_validation_errors_follow_the_status() {
        let kind = |status: u16, code: &str| {
            ApiError {
                status: StatusCode::from_u16(status).unwrap(),
                code: Some(code.into()),
                description: None,
                group: None,
                provider_error: None,
            }
            .kind()
        };
        assert_eq!(kind(400, "10051"), ErrorKind::Rejected);
        assert_eq!(kind(200, "10000"), ErrorKind::Rejected);
        assert_eq!(kind(400, "9999"), ErrorKind::InvalidRequest);
        assert_eq!(kind(401, "1"), ErrorKind::Auth);
        assert_eq!(kind(200, "1"), ErrorKind::Decode);
        assert_eq!(kind(400, "x"), ErrorKind::InvalidRequest);
    }
}
