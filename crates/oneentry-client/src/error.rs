//! OneEntry's error body and the crate's typed error.

use bytes::Bytes;
use chrono::{DateTime, Utc};
use payments_wire::{Failure, body_snippet};
use reqwest::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The body OneEntry sends with every non-2xx answer, `IError` (api-notes §2.1):
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
/// (api-notes §2.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ErrorMessage {
    /// One message.
    Text(String),
    /// Several messages (validation errors).
    List(Vec<String>),
}

/// Why a OneEntry call failed.
#[derive(Debug, thiserror::Error)]
pub enum OneEntryError {
    /// The API answered with a non-2xx status and its documented error body.
    #[error("OneEntry answered HTTP {status}: {}", body.summary())]
    Api {
        /// The HTTP status.
        status: StatusCode,
        /// The decoded error body.
        body: ErrorBody,
    },
    /// The API answered with a non-2xx status and a body that is not the documented error
    /// JSON (a proxy page, an empty body).
    #[error("OneEntry answered HTTP {status}: {}", body_snippet(body))]
    Http {
        /// The HTTP status.
        status: StatusCode,
        /// The body as received (at most 64 KiB).
        body: Bytes,
    },
    /// The request did not complete: connection refused, timeout, TLS, reading the body.
    #[error("transport error talking to OneEntry: {0}")]
    Transport(#[source] reqwest::Error),
    /// A 2xx body did not have the documented shape.
    #[error("unexpected OneEntry response body ({source}): {}", body_snippet(body))]
    Decode {
        /// The body as received.
        body: Bytes,
        /// What did not match.
        #[source]
        source: serde_json::Error,
    },
    /// The request could not be built (a missing required parameter, a value that cannot
    /// be sent).
    #[error("invalid OneEntry request: {0}")]
    InvalidRequest(String),
    /// The call needs a signed-in user and none is.
    #[error("no OneEntry user is signed in")]
    NotSignedIn,
    /// The stored refresh token was already rejected; the user must sign in again.
    #[error("the OneEntry refresh token was rejected; sign in again")]
    RefreshRejected,
}

impl OneEntryError {
    /// The HTTP status, when the API answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api { status, .. } | Self::Http { status, .. } => Some(*status),
            Self::Transport(e) => e.status(),
            _ => None,
        }
    }

    /// The API's error body, when it sent the documented one.
    pub fn body(&self) -> Option<&ErrorBody> {
        match self {
            Self::Api { body, .. } => Some(body),
            _ => None,
        }
    }

    /// `statusCode` from the error body.
    pub fn status_code(&self) -> Option<i64> {
        self.body().and_then(|b| b.status_code)
    }

    /// The message texts from the error body.
    pub fn messages(&self) -> &[String] {
        self.body().map(ErrorBody::messages).unwrap_or(&[])
    }

    /// Whether the API answered 401 (after the client's one refresh-and-retry).
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(StatusCode::UNAUTHORIZED)
    }
}

impl From<Failure> for OneEntryError {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Status { status, body } => match serde_json::from_slice(&body) {
                Ok(decoded) => Self::Api {
                    status,
                    body: decoded,
                },
                Err(_) => Self::Http { status, body },
            },
            Failure::Transport(e) => Self::Transport(e),
            Failure::Decode { body, source } => Self::Decode { body, source },
            Failure::InvalidRequest(msg) | Failure::Hook(msg) => Self::InvalidRequest(msg),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status_failure(status: u16, body: &'static str) -> OneEntryError {
        Failure::Status {
            status: StatusCode::from_u16(status).unwrap(),
            body: Bytes::from_static(body.as_bytes()),
        }
        .into()
    }

    #[test]
    fn error_bodies_decode_with_text_or_list_messages() {
        let e = status_failure(
            403,
            r#"{"statusCode":403,"message":"Resource is closed","pageData":null,"timestamp":"2025-06-04T04:38:32.849Z"}"#,
        );
        assert_eq!(e.status(), Some(StatusCode::FORBIDDEN));
        assert_eq!(e.status_code(), Some(403));
        assert_eq!(e.messages(), ["Resource is closed"]);
        assert_eq!(
            e.body().unwrap().timestamp.unwrap().to_rfc3339(),
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
            e.messages(),
            ["email must be an email", "password is too short"]
        );
        assert!(e.to_string().contains("email must be an email; password"));
    }

    #[test]
    fn undocumented_error_bodies_keep_status_and_bytes() {
        let e = status_failure(502, "<html>Bad gateway</html>");
        assert!(
            matches!(&e, OneEntryError::Http { body, .. } if body == "<html>Bad gateway</html>")
        );
        assert_eq!(e.status(), Some(StatusCode::BAD_GATEWAY));
        assert_eq!(e.messages(), [] as [String; 0]);
        let e = status_failure(500, "");
        assert_eq!(
            e.to_string(),
            "OneEntry answered HTTP 500 Internal Server Error: (empty body)"
        );
    }
}
