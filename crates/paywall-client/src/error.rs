//! How Paywall's errors read: its [`Service`] description ([`PaywallApi`]), its error
//! answer ([`ApiError`]), what the client refuses on its own ([`Refusal`]) and the
//! client's error type ([`PaywallError`]).

use std::borrow::Cow;
use std::fmt;

use payments_wire::{CallError, ErrorKind, ErrorMetadata, Operation, Service, kind_for_status};
use reqwest::StatusCode;

use crate::keys::KeyPair;
use crate::types::{ErrorBody, ProviderFailure};

/// Paywall's API, as the shared call scaffolding sees it.
#[derive(Debug)]
pub enum PaywallApi {}

impl Service for PaywallApi {
    const NAME: &'static str = "Paywall";
    /// A success without the record a query returns is not a documented answer.
    const NO_CONTENT: ErrorKind = ErrorKind::Decode;
    const OPERATIONS: &'static [Operation] = crate::operations::OPERATIONS;
    type ApiError = ApiError;
    type Refusal = Refusal;

    /// Reads a non-2xx body as Paywall's (loosely documented) error body; a body with none
    /// of its fields is not one.
    fn api_error(status: StatusCode, body: &[u8]) -> Option<ApiError> {
        let e = serde_json::from_slice::<ErrorBody>(body).ok()?;
        let any_field = e.error_code.is_some()
            || e.result.is_some()
            || e.message.is_some()
            || e.error_message.is_some();
        any_field.then_some(ApiError {
            status,
            error_code: e.error_code,
            message: e.message,
            error_code_type: e.error_code_type,
            error_message: e.error_message,
            provider: None,
        })
    }
}

/// Everything a Paywall call can fail with.
pub type PaywallError = CallError<PaywallApi>;

/// Paywall said no: a non-2xx answer with a readable error body, or a business failure
/// (HTTP 200 with `Result: false` or `ErrorCode != 0`; docs/providers/paywall.md#envelope).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status (200 for business failures).
    pub status: StatusCode,
    /// `ErrorCode` (0 = success). Two code spaces exist, so a plain integer
    /// (docs/providers/paywall.md#errors).
    pub error_code: Option<i64>,
    /// `Message`, localised by Paywall.
    pub message: Option<String>,
    /// `ErrorCodeType` (newer bulk responses; meaning not documented).
    pub error_code_type: Option<i64>,
    /// `ErrorMessage` (newer bulk responses; meaning not documented).
    pub error_message: Option<String>,
    /// The provider's and the bank's codes and messages (`Body.Error`, base64-decoded) of a
    /// failed payment start.
    pub provider: Option<ProviderFailure>,
}

impl std::error::Error for ApiError {}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Paywall refused the request (HTTP {}",
            self.status.as_u16()
        )?;
        if let Some(code) = self.error_code {
            write!(f, ", ErrorCode {code}")?;
        }
        if let Some(kind) = self.error_code_type {
            write!(f, ", ErrorCodeType {kind}")?;
        }
        f.write_str(")")?;
        let mut texts = self.texts();
        match texts.next() {
            Some(first) => write!(f, ": {first}")?,
            None => f.write_str(": no message")?,
        }
        for more in texts {
            write!(f, "; {more}")?;
        }
        if let Some(p) = &self.provider {
            let parts = [
                (
                    "provider",
                    &p.provider_error_code,
                    &p.provider_error_message,
                ),
                ("bank", &p.bank_error_code, &p.bank_error_message),
            ];
            for (who, code, message) in parts {
                let code = code.as_ref().filter(|c| !c.is_empty());
                let message = message.as_ref().filter(|m| !m.is_empty());
                match (code, message) {
                    (None, None) => {}
                    (Some(c), Some(m)) => write!(f, "; {who} {c}: {m}")?,
                    (Some(c), None) => write!(f, "; {who} {c}")?,
                    (None, Some(m)) => write!(f, "; {who}: {m}")?,
                }
            }
        }
        Ok(())
    }
}

