//! The shapes of Paywall's replies that the spec cannot express: the envelope's status
//! fields ([`Outcome`]) and a reply that may or may not come inside the envelope
//! ([`MaybeEnveloped`]; docs/providers/paywall.md#bulk-query).

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use payments_wire::{RawJson, Text};
use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
use serde::de::{DeserializeSeed, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::presized::PresizedSeed;

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
        d.deserialize_map(TopLevel(PhantomData))
    }
}

/// Reads the top-level object in one pass (never untagged/flatten, never a `Value` tree:
/// the bodies hold decimal numbers and a page holds 1,000 payments). Every member but
/// `Body` goes straight to the documented object as it is read; the status fields are
/// also kept as their text for [`Outcome`], and `Body` as its text. With a `Body`, the
/// answer is the envelope and the documented object is read from `Body` instead. A key
/// repeated at the top level fails the bare page as any derived type does (`duplicate
/// field`); a repeated status field or `Body` keeps its last value.
struct TopLevel<T>(PhantomData<T>);

impl<'de, T: serde::de::DeserializeOwned> Visitor<'de> for TopLevel<T> {
    type Value = MaybeEnveloped<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        use serde::de::Error as _;
        let mut members = Members {
            map,
            texts: OutcomeTexts::default(),
            body: None,
            pending: None,
            most: None,
            presize: None,
        };
        let bare = T::deserialize(&mut members)?;
        let outcome = members.texts.outcome().map_err(A::Error::custom)?;
        let (enveloped, body) = match members.body {
            Some(body) if body.get() == "null" => (true, None),
            Some(body) => (
                true,
                // As a slice, as the answer itself is read: one reading of `T` to compile
                // (and inline) whichever way the answer comes.
                Some(serde_json::from_slice(body.get().as_bytes()).map_err(A::Error::custom)?),
            ),
            None => (false, Some(bare)),
        };
        Ok(MaybeEnveloped {
            outcome,
            enveloped,
            body,
        })
    }
}

/// The status fields' texts, as found at the top level (a repeated key: its last value).
#[derive(Default)]
struct OutcomeTexts<'de> {
    error_code: Option<RawJson<'de>>,
    result: Option<RawJson<'de>>,
    message: Option<RawJson<'de>>,
    error_code_type: Option<RawJson<'de>>,
    error_message: Option<RawJson<'de>>,
}

impl<'de> OutcomeTexts<'de> {
    /// Where the status field `key` is kept, if it is one.
    fn slot(&mut self, key: &str) -> Option<&mut Option<RawJson<'de>>> {
        match key {
            "ErrorCode" => Some(&mut self.error_code),
            "Result" => Some(&mut self.result),
            "Message" => Some(&mut self.message),
            "ErrorCodeType" => Some(&mut self.error_code_type),
            "ErrorMessage" => Some(&mut self.error_message),
            _ => None,
        }
    }

    /// The status fields read from their texts; an error names the field.
    fn outcome(&self) -> Result<Outcome, String> {
        fn field<T: serde::de::DeserializeOwned>(
            name: &str,
            text: &Option<RawJson<'_>>,
        ) -> Result<Option<T>, String> {
            match text {
                None => Ok(None),
                Some(text) => serde_json::from_str::<Option<T>>(text.get())
                    .map_err(|e| format!("`{name}`: {e}")),
            }
        }
        Ok(Outcome {
            error_code: field("ErrorCode", &self.error_code)?,
            result: field("Result", &self.result)?,
            message: field("Message", &self.message)?,
            error_code_type: field("ErrorCodeType", &self.error_code_type)?,
            error_message: field("ErrorMessage", &self.error_message)?,
        })
    }
}

