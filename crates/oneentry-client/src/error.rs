//! How OneEntry's errors read: its [`Service`] description ([`OneEntryApi`]), its error
//! body ([`ErrorBody`], inside [`ApiError`]), what the client refuses on its own
//! ([`Refusal`]) and the client's error type ([`OneEntryError`]).

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use payments_wire::{CallError, ErrorKind, ErrorMetadata, Operation, Service, kind_for_status};
use reqwest::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// OneEntry's content API, as the shared call scaffolding sees it.
#[derive(Debug)]
pub enum OneEntryApi {}

impl Service for OneEntryApi {
    const NAME: &'static str = "OneEntry";
    /// OneEntry has no envelope, so a success always carries its resource.
    const NO_CONTENT: ErrorKind = ErrorKind::Decode;
    const OPERATIONS: &'static [Operation] = crate::operations::OPERATIONS;
    type ApiError = ApiError;
    type Refusal = Refusal;

    fn api_error(status: StatusCode, body: &[u8]) -> Option<ApiError> {
        let body = serde_json::from_slice(body).ok()?;
        Some(ApiError { status, body })
    }
}

/// Why a OneEntry call failed.
pub type OneEntryError = CallError<OneEntryApi>;

/// The body OneEntry sends with every non-2xx answer, `IError`
/// (docs/providers/oneentry.md#error-body):
/// `{statusCode, message, pageData, timestamp}`. Unknown fields are ignored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The status the API reports in the body (normally the HTTP status).
    #[serde(
        rename = "statusCode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub status_code: Option<i64>,
    /// What went wrong: one text, or a list of texts for validation errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<ErrorMessage>,
    /// Usually `null`.
    #[serde(rename = "pageData", default, skip_serializing_if = "Option::is_none")]
    pub page_data: Option<Value>,
    /// When the API produced the error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<DateTime<Utc>>,
    /// A localised message (filled by the JS SDK's own validation; kept if sent).
    #[serde(
        rename = "localizeMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub localize_message: Option<String>,
    /// Validation details (filled by the JS SDK's own validation; kept if sent).
    #[serde(
        rename = "validationErrors",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub validation_errors: Vec<Value>,
}

impl ErrorBody {
    /// The message texts (one, several for validation errors, or none).
    pub fn messages(&self) -> &[String] {
        match &self.message {
            Some(ErrorMessage::Text(text)) => std::slice::from_ref(text),
            Some(ErrorMessage::List(list)) => list,
            None => &[],
        }
    }

    fn summary(&self) -> String {
        let messages = self.messages();
        let text = if messages.is_empty() {
            "(no message)".to_string()
        } else {
            messages.join("; ")
        };
        match self.status_code {
            Some(code) => format!("{text} (statusCode {code})"),
            None => text,
        }
    }
}

/// `message` of an [`ErrorBody`]: a string, or a list of strings for validator errors
/// (docs/providers/oneentry.md#error-body).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum ErrorMessage {
    /// One message.
    Text(String),
    /// Several messages (validation errors).
    List(Vec<String>),
}

/// OneEntry answered with a non-2xx status and its documented error body.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("OneEntry answered HTTP {status}: {}", body.summary())]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The decoded error body.
    pub body: ErrorBody,
}

impl ErrorMetadata for ApiError {
    fn kind(&self) -> ErrorKind {
        kind_for_status(self.status)
    }

    fn http_status(&self) -> Option<StatusCode> {
        Some(self.status)
    }

    /// `statusCode` from the body.
    fn code(&self) -> Option<Cow<'_, str>> {
        self.body.status_code.map(|c| Cow::Owned(c.to_string()))
    }

    /// The message texts, joined with `; `.
    fn message(&self) -> Option<Cow<'_, str>> {
        match self.body.messages() {
            [] => None,
            [one] => Some(Cow::Borrowed(one)),
            many => Some(Cow::Owned(many.join("; "))),
        }
    }
}

/// What the OneEntry client refuses on its own; nothing was sent.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Refusal {
    /// The call needs a signed-in user and none is.
    #[error("no OneEntry user is signed in")]
    NotSignedIn,
    /// The stored refresh token was already rejected; the user must sign in again.
    #[error("the OneEntry refresh token was rejected; sign in again")]
    RefreshRejected,
    /// The token refresh was sent but no complete answer came back: the single-use
    /// refresh token may be spent, so it is not sent again; the user must sign in again.
    #[error(
        "the OneEntry token refresh got no complete answer, so the refresh token may be spent; sign in again"
    )]
    RefreshLost,
}

impl ErrorMetadata for Refusal {
    fn kind(&self) -> ErrorKind {
        match self {
            Refusal::NotSignedIn | Refusal::RefreshRejected | Refusal::RefreshLost => {
                ErrorKind::Auth
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn status_failure(status: u16, body: &'static str) -> OneEntryError {
        OneEntryError::from_status(
            StatusCode::from_u16(status).unwrap(),
            Bytes::from_static(body.as_bytes()),
        )
    }

    fn messages(e: &OneEntryError) -> &[String] {
        e.api().map(|api| api.body.messages()).unwrap_or(&[])
    }

    #[test]
    fn error_bodies_decode_with_text_or_list_messages() {
        let e = status_failure(
            403,
            r#"{"statusCode":403,"message":"Resource is closed","pageData":null,"timestamp":"2025-06-04T04:38:32.849Z"}"#,
        );
        assert_eq!(e.status(), Some(StatusCode::FORBIDDEN));
        assert_eq!(e.code().as_deref(), Some("403"));
        assert_eq!(messages(&e), ["Resource is closed"]);
        assert_eq!(
            e.api().unwrap().body.timestamp.unwrap().to_rfc3339(),
            "2025-06-04T04:38:32.849+00:00"
        );
        assert_eq!(
            e.to_string(),
            "OneEntry answered HTTP 403 Forbidden: Resource is closed (statusCode 403)"
        );

        let e = status_failure(
            400,
            r#"{"statusCode":400,"message":["email must be an email","password is too short"],"error":"Bad Request"}"#,
        );
        assert_eq!(
            messages(&e),
            ["email must be an email", "password is too short"]
        );
        assert!(e.to_string().contains("email must be an email; password"));
        assert_eq!(
            e.message().as_deref(),
            Some("email must be an email; password is too short")
        );
    }

    #[test]
    fn undocumented_error_bodies_keep_status_and_bytes() {
        let e = status_failure(502, "<html>Bad gateway</html>");
        assert!(
            matches!(&e, OneEntryError::Http { body, .. } if body == "<html>Bad gateway</html>")
        );
        assert_eq!(e.status(), Some(StatusCode::BAD_GATEWAY));
        assert_eq!(messages(&e), [] as [String; 0]);
        let e = status_failure(500, "");
        assert_eq!(
            e.to_string(),
            "OneEntry answered HTTP 500 Internal Server Error: (empty body)"
        );
    }
}
