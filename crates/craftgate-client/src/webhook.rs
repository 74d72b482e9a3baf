//! Verifying what Craftgate sends to the merchant: transaction webhooks
//! (docs/providers/craftgate.md#webhooks) and 3-D Secure callbacks
//! (docs/providers/craftgate.md#3-d-secure-callback).
//!
//! Every check decodes the received signature or hash first (Base64 for a webhook, hex for
//! a callback) and compares the decoded bytes in constant time: through `hmac`'s
//! `verify_slice` for a webhook, through `subtle`'s `ConstantTimeEq` for a callback. Each
//! check takes several keys at once, so a key can be rotated without refusing what was
//! signed with the old one ([`verify_webhook_with_keys`],
//! [`ThreeDsCallback::verify_with_keys`]); a single-key form is kept for convenience. A
//! failure says why ([`WebhookError`]) and never carries a key or an expected value.
//!
//! Only the signed fields are vouched for. A webhook's `eventTime` and `payload`, and every
//! callback parameter outside the hashed list, can be changed by anyone on the way: treat
//! them as untrusted, and confirm an outcome by retrieving the payment before acting on it.
//! A valid webhook can also be replayed; make handling idempotent (its `eventTimestamp` is
//! signed).

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::NaiveDateTime;
use hmac::{Hmac, Mac};
use payments_wire::Secret;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::wire::{WebhookEventType, WebhookStatus};

/// The header carrying a transaction webhook's signature (DOCS `/webhook/transaction-webhook`).
pub const WEBHOOK_SIGNATURE_HEADER: &str = "x-cg-signature-v1";

/// Length in bytes of an HMAC-SHA256 and of a SHA-256 digest.
const DIGEST_LEN: usize = 32;
/// Length of a webhook signature as sent: canonical, padded standard Base64 of 32 bytes.
const SIGNATURE_BASE64_LEN: usize = 44;
/// Length of a 3-D Secure callback hash as sent: hex of 32 bytes.
const HASH_HEX_LEN: usize = 64;

/// Why a webhook or callback was not accepted.
///
/// No variant carries a key, an expected signature or an expected hash.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The webhook body is not the documented JSON (a field repeated in the body is refused
    /// here too).
    #[error("the webhook body is not a Craftgate transaction event: {0}")]
    Body(#[source] serde_json::Error),
    /// The webhook has no `x-cg-signature-v1` header, or it is empty.
    #[error("the webhook carries no `x-cg-signature-v1` signature")]
    MissingSignature,
    /// The 3-D Secure callback has no `hash` parameter, or it is empty.
    #[error("the 3-D Secure callback carries no `hash` parameter")]
    MissingHash,
    /// The webhook signature is not standard, padded Base64 (a character outside its
    /// alphabet, misplaced padding, or stray bits in the last character).
    #[error("the webhook signature is not Base64")]
    NotBase64,
    /// The callback hash has a character that is not a hex digit.
    #[error("the 3-D Secure callback hash is not hex")]
    NotHex,
    /// The signature or hash is well formed but too short or too long for a SHA-256 value
    /// (44 Base64 characters for a webhook, 64 hex digits for a callback): cut short or
    /// padded on the way.
    #[error(
        "the signature or hash has the wrong length (a webhook signature is 44 Base64 characters, a callback hash 64 hex digits)"
    )]
    WrongLength,
    /// The signature or hash matches none of the keys.
    ///
    /// By design of Craftgate's schemes (an HMAC for webhooks, a keyed SHA-256 for
    /// callbacks), a wrong or rotated-out key, a changed signed field and a forged
    /// signature cannot be told apart: all three are this one answer.
    #[error("the Craftgate signature does not match")]
    SignatureMismatch,
    /// No key was given to verify with, or only empty ones (which anyone could sign with):
    /// a configuration error, not the sender's.
    #[error("no key to verify the Craftgate signature with")]
    NoKeys,
    /// A callback parameter appears more than once. The hash covers one value, and another
    /// reader of the same form might pick the other one, so the callback is refused.
    #[error("the 3-D Secure callback carries the parameter {0:?} more than once")]
    RepeatedParam(String),
    /// A version-2 callback's `hashParams` leaves out a field that version 1 signs. The
    /// list itself is not signed, so the field could otherwise be changed at will.
    #[error("the 3-D Secure callback's `hashParams` leaves out `{0}`, so it would be unsigned")]
    HashParamsIncomplete(&'static str),
    /// A version-1 callback value contains `###`, or starts or ends with `#`: the hashed
    /// text could then be split into fields in more than one way, so which value was signed
    /// is not certain.
    #[error("the 3-D Secure callback's `{0}` makes the hashed fields ambiguous")]
    AmbiguousField(&'static str),
}

/// A transaction webhook: a JSON POST to the merchant's URL
/// (docs/providers/craftgate.md#transaction-webhook).
///
/// Only `eventType`, `eventTimestamp`, `status` and `payloadId` are signed.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct WebhookEvent {
    /// What happened. Signed.
    #[serde(rename = "eventType")]
    pub event_type: WebhookEventType,
    /// When, as a local Istanbul wall-clock time, possibly with microseconds. **Not
    /// signed**: untrusted even after verification.
    #[serde(rename = "eventTime", default)]
    pub event_time: Option<NaiveDateTime>,
    /// When, in epoch seconds. Signed.
    #[serde(rename = "eventTimestamp")]
    pub event_timestamp: i64,
    /// Whether the operation succeeded. Signed.
    pub status: WebhookStatus,
    /// The id of the object the event is about (e.g. a payment id), as text. Signed.
    #[serde(rename = "payloadId", deserialize_with = "text")]
    pub payload_id: String,
    /// The event's object, when sent. **Not signed**: untrusted even after verification;
    /// retrieve the object by `payload_id` instead.
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

/// Decodes a received webhook signature: present, standard padded Base64, 32 bytes.
fn decode_signature(signature: Option<&str>) -> Result<Vec<u8>, WebhookError> {
    let text = signature.map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return Err(WebhookError::MissingSignature);
    }
    if !text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
    {
        return Err(WebhookError::NotBase64);
    }
    if text.len() != SIGNATURE_BASE64_LEN {
        return Err(WebhookError::WrongLength);
    }
    let bytes = STANDARD.decode(text).map_err(|_| WebhookError::NotBase64)?;
    // 44 characters ending in `==` are the Base64 of 31 bytes: one byte cut off.
    if bytes.len() != DIGEST_LEN {
        return Err(WebhookError::WrongLength);
    }
    Ok(bytes)
}

