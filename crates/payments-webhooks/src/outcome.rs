//! How a delivery ended: [`Accepted`] or a typed [`ReceiveError`], each with the HTTP status
//! to answer the provider with.

use std::time::Duration;

use http::StatusCode;
use payments::{PaymentsError, Provider};

use crate::key::EventKey;
use crate::store::StoreError;

/// What a handler's error becomes: any error type, boxed.
pub type HandlerError = Box<dyn std::error::Error + Send + Sync>;

/// The result of receiving one delivery.
pub type Outcome = Result<Accepted, ReceiveError>;

/// The HTTP status to answer the provider with for `outcome`: 2xx only when the delivery
/// need not come again.
pub fn status_of(outcome: &Outcome) -> StatusCode {
    match outcome {
        Ok(accepted) => accepted.status(),
        Err(error) => error.status(),
    }
}

/// A delivery the provider need not send again (answered 2xx).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Accepted {
    /// The event was confirmed and the handler succeeded. 200.
    Handled(EventKey),
    /// The event was handled before (a re-delivery, or a page of a batch already handled):
    /// the handler did not run. 200, so the provider stops re-delivering.
    Duplicate(EventKey),
    /// A page of a Paywall bulk callback, recorded; its batch is handled when every page has
    /// arrived. 202.
    Held {
        /// The page's key.
        key: EventKey,
        /// How many of the batch's pages have arrived.
        arrived: u32,
        /// How many pages the batch has, when the page said.
        total_pages: Option<u32>,
    },
}

impl Accepted {
    /// 200, or 202 for a held page.
    pub fn status(&self) -> StatusCode {
        match self {
            Accepted::Handled(_) | Accepted::Duplicate(_) => StatusCode::OK,
            Accepted::Held { .. } => StatusCode::ACCEPTED,
        }
    }

    /// `handled`, `duplicate` or `held`: what the answer's `outcome` says.
    pub fn label(&self) -> &'static str {
        match self {
            Accepted::Handled(_) => "handled",
            Accepted::Duplicate(_) => "duplicate",
            Accepted::Held { .. } => "held",
        }
    }

    /// The event's (or page's) key.
    pub fn key(&self) -> &EventKey {
        match self {
            Accepted::Handled(key) | Accepted::Duplicate(key) | Accepted::Held { key, .. } => key,
        }
    }
}

/// Why a signature or hash was refused, in the provider's own terms.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SignatureError {
    /// Craftgate's `x-cg-signature-v1`: missing, not Base64, wrong length, or no match.
    #[cfg(feature = "craftgate")]
    #[error(transparent)]
    Craftgate(craftgate_client::webhook::WebhookError),
    /// Paywall's `Hash`: missing, not hex, wrong length, ambiguous fields, or no match.
    #[cfg(feature = "paywall")]
    #[error(transparent)]
    Paywall(paywall_client::callback::CallbackError),
}

