//! The error every capability returns.

use std::fmt;

/// The providers this workspace speaks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Provider {
    /// OneEntry headless CMS: users, orders, payment sessions.
    OneEntry,
    /// Paywall payment orchestration: bulk and single payments.
    Paywall,
    /// Craftgate payment gateway: payments, breakdowns, refunds.
    Craftgate,
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Provider::OneEntry => "OneEntry",
            Provider::Paywall => "Paywall",
            Provider::Craftgate => "Craftgate",
        })
    }
}

/// What kind of failure an error is, for deciding what to do about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Credentials missing, wrong or expired.
    Unauthorized,
    /// The thing asked for does not exist.
    NotFound,
    /// The request was refused as invalid (by us before sending, or by the provider).
    InvalidRequest,
    /// The provider processed the request and said no (a business-level failure, e.g. a
    /// refund larger than the payment).
    Rejected,
    /// The provider could not be reached or failed (transport, timeout, 5xx): may be retried.
    Unavailable,
    /// The provider answered something this version cannot read.
    UnexpectedResponse,
    /// The client is not configured for this call.
    Configuration,
    /// A request that changes something was sent and no complete answer came back: the
    /// provider may have acted. Look the payment, order or refund up by its reference
    /// before trying again.
    OutcomeUnknown,
}

/// A failed capability call: which provider, what kind, and the provider's own words.
#[derive(Debug, thiserror::Error)]
#[error("{provider}: {message}{}{}", .code.as_ref().map(|c| format!(" (code {c})")).unwrap_or_default(), .http_status.map(|s| format!(" [HTTP {s}]")).unwrap_or_default())]
#[non_exhaustive]
pub struct PaymentsError {
    /// The provider the call went to.
    pub provider: Provider,
    /// The kind of failure.
    pub kind: ErrorKind,
    /// The provider's error code, when it sent one.
    pub code: Option<String>,
    /// What went wrong, in the provider's words when it gave any.
    pub message: String,
    /// The HTTP status, when the provider answered.
    pub http_status: Option<u16>,
    /// For a write whose outcome is unknown: the idempotency key it carried (sending the
    /// same request again with it is safe where the provider honours keys).
    pub idempotency_key: Option<Box<str>>,
    /// The merchant's own reference of what the call was about (an order, a payment, a
    /// refund), to look it up by.
    pub reference: Option<Box<str>>,
    /// How long the provider asked to wait before another try, when that ended the call.
    pub retry_after: Option<std::time::Duration>,
    /// The underlying error.
    #[source]
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl PaymentsError {
    /// An error of `kind` with a message.
    pub fn new(provider: Provider, kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            provider,
            kind,
            code: None,
            message: message.into(),
            http_status: None,
            idempotency_key: None,
            reference: None,
            retry_after: None,
            source: None,
        }
    }

    /// Adds the provider's error code.
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// Adds the HTTP status.
    pub fn with_status(mut self, status: u16) -> Self {
        self.http_status = Some(status);
        self
    }

    /// Adds the idempotency key the call's request carried.
    pub fn with_idempotency_key(mut self, key: impl Into<Box<str>>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// Adds the merchant's reference of what the call was about.
    pub fn with_reference(mut self, reference: impl Into<Box<str>>) -> Self {
        self.reference = Some(reference.into());
        self
    }

    /// Adds the wait the provider asked for.
    pub fn with_retry_after(mut self, wait: std::time::Duration) -> Self {
        self.retry_after = Some(wait);
        self
    }

    /// Adds the underlying error.
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    /// Whether sending the same call again later may succeed and cannot repeat an effect:
    /// only for [`ErrorKind::Unavailable`], which the clients report for reads, for
    /// writes that never reached the provider, and for answers that say the provider did
    /// not handle the request. Never for [`ErrorKind::OutcomeUnknown`].
    pub fn is_retryable(&self) -> bool {
        self.kind == ErrorKind::Unavailable
    }

    /// Whether the provider may have acted on a write although the call failed.
    pub fn is_outcome_unknown(&self) -> bool {
        self.kind == ErrorKind::OutcomeUnknown
    }
}

/// The result of a capability call.
pub type Result<T, E = PaymentsError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_provider_code_and_status() {
        let e = PaymentsError::new(
            Provider::Craftgate,
            ErrorKind::Rejected,
            "Kart limiti yetersiz",
        )
        .with_code("10051")
        .with_status(400);
        assert_eq!(
            e.to_string(),
            "Craftgate: Kart limiti yetersiz (code 10051) [HTTP 400]"
        );
        assert!(!e.is_retryable());
    }
}