impl ApiError {
    /// `Message` and `ErrorMessage`, those that say something.
    fn texts(&self) -> impl Iterator<Item = &str> {
        [self.message.as_deref(), self.error_message.as_deref()]
            .into_iter()
            .flatten()
            .filter(|t| !t.trim().is_empty())
    }
}

impl ErrorMetadata for ApiError {
    /// HTTP 200 with `Result: false` means Paywall processed the request and said no.
    fn kind(&self) -> ErrorKind {
        if self.status.is_success() {
            ErrorKind::Rejected
        } else {
            kind_for_status(self.status)
        }
    }

    fn http_status(&self) -> Option<StatusCode> {
        Some(self.status)
    }

    fn code(&self) -> Option<Cow<'_, str>> {
        self.error_code.map(|c| Cow::Owned(c.to_string()))
    }

    fn message(&self) -> Option<Cow<'_, str>> {
        self.message
            .as_deref()
            .or(self.error_message.as_deref())
            .map(Cow::Borrowed)
    }
}

/// What the Paywall client refuses on its own; nothing was sent.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Refusal {
    /// The operation needs a key pair the client was built without.
    #[error("no Paywall {pair} key pair is configured; `{operation}` needs it")]
    MissingKeys {
        /// The pair the operation needs.
        pair: KeyPair,
        /// The operation (snake_case operation id).
        operation: &'static str,
    },
}

impl ErrorMetadata for Refusal {
    fn kind(&self) -> ErrorKind {
        match self {
            Refusal::MissingKeys { .. } => ErrorKind::Configuration,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::Base64Text;
    use bytes::Bytes;

    fn from_status(status: StatusCode, body: &'static [u8]) -> PaywallError {
        PaywallError::from_status(status, Bytes::from_static(body))
    }

    #[test]
    fn error_bodies_become_api_errors_and_others_stay_raw() {
        let e = from_status(
            StatusCode::UNAUTHORIZED,
            br#"{"ErrorCode": 4, "Result": false, "Message": "Header missing"}"#,
        );
        let api = e.api().unwrap();
        assert_eq!(api.status, StatusCode::UNAUTHORIZED);
        assert_eq!(api.error_code, Some(4));
        assert_eq!(
            e.to_string(),
            "Paywall refused the request (HTTP 401, ErrorCode 4): Header missing"
        );
        for raw in [
            &b"<html>Bad gateway</html>"[..],
            b"",
            br#"{"title": "Not Found"}"#,
        ] {
            let e = PaywallError::from_status(StatusCode::BAD_GATEWAY, Bytes::from_static(raw));
            assert!(
                matches!(e, PaywallError::Http { status, .. } if status == 502),
                "{e}"
            );
        }
    }

    #[test]
    fn display_names_provider_and_bank_failures() {
        let e = ApiError {
            status: StatusCode::OK,
            error_code: Some(1),
            message: Some("Payment failed".into()),
            error_code_type: None,
            error_message: None,
            provider: Some(ProviderFailure {
                provider_error_code: Some(Base64Text::new("MDU=")),
                provider_error_message: Some(Base64Text::new("WWV0ZXJzaXogYmFraXll")),
                bank_error_code: Some(Base64Text::new("")),
                bank_error_message: None,
            }),
        };
        assert_eq!(
            e.to_string(),
            "Paywall refused the request (HTTP 200, ErrorCode 1): Payment failed; provider 05: Yetersiz bakiye"
        );
    }

    #[test]
    fn refusals_are_typed_configuration_errors() {
        let e = PaywallError::Refused(Refusal::MissingKeys {
            pair: KeyPair::Private,
            operation: "private_refund",
        });
        assert_eq!(e.kind(), ErrorKind::Configuration);
        assert_eq!(
            e.to_string(),
            "no Paywall private (apikeyprivate + apiclientprivate) key pair is configured; `private_refund` needs it"
        );
    }
}