/// Why a delivery was not accepted. [`status`](ReceiveError::status) is the answer: a 4xx
/// for a delivery that is wrong as sent, a 5xx (the provider delivers it again) for one
/// that could not be handled now.
///
/// No variant carries a key, an expected signature or the body.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReceiveError {
    /// Not a POST. 405.
    #[error("deliveries are POSTed, not sent with {0}")]
    Method(http::Method),
    /// The body (or a header) is not a delivery of a provider this receiver takes, or its
    /// fields contradict each other. 400.
    #[error("malformed {}delivery: {reason}", provider.map(|p| format!("{p} ")).unwrap_or_default())]
    Malformed {
        /// The provider, when it could be told.
        provider: Option<Provider>,
        /// What is wrong.
        reason: String,
    },
    /// The signature or hash is missing or matches none of the keys. Never handled. 401.
    #[error("{provider} delivery refused: {source}")]
    BadSignature {
        /// The provider.
        provider: Provider,
        /// Why.
        #[source]
        source: SignatureError,
    },
    /// Correctly signed, but older than the receiver's maximum age (Craftgate's signed
    /// `eventTimestamp`). Never handled. 401: the signature proves only that the provider
    /// sent it once, that long ago.
    #[error("{provider} delivery refused: sent {age:?} ago, more than the {max_age:?} allowed")]
    Stale {
        /// The provider.
        provider: Provider,
        /// How old it is.
        age: Duration,
        /// The receiver's maximum.
        max_age: Duration,
    },
    /// A delivery from a provider this receiver has no keys for. 500: a configuration to
    /// fix, after which the provider's re-delivery is handled.
    #[error("{0} deliveries are not configured on this receiver (no keys)")]
    NotConfigured(Provider),
    /// Another delivery of the same event is being handled right now. 503: the provider
    /// delivers it again later, when it is handled (a duplicate) or failed (handled then).
    #[error("another delivery of {0} is being handled")]
    InFlight(EventKey),
    /// Querying the provider to confirm the event failed, or its answer was inconsistent.
    /// 500: handled on a later delivery.
    #[error("confirming {key} with {} failed: {source}", source.provider)]
    Confirmation {
        /// The event.
        key: EventKey,
        /// The query's error.
        #[source]
        source: Box<PaymentsError>,
    },
    /// A Paywall batch with more payments than the receiver holds at once
    /// ([`ReceiverBuilder::max_batch_payments`](crate::ReceiverBuilder::max_batch_payments)).
    /// 500: raise the limit; the batch is handled on a later delivery.
    #[error("batch {key} has {payments} payments, more than the {max} this receiver holds")]
    BatchTooLarge {
        /// The batch.
        key: EventKey,
        /// Its payments, as far as counted.
        payments: u64,
        /// The receiver's limit.
        max: usize,
    },
    /// The handler returned an error. 500: not recorded as handled, so the next delivery
    /// runs the handler again.
    #[error("the handler failed on {key}: {source}")]
    Handler {
        /// The event.
        key: EventKey,
        /// The handler's error.
        #[source]
        source: HandlerError,
    },
    /// Confirmation and handler together took longer than the lease, and were stopped.
    /// 500, as a failed handler.
    #[error("handling {key} took longer than {after:?} and was stopped")]
    TimedOut {
        /// The event.
        key: EventKey,
        /// The lease.
        after: Duration,
    },
    /// The [`Store`](crate::Store) failed. 500.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ReceiveError {
    /// The HTTP status to answer with.
    pub fn status(&self) -> StatusCode {
        match self {
            ReceiveError::Method(_) => StatusCode::METHOD_NOT_ALLOWED,
            ReceiveError::Malformed { .. } => StatusCode::BAD_REQUEST,
            ReceiveError::BadSignature { .. } | ReceiveError::Stale { .. } => {
                StatusCode::UNAUTHORIZED
            }
            ReceiveError::InFlight(_) => StatusCode::SERVICE_UNAVAILABLE,
            ReceiveError::NotConfigured(_)
            | ReceiveError::Confirmation { .. }
            | ReceiveError::BatchTooLarge { .. }
            | ReceiveError::Handler { .. }
            | ReceiveError::TimedOut { .. }
            | ReceiveError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Whether the provider should deliver it again: a 5xx answer. A 4xx means the delivery
    /// itself is wrong; providers re-deliver on any non-2xx, and it is refused again.
    pub fn is_retryable(&self) -> bool {
        self.status().is_server_error()
    }

    pub(crate) fn malformed(provider: Option<Provider>, reason: impl Into<String>) -> Self {
        ReceiveError::Malformed {
            provider,
            reason: reason.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> EventKey {
        EventKey::PaywallBatch {
            bulk_payment_id: "389".into(),
        }
    }

    #[test]
    fn statuses_follow_what_the_provider_should_do() {
        let ok: Outcome = Ok(Accepted::Handled(key()));
        assert_eq!(status_of(&ok), StatusCode::OK);
        assert_eq!(status_of(&Ok(Accepted::Duplicate(key()))), StatusCode::OK);
        let held = Accepted::Held {
            key: key(),
            arrived: 1,
            total_pages: Some(3),
        };
        assert_eq!(held.status(), StatusCode::ACCEPTED);
        assert_eq!(held.key(), &key());

        let cases = [
            (ReceiveError::Method(http::Method::GET), 405),
            (ReceiveError::malformed(None, "not JSON"), 400),
            (
                ReceiveError::Stale {
                    provider: Provider::Craftgate,
                    age: Duration::from_secs(7200),
                    max_age: Duration::from_secs(3600),
                },
                401,
            ),
            (ReceiveError::InFlight(key()), 503),
            (ReceiveError::NotConfigured(Provider::Paywall), 500),
            (
                ReceiveError::Handler {
                    key: key(),
                    source: "database down".into(),
                },
                500,
            ),
            (
                ReceiveError::TimedOut {
                    key: key(),
                    after: Duration::from_secs(1),
                },
                500,
            ),
            (ReceiveError::Store(StoreError::new("down")), 500),
        ];
        for (error, status) in cases {
            assert_eq!(error.status().as_u16(), status, "{error}");
            assert_eq!(error.is_retryable(), status >= 500, "{error}");
            assert_eq!(status_of(&Err(error)).as_u16(), status);
        }
    }

    #[test]
    fn messages_name_the_provider_and_the_reason() {
        assert_eq!(
            ReceiveError::malformed(Some(Provider::Paywall), "no `BulkPaymentId`").to_string(),
            "malformed Paywall delivery: no `BulkPaymentId`"
        );
        assert_eq!(
            ReceiveError::malformed(None, "the body is empty").to_string(),
            "malformed delivery: the body is empty"
        );
    }
}
