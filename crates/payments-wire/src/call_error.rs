//! [`CallError`]: the one error type of every provider client.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use http::StatusCode;
use progenitor_client::{ByteStream, Error as GeneratedError};

use crate::body::{body_snippet, read_capped};
use crate::kind::{ErrorKind, kind_for_status};
use crate::metadata::ErrorMetadata;
use crate::service::Service;

/// Why a call to the provider `S` failed.
///
/// The provider's own answers ([`CallError::Api`]) and its client's own refusals
/// ([`CallError::Refused`]) have the provider's types; everything else has the same shape
/// for every provider. [`ErrorMetadata`] reads any of them the same way.
#[derive(Debug)]
#[non_exhaustive]
pub enum CallError<S: Service> {
    /// The provider refused the call with its documented error answer.
    Api(Box<S::ApiError>),
    /// The client refused the call before sending it (e.g. no key pair for the operation,
    /// nobody signed in).
    Refused(S::Refusal),
    /// A non-2xx answer whose body is not the provider's error body (a proxy's page, an
    /// empty body).
    Http {
        /// The HTTP status.
        status: StatusCode,
        /// The body as received (at most 64 KiB of it).
        body: Bytes,
    },
    /// The request did not complete: connection refused, TLS, a connection reset, a body
    /// cut short.
    Transport(reqwest::Error),
    /// No complete answer came within the time one attempt may take, on every attempt.
    Timeout {
        /// The time each attempt was allowed.
        after: std::time::Duration,
        /// How many attempts were sent.
        attempts: u32,
        /// The last attempt's error.
        source: reqwest::Error,
    },
    /// A 2xx body did not have the documented shape.
    Decode {
        /// The body as received.
        body: Bytes,
        /// What did not match.
        source: serde_json::Error,
    },
    /// The request could not be built (a missing required parameter, a value an HTTP
    /// header cannot carry); nothing was sent.
    InvalidRequest(String),
    /// The provider reported success but left out what the operation returns.
    NoContent {
        /// What the operation should have returned.
        expected: &'static str,
    },
    /// A request that changes something was sent and no complete answer came back (or a
    /// gateway answered that it lost the provider's answer, or the success answer could
    /// not be read), and it could not be sent again safely: the provider may have acted.
    /// Look the result up (by the merchant reference, or retry with the same idempotency
    /// key where the provider honours one) before trying again.
    OutcomeUnknown {
        /// The operation (snake_case id).
        operation: &'static str,
        /// The idempotency key the request carried; sending the same request with the
        /// same key again is safe.
        idempotency_key: Option<String>,
        /// What the last attempt came to.
        cause: Box<CallError<S>>,
    },
    /// The client's policy is a dry run ([`RequestPolicy::with_dry_run`](crate::RequestPolicy::with_dry_run)):
    /// the request was prepared, recorded with its secrets redacted, and not sent.
    NotSent {
        /// The operation (snake_case id).
        operation: &'static str,
    },
    /// The provider asked to wait longer before another try than the request policy
    /// allows (or than the call's deadline leaves).
    RateLimited {
        /// The wait the provider asked for.
        retry_after: std::time::Duration,
        /// The answer that asked for it.
        cause: Box<CallError<S>>,
    },
}

impl<S: Service> CallError<S> {
    /// The error for a generated call that failed: the body of a non-2xx answer is read
    /// (at most 64 KiB) and decoded as the provider's error when it is one.
    pub(crate) async fn from_generated(error: GeneratedError<ByteStream>) -> Self {
        match error {
            GeneratedError::Custom(message) => Self::InvalidRequest(message),
            GeneratedError::InvalidRequest(message) => Self::InvalidRequest(message),
            GeneratedError::CommunicationError(e)
            | GeneratedError::InvalidUpgrade(e)
            | GeneratedError::ResponseBodyError(e) => Self::Transport(e),
            GeneratedError::InvalidResponsePayload(body, source) => Self::Decode { body, source },
            GeneratedError::ErrorResponse(value) => {
                let status = value.status();
                match read_capped(value.into_inner()).await {
                    Ok(body) => Self::from_status(status, body),
                    Err(e) => Self::Transport(e),
                }
            }
            GeneratedError::UnexpectedResponse(response) => {
                let status = response.status();
                match response.bytes().await {
                    Ok(body) => Self::from_status(status, body),
                    Err(e) => Self::Transport(e),
                }
            }
        }
    }

    /// A non-2xx answer: the provider's error when the body is one, else
    /// [`CallError::Http`] with the body as received.
    pub fn from_status(status: StatusCode, body: Bytes) -> Self {
        match S::api_error(status, &body) {
            Some(api) => Self::Api(Box::new(api)),
            None => Self::Http { status, body },
        }
    }

    /// The provider's error answer, for [`CallError::Api`].
    pub fn api(&self) -> Option<&S::ApiError> {
        match self {
            Self::Api(api) => Some(api),
            _ => None,
        }
    }

    /// The HTTP status, when the provider (or something in front of it) answered.
    pub fn status(&self) -> Option<StatusCode> {
        self.http_status()
    }
}

