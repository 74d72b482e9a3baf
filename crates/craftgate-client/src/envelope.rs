//! Unwrapping Craftgate's `{"data": ...}` envelope: `client.op().send().payload().await?`.
//!
//! Success is `{"data": {...}}` for one object and `{"data": {"items": [...], "page",
//! "size", "totalSize"}}` for lists; a success may also be HTTP 204 or an empty body
//! (api-notes/craftgate.md §3), which reaches the decoder as `{}`. So:
//! - a list call without `data` yields an empty list;
//! - a single-object call without `data` yields [`CraftgateError::NoContent`];
//! - a 2xx that carries `errors` yields [`CraftgateError::Api`] (GO reads `errors` on every
//!   answer), never an empty result.

use std::future::Future;

use payments_wire::Failure;
use progenitor_client::{ByteStream, Error as GeneratedError, ResponseValue};
use reqwest::StatusCode;

use crate::error::CraftgateError;
use crate::types;

/// A success envelope the client knows how to unwrap.
pub trait Envelope {
    /// What the call returns once unwrapped.
    type Payload;

    /// Unwraps the envelope of an answer with HTTP `status`.
    fn into_payload(self, status: StatusCode) -> Result<Self::Payload, CraftgateError>;
}

/// Envelopes around one object: no `data` is [`CraftgateError::NoContent`].
macro_rules! single {
    ($($envelope:ident => $payload:ident, $what:literal;)+) => {$(
        impl Envelope for types::$envelope {
            type Payload = types::$payload;

            fn into_payload(self, status: StatusCode) -> Result<Self::Payload, CraftgateError> {
                if let Some(errors) = self.errors {
                    return Err(CraftgateError::from_success_errors(status, errors));
                }
                self.data.ok_or(CraftgateError::NoContent { expected: $what })
            }
        }
    )+};
}

/// Envelopes around a list: no `data` is an empty list.
macro_rules! list {
    ($($envelope:ident => $payload:ident;)+) => {$(
        impl Envelope for types::$envelope {
            type Payload = types::$payload;

            fn into_payload(self, status: StatusCode) -> Result<Self::Payload, CraftgateError> {
                if let Some(errors) = self.errors {
                    return Err(CraftgateError::from_success_errors(status, errors));
                }
                Ok(self.data.unwrap_or_default())
            }
        }
    )+};
}

single! {
    ReportingPaymentEnvelope => ReportingPayment, "payment";
    PaymentEnvelope => Payment, "payment";
    PaymentRefundEnvelope => PaymentRefund, "payment refund";
    PaymentTransactionRefundEnvelope => PaymentTransactionRefund, "payment transaction refund";
}

list! {
    ReportingPaymentListEnvelope => ReportingPaymentList;
    ReportingPaymentTransactionListEnvelope => ReportingPaymentTransactionList;
    ReportingPaymentRefundListEnvelope => ReportingPaymentRefundList;
    ReportingPaymentTransactionRefundListEnvelope => ReportingPaymentTransactionRefundList;
    PaymentTransactionRefundListEnvelope => PaymentTransactionRefundList;
}

/// Adds [`CallExt::payload`] to the futures returned by the generated `send()`.
pub trait CallExt: Future + Sized {
    /// What the call returns once unwrapped.
    type Payload;

    /// Awaits the call, unwraps the envelope and turns every failure into a
    /// [`CraftgateError`] (the error body decoded, the HTTP status kept).
    fn payload(self) -> impl Future<Output = Result<Self::Payload, CraftgateError>> + Send;
}

impl<F, T> CallExt for F
where
    F: Future<Output = Result<ResponseValue<T>, GeneratedError<ByteStream>>> + Send,
    T: Envelope + Send,
{
    type Payload = T::Payload;

    async fn payload(self) -> Result<Self::Payload, CraftgateError> {
        match self.await {
            Ok(response) => {
                let status = response.status();
                response.into_inner().into_payload(status)
            }
            Err(error) => Err(Failure::from_generated(error).await.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_data_is_an_empty_list_or_no_content() {
        let list = types::ReportingPaymentTransactionListEnvelope::default()
            .into_payload(StatusCode::NO_CONTENT)
            .unwrap();
        assert!(list.items.is_empty());
        let single = types::PaymentEnvelope::default().into_payload(StatusCode::OK);
        assert!(matches!(
            single,
            Err(CraftgateError::NoContent {
                expected: "payment"
            })
        ));
    }

    #[test]
    fn errors_in_a_success_answer_are_an_error() {
        let envelope: types::ReportingPaymentRefundListEnvelope = serde_json::from_str(
            r#"{"errors":{"errorCode":"1","errorDescription":"Geçersiz istek"}}"#,
        )
        .unwrap();
        let e = envelope.into_payload(StatusCode::OK).unwrap_err();
        assert_eq!(e.status(), Some(StatusCode::OK));
        assert_eq!(e.error_code(), Some("1"));
        assert_eq!(e.error_description(), Some("Geçersiz istek"));
    }
}
