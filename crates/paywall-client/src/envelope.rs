//! How Paywall's success bodies hold the payload: `payload()` (from
//! [`CallExt`](crate::CallExt)) turns a generated `send()` into the operation's payload or
//! a typed [`PaywallError`].
//!
//! Every response is `{ErrorCode, Result, Message, Body}` (plus `ErrorCodeType` and
//! `ErrorMessage` on newer bulk endpoints). A business failure is HTTP 200 with
//! `Result: false` or `ErrorCode != 0` and becomes [`PaywallError::Api`] with status 200.
//! The bulk query and its summary are documented without the envelope; whether the live
//! payload has it is unverified (docs/providers/paywall.md#bulk-query), so
//! [`MaybeEnveloped`] reads both.
//!
//! What an operation's payload is:
//!
//! | operations | payload |
//! |---|---|
//! | `bulk_payment_query` | [`types::BulkPaymentQuery`] |
//! | `bulk_payment_query_summary` | [`types::BulkPaymentSummary`] |
//! | bulk cancel / refund / retry (batch and list) | [`types::BulkActionResult`] |
//! | `bulk_payment_send_callback` | [`types::BulkCallbackResendResult`] |
//! | `private_query`, `..._by_unique_code`, `..._by_payment_id` | [`types::PaymentRecord`] (`Body.Paywall`) |
//! | `private_query_by_tracking_code` | `Vec<`[`types::PaymentRecord`]`>` |
//! | private cancel / refund / revert | [`Acknowledgement`] |
//! | `payment_start_direct` | [`types::PaymentStartResult`] |
//!
//! Operations that change money never turn a reported success into an error: a success
//! without `Body` yields an empty payload. Queries without their `Body` fail with
//! [`PaywallError::NoContent`].

use payments_wire::{CallError, Envelope};
use reqwest::StatusCode;
use serde_json::Value;

use crate::error::{ApiError, PaywallApi, PaywallError};
use crate::reply::{MaybeEnveloped, Outcome};
use crate::types;

/// The failure an answer's status fields report, if any.
fn refused(
    outcome: Outcome,
    status: StatusCode,
    provider: Option<types::ProviderFailure>,
) -> Result<(), PaywallError> {
    if !outcome.is_failure() {
        return Ok(());
    }
    let error = ApiError {
        status,
        error_code: outcome.error_code,
        message: outcome.message,
        error_code_type: outcome.error_code_type,
        error_message: outcome.error_message,
        provider,
    };
    tracing::debug!(%error, "Paywall reported a failure");
    Err(CallError::Api(Box::new(error)))
}

/// The payload of an answer whose status fields are `outcome`: the failure they report,
/// else the payload, or [`PaywallError::NoContent`] naming what is missing.
fn unwrap<P>(
    status: StatusCode,
    outcome: Outcome,
    provider: Option<types::ProviderFailure>,
    payload: Result<P, &'static str>,
) -> Result<P, PaywallError> {
    refused(outcome, status, provider)?;
    payload.map_err(|expected| CallError::NoContent { expected })
}

macro_rules! outcome_of {
    ($r:expr) => {
        Outcome {
            error_code: $r.error_code,
            result: $r.result,
            message: $r.message,
            error_code_type: $r.error_code_type,
            error_message: $r.error_message,
        }
    };
}

impl Envelope<PaywallApi> for types::BulkActionResponse {
    type Payload = types::BulkActionResult;
    fn into_payload(self, status: StatusCode) -> Result<Self::Payload, PaywallError> {
        let body = self.body.unwrap_or_default();
        let outcome = outcome_of!(self).with_body_result(body.result);
        unwrap(status, outcome, None, Ok(body))
    }
}

impl Envelope<PaywallApi> for types::BulkCallbackResendResponse {
    type Payload = types::BulkCallbackResendResult;
    fn into_payload(self, status: StatusCode) -> Result<Self::Payload, PaywallError> {
        let body = self.body.unwrap_or_default();
        unwrap(status, outcome_of!(self), None, Ok(body))
    }
}

impl Envelope<PaywallApi> for types::PrivateQueryResponse {
    type Payload = types::PaymentRecord;
    fn into_payload(self, status: StatusCode) -> Result<Self::Payload, PaywallError> {
        let record = self.body.and_then(|b| b.paywall).ok_or("Body.Paywall");
        unwrap(status, outcome_of!(self), None, record)
    }
}