impl<S: Service> fmt::Display for CallError<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = S::NAME;
        match self {
            Self::Api(api) => api.fmt(f),
            Self::Refused(refusal) => refusal.fmt(f),
            Self::Http { status, body } => {
                write!(f, "{name} answered HTTP {status}: {}", body_snippet(body))
            }
            Self::Transport(e) => {
                let what = if e.is_connect() {
                    "could not connect to"
                } else {
                    "transport error talking to"
                };
                write!(f, "{what} {name}: {}", chain(e))
            }
            Self::Timeout {
                after, attempts, ..
            } => write!(
                f,
                "{name} did not answer within {:.1} s ({attempts} attempt{})",
                after.as_secs_f64(),
                if *attempts == 1 { "" } else { "s" }
            ),
            Self::Decode { body, source } => write!(
                f,
                "unexpected {name} response body ({source}): {}",
                body_snippet(body)
            ),
            Self::InvalidRequest(message) => write!(f, "invalid {name} request: {message}"),
            Self::NoContent { expected } => write!(
                f,
                "{name} reported success but sent no {expected} (an empty answer)"
            ),
            Self::OutcomeUnknown {
                operation,
                idempotency_key,
                cause,
            } => {
                write!(
                    f,
                    "outcome unknown: {name} may have carried out `{operation}` ({cause}); look it up before trying again"
                )?;
                match idempotency_key {
                    Some(key) => write!(f, ", or send it again with idempotency key {key}"),
                    None => Ok(()),
                }
            }
            Self::NotSent { operation } => {
                write!(f, "dry run: {name} `{operation}` was prepared and not sent")
            }
            Self::RateLimited { retry_after, cause } => write!(
                f,
                "{name} asks to wait {:.1} s before another try, longer than allowed: {cause}",
                retry_after.as_secs_f64()
            ),
        }
    }
}

impl<S: Service> std::error::Error for CallError<S> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Api(api) => api.source(),
            Self::Refused(refusal) => refusal.source(),
            Self::Transport(e) | Self::Timeout { source: e, .. } => Some(e),
            Self::Decode { source, .. } => Some(source),
            Self::OutcomeUnknown { cause, .. } | Self::RateLimited { cause, .. } => {
                Some(cause.as_ref())
            }
            Self::Http { .. }
            | Self::InvalidRequest(_)
            | Self::NoContent { .. }
            | Self::NotSent { .. } => None,
        }
    }
}

impl<S: Service> ErrorMetadata for CallError<S> {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Api(api) => api.kind(),
            Self::Refused(refusal) => refusal.kind(),
            Self::Http { status, .. } => kind_for_status(*status),
            Self::Transport(e) if e.is_timeout() => ErrorKind::Timeout,
            Self::Transport(_) => ErrorKind::Transport,
            Self::Timeout { .. } => ErrorKind::Timeout,
            Self::Decode { .. } => ErrorKind::Decode,
            Self::InvalidRequest(_) => ErrorKind::InvalidRequest,
            Self::NoContent { .. } => S::NO_CONTENT,
            Self::OutcomeUnknown { .. } => ErrorKind::OutcomeUnknown,
            // Configured not to send: nothing was sent.
            Self::NotSent { .. } => ErrorKind::Configuration,
            Self::RateLimited { .. } => ErrorKind::RateLimited,
        }
    }

    fn http_status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(api) => api.http_status(),
            Self::Refused(refusal) => refusal.http_status(),
            Self::Http { status, .. } => Some(*status),
            Self::Transport(e) | Self::Timeout { source: e, .. } => e.status(),
            Self::OutcomeUnknown { cause, .. } | Self::RateLimited { cause, .. } => {
                cause.http_status()
            }
            Self::Decode { .. }
            | Self::InvalidRequest(_)
            | Self::NoContent { .. }
            | Self::NotSent { .. } => None,
        }
    }

    fn code(&self) -> Option<Cow<'_, str>> {
        match self {
            Self::Api(api) => api.code(),
            Self::Refused(refusal) => refusal.code(),
            Self::RateLimited { cause, .. } => cause.code(),
            _ => None,
        }
    }

    fn idempotency_key(&self) -> Option<&str> {
        match self {
            Self::OutcomeUnknown {
                idempotency_key, ..
            } => idempotency_key.as_deref(),
            _ => None,
        }
    }

    fn retry_after(&self) -> Option<std::time::Duration> {
        match self {
            Self::RateLimited { retry_after, .. } => Some(*retry_after),
            _ => None,
        }
    }

    fn message(&self) -> Option<Cow<'_, str>> {
        match self {
            Self::Api(api) => api.message(),
            Self::Refused(refusal) => refusal.message(),
            _ => None,
        }
    }

    fn group(&self) -> Option<&str> {
        match self {
            Self::Api(api) => api.group(),
            Self::Refused(refusal) => refusal.group(),
            _ => None,
        }
    }
}

/// An error and its causes on one line, each cause once (`a: b: c`).
fn chain(error: &dyn std::error::Error) -> String {
    let mut out = error.to_string();
    let mut next = error.source();
    while let Some(cause) = next {
        let text = cause.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        next = cause.source();
    }
    out
}
