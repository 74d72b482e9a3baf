//! Reading open-enum values from JSON: the helpers the [`open_enum!`](crate::open_enum)
//! expansions call.

use std::borrow::Cow;
use std::fmt;

use serde::de::value::SeqAccessDeserializer;
use serde::de::{MapAccess, SeqAccess, Visitor};

/// Reads an integer code, or keeps the raw text of anything else (a string, a fraction).
///
/// serde_json lends the value's JSON text when asked for a raw value, so a code read from
/// a response body costs no allocation; any other deserializer answers with the value
/// itself (through `visit_newtype_struct`).
#[doc(hidden)]
pub fn int_or_raw<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Result<i64, String>, D::Error> {
    d.deserialize_newtype_struct(RAW_VALUE_TOKEN, IntOrRaw)
}

/// Reads a string, borrowed from the input where the deserializer can lend it, and hands
/// it to `f` (a `str` open enum's lookup: no allocation for a known value).
#[doc(hidden)]
pub fn with_str<'de, D: serde::Deserializer<'de>, T>(
    d: D,
    f: impl FnOnce(&str) -> T,
) -> Result<T, D::Error> {
    use serde::Deserialize;
    Text::deserialize(d).map(|text| f(&text.0))
}

/// How serde_json (with `arbitrary_precision`, which keeps money exact) hands a number to
/// `deserialize_any`: as a map of this one key to the number's text. `Value` reads numbers
/// the same way; the open-enum tests fail if it ever changes.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// The name under which serde_json (with `raw_value`) hands over a value's JSON text: a
/// map of this one key to the text, borrowed from the input where it can be. The
/// open-enum tests fail if it ever changes.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// The visitor of [`int_or_raw`]: a number or a string is read where it stands (no
/// `Value` tree, no copy of a borrowed text); anything else keeps its JSON text.
struct IntOrRaw;

impl IntOrRaw {
    fn text(text: &str) -> Result<i64, String> {
        text.parse::<i64>().map_err(|_| text.to_string())
    }

    fn json(value: serde_json::Value) -> Result<i64, String> {
        Err(value.to_string())
    }

    /// A value given as its JSON text: a string is read as text, an array or object keeps
    /// its compact JSON, anything else (a number, `true`, `null`) its text.
    fn raw(raw: &str) -> Result<i64, String> {
        match raw.as_bytes().first() {
            Some(b'"') => match serde_json::from_str::<Text<'_>>(raw) {
                Ok(text) => Self::text(&text.0),
                Err(_) => Err(raw.to_string()),
            },
            Some(b'[' | b'{') => match serde_json::from_str::<serde_json::Value>(raw) {
                Ok(value) => Self::json(value),
                Err(_) => Err(raw.to_string()),
            },
            _ => Self::text(raw),
        }
    }
}

impl<'de> Visitor<'de> for IntOrRaw {
    type Value = Result<i64, String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer code or any JSON value")
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Self::json(v.into()))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Ok(v))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(i64::try_from(v).map_err(|_| v.to_string()))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Self::json(v.into()))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Self::text(v))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(Self::json(serde_json::Value::Null))
    }

    fn visit_newtype_struct<D: serde::Deserializer<'de>>(
        self,
        d: D,
    ) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        use serde::Deserialize;
        let value = serde_json::Value::deserialize(SeqAccessDeserializer::new(seq))?;
        Ok(Self::json(value))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let Some(key) = map.next_key::<Text<'de>>()? else {
            return Ok(Self::json(
                serde_json::Value::Object(serde_json::Map::new()),
            ));
        };
        if key.0 == RAW_VALUE_TOKEN {
            let raw: Text<'de> = map.next_value()?;
            return Ok(Self::raw(&raw.0));
        }
        if key.0 == NUMBER_TOKEN {
            let number: Text<'de> = map.next_value()?;
            return Ok(Self::text(&number.0));
        }
        // A JSON object: kept as its text.
        let mut object = serde_json::Map::new();
        object.insert(key.0.into_owned(), map.next_value()?);
        while let Some((key, value)) = map.next_entry::<String, serde_json::Value>()? {
            object.insert(key, value);
        }
        Ok(Self::json(serde_json::Value::Object(object)))
    }
}

