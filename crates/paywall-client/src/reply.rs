//! The shapes of Paywall's replies that the spec cannot express: the envelope's status
//! fields ([`Outcome`]) and a reply that may or may not come inside the envelope
//! ([`MaybeEnveloped`]; docs/providers/paywall.md#bulk-query).

use serde::{Deserialize, Deserializer};
use serde_json::Value;

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
#[cfg(test)]
mod tests {
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
    fn non_objects_are_rejected() {
        assert!(serde_json::from_str::<MaybeEnveloped<Value>>("[]").is_err());
    }
}
