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
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::error::{ApiError, PaywallApi, PaywallError};
use crate::types;

/// The envelope's status fields.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Outcome {
    /// `ErrorCode` (0 = success).
    #[serde(rename = "ErrorCode", default)]
    pub error_code: Option<i64>,
    /// `Result` (true = success).
    #[serde(rename = "Result", default)]
    pub result: Option<bool>,
    /// `Message`.
    #[serde(rename = "Message", default)]
    pub message: Option<String>,
    /// `ErrorCodeType` (newer bulk responses).
    #[serde(rename = "ErrorCodeType", default)]
    pub error_code_type: Option<i64>,
    /// `ErrorMessage` (newer bulk responses).
    #[serde(rename = "ErrorMessage", default)]
    pub error_message: Option<String>,
}

impl Outcome {
    /// Whether Paywall reported a failure: `Result: false` or a non-zero `ErrorCode`.
    pub fn is_failure(&self) -> bool {
        self.result == Some(false) || self.error_code.is_some_and(|c| c != 0)
    }

    /// Marks the outcome failed when the body's own `Result` is false (bulk bodies carry
    /// one: "received and queued").
    fn with_body_result(mut self, body_result: Option<bool>) -> Self {
        if body_result == Some(false) {
            self.result = Some(false);
        }
        self
    }

    /// The failure the status fields report, if any.
    fn check(
        self,
        status: StatusCode,
        provider: Option<types::ProviderFailure>,
    ) -> Result<(), PaywallError> {
        if !self.is_failure() {
            return Ok(());
        }
        let error = ApiError {
            status,
            error_code: self.error_code,
            message: self.message,
            error_code_type: self.error_code_type,
            error_message: self.error_message,
            provider,
        };
        tracing::debug!(%error, "Paywall reported a failure");
        Err(CallError::Api(Box::new(error)))
    }
}

/// The payload of an answer whose status fields are `outcome`: the failure they report,
/// else the payload, or [`PaywallError::NoContent`] naming what is missing.
fn unwrap<P>(
    status: StatusCode,
    outcome: Outcome,
    provider: Option<types::ProviderFailure>,
    payload: Result<P, &'static str>,
) -> Result<P, PaywallError> {
    outcome.check(status, provider)?;
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

/// A response that Paywall documents without the envelope but may send inside one: the
/// documented object itself, or `{ErrorCode, Result, Message, Body: <object>}`. A JSON
/// object with a `Body` key is read as the envelope.
#[derive(Clone, Debug, PartialEq)]
pub struct MaybeEnveloped<T> {
    /// The status fields found at the top level (for the bare form: its own `Result`).
    pub outcome: Outcome,
    /// Whether the response came inside the envelope.
    pub enveloped: bool,
    /// The documented object (`None` when an envelope's `Body` was `null`).
    pub body: Option<T>,
}

/// The bulk query response, bare or enveloped.
pub type BulkQueryReply = MaybeEnveloped<types::BulkPaymentQuery>;
/// The bulk summary response, bare or enveloped.
pub type BulkSummaryReply = MaybeEnveloped<types::BulkPaymentSummary>;

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for MaybeEnveloped<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        // Through `Value` (never untagged/flatten): the bodies hold decimal numbers.
        let Value::Object(mut map) = Value::deserialize(d)? else {
            return Err(D::Error::custom("expected a JSON object"));
        };
        let envelope_body = map.remove("Body");
        let outcome: Outcome =
            serde_json::from_value(Value::Object(map.clone())).map_err(D::Error::custom)?;
        let (enveloped, body) = match envelope_body {
            Some(Value::Null) => (true, None),
            Some(body) => (
                true,
                Some(serde_json::from_value(body).map_err(D::Error::custom)?),
            ),
            None => (
                false,
                Some(serde_json::from_value(Value::Object(map)).map_err(D::Error::custom)?),
            ),
        };
        Ok(Self {
            outcome,
            enveloped,
            body,
        })
    }
}

impl Envelope<PaywallApi> for BulkQueryReply {
    type Payload = types::BulkPaymentQuery;
    fn into_payload(self, status: StatusCode) -> Result<Self::Payload, PaywallError> {
        let body_result = self.body.as_ref().and_then(|b| b.result);
        let outcome = self.outcome.with_body_result(body_result);
        unwrap(status, outcome, None, self.body.ok_or("Body"))
    }
}

impl Envelope<PaywallApi> for BulkSummaryReply {
    type Payload = types::BulkPaymentSummary;
    fn into_payload(self, status: StatusCode) -> Result<Self::Payload, PaywallError> {
        let body_result = self.body.as_ref().and_then(|b| b.result);
        let outcome = self.outcome.with_body_result(body_result);
        unwrap(status, outcome, None, self.body.ok_or("Body"))
    }
}

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
        let ok = Outcome {
            error_code: Some(0),
            result: Some(true),
            ..Outcome::default()
        };
        assert!(!ok.is_failure());
        let odd = Outcome {
            error_code: Some(7),
            result: Some(true),
            ..Outcome::default()
        };
        assert!(odd.is_failure());
    }

    #[test]
    fn non_objects_are_rejected() {
        assert!(serde_json::from_str::<BulkQueryReply>("[]").is_err());
    }
}
