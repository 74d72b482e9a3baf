//! The provider-neutral shape of a failed call.

use bytes::Bytes;
use futures::StreamExt;
use progenitor_client::{ByteStream, Error as GenError};

/// At most this much of an error body is read and kept.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// How a generated-client call failed, before a provider gives the failure a meaning.
///
/// Each client crate turns this into its typed error: a [`Failure::Status`] body is
/// decoded as the provider's error body there, so the HTTP status survives even when the
/// body is not the documented JSON.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The request could not be built (a missing required parameter, a header value that
    /// is not valid in HTTP).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The request did not complete: connection refused, timeout, TLS, reading the body.
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// The provider answered with a non-2xx status.
    #[error("HTTP {status}: {}", body_snippet(body))]
    Status {
        /// The HTTP status.
        status: http::StatusCode,
        /// The response body (at most 64 KiB of it).
        body: Bytes,
    },
    /// A 2xx body did not have the documented shape.
    #[error("unexpected response body ({source}): {}", body_snippet(body))]
    Decode {
        /// The body as received.
        body: Bytes,
        /// What did not match.
        #[source]
        source: serde_json::Error,
    },
    /// A client hook refused the call (e.g. no credentials for this operation).
    #[error("{0}")]
    Hook(String),
}

impl Failure {
    /// Classifies a generated client's error, reading the body of a non-2xx response.
    pub async fn from_generated(error: GenError<ByteStream>) -> Self {
        match error {
            GenError::InvalidRequest(msg) => Failure::InvalidRequest(msg),
            GenError::Custom(msg) => Failure::Hook(msg),
            GenError::CommunicationError(e)
            | GenError::InvalidUpgrade(e)
            | GenError::ResponseBodyError(e) => Failure::Transport(e),
            GenError::InvalidResponsePayload(body, source) => Failure::Decode { body, source },
            GenError::ErrorResponse(value) => {
                let status = value.status();
                match read_capped(value.into_inner()).await {
                    Ok(body) => Failure::Status { status, body },
                    Err(e) => Failure::Transport(e),
                }
            }
            GenError::UnexpectedResponse(response) => {
                let status = response.status();
                match response.bytes().await {
                    Ok(body) => Failure::Status { status, body },
                    Err(e) => Failure::Transport(e),
                }
            }
        }
    }

    /// The HTTP status, when the provider answered.
    pub fn status(&self) -> Option<http::StatusCode> {
        match self {
            Failure::Status { status, .. } => Some(*status),
            Failure::Transport(e) => e.status(),
            _ => None,
        }
    }
}

async fn read_capped(mut stream: ByteStream) -> reqwest::Result<Bytes> {
    let mut out = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        let room = MAX_ERROR_BODY.saturating_sub(out.len());
        out.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if out.len() >= MAX_ERROR_BODY {
            break;
        }
    }
    Ok(Bytes::from(out))
}

/// The first 300 characters of a body, for error messages.
pub fn body_snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        return "(empty body)".to_string();
    }
    match text.char_indices().nth(300) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::body_snippet;

    #[test]
    fn snippets_are_short_and_say_when_empty() {
        assert_eq!(body_snippet(b"  "), "(empty body)");
        assert_eq!(body_snippet(b"{\"a\":1}"), "{\"a\":1}");
        let long = "ş".repeat(400);
        assert_eq!(body_snippet(long.as_bytes()).chars().count(), 301);
    }
}
