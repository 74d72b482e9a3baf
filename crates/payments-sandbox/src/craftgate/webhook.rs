//! Transaction webhooks (docs/providers/craftgate.md#transaction-webhook): which a booked
//! refund emits, their body, and `x-cg-signature-v1`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use chrono::NaiveDateTime;
use hmac::{Hmac, Mac};
use http::{HeaderName, HeaderValue};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::push::{Body, Message};

/// The signature header (docs/providers/craftgate.md#webhook-signature).
const SIGNATURE_HEADER: HeaderName = HeaderName::from_static("x-cg-signature-v1");

/// The webhooks a refund answer (`PaymentRefundResponse` or
/// `PaymentTransactionRefundResponse`, as the sandbox renders them) stands for: `REFUND`
/// with the payment refund's id when it has one (a `CANCEL`), else `REFUND_TX` with each
/// item refund's id (the answer's `paymentTransactionRefunds`, or the answer itself for an
/// item refund).
pub(crate) fn refund_events(answer: &Value) -> Vec<(&'static str, i64)> {
    let id = |v: &Value| v.get("id").and_then(Value::as_i64);
    if answer.get("paymentTransactionId").is_some() {
        return id(answer)
            .map(|i| vec![("REFUND_TX", i)])
            .unwrap_or_default();
    }
    if let Some(refund) = id(answer) {
        return vec![("REFUND", refund)];
    }
    answer
        .get("paymentTransactionRefunds")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(id)
                .map(|i| ("REFUND_TX", i))
                .collect()
        })
        .unwrap_or_default()
}

/// `Base64(HMAC-SHA256(key, eventType + eventTimestamp + status + payloadId))`.
pub(crate) fn signature(
    key: &str,
    event_type: &str,
    timestamp: i64,
    status: &str,
    payload_id: &str,
) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key.as_bytes()) else {
        // HMAC takes keys of any length.
        return String::new();
    };
    mac.update(format!("{event_type}{timestamp}{status}{payload_id}").as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

/// A successful event's webhook: `eventTime` is the Istanbul wall-clock time (with
/// microseconds, as the documented sample), `eventTimestamp` the same instant in epoch
/// seconds.
pub(crate) fn message(
    key: &str,
    event_type: &str,
    payload_id: i64,
    time: NaiveDateTime,
    timestamp: i64,
) -> Message {
    const STATUS: &str = "SUCCESS";
    let payload_id = payload_id.to_string();
    let body = json!({
        "eventType": event_type,
        "eventTime": time.format("%Y-%m-%dT%H:%M:%S%.6f").to_string(),
        "eventTimestamp": timestamp,
        "status": STATUS,
        "payloadId": payload_id,
    });
    let signature = signature(key, event_type, timestamp, STATUS, &payload_id);
    Message {
        event: event_type.to_string(),
        subject: payload_id,
        page: None,
        headers: HeaderValue::from_str(&signature)
            .map(|v| vec![(SIGNATURE_HEADER, v)])
            .unwrap_or_default(),
        body: Body::Ready(Bytes::from(body.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_match_the_documented_vectors() {
        // docs/providers/craftgate.md#webhook-test-vectors
        assert_eq!(
            signature(
                "1Q2w3E4r5T6y7U8i9Op",
                "API_AUTH",
                1641018632,
                "SUCCESS",
                "2150001"
            ),
            "eNXKxfxUpVmp/wBrNUmOLjNXL0sYl0mh1s/rEB8K8NU="
        );
        assert_eq!(
            signature(
                "Aoh7tReTybO6wOjBmOJFFsOR53SBojEp",
                "API_VERIFY_AND_AUTH",
                1661521221,
                "SUCCESS",
                "584"
            ),
            "0wRB5XqWJxwwPbn5Z9TcbHh8EGYFufSYTsRMB74N094="
        );
    }

    #[test]
    fn refunds_name_what_their_payload_id_is() {
        assert_eq!(
            refund_events(&json!({"id": 3001, "refundType": "CANCEL"})),
            [("REFUND", 3001)]
        );
        assert_eq!(
            refund_events(
                &json!({"refundType": "REFUND", "paymentTransactionRefunds": [{"id": 4001}, {"id": 4002}]})
            ),
            [("REFUND_TX", 4001), ("REFUND_TX", 4002)]
        );
        assert_eq!(
            refund_events(&json!({"id": 4003, "paymentTransactionId": 2001})),
            [("REFUND_TX", 4003)]
        );
    }

    #[test]
    fn the_body_carries_the_signed_fields_as_signed() {
        let time = chrono::NaiveDate::from_ymd_opt(2024, 3, 10)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        let m = message("k", "REFUND", 3001, time, 1710061200);
        let body: Value = serde_json::from_slice(&m.body.render()).unwrap();
        assert_eq!(body["payloadId"], "3001");
        assert_eq!(body["eventTime"], "2024-03-10T12:00:00.000000");
        assert_eq!(
            m.headers[0].1,
            signature("k", "REFUND", 1710061200, "SUCCESS", "3001").as_str()
        );
    }
}