/// Whether `text` is `code` written in decimal (an optional `-`, digits, no leading `+` or
/// zeros): checked at compile time for every code of an `int` open enum, whose text is
/// the code's literal.
#[doc(hidden)]
pub const fn is_decimal_text(text: &str, code: i64) -> bool {
    let (negative, mut digits) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        all => (false, all),
    };
    if let [] | [b'0', _, ..] = digits {
        return false;
    }
    let mut value: i128 = 0;
    while let [digit, rest @ ..] = digits {
        if !digit.is_ascii_digit() || value > i64::MAX as i128 + 1 {
            return false;
        }
        value = value * 10 + (*digit - b'0') as i128;
        digits = rest;
    }
    (if negative { -value } else { value }) == code as i128
}

/// A string, borrowed from the input when the deserializer can lend it.
struct Text<'de>(Cow<'de, str>);

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

/// Reads a vocabulary value: a name (`Ok`), or `{"unknown": raw}` (`Err(raw)`).
#[doc(hidden)]
pub fn name_or_unknown<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Result<String, String>, D::Error> {
    use serde::Deserialize;
    use serde::de::Error as _;
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(name) => Ok(Ok(name)),
        serde_json::Value::Object(map) if map.len() == 1 => match map.get("unknown") {
            Some(serde_json::Value::String(raw)) => Ok(Err(raw.clone())),
            _ => Err(D::Error::custom("expected {\"unknown\": \"<raw value>\"}")),
        },
        other => Err(D::Error::custom(format!(
            "expected a name or {{\"unknown\": ..}}, got {other}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::{int_or_raw, is_decimal_text};

    #[test]
    fn decimal_texts_match_only_their_code() {
        for (text, code) in [
            ("0", 0),
            ("4", 4),
            ("-1", -1),
            ("9223372036854775807", i64::MAX),
        ] {
            assert!(is_decimal_text(text, code), "{text}");
        }
        assert!(is_decimal_text("-9223372036854775808", i64::MIN));
        for (text, code) in [
            ("", 0),
            ("-", 0),
            ("04", 4),
            ("0x4", 4),
            ("4_0", 40),
            ("+4", 4),
            ("5", 4),
            ("-4", 4),
            ("4i64", 4),
            ("99999999999999999999", -1),
        ] {
            assert!(!is_decimal_text(text, code), "{text}");
        }
    }

    /// A code inside an untagged enum: serde buffers it and answers the raw-value request
    /// with `visit_newtype_struct`.
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Buffered {
        Code(#[serde(deserialize_with = "int_or_raw")] Result<i64, String>),
    }

    /// The code read from a string, from a byte slice, from a reader, from a `Value` and
    /// through serde's buffering; all must agree.
    fn read(json: &str) -> Result<i64, String> {
        let mut d = serde_json::Deserializer::from_str(json);
        let from_str = int_or_raw(&mut d).unwrap();
        let mut d = serde_json::Deserializer::from_slice(json.as_bytes());
        assert_eq!(int_or_raw(&mut d).unwrap(), from_str, "{json} from a slice");
        let mut d = serde_json::Deserializer::from_reader(json.as_bytes());
        assert_eq!(
            int_or_raw(&mut d).unwrap(),
            from_str,
            "{json} from a reader"
        );
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(int_or_raw(value).unwrap(), from_str, "{json} through Value");
        let Buffered::Code(buffered) = serde_json::from_str(json).unwrap();
        assert_eq!(buffered, from_str, "{json} buffered");
        from_str
    }

    #[test]
    fn integers_are_read_and_everything_else_keeps_its_json_text() {
        for (json, want) in [
            ("7", Ok(7)),
            ("-3", Ok(-3)),
            ("\"42\"", Ok(42)),
            (" 7 ", Ok(7)),
            ("\"4\\u0032\"", Ok(42)),
            ("\"pa\\\"id\"", Err("pa\"id".to_string())),
            ("-0", Ok(0)),
            ("9223372036854775807", Ok(i64::MAX)),
            (
                "9223372036854775808",
                Err("9223372036854775808".to_string()),
            ),
            ("1.50", Err("1.50".to_string())),
            ("\"paid\"", Err("paid".to_string())),
            ("true", Err("true".to_string())),
            ("null", Err("null".to_string())),
            ("[1, 2]", Err("[1,2]".to_string())),
            (" [ 1.10 ,\n2 ] ", Err("[1.10,2]".to_string())),
            ("{}", Err("{}".to_string())),
            (
                "{\"a\": 1.0, \"b\": [true]}",
                Err("{\"a\":1.0,\"b\":[true]}".to_string()),
            ),
        ] {
            assert_eq!(read(json), want, "{json}");
        }
    }
}