/// Decodes a received callback hash: present, hex (either case), 32 bytes.
fn decode_hash(hash: Option<&str>) -> Result<[u8; DIGEST_LEN], WebhookError> {
    let text = hash.map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return Err(WebhookError::MissingHash);
    }
    if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(WebhookError::NotHex);
    }
    if text.len() != HASH_HEX_LEN {
        return Err(WebhookError::WrongLength);
    }
    let mut bytes = [0u8; DIGEST_LEN];
    for (byte, pair) in bytes.iter_mut().zip(text.as_bytes().chunks_exact(2)) {
        *byte = std::str::from_utf8(pair)
            .ok()
            .and_then(|pair| u8::from_str_radix(pair, 16).ok())
            .ok_or(WebhookError::NotHex)?;
    }
    Ok(bytes)
}

/// `Ok` when `matches` holds for one of `keys`; [`WebhookError::NoKeys`] when there is no
/// non-empty key. An empty key is skipped: anyone can sign with it.
fn any_key<'k>(
    keys: impl IntoIterator<Item = &'k Secret>,
    matches: impl FnMut(&Secret) -> bool,
) -> Result<(), WebhookError> {
    let mut keys = keys.into_iter().filter(|key| !key.is_empty()).peekable();
    if keys.peek().is_none() {
        return Err(WebhookError::NoKeys);
    }
    if keys.any(matches) {
        Ok(())
    } else {
        Err(WebhookError::SignatureMismatch)
    }
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

    /// Checks `signature` (the `x-cg-signature-v1` header) against this event under one
    /// key; see [`WebhookEvent::verify_with_keys`].
    pub fn verify(&self, webhook_key: &Secret, signature: &str) -> Result<(), WebhookError> {
        self.verify_with_keys(std::slice::from_ref(webhook_key), Some(signature))
    }

    /// Checks `signature` (the `x-cg-signature-v1` header, `None` when the request has
    /// none) against this event: valid when it is the signature under any of
    /// `webhook_keys` (e.g. `&[new_key, old_key]` while a key is rotated). The decoded
    /// bytes are compared in constant time.
    pub fn verify_with_keys<'k>(
        &self,
        webhook_keys: impl IntoIterator<Item = &'k Secret>,
        signature: Option<&str>,
    ) -> Result<(), WebhookError> {
        let received = decode_signature(signature)?;
        let message = self.signed_message();
        any_key(webhook_keys, |key| {
            webhook_mac(key.expose(), &message)
                .is_some_and(|mac| mac.verify_slice(&received).is_ok())
        })
    }
}