impl Envelope<PaywallApi> for types::TrackingCodeQueryResponse {
    type Payload = Vec<types::PaymentRecord>;
    fn into_payload(self, status: StatusCode) -> Result<Self::Payload, PaywallError> {
        let records = self.body.map(|b| b.into_vec()).unwrap_or_default();
        unwrap(status, outcome_of!(self), None, Ok(records))
    }
}

/// The payload of a private cancel, refund or revert: Paywall's message and whatever
/// `Body` it sent (documented as `null`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Acknowledgement {
    /// `Message` (e.g. "Success").
    pub message: Option<String>,
    /// `Body` as received, when not `null`.
    pub body: Option<Value>,
}

impl Envelope<PaywallApi> for types::PrivateActionResponse {
    type Payload = Acknowledgement;
    fn into_payload(self, status: StatusCode) -> Result<Self::Payload, PaywallError> {
        let ack = Acknowledgement {
            message: self.message.clone(),
            body: self.body.filter(|b| !b.is_null()),
        };
        unwrap(status, outcome_of!(self), None, Ok(ack))
    }
}

impl Envelope<PaywallApi> for types::PaymentStartResponse {
    type Payload = types::PaymentStartResult;
    fn into_payload(self, status: StatusCode) -> Result<Self::Payload, PaywallError> {
        let body = self.body.unwrap_or_default();
        let provider = body.error.clone();
        unwrap(status, outcome_of!(self), provider, Ok(body))
    }
}
/// The bulk query response, bare or enveloped.
pub type BulkQueryReply = MaybeEnveloped<types::BulkPaymentQuery>;
/// The bulk summary response, bare or enveloped.
pub type BulkSummaryReply = MaybeEnveloped<types::BulkPaymentSummary>;

/// The bulk query and its summary, bare or enveloped: the body's own `Result` counts too.
macro_rules! maybe_enveloped {
    ($($body:ty),+) => {$(
        impl Envelope<PaywallApi> for MaybeEnveloped<$body> {
            type Payload = $body;
            fn into_payload(self, status: StatusCode) -> Result<Self::Payload, PaywallError> {
                let body_result = self.body.as_ref().and_then(|b| b.result);
                let outcome = self.outcome.with_body_result(body_result);
                unwrap(status, outcome, None, self.body.ok_or("Body"))
            }
        }
    )+};
}

maybe_enveloped!(types::BulkPaymentQuery, types::BulkPaymentSummary);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_and_enveloped_bulk_queries_read_alike() {
        let bare = r#"{"Result": true, "TotalPaymentCount": 1, "Payments": [{"PaymentId": 1, "Amount": 1.59}]}"#;
        let wrapped = r#"{"ErrorCode": 0, "Result": true, "Message": "", "Body": {"Result": true, "TotalPaymentCount": 1, "Payments": [{"PaymentId": 1, "Amount": 1.59}]}}"#;
        let a: BulkQueryReply = serde_json::from_str(bare).unwrap();
        let b: BulkQueryReply = serde_json::from_str(wrapped).unwrap();
        assert!(!a.enveloped && b.enveloped);
        assert_eq!(a.body, b.body);
        let pa = a.into_payload(StatusCode::OK).unwrap();
        assert_eq!(pa.payments[0].amount.unwrap().to_string(), "1.59");
    }

    #[test]
    fn failures_are_seen_at_either_level() {
        let r: BulkQueryReply =
            serde_json::from_str(r#"{"Result": false, "Payments": []}"#).unwrap();
        let refused = |e: PaywallError| matches!(e, CallError::Api(api) if api.status == 200);
        assert!(refused(r.into_payload(StatusCode::OK).unwrap_err()));
        let r: BulkQueryReply = serde_json::from_str(
            r#"{"ErrorCode": 10, "Result": false, "Message": "x", "Body": null}"#,
        )
        .unwrap();
        assert!(refused(r.into_payload(StatusCode::OK).unwrap_err()));
        let r: BulkQueryReply =
            serde_json::from_str(r#"{"ErrorCode": 0, "Result": true, "Body": null}"#).unwrap();
        assert!(matches!(
            r.into_payload(StatusCode::OK),
            Err(CallError::NoContent { expected: "Body" })
        ));
        let r: BulkSummaryReply =
            serde_json::from_str(r#"{"ErrorCode": 0, "Result": true, "Body": {"Result": false}}"#)
                .unwrap();
        assert!(refused(r.into_payload(StatusCode::OK).unwrap_err()));
        let r: types::BulkActionResponse =
            serde_json::from_str(r#"{"ErrorCode": 0, "Result": true, "Body": {"Result": false}}"#)
                .unwrap();
        assert!(refused(r.into_payload(StatusCode::OK).unwrap_err()));
    }
}
