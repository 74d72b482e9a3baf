//! Deliveries as the providers send them, signed: for tests, for trying a receiver (the
//! `receiver` example prints some as curl commands), and for tools that play a provider.
//!
//! Each builds the body and signature the way the provider documents them
//! (docs/providers/craftgate.md#transaction-webhook, docs/providers/paywall.md#bulk-callback);
//! the fields a provider does not sign are free to set to anything, which is what a test of
//! an untrusted field needs.

use bytes::Bytes;
use http::{HeaderValue, Method, Request, header};
#[cfg(feature = "paywall")]
use payments::Payment;
use payments::Secret;
#[cfg(feature = "craftgate")]
use serde_json::Map;
use serde_json::{Value, json};

/// A POST of `body` as JSON.
fn post(body: Bytes) -> Request<Bytes> {
    let mut request = Request::new(body);
    *request.method_mut() = Method::POST;
    request.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    request
}

/// A number when `text` is a whole number (as the providers send ids), else the text.
#[cfg(feature = "paywall")]
fn id(text: &str) -> Value {
    text.parse::<i64>()
        .map_or_else(|_| json!(text), |n| json!(n))
}

/// A Craftgate transaction webhook (docs/providers/craftgate.md#transaction-webhook).
#[cfg(feature = "craftgate")]
#[derive(Clone, Debug, PartialEq)]
pub struct CraftgateWebhook {
    /// `eventType` (signed), e.g. `API_AUTH`.
    pub event_type: String,
    /// `eventTimestamp`, epoch seconds (signed).
    pub event_timestamp: i64,
    /// `status` (signed): `SUCCESS` or `FAILURE`.
    pub status: String,
    /// `payloadId` (signed): the payment or refund id.
    pub payload_id: String,
    /// `eventTime` (not signed), when sent.
    pub event_time: Option<String>,
    /// `payload` (not signed), when sent.
    pub payload: Option<Value>,
}

#[cfg(feature = "craftgate")]
impl CraftgateWebhook {
    /// A webhook with the four signed fields and nothing else.
    pub fn new(
        event_type: impl Into<String>,
        event_timestamp: i64,
        status: impl Into<String>,
        payload_id: impl Into<String>,
    ) -> Self {
        Self {
            event_type: event_type.into(),
            event_timestamp,
            status: status.into(),
            payload_id: payload_id.into(),
            event_time: None,
            payload: None,
        }
    }

    /// The JSON body.
    pub fn body(&self) -> Bytes {
        let mut body = Map::new();
        body.insert("eventType".into(), json!(self.event_type));
        if let Some(time) = &self.event_time {
            body.insert("eventTime".into(), json!(time));
        }
        body.insert("eventTimestamp".into(), json!(self.event_timestamp));
        body.insert("status".into(), json!(self.status));
        body.insert("payloadId".into(), json!(self.payload_id));
        if let Some(payload) = &self.payload {
            body.insert("payload".into(), payload.clone());
        }
        Bytes::from(Value::Object(body).to_string())
    }

    /// The `x-cg-signature-v1` value under `key`.
    pub fn signature(&self, key: &Secret) -> String {
        use craftgate_client::webhook::{webhook_message, webhook_signature};
        webhook_signature(
            key.expose(),
            &webhook_message(
                &self.event_type,
                self.event_timestamp,
                &self.status,
                &self.payload_id,
            ),
        )
    }

    /// The POST Craftgate would send, signed with `key`.
    pub fn request(&self, key: &Secret) -> Request<Bytes> {
        let mut request = post(self.body());
        if let Ok(signature) = HeaderValue::from_str(&self.signature(key)) {
            request.headers_mut().insert(
                craftgate_client::webhook::WEBHOOK_SIGNATURE_HEADER,
                signature,
            );
        }
        request
    }
}

/// A Paywall bulk callback, split into pages as Paywall splits large ones
/// (docs/providers/paywall.md#bulk-callback; the body's form is inferred, see
/// [`Receiver`](crate::Receiver)).
#[cfg(feature = "paywall")]
#[derive(Clone, Debug, PartialEq)]
pub struct PaywallBulkCallback {
    /// `BulkPaymentId` (hashed).
    pub bulk_payment_id: String,
    /// The batch's `MerchantUniqueCode` (hashed).
    pub merchant_unique_code: String,
    /// The per-payment items (not hashed), e.g. from [`bulk_item`].
    pub payments: Vec<Value>,
    /// Payments per page (default 1,000, as Paywall splits).
    pub page_size: usize,
}

