//! How Craftgate's success bodies hold the payload: `{"data": ...}`.
//!
//! One object is `{"data": {...}}`, a list `{"data": {"items": [...], "page", "size",
//! "totalSize"}}`; a success may also be HTTP 204 or an empty body, which reaches the
//! decoder as `{}` (docs/providers/craftgate.md#envelope). So:
//! - a list call without `data` yields an empty list;
//! - a single-object call without `data` yields [`CallError::NoContent`];
//! - a 2xx that carries `errors` yields [`CallError::Api`] (the Go client reads `errors`
//!   on every answer), never an empty result.

use payments_wire::{CallError, Envelope};
use reqwest::StatusCode;

use crate::error::{ApiError, CraftgateApi};
use crate::types;

/// The `errors` a success answer may carry, as the error they stand for.
fn refused(
    status: StatusCode,
    errors: Option<types::ErrorBody>,
) -> Result<(), CallError<CraftgateApi>> {
    match errors {
        Some(errors) => Err(CallError::Api(Box::new(ApiError::from_success(
            status, errors,
        )))),
        None => Ok(()),
    }
}

/// Envelopes around one object: no `data` is [`CallError::NoContent`].
macro_rules! single {
    ($($envelope:ident => $payload:ident, $what:literal;)+) => {$(
        impl Envelope<CraftgateApi> for types::$envelope {
            type Payload = types::$payload;

            fn into_payload(self, status: StatusCode) -> Result<Self::Payload, CallError<CraftgateApi>> {
                refused(status, self.errors)?;
                self.data.ok_or(CallError::NoContent { expected: $what })
            }
        }
    )+};
}

/// Envelopes around a list: no `data` is an empty list.
macro_rules! list {
    ($($envelope:ident => $payload:ident;)+) => {$(
        impl Envelope<CraftgateApi> for types::$envelope {
            type Payload = types::$payload;

            fn into_payload(self, status: StatusCode) -> Result<Self::Payload, CallError<CraftgateApi>> {
                refused(status, self.errors)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use payments_wire::ErrorMetadata;

    #[test]
    fn absent_data_is_an_empty_list_or_no_content() {
        let list = types::ReportingPaymentTransactionListEnvelope::default()
            .into_payload(StatusCode::NO_CONTENT)
            .unwrap();
        assert!(list.items.is_empty());
        let single = types::PaymentEnvelope::default().into_payload(StatusCode::OK);
        assert!(matches!(
            single,
            Err(CallError::NoContent {
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
        assert_eq!(e.code().as_deref(), Some("1"));
        assert_eq!(e.message().as_deref(), Some("Geçersiz istek"));
    }
}
