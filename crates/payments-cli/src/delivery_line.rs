//! The line `listen` prints for each delivery it forwarded: when, whose, which event, about
//! what, and how the forward went; as text for people or as one JSON object (NDJSON).

use chrono::{DateTime, SecondsFormat, Utc};
use clap::ValueEnum;
use payments_sandbox::PushProvider;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::forward::Forwarded;

/// How `listen` prints its deliveries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LineFormat {
    /// One line of columns per delivery, for people.
    Text,
    /// One JSON object per delivery (`time`, `provider`, `event`, `id`, `page`, `status`,
    /// `error`, `latency_ms`), for programs.
    Ndjson,
}

/// What a delivery is, read from its body: Craftgate's `eventType` and `payloadId`;
/// Paywall's `BulkPaymentId` and its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeliveryLine {
    /// When it arrived (UTC, RFC 3339, seconds).
    pub time: String,
    /// `craftgate` or `paywall`.
    pub provider: PushProvider,
    /// Craftgate's `eventType`; `BULK_CALLBACK` for Paywall; `null` when the body does not
    /// say.
    pub event: Option<String>,
    /// Craftgate's `payloadId`, Paywall's `BulkPaymentId`.
    pub id: Option<String>,
    /// A Paywall page and the number of pages, `[n, N]`.
    pub page: Option<(u64, u64)>,
    /// The status the forward got.
    pub status: Option<u16>,
    /// Why the forward got no answer.
    pub error: Option<String>,
    /// How long the forward took.
    pub latency_ms: u64,
}

/// The fields of a delivery body the line shows (the rest is skipped unread into values).
#[derive(Deserialize, Default)]
struct Head {
    #[serde(rename = "eventType")]
    event_type: Option<Value>,
    #[serde(rename = "payloadId")]
    payload_id: Option<Value>,
    #[serde(rename = "BulkPaymentId")]
    bulk_payment_id: Option<Value>,
    #[serde(rename = "PageNumber")]
    page_number: Option<Value>,
    #[serde(rename = "TotalPages")]
    total_pages: Option<Value>,
}

/// A JSON string or number as text.
fn as_text(value: Option<Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A JSON number (or a string holding one) as a whole number.
fn whole(value: Option<Value>) -> Option<u64> {
    as_text(value)?.trim().parse().ok()
}

impl DeliveryLine {
    /// The line of `body` (as received from `provider` at `at`) and its forward.
    pub fn new(
        at: DateTime<Utc>,
        provider: PushProvider,
        body: &[u8],
        forwarded: Forwarded,
    ) -> Self {
        let head: Head = serde_json::from_slice(body).unwrap_or_default();
        let (event, id, page) = match provider {
            PushProvider::Paywall => {
                let page = whole(head.page_number).zip(whole(head.total_pages));
                (
                    Some("BULK_CALLBACK".to_string()),
                    as_text(head.bulk_payment_id),
                    page,
                )
            }
            _ => (as_text(head.event_type), as_text(head.payload_id), None),
        };
        Self {
            time: at.to_rfc3339_opts(SecondsFormat::Secs, true),
            provider,
            event,
            id,
            page,
            status: forwarded.status,
            error: forwarded.error,
            latency_ms: forwarded.latency_ms,
        }
    }

    /// The line in `format` (no newline); `colour` marks the status green (2xx) or red.
    pub fn render(&self, format: LineFormat, colour: bool) -> String {
        match format {
            LineFormat::Ndjson => serde_json::to_string(self).unwrap_or_default(),
            LineFormat::Text => self.text(colour),
        }
    }

    fn text(&self, colour: bool) -> String {
        let mut event = self.event.clone().unwrap_or_else(|| "-".into());
        if let Some((page, pages)) = self.page {
            event = format!("{event} {page}/{pages}");
        }
        let outcome = match (self.status, &self.error) {
            (Some(status), _) => status.to_string(),
            (None, Some(error)) => format!("error: {error}"),
            (None, None) => "error".to_string(),
        };
        let outcome = if colour {
            let code = if self.status.is_some_and(|s| (200..300).contains(&s)) {
                32
            } else {
                31
            };
            format!("\x1b[{code}m{outcome}\x1b[0m")
        } else {
            outcome
        };
        format!(
            "{}  {:<9}  {:<19}  {:<10}  -> {}  {} ms",
            self.time,
            self.provider.as_str(),
            event,
            self.id.as_deref().unwrap_or("-"),
            outcome,
            self.latency_ms
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2025-03-01T09:30:15.250Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn ok(status: u16) -> Forwarded {
        Forwarded {
            status: Some(status),
            error: None,
            latency_ms: 12,
        }
    }

    #[test]
    fn craftgate_lines_show_the_event_and_the_payload() {
        let body = br#"{"eventType":"REFUND_TX","eventTime":"2025-03-01T12:30:15","eventTimestamp":1740821415,"status":"SUCCESS","payloadId":"4001"}"#;
        let line = DeliveryLine::new(at(), PushProvider::Craftgate, body, ok(200));
        assert_eq!(
            line.render(LineFormat::Text, false),
            "2025-03-01T09:30:15Z  craftgate  REFUND_TX            4001        -> 200  12 ms"
        );
        let json: Value = serde_json::from_str(&line.render(LineFormat::Ndjson, false)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"time": "2025-03-01T09:30:15Z", "provider": "craftgate",
                "event": "REFUND_TX", "id": "4001", "page": null, "status": 200,
                "error": null, "latency_ms": 12})
        );
        assert!(
            line.render(LineFormat::Text, true)
                .contains("\x1b[32m200\x1b[0m")
        );
    }

    #[test]
    fn paywall_lines_show_the_page_and_failures_their_error() {
        let body = br#"{"BulkPaymentId":388,"MerchantUniqueCode":"b","PageNumber":2,"TotalPages":3,"HasMorePages":true,"Hash":"x","Payments":[{"PaymentId":1}]}"#;
        let failed = Forwarded {
            status: None,
            error: Some("connection refused (http://127.0.0.1:9/)".into()),
            latency_ms: 1,
        };
        let line = DeliveryLine::new(at(), PushProvider::Paywall, body, failed);
        let text = line.render(LineFormat::Text, false);
        assert!(text.contains("paywall    BULK_CALLBACK 2/3"), "{text}");
        assert!(
            text.ends_with("388         -> error: connection refused (http://127.0.0.1:9/)  1 ms"),
            "{text}"
        );
        let json: Value = serde_json::from_str(&line.render(LineFormat::Ndjson, false)).unwrap();
        assert_eq!(json["page"], serde_json::json!([2, 3]));
        assert_eq!(json["id"], "388");
        assert_eq!(json["status"], Value::Null);

        let garbage = DeliveryLine::new(at(), PushProvider::Craftgate, b"not json", ok(500));
        assert!(
            garbage
                .render(LineFormat::Text, true)
                .contains("-                    -           -> \x1b[31m500")
        );
    }
}