#[cfg(feature = "paywall")]
impl PaywallBulkCallback {
    /// A callback for the batch with `payments`, in pages of 1,000.
    pub fn new(
        bulk_payment_id: impl Into<String>,
        merchant_unique_code: impl Into<String>,
        payments: Vec<Value>,
    ) -> Self {
        Self {
            bulk_payment_id: bulk_payment_id.into(),
            merchant_unique_code: merchant_unique_code.into(),
            payments,
            page_size: 1000,
        }
    }

    /// The `Hash` under `key` (the System Webhook Hash Key).
    pub fn hash(&self, key: &Secret) -> String {
        paywall_client::callback::CallbackHash::Bulk {
            bulk_payment_id: &self.bulk_payment_id,
            merchant_unique_code: &self.merchant_unique_code,
        }
        .compute(key)
    }

    /// Each page's JSON body, pages numbered from 1, `HasMorePages` false on the last. A
    /// callback without payments is one page.
    pub fn page_bodies(&self, key: &Secret) -> Vec<Bytes> {
        let hash = self.hash(key);
        let chunks: Vec<&[Value]> = if self.payments.is_empty() {
            vec![&[]]
        } else {
            self.payments.chunks(self.page_size.max(1)).collect()
        };
        let total = chunks.len();
        chunks
            .into_iter()
            .enumerate()
            .map(|(i, payments)| {
                let body = json!({
                    "BulkPaymentId": id(&self.bulk_payment_id),
                    "MerchantUniqueCode": self.merchant_unique_code,
                    "PageNumber": i + 1,
                    "TotalPages": total,
                    "HasMorePages": i + 1 < total,
                    "Hash": hash,
                    "ErrorMessage": null,
                    "Payments": payments,
                });
                Bytes::from(body.to_string())
            })
            .collect()
    }

    /// The POSTs Paywall would send, one a page, hashed with `key`.
    pub fn requests(&self, key: &Secret) -> Vec<Request<Bytes>> {
        self.page_bodies(key).into_iter().map(post).collect()
    }
}

/// A payment as an item of a bulk callback's (inferred) `Payments` array, in the bulk
/// query's shape: `MerchantUniqueCode`, `PaymentId`, `Amount` (an exact JSON number),
/// `Status`, `ErrorMessage`.
#[cfg(feature = "paywall")]
pub fn bulk_item(payment: &Payment) -> Value {
    json!({
        "MerchantUniqueCode": payment.merchant_reference,
        "PaymentId": id(payment.id.as_str()),
        "Amount": serde_json::to_value(payment.amount.amount).unwrap_or(Value::Null),
        "Status": id(&payment.raw_status),
        "ErrorMessage": payment.error.as_ref().and_then(|e| e.message.clone()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "craftgate")]
    #[test]
    fn craftgate_webhooks_carry_the_documented_signature() {
        // docs/providers/craftgate.md#webhook-test-vectors
        let webhook = CraftgateWebhook::new("API_AUTH", 1641018632, "SUCCESS", "2150001");
        let request = webhook.request(&Secret::new("1Q2w3E4r5T6y7U8i9Op"));
        assert_eq!(request.method(), Method::POST);
        assert_eq!(
            request.headers()["x-cg-signature-v1"],
            "eNXKxfxUpVmp/wBrNUmOLjNXL0sYl0mh1s/rEB8K8NU="
        );
        assert_eq!(
            request.body(),
            r#"{"eventType":"API_AUTH","eventTimestamp":1641018632,"status":"SUCCESS","payloadId":"2150001"}"#
        );
    }

    #[cfg(feature = "paywall")]
    #[test]
    fn paywall_callbacks_split_into_numbered_pages() {
        // docs/providers/paywall.md#hash-verification
        let key = Secret::new("k3y");
        let items: Vec<Value> = (0..2345).map(|n| json!({"PaymentId": n})).collect();
        let callback = PaywallBulkCallback::new("389", "8279c96e", items);
        let pages: Vec<Value> = callback
            .page_bodies(&key)
            .iter()
            .map(|b| serde_json::from_slice(b).unwrap())
            .collect();
        assert_eq!(pages.len(), 3);
        let shape: Vec<_> = pages
            .iter()
            .map(|p| {
                (
                    p["PageNumber"].as_u64().unwrap(),
                    p["TotalPages"].as_u64().unwrap(),
                    p["HasMorePages"].as_bool().unwrap(),
                    p["Payments"].as_array().unwrap().len(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            [(1, 3, true, 1000), (2, 3, true, 1000), (3, 3, false, 345)]
        );
        for page in &pages {
            assert_eq!(
                page["Hash"],
                "1856a3c4be6f9f1bc40539a90bdf5b298bcc48e0db979bd07d2ebeb6e0ad599d"
            );
            assert_eq!(page["BulkPaymentId"], 389);
        }
        let empty = PaywallBulkCallback::new("389", "8279c96e", Vec::new());
        assert_eq!(empty.requests(&key).len(), 1);
    }
}