/// The top-level members as the documented object reads them: `Body` set aside, a status
/// field kept and then handed on from its text, everything else handed on as it is read.
///
/// A bulk page's `Payments` array is read presized to the most payments the page can hold,
/// the smaller of `PageSize` and `TotalPaymentCount` where they came before it (as Paywall
/// documents them and the sandbox sends them): 1,000 payments are then read into one
/// allocation instead of one grown and copied ten times. Only the allocation depends on
/// them; the payments read are the array's.
struct Members<'de, A> {
    map: A,
    texts: OutcomeTexts<'de>,
    body: Option<RawJson<'de>>,
    /// The text of the member (a status field or a count) whose key was just handed on.
    pending: Option<RawJson<'de>>,
    /// The most payments the page holds, from the counts read so far.
    most: Option<usize>,
    /// The length to presize the value of the key just handed on to (`Payments`).
    presize: Option<usize>,
}

/// The members whose whole-number values bound a page's payments.
const PAGE_BOUNDS: [&str; 2] = ["PageSize", "TotalPaymentCount"];

impl<'de, A: MapAccess<'de>> MapAccess<'de> for &mut Members<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        loop {
            let Some(key) = self.map.next_key::<Text<'de>>()?.map(Text::into_text) else {
                return Ok(None);
            };
            if key == "Body" {
                self.body = Some(self.map.next_value()?);
                continue;
            }
            if let Some(slot) = self.texts.slot(&key) {
                let text: RawJson<'de> = self.map.next_value()?;
                *slot = Some(text.clone());
                self.pending = Some(text);
            } else if PAGE_BOUNDS.contains(&&*key) {
                let text: RawJson<'de> = self.map.next_value()?;
                if let Ok(bound) = text.get().parse::<usize>() {
                    self.most = Some(self.most.map_or(bound, |most| most.min(bound)));
                }
                self.pending = Some(text);
            }
            self.presize = if key == "Payments" { self.most } else { None };
            return match key {
                Cow::Borrowed(key) => seed.deserialize(BorrowedStrDeserializer::new(key)),
                Cow::Owned(key) => seed.deserialize(StringDeserializer::new(key)),
            }
            .map(Some);
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        use serde::de::Error as _;
        match self.pending.take().map(RawJson::into_text) {
            Some(Cow::Borrowed(text)) => seed
                .deserialize(&mut serde_json::Deserializer::from_slice(text.as_bytes()))
                .map_err(A::Error::custom),
            // Not lent by the input (a reader): handed on as a value.
            Some(Cow::Owned(text)) => serde_json::from_str::<serde_json::Value>(&text)
                .and_then(|value| seed.deserialize(value))
                .map_err(A::Error::custom),
            None => match self.presize.take() {
                Some(len) => self.map.next_value_seed(PresizedSeed { seed, len }),
                None => self.map.next_value_seed(seed),
            },
        }
    }
}