/// Parses a transaction webhook body and returns it only when `signature` (the
/// `x-cg-signature-v1` header) is Craftgate's signature of it under `webhook_key`; see
/// [`verify_webhook_with_keys`].
pub fn verify_webhook(
    webhook_key: &Secret,
    body: &[u8],
    signature: &str,
) -> Result<WebhookEvent, WebhookError> {
    verify_webhook_with_keys(std::slice::from_ref(webhook_key), body, Some(signature))
}

/// Parses a transaction webhook body and returns it only when `signature` (the
/// `x-cg-signature-v1` header, `None` when the request has none) is Craftgate's signature
/// of it under any of `webhook_keys` (e.g. `&[new_key, old_key]` while a key is rotated).
///
/// ```
/// use craftgate_client::Secret;
/// use craftgate_client::webhook::{WebhookError, verify_webhook_with_keys};
///
/// let body = br#"{"eventType":"API_AUTH","eventTimestamp":1641018632,"status":"SUCCESS","payloadId":"2150001"}"#;
/// let signature = "eNXKxfxUpVmp/wBrNUmOLjNXL0sYl0mh1s/rEB8K8NU=";
/// let keys = [Secret::new("new-webhook-key"), Secret::new("1Q2w3E4r5T6y7U8i9Op")];
/// let event = verify_webhook_with_keys(&keys, body, Some(signature))?;
/// assert_eq!(event.payload_id, "2150001");
/// assert!(matches!(
///     verify_webhook_with_keys(&keys[..1], body, Some(signature)),
///     Err(WebhookError::SignatureMismatch)
/// ));
/// # Ok::<(), WebhookError>(())
/// ```
pub fn verify_webhook_with_keys<'k>(
    webhook_keys: impl IntoIterator<Item = &'k Secret>,
    body: &[u8],
    signature: Option<&str>,
) -> Result<WebhookEvent, WebhookError> {
    let event = WebhookEvent::from_slice(body)?;
    event.verify_with_keys(webhook_keys, signature)?;
    Ok(event)
}

