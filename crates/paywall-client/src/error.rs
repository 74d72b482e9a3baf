//! The typed error of every Paywall call.

use std::fmt;

use payments_wire::{Failure, body_snippet};
use reqwest::StatusCode;

use crate::auth::KeyPair;
use crate::types::{ErrorBody, ProviderFailure};

/// Paywall said no: a non-2xx answer with a readable error body, or a business failure
/// (HTTP 200 with `Result: false` or `ErrorCode != 0`; notes §4).
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// The HTTP status (200 for business failures).
    pub status: StatusCode,
    /// `ErrorCode` (0 = success). Two code spaces exist (notes §4), so a plain integer.
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
        let texts = [self.message.as_deref(), self.error_message.as_deref()];
        let mut texts = texts.into_iter().flatten().filter(|t| !t.trim().is_empty());
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

/// Everything a Paywall call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum PaywallError {
    /// Paywall refused the request: an error body, or a business failure on HTTP 200.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// A non-2xx answer whose body is not Paywall's error JSON (kept, shortened).
    #[error("Paywall answered HTTP {status}: {body}")]
    Http {
        /// The HTTP status.
        status: StatusCode,
        /// The first 300 characters of the body.
        body: String,
    },
    /// The operation needs a key pair the client was built without; nothing was sent.
    #[error("no Paywall {pair} key pair is configured; `{operation}` needs it")]
    MissingKeys {
        /// The pair the operation needs.
        pair: KeyPair,
        /// The operation (snake_case operation id).
        operation: String,
    },
    /// The client configuration is unusable.
    #[error("invalid Paywall configuration: {field} {reason}")]
    InvalidConfig {
        /// The offending setting (or header name of a key).
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The request could not be built (a missing or invalid parameter).
    #[error("invalid Paywall request: {0}")]
    InvalidRequest(String),
    /// The request did not complete (connection, timeout, TLS, reading the body).
    #[error("Paywall transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// A 2xx body did not have the documented shape.
    #[error("unexpected Paywall response ({reason}): {body}")]
    Decode {
        /// What did not match.
        reason: String,
        /// The first 300 characters of the body.
        body: String,
    },
    /// Paywall reported success but left out what the operation returns.
    #[error("Paywall reported success but the response has no {0}")]
    MissingBody(&'static str),
    /// A client hook refused the request for another reason; nothing was sent.
    #[error("Paywall request refused before sending: {0}")]
    Hook(String),
}

impl PaywallError {
    /// The HTTP status, when Paywall answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            PaywallError::Api(e) => Some(e.status),
            PaywallError::Http { status, .. } => Some(*status),
            PaywallError::Transport(e) => e.status(),
            _ => None,
        }
    }

    /// Paywall's `ErrorCode`, when it sent one.
    pub fn error_code(&self) -> Option<i64> {
        match self {
            PaywallError::Api(e) => e.error_code,
            _ => None,
        }
    }

    /// The provider's answer, for [`PaywallError::Api`].
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            PaywallError::Api(e) => Some(e),
            _ => None,
        }
    }
}

impl From<ApiError> for PaywallError {
    fn from(e: ApiError) -> Self {
        PaywallError::Api(Box::new(e))
    }
}

impl From<Failure> for PaywallError {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::InvalidRequest(msg) => PaywallError::InvalidRequest(msg),
            Failure::Transport(e) => PaywallError::Transport(e),
            Failure::Status { status, body } => from_error_body(status, &body),
            Failure::Decode { body, source } => PaywallError::Decode {
                reason: source.to_string(),
                body: body_snippet(&body),
            },
            Failure::Hook(msg) => match KeyPair::parse_missing(&msg) {
                Some((pair, operation)) => PaywallError::MissingKeys { pair, operation },
                None => PaywallError::Hook(msg),
            },
        }
    }
}

/// Reads a non-2xx body as Paywall's (loosely documented) error body; a body without any of
/// its fields stays raw.
fn from_error_body(status: StatusCode, body: &[u8]) -> PaywallError {
    match serde_json::from_slice::<ErrorBody>(body) {
        Ok(e)
            if e.error_code.is_some()
                || e.result.is_some()
                || e.message.is_some()
                || e.error_message.is_some() =>
        {
            ApiError {
                status,
                error_code: e.error_code,
                message: e.message,
                error_code_type: e.error_code_type,
                error_message: e.error_message,
                provider: None,
            }
            .into()
        }
        _ => PaywallError::Http {
            status,
            body: body_snippet(body),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::Base64Text;

    #[test]
    fn error_bodies_become_api_errors_and_others_stay_raw() {
        let e = from_error_body(
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
            let e = from_error_body(StatusCode::BAD_GATEWAY, raw);
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
    fn hook_failures_become_typed_errors() {
        let e = PaywallError::from(Failure::Hook(
            "missing Paywall private key pair (apikeyprivate + apiclientprivate) for operation private_refund".into(),
        ));
        assert!(
            matches!(&e, PaywallError::MissingKeys { pair: KeyPair::Private, operation } if operation == "private_refund"),
            "{e}"
        );
        assert_eq!(
            e.to_string(),
            "no Paywall private (apikeyprivate + apiclientprivate) key pair is configured; `private_refund` needs it"
        );
    }
}