impl<'de, A: MapAccess<'de>> Deserializer<'de> for &mut Members<'de, A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_map(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
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
        let e = serde_json::from_str::<Reply>(r#"{"Result": "yes", "Body": {}}"#).unwrap_err();
        assert!(e.to_string().contains("`Result`"), "{e}");
    }

    /// A bulk page the way the generated type reads it, in both forms, from a string, a
    /// byte slice, a reader (nothing lent) and a `Value` (another deserializer).
    fn forms(json: &str) -> Vec<MaybeEnveloped<crate::types::BulkPaymentQuery>> {
        let value: Value = serde_json::from_str(json).unwrap();
        vec![
            serde_json::from_str(json).unwrap(),
            serde_json::from_slice(json.as_bytes()).unwrap(),
            serde_json::from_reader(json.as_bytes()).unwrap(),
            serde_json::from_value(value).unwrap(),
        ]
    }

    #[test]
    fn both_forms_read_the_same_page_whatever_the_order_and_the_source() {
        let page = r#"{"PageNumber": 2, "Result": true, "TotalPaymentAmount": 10.10,
            "Payments": [{"PaymentId": 7, "Amount": 1.10, "Status": 4, "Scope": "9"}]}"#;
        let bare = forms(page);
        let first = &bare[0];
        assert!(!first.enveloped && !first.outcome.is_failure());
        assert_eq!(first.outcome.result, Some(true));
        let body = first.body.as_ref().unwrap();
        assert_eq!(
            body.result,
            Some(true),
            "the bare form's own Result reaches the page"
        );
        assert_eq!(body.page_number, Some(2));
        assert_eq!(body.total_payment_amount.unwrap().to_string(), "10.10");
        let payment = &body.payments[0];
        assert_eq!(payment.amount.unwrap().to_string(), "1.10");
        assert_eq!(payment.status, Some(crate::wire::PaymentStatus::Successful));
        assert_eq!(
            payment.scope,
            Some(crate::wire::PaymentScope::Unknown("9".into()))
        );
        for (i, other) in bare.iter().enumerate() {
            assert_eq!(other, first, "source {i}");
        }
        for enveloped in [
            format!(r#"{{"ErrorCode": 0, "Result": true, "Message": "", "Body": {page}}}"#),
            format!(r#"{{"Body": {page}, "Message": "", "Result": true, "ErrorCode": 0}}"#),
        ] {
            for (i, reply) in forms(&enveloped).into_iter().enumerate() {
                assert!(reply.enveloped, "source {i}");
                assert_eq!(reply.outcome.error_code, Some(0));
                assert_eq!(reply.body, first.body, "source {i}: {enveloped}");
            }
        }
    }

    #[test]
    fn payments_are_presized_to_the_counts_read_before_them_and_read_whole() {
        let page = |head: &str, tail: &str| {
            let json =
                format!(r#"{{{head}"Payments": [{{"PaymentId": 1}}, {{"PaymentId": 2}}]{tail}}}"#);
            forms(&json)
                .into_iter()
                .map(|reply| {
                    let body = reply.body.unwrap();
                    let ids: Vec<_> = body.payments.iter().map(|p| p.payment_id).collect();
                    assert_eq!(ids, [Some(1), Some(2)], "{json}");
                    (body.payments.capacity(), body)
                })
                .collect::<Vec<_>>()
        };
        for (capacity, body) in page(r#""PageSize": 500, "TotalPaymentCount": 40, "#, "") {
            assert_eq!(capacity, 40, "the smaller count");
            assert_eq!(
                (body.page_size, body.total_payment_count),
                (Some(500), Some(40))
            );
        }
        for (capacity, _) in page(r#""TotalPaymentCount": 700, "PageSize": 300, "#, "") {
            assert_eq!(capacity, 300);
        }
        // A count below the array's length only sizes the first allocation.
        for (capacity, _) in page(r#""PageSize": 1, "#, "") {
            assert!(capacity >= 2);
        }
        // Counts after the array, or below zero, size nothing and still reach the page.
        for head_tail in [("", r#", "PageSize": 900"#), (r#""PageSize": -5, "#, "")] {
            let json = format!(
                r#"{{{}"Payments": [], "x": 1{}}}"#,
                head_tail.0, head_tail.1
            );
            let first: MaybeEnveloped<crate::types::BulkPaymentQuery> =
                serde_json::from_str(&json).unwrap();
            assert_eq!(first.body.unwrap().payments.capacity(), 0, "{json}");
        }
        for (capacity, body) in page("", r#", "PageSize": 900"#) {
            assert!(capacity < 900);
            assert_eq!(body.page_size, Some(900));
        }
    }

    #[test]
    fn an_enveloped_failure_keeps_its_status_fields_and_a_bad_body_fails() {
        let r = &forms(r#"{"Body": null, "ErrorCode": 12, "Result": false, "Message": "x"}"#)[0];
        assert!(r.enveloped && r.body.is_none() && r.outcome.is_failure());
        assert_eq!(r.outcome.message.as_deref(), Some("x"));
        type Page = MaybeEnveloped<crate::types::BulkPaymentQuery>;
        assert!(serde_json::from_str::<Page>(r#"{"Body": {"Payments": 5}}"#).is_err());
        assert!(serde_json::from_str::<Page>(r#"{"Payments": 5}"#).is_err());
        let e = serde_json::from_str::<Page>(r#"{"PageNumber": 1, "PageNumber": 2}"#).unwrap_err();
        assert!(
            e.to_string().contains("duplicate field `PageNumber`"),
            "{e}"
        );
    }

    #[test]
    fn non_objects_are_rejected() {
        assert!(serde_json::from_str::<MaybeEnveloped<Value>>("[]").is_err());
    }
}
