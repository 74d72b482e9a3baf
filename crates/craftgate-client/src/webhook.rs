//! Verifying what Craftgate sends to the merchant: transaction webhooks
//! (docs/providers/craftgate.md#webhooks) and 3-D Secure callbacks
//! (docs/providers/craftgate.md#3-d-secure-callback). Every comparison runs in constant time.

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::NaiveDateTime;
use hmac::{Hmac, Mac};
use payments_wire::Secret;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::wire::{WebhookEventType, WebhookStatus};

/// The header carrying a transaction webhook's signature (DOCS `/webhook/transaction-webhook`).
pub const WEBHOOK_SIGNATURE_HEADER: &str = "x-cg-signature-v1";

/// Why a webhook or callback was not accepted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The webhook body is not the documented JSON.
    #[error("the webhook body is not a Craftgate transaction event: {0}")]
    Body(#[source] serde_json::Error),
    /// The signature or hash does not match: the message is not from Craftgate or was
    /// altered, or the key is wrong.
    #[error("the Craftgate signature does not match")]
    SignatureMismatch,
    /// The 3-D Secure callback has no `hash` parameter.
    #[error("the 3-D Secure callback carries no `hash` parameter")]
    MissingHash,
}

/// A transaction webhook: a JSON POST to the merchant's URL
/// (docs/providers/craftgate.md#transaction-webhook).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct WebhookEvent {
    /// What happened.
    #[serde(rename = "eventType")]
    pub event_type: WebhookEventType,
    /// When, as a local Istanbul wall-clock time, possibly with microseconds. Not signed.
    #[serde(rename = "eventTime", default)]
    pub event_time: Option<NaiveDateTime>,
    /// When, in epoch seconds. Signed.
    #[serde(rename = "eventTimestamp")]
    pub event_timestamp: i64,
    /// Whether the operation succeeded.
    pub status: WebhookStatus,
    /// The id of the object the event is about (e.g. a payment id), as text.
    #[serde(rename = "payloadId", deserialize_with = "text")]
    pub payload_id: String,
    /// The event's object, when sent.
    #[serde(default)]
    pub payload: Option<serde_json::Value>,
}

/// Reads a string, or a number as its text.
fn text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => Ok(s),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "expected a string or number, got {other}"
        ))),
    }
}

/// The signed message of a transaction webhook:
/// `eventType + eventTimestamp (decimal) + status + payloadId`, without separators.
pub fn webhook_message(
    event_type: &str,
    event_timestamp: i64,
    status: &str,
    payload_id: &str,
) -> String {
    format!("{event_type}{event_timestamp}{status}{payload_id}")
}

/// The signature of a transaction webhook: Base64(HMAC-SHA256(webhook key, message)), where
/// the message is [`webhook_message`]. JAVA HookAdapter, NODE HookAdapter.
pub fn webhook_signature(webhook_key: &str, message: &str) -> String {
    // HMAC takes keys of any length, so there is always a MAC; an empty string would only
    // ever fail verification.
    webhook_mac(webhook_key, message)
        .map(|mac| STANDARD.encode(mac.finalize().into_bytes()))
        .unwrap_or_default()
}

fn webhook_mac(webhook_key: &str, message: &str) -> Option<Hmac<Sha256>> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(webhook_key.as_bytes()).ok()?;
    mac.update(message.as_bytes());
    Some(mac)
}

impl WebhookEvent {
    /// Parses a webhook body without checking its signature; see [`verify_webhook`].
    pub fn from_slice(body: &[u8]) -> Result<Self, WebhookError> {
        serde_json::from_slice(body).map_err(WebhookError::Body)
    }

    /// The message Craftgate signs for this event.
    pub fn signed_message(&self) -> String {
        webhook_message(
            self.event_type.as_str(),
            self.event_timestamp,
            self.status.as_str(),
            &self.payload_id,
        )
    }

    /// Checks `signature` (the `x-cg-signature-v1` header) against this event, in constant
    /// time.
    pub fn verify(&self, webhook_key: &Secret, signature: &str) -> Result<(), WebhookError> {
        let received = STANDARD
            .decode(signature.trim())
            .map_err(|_| WebhookError::SignatureMismatch)?;
        webhook_mac(webhook_key.expose(), &self.signed_message())
            .ok_or(WebhookError::SignatureMismatch)?
            .verify_slice(&received)
            .map_err(|_| WebhookError::SignatureMismatch)
    }
}

/// Parses a transaction webhook body and returns it only when `signature` (the
/// `x-cg-signature-v1` header) is Craftgate's signature of it under `webhook_key`.
pub fn verify_webhook(
    webhook_key: &Secret,
    body: &[u8],
    signature: &str,
) -> Result<WebhookEvent, WebhookError> {
    let event = WebhookEvent::from_slice(body)?;
    event.verify(webhook_key, signature)?;
    Ok(event)
}

/// The form parameters of a 3-D Secure callback (a form POST to the payment's
/// `callbackUrl`), checked with the merchant callback key
/// (docs/providers/craftgate.md#3-d-secure-callback).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ThreeDsCallback {
    params: BTreeMap<String, String>,
}

/// The fields hashed by version 1, in order.
const V1_FIELDS: [&str; 6] = [
    "status",
    "completeStatus",
    "paymentId",
    "conversationData",
    "conversationId",
    "callbackStatus",
];

impl ThreeDsCallback {
    /// Collects the callback's form parameters (name, value).
    pub fn from_params<I, K, V>(params: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        Self {
            params: params
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }

    /// One parameter's value.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params.get(name).map(String::as_str)
    }

    /// Version 1: lowercase hex SHA-256 of
    /// `key###status###completeStatus###paymentId###conversationData###conversationId###callbackStatus`,
    /// a missing value as `""` (JAVA `PaymentAdapter.is3DSecureCallbackVerified`, NODE).
    pub fn hash_v1(&self, callback_key: &str) -> String {
        let mut text = callback_key.to_string();
        for field in V1_FIELDS {
            text.push_str("###");
            text.push_str(self.get(field).unwrap_or(""));
        }
        hex_sha256(&text)
    }

    /// Version 2: lowercase hex SHA-256 of the key followed by the values of the fields
    /// named in `hash_params` (colon-separated), in that order, missing or empty values
    /// skipped.
    pub fn hash_v2(&self, callback_key: &str, hash_params: &str) -> String {
        let mut text = callback_key.to_string();
        for field in hash_params.split(':') {
            text.push_str(self.get(field).unwrap_or(""));
        }
        hex_sha256(&text)
    }

    /// The hash Craftgate should have sent: version 2 when the callback names its fields in
    /// `hashParams`, else version 1.
    pub fn expected_hash(&self, callback_key: &str) -> String {
        match self.get("hashParams").filter(|p| !p.is_empty()) {
            Some(hash_params) => self.hash_v2(callback_key, hash_params),
            None => self.hash_v1(callback_key),
        }
    }

    /// Checks the callback's `hash` parameter in constant time.
    pub fn verify(&self, callback_key: &Secret) -> Result<(), WebhookError> {
        let received = self.get("hash").ok_or(WebhookError::MissingHash)?;
        let expected = self.expected_hash(callback_key.expose());
        if constant_time_eq(
            received.trim().to_ascii_lowercase().as_bytes(),
            expected.as_bytes(),
        ) {
            Ok(())
        } else {
            Err(WebhookError::SignatureMismatch)
        }
    }
}

fn hex_sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Compares two byte strings without stopping at the first difference.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_eq_compares_whole_strings() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(constant_time_eq(b"", b""));
    }
}
