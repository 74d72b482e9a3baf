//! The shapes of Paywall's replies that the spec cannot express: the envelope's status
//! fields ([`Outcome`]) and a reply that may or may not come inside the envelope
//! ([`MaybeEnveloped`]; docs/providers/paywall.md#bulk-query).

use std::collections::BTreeMap;

use serde::de::value::MapDeserializer;
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

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
    pub(crate) fn with_body_result(mut self, body_result: Option<bool>) -> Self {
        if body_result == Some(false) {
            self.result = Some(false);
        }
        self
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
impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for MaybeEnveloped<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        // Each top-level member is kept as its JSON text (never untagged/flatten, never a
        // `Value` tree: the bodies hold decimal numbers and a page holds 1,000 payments);
        // the status fields and the documented object are then read from those texts. A
        // repeated key keeps its last value.
        let members = BTreeMap::<String, Box<RawValue>>::deserialize(d)?;
        let outcome: Outcome =
            read(&members, |key| OUTCOME_FIELDS.contains(&key)).map_err(D::Error::custom)?;
        let (enveloped, body) = match members.get("Body") {
            Some(body) if body.get() == "null" => (true, None),
            Some(body) => (
                true,
                Some(T::deserialize(&**body).map_err(D::Error::custom)?),
            ),
            None => (
                false,
                Some(read(&members, |_| true).map_err(D::Error::custom)?),
            ),
        };
        Ok(Self {
            outcome,
            enveloped,
            body,
        })
    }
}

/// The envelope's status fields ([`Outcome`]).
const OUTCOME_FIELDS: [&str; 5] = [
    "ErrorCode",
    "Result",
    "Message",
    "ErrorCodeType",
    "ErrorMessage",
];

/// Reads a `T` from the members whose key `keep` accepts, as from an object of them.
fn read<'a, T: Deserialize<'a>>(
    members: &'a BTreeMap<String, Box<RawValue>>,
    keep: impl Fn(&str) -> bool,
) -> Result<T, serde_json::Error> {
    let kept = members
        .iter()
        .filter(|(key, _)| keep(key))
        .map(|(key, value)| (key.as_str(), &**value));
    T::deserialize(MapDeserializer::<_, serde_json::Error>::new(kept))
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    #[test]
    fn outcomes_fail_on_result_false_or_a_nonzero_code() {
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
        assert!(ok.with_body_result(Some(false)).is_failure());
    }

    #[test]
    fn members_are_read_once_with_escaped_keys_and_the_last_of_a_repeated_key() {
        type Reply = MaybeEnveloped<Value>;
        let r: Reply =
            serde_json::from_str(r#"{"Result": true, "Result": false, "a\"b\\c": 1.10}"#).unwrap();
        assert!(r.outcome.is_failure() && !r.enveloped);
        let body = r.body.unwrap();
        assert_eq!(body["a\"b\\c"].to_string(), "1.10");
        assert_eq!(body["Result"], Value::Bool(false));
        let r: Reply =
            serde_json::from_str(r#"{"Body": 1, "Body": null, "ErrorCode": 0}"#).unwrap();
        assert!(r.enveloped && r.body.is_none() && !r.outcome.is_failure());
        assert!(serde_json::from_str::<Reply>(r#"{"Result": "yes", "Body": {}}"#).is_err());
    }

    #[test]
    fn non_objects_are_rejected() {
        assert!(serde_json::from_str::<MaybeEnveloped<Value>>("[]").is_err());
    }
}
