//! [`RawJson`]: a JSON value kept as its text, and [`Text`]: a JSON string; both borrowed
//! from the input where they can be.

use std::borrow::Cow;
use std::fmt;

use serde::de::value::SeqAccessDeserializer;
use serde::de::{MapAccess, SeqAccess, Visitor};

/// The name under which serde_json (with `raw_value`) hands over a value's JSON text: a
/// map of this one key to the text, borrowed from the input where it can be. The tests
/// below fail if it ever changes.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// A JSON value as its text, read without building it: borrowed from the input when
/// serde_json reads a string or a byte slice (no allocation, no copy), owned otherwise.
///
/// From serde_json the text is the value exactly as it stands in the input (no
/// surrounding whitespace); from any other deserializer it is the value read and written
/// again as compact JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawJson<'de>(Cow<'de, str>);

impl<'de> RawJson<'de> {
    /// The text, borrowed from the input or owned.
    pub fn into_text(self) -> Cow<'de, str> {
        self.0
    }

    /// The value's JSON text.
    pub fn get(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for RawJson<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_newtype_struct(RAW_VALUE_TOKEN, RawVisitor)
    }
}

/// Reads serde_json's raw value (a one-entry map), or any other deserializer's value (as
/// a `Value`, written again).
struct RawVisitor;

impl RawVisitor {
    fn value<'de>(value: serde_json::Value) -> RawJson<'de> {
        RawJson(Cow::Owned(value.to_string()))
    }
}

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawJson<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Self::value(v.into()))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Self::value(v.into()))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Self::value(v.into()))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Self::value(v.into()))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Self::value(v.into()))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(Self::value(serde_json::Value::Null))
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(Self::value(serde_json::Value::Null))
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.visit_newtype_struct(d)
    }

    fn visit_newtype_struct<D: serde::Deserializer<'de>>(
        self,
        d: D,
    ) -> Result<Self::Value, D::Error> {
        use serde::Deserialize;
        serde_json::Value::deserialize(d).map(Self::value)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        use serde::Deserialize;
        serde_json::Value::deserialize(SeqAccessDeserializer::new(seq)).map(Self::value)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let Some(key) = map.next_key::<Text<'de>>()? else {
            return Ok(Self::value(serde_json::Map::new().into()));
        };
        if key.0 == RAW_VALUE_TOKEN {
            return Ok(RawJson(map.next_value::<Text<'de>>()?.into_text()));
        }
        // An object handed over member by member.
        let mut object = serde_json::Map::new();
        object.insert(key.0.into_owned(), map.next_value()?);
        while let Some((key, value)) = map.next_entry::<String, serde_json::Value>()? {
            object.insert(key, value);
        }
        Ok(Self::value(object.into()))
    }
}

/// A JSON string (e.g. a member name), borrowed from the input when the deserializer can
/// lend it (one without escapes, read by serde_json from a string or a byte slice), owned
/// otherwise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text<'de>(Cow<'de, str>);

impl<'de> Text<'de> {
    /// The string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The string, borrowed from the input or owned.
    pub fn into_text(self) -> Cow<'de, str> {
        self.0
    }
}

impl<'de> serde::Deserialize<'de> for Text<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_str(TextVisitor)
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::RawJson;

    fn borrowed(raw: &RawJson<'_>) -> bool {
        matches!(raw.clone().into_text(), Cow::Borrowed(_))
    }

    #[test]
    fn values_keep_their_text_borrowed_from_str_and_slice() {
        for json in [
            "7",
            "1.50",
            "\"a\\\"b\"",
            "null",
            "[1, 2.10]",
            "{\"a\": {\"b\": [true]}}",
        ] {
            let padded = format!(" {json}\n");
            let raw: RawJson<'_> = serde_json::from_str(&padded).unwrap();
            assert_eq!(raw.get(), json);
            assert!(borrowed(&raw), "{json}");
            let raw: RawJson<'_> = serde_json::from_slice(padded.as_bytes()).unwrap();
            assert_eq!(raw.get(), json);
            assert!(borrowed(&raw), "{json} from a slice");
            let mut reader = serde_json::Deserializer::from_reader(padded.as_bytes());
            let raw = <RawJson<'_> as serde::Deserialize>::deserialize(&mut reader).unwrap();
            assert_eq!(raw.get(), json, "from a reader");
            assert!(!borrowed(&raw));
        }
    }

    #[test]
    fn other_deserializers_give_compact_json() {
        let value: serde_json::Value = serde_json::from_str("{\"a\": [1.10, \"x\"]}").unwrap();
        let raw = <RawJson<'_> as serde::Deserialize>::deserialize(value).unwrap();
        assert_eq!(raw.get(), "{\"a\":[1.10,\"x\"]}");
        // Through serde's buffering (an untagged enum): the value, written again.
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Buffered<'a> {
            Raw(#[serde(borrow)] RawJson<'a>),
        }
        let Buffered::Raw(raw) = serde_json::from_str("[1, 2.50]").unwrap();
        assert_eq!(raw.get(), "[1,2.50]");
        // Deserializers that hand every value to `deserialize_any` (serde's own).
        use serde::de::IntoDeserializer as _;
        type E = serde::de::value::Error;
        fn read<'de, D: serde::Deserializer<'de, Error = E>>(d: D) -> Result<String, E> {
            <RawJson<'_> as serde::Deserialize>::deserialize(d).map(|r| r.get().to_string())
        }
        assert_eq!(read(7i64.into_deserializer()), Ok("7".into()));
        assert_eq!(read("a\"b".into_deserializer()), Ok("\"a\\\"b\"".into()));
        let map = serde::de::value::MapDeserializer::<_, E>::new([("k", 1u64)].into_iter());
        assert_eq!(read(map), Ok("{\"k\":1}".into()));
        let seq = serde::de::value::SeqDeserializer::<_, E>::new([true, false].into_iter());
        assert_eq!(read(seq), Ok("[true,false]".into()));
    }
}
