//! The typed error of every Craftgate call.
//!
//! Craftgate answers a failed call with HTTP >= 400 and
//! `{"errors": {"errorCode": "10051", "errorDescription": "...", "errorGroup": "..."}}`
//! (api-notes/craftgate.md §3). The status codes are undocumented, so the status is kept
//! next to the decoded body, and a body that is not the documented JSON (a proxy's HTML
//! page, say) still gives a typed error with its status.

use bytes::Bytes;
use payments_wire::{Failure, body_snippet};
use reqwest::StatusCode;
use serde_json::Value;

use crate::types;

/// What went wrong in a Craftgate call.
#[derive(Debug, thiserror::Error)]
pub enum CraftgateError {
    /// Craftgate refused the call with its documented error body.
    #[error(
        "Craftgate error {} ({}), HTTP {status}: {}",
        code.as_deref().unwrap_or("without code"),
        group.as_deref().unwrap_or("no group"),
        description.as_deref().unwrap_or("(no description)")
    )]
    Api {
        /// The HTTP status (a 2xx when a success answer carried `errors`).
        status: StatusCode,
        /// `errorCode`: digits; below 10000 a validation error, from 10000 a payment error.
        code: Option<String>,
        /// `errorDescription`, in the language the request asked for.
        description: Option<String>,
        /// `errorGroup`, present for payment errors (e.g. `NOT_SUFFICIENT_FUNDS`).
        group: Option<String>,
        /// `providerError`: the underlying bank's or provider's error, when sent.
        provider_error: Option<types::ProviderError>,
    },
    /// A non-2xx answer whose body is not Craftgate's error JSON.
    #[error("HTTP {status} without a Craftgate error body: {}", body_snippet(body))]
    Http {
        /// The HTTP status.
        status: StatusCode,
        /// The body as received (at most 64 KiB of it).
        body: Bytes,
    },
    /// The request did not complete: connection refused, timeout, TLS, reading the body.
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// A 2xx body did not have the documented shape.
    #[error("unexpected response body ({source}): {}", body_snippet(body))]
    Decode {
        /// The body as received.
        body: Bytes,
        /// What did not match.
        #[source]
        source: serde_json::Error,
    },
    /// The request could not be built or signed (a missing required parameter, a value that
    /// is not valid in an HTTP header).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// Craftgate answered with no content (HTTP 204 or an empty body) where a single
    /// object was expected, e.g. an unknown id on some endpoints.
    #[error("Craftgate answered with no content where a {expected} was expected")]
    NoContent {
        /// What the call should have returned.
        expected: &'static str,
    },
}

impl CraftgateError {
    /// The HTTP status, when Craftgate (or something in front of it) answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api { status, .. } | Self::Http { status, .. } => Some(*status),
            Self::Transport(e) => e.status(),
            _ => None,
        }
    }

    /// Craftgate's `errorCode`, when it sent one.
    pub fn error_code(&self) -> Option<&str> {
        match self {
            Self::Api { code, .. } => code.as_deref(),
            _ => None,
        }
    }

    /// Craftgate's `errorDescription`, when it sent one.
    pub fn error_description(&self) -> Option<&str> {
        match self {
            Self::Api { description, .. } => description.as_deref(),
            _ => None,
        }
    }

    /// Craftgate's `errorGroup`, when it sent one (payment errors only).
    pub fn error_group(&self) -> Option<&str> {
        match self {
            Self::Api { group, .. } => group.as_deref(),
            _ => None,
        }
    }

    /// The provider's own error, when Craftgate passed it on.
    pub fn provider_error(&self) -> Option<&types::ProviderError> {
        match self {
            Self::Api { provider_error, .. } => provider_error.as_ref(),
            _ => None,
        }
    }

    /// Decodes a non-2xx answer: Craftgate's error body when it is one, else
    /// [`CraftgateError::Http`] with the raw body.
    pub fn from_status(status: StatusCode, body: Bytes) -> Self {
        match parse_error_body(&body) {
            Some(fields) => fields.into_error(status),
            None => Self::Http { status, body },
        }
    }

    /// The error a 2xx answer carrying `errors` stands for.
    pub(crate) fn from_success_errors(status: StatusCode, errors: types::ErrorBody) -> Self {
        Self::Api {
            status,
            code: errors.error_code,
            description: errors.error_description,
            group: errors.error_group,
            provider_error: errors.provider_error,
        }
    }
}

impl From<Failure> for CraftgateError {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::InvalidRequest(msg) | Failure::Hook(msg) => Self::InvalidRequest(msg),
            Failure::Transport(e) => Self::Transport(e),
            Failure::Status { status, body } => Self::from_status(status, body),
            Failure::Decode { body, source } => Self::Decode { body, source },
        }
    }
}

/// The fields of an error body, read leniently: codes may come as strings or numbers.
struct ErrorFields {
    code: Option<String>,
    description: Option<String>,
    group: Option<String>,
    provider_error: Option<types::ProviderError>,
}

impl ErrorFields {
    fn into_error(self, status: StatusCode) -> CraftgateError {
        CraftgateError::Api {
            status,
            code: self.code,
            description: self.description,
            group: self.group,
            provider_error: self.provider_error,
        }
    }
}

/// Reads `{"errors": {...}}`; `None` when the body is not JSON or has no `errors` object.
fn parse_error_body(body: &[u8]) -> Option<ErrorFields> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let errors = value.get("errors")?.as_object()?;
    let provider_error = errors
        .get("providerError")
        .and_then(Value::as_object)
        .map(|p| types::ProviderError {
            error_code: p.get("errorCode").and_then(text),
            error_message: p.get("errorMessage").and_then(text),
        });
    Some(ErrorFields {
        code: errors.get("errorCode").and_then(text),
        description: errors.get("errorDescription").and_then(text),
        group: errors.get("errorGroup").and_then(text),
        provider_error,
    })
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

    #[test]
    fn documented_error_body_is_decoded_with_its_status() {
        let body = Bytes::from_static(
            br#"{"errors":{"errorCode":"10051","errorDescription":"Kart limiti yetersiz, yetersiz bakiye","errorGroup":"NOT_SUFFICIENT_FUNDS"}}"#,
        );
        let e = CraftgateError::from_status(StatusCode::BAD_REQUEST, body);
        assert_eq!(e.status(), Some(StatusCode::BAD_REQUEST));
        assert_eq!(e.error_code(), Some("10051"));
        assert_eq!(
            e.error_description(),
            Some("Kart limiti yetersiz, yetersiz bakiye")
        );
        assert_eq!(e.error_group(), Some("NOT_SUFFICIENT_FUNDS"));
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
        assert_eq!(e.error_code(), Some("1001"));
        assert_eq!(e.error_group(), None);
        let p = e.provider_error().unwrap();
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
            assert_eq!(e.error_code(), None);
        }
    }
}
