//! Reading open-enum values from JSON: the helpers the [`open_enum!`](crate::open_enum)
//! expansions call.

use std::fmt;

use serde::Deserialize;
use serde::de::Visitor;

use crate::json_read;
use crate::raw_json::{RawJson, Text};

/// Reads an integer code and hands it to `known`, or keeps the raw text of anything else
/// (a string, a fraction) and hands it to `unknown`: how an `int` open enum reads itself,
/// inlined into the reading of its field (it runs for every code of a page).
///
/// The value is read as its JSON text, which serde_json lends from a response body: a code
/// costs no allocation (asked for any value, serde_json with `arbitrary_precision` would
/// allocate a `String` for every number). Inside [`from_json_slice`](crate::from_json_slice)'s
/// first pass the value is asked for as an integer instead, and one that is not an
/// integer has the input read again.
#[doc(hidden)]
#[inline]
pub fn int_code<'de, D: serde::Deserializer<'de>, T>(
    d: D,
    known: impl FnOnce(i64) -> T,
    unknown: impl FnOnce(String) -> T,
) -> Result<T, D::Error> {
    if json_read::integers_first() {
        return match d.deserialize_i64(Integer) {
            Ok(code) => Ok(known(code)),
            Err(e) => {
                json_read::missed_integer();
                Err(e)
            }
        };
    }
    raw_code(d).map(|code| code.map_or_else(unknown, known))
}

/// The default reading of an integer code: its JSON text, interpreted (kept out of line:
/// only a read that is not a first pass comes here).
#[inline(never)]
fn raw_code<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Result<i64, String>, D::Error> {
    RawJson::deserialize(d).map(|raw| code_of(raw.get()))
}

/// Takes an integer in the range of `i64`, and nothing else.
struct Integer;

impl Visitor<'_> for Integer {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer code")
    }

    #[inline]
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
    }
}

/// Reads a string, borrowed from the input where the deserializer can lend it, and hands
/// it to `f` (a `str` open enum's lookup: no allocation for a known value).
#[doc(hidden)]
pub fn with_str<'de, D: serde::Deserializer<'de>, T>(
    d: D,
    f: impl FnOnce(&str) -> T,
) -> Result<T, D::Error> {
    Text::deserialize(d).map(|text| f(text.as_str()))
}

/// A value's JSON text as an integer code: a number, or a string holding one. Anything
/// else keeps its text: a string its content, an array or object its compact JSON, any
/// other value (a fraction, an integer out of range, `true`, `null`) its text.
fn code_of(raw: &str) -> Result<i64, String> {
    let text = |text: &str| text.parse::<i64>().map_err(|_| text.to_string());
    match raw.as_bytes().first() {
        Some(b'"') => match serde_json::from_str::<Text<'_>>(raw) {
            Ok(string) => text(string.as_str()),
            Err(_) => Err(raw.to_string()),
        },
        Some(b'[' | b'{') => match serde_json::from_str::<serde_json::Value>(raw) {
            Ok(value) => Err(value.to_string()),
            Err(_) => Err(raw.to_string()),
        },
        _ => text(raw),
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

/// Reads a vocabulary value: a name (`Ok`), or `{"unknown": raw}` (`Err(raw)`).
#[doc(hidden)]
pub fn name_or_unknown<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Result<String, String>, D::Error> {
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
    use super::{int_code, is_decimal_text};

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

    /// The code, or the raw text of anything else.
    fn int_or_raw<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Result<i64, String>, D::Error> {
        int_code(d, Ok, Err)
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