/// The form parameters of a 3-D Secure callback (a form POST to the payment's
/// `callbackUrl`), checked with the merchant callback key
/// (docs/providers/craftgate.md#3-d-secure-callback).
///
/// Only the hashed parameters are vouched for: version 1 hashes `status`,
/// `completeStatus`, `paymentId`, `conversationData`, `conversationId` and
/// `callbackStatus`; version 2 the parameters named in `hashParams`. Any other parameter
/// (`mdStatus` in version 1, `hashParams` itself, ...) is untrusted even after
/// verification.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ThreeDsCallback {
    params: BTreeMap<String, String>,
    /// The first parameter name given more than once.
    repeated: Option<String>,
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
    /// Collects the callback's form parameters (name, value). A name given twice keeps its
    /// last value, and verification then refuses the callback
    /// ([`WebhookError::RepeatedParam`]).
    pub fn from_params<I, K, V>(params: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let mut callback = Self::default();
        for (name, value) in params {
            let name = name.into();
            let earlier = callback.params.insert(name.clone(), value.into());
            if earlier.is_some() && callback.repeated.is_none() {
                callback.repeated = Some(name);
            }
        }
        callback
    }

    /// One parameter's value.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params.get(name).map(String::as_str)
    }

    fn digest_v1(&self, callback_key: &str) -> [u8; DIGEST_LEN] {
        let mut text = callback_key.to_string();
        for field in V1_FIELDS {
            text.push_str("###");
            text.push_str(self.get(field).unwrap_or(""));
        }
        Sha256::digest(text.as_bytes()).into()
    }

    fn digest_v2(&self, callback_key: &str, hash_params: &str) -> [u8; DIGEST_LEN] {
        let mut text = callback_key.to_string();
        for field in hash_params.split(':') {
            text.push_str(self.get(field).unwrap_or(""));
        }
        Sha256::digest(text.as_bytes()).into()
    }

    /// Version 1: lowercase hex SHA-256 of
    /// `key###status###completeStatus###paymentId###conversationData###conversationId###callbackStatus`,
    /// a missing value as `""` (JAVA `PaymentAdapter.is3DSecureCallbackVerified`, NODE).
    pub fn hash_v1(&self, callback_key: &str) -> String {
        hex(&self.digest_v1(callback_key))
    }

    /// Version 2: lowercase hex SHA-256 of the key followed by the values of the fields
    /// named in `hash_params` (colon-separated), in that order, missing or empty values
    /// skipped.
    pub fn hash_v2(&self, callback_key: &str, hash_params: &str) -> String {
        hex(&self.digest_v2(callback_key, hash_params))
    }

    /// The non-empty `hashParams`, which selects version 2.
    fn hash_params(&self) -> Option<&str> {
        self.get("hashParams").filter(|p| !p.is_empty())
    }

    /// The hash Craftgate should have sent: version 2 when the callback names its fields in
    /// `hashParams`, else version 1.
    pub fn expected_hash(&self, callback_key: &str) -> String {
        match self.hash_params() {
            Some(hash_params) => self.hash_v2(callback_key, hash_params),
            None => self.hash_v1(callback_key),
        }
    }

    /// Checks the callback's `hash` parameter under one key; see
    /// [`ThreeDsCallback::verify_with_keys`].
    pub fn verify(&self, callback_key: &Secret) -> Result<(), WebhookError> {
        self.verify_with_keys(std::slice::from_ref(callback_key))
    }

    /// Checks the callback's `hash` parameter: valid when it is the hash under any of
    /// `callback_keys` (e.g. `&[new_key, old_key]` while a key is rotated). The hex is
    /// decoded (either case, surrounding whitespace ignored) and the 32 bytes compared in
    /// constant time.
    ///
    /// Refused before any hashing: a repeated parameter, a version-2 `hashParams` that
    /// leaves out a field version 1 signs, a version-1 value that makes the `###`-joined
    /// text ambiguous. Version 2 joins the values without separators, so Craftgate's hash
    /// cannot show where one value ends and the next begins (a `paymentId` of `1` followed
    /// by a `conversationId` of `45...` hashes like `14` followed by `5...`): check
    /// `paymentId` and `conversationId` against your own records, and complete or retrieve
    /// the payment before trusting its outcome.
    pub fn verify_with_keys<'k>(
        &self,
        callback_keys: impl IntoIterator<Item = &'k Secret>,
    ) -> Result<(), WebhookError> {
        if let Some(name) = &self.repeated {
            return Err(WebhookError::RepeatedParam(name.clone()));
        }
        let received = decode_hash(self.get("hash"))?;
        let hash_params = self.hash_params();
        match hash_params {
            Some(hash_params) => {
                if let Some(field) = V1_FIELDS
                    .into_iter()
                    .find(|field| !hash_params.split(':').any(|named| named == *field))
                {
                    return Err(WebhookError::HashParamsIncomplete(field));
                }
            }
            None => {
                if let Some(field) = V1_FIELDS
                    .into_iter()
                    .find(|field| ambiguous(self.get(field).unwrap_or("")))
                {
                    return Err(WebhookError::AmbiguousField(field));
                }
            }
        }
        any_key(callback_keys, |key| {
            let expected = match hash_params {
                Some(hash_params) => self.digest_v2(key.expose(), hash_params),
                None => self.digest_v1(key.expose()),
            };
            expected.as_slice().ct_eq(received.as_slice()).into()
        })
    }
}

/// Whether a value joined with `###` could be split off differently: it contains the
/// separator, or a `#` at either end would merge with one.
fn ambiguous(value: &str) -> bool {
    value.contains("###") || value.starts_with('#') || value.ends_with('#')
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_hashes_decode_in_either_case() {
        let lower = "fffe880629292588380ae03732e2e69d223f07a099c908ec8664e3b033c7523a";
        let bytes = decode_hash(Some(lower)).unwrap();
        assert_eq!(hex(&bytes), lower);
        assert_eq!(
            decode_hash(Some(&lower.to_uppercase())).unwrap(),
            bytes,
            "upper case"
        );
        assert_eq!(decode_hash(Some(&format!(" {lower}\n"))).unwrap(), bytes);
    }

    #[test]
    fn ambiguity_is_a_separator_inside_or_a_hash_mark_at_an_end() {
        assert!(ambiguous("a###b"));
        assert!(ambiguous("#a"));
        assert!(ambiguous("a#"));
        assert!(!ambiguous("a#b"));
        assert!(!ambiguous("a##b"));
        assert!(!ambiguous(""));
    }
}
