//! Reading Paywall requests: header inputs, JSON bodies with ASP.NET-style case-insensitive
//! property names, dates and amounts.

use axum::http::{HeaderMap, header};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::envelope::{Failure, INVALID};
use crate::util::json_decimal;

/// A GET input header (GET parameters travel as request headers;
/// docs/providers/paywall.md#header-inputs).
pub(crate) fn header_input<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// A required GET input header.
pub(crate) fn required_header<'a>(headers: &'a HeaderMap, name: &str) -> Result<&'a str, Failure> {
    header_input(headers, name)
        .ok_or_else(|| Failure::business(INVALID, format!("The {name} header is required")))
}

/// A JSON object body. ASP.NET refuses a body that is not `application/json` (415) and one
/// that does not parse (400).
pub(crate) fn json_object(headers: &HeaderMap, body: &[u8]) -> Result<Map<String, Value>, Failure> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        });
    if !is_json {
        return Err(Failure::unsupported_media_type());
    }
    match serde_json::from_slice(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(Failure::malformed("The request body must be a JSON object")),
        Err(e) => Err(Failure::malformed(format!(
            "The request body is not valid JSON: {e}"
        ))),
    }
}

/// A property, matched case-insensitively as ASP.NET Core's JSON binding does.
pub(crate) fn field<'a>(body: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    body.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
        .filter(|v| !v.is_null())
}

/// A required string property.
pub(crate) fn string_field<'a>(
    body: &'a Map<String, Value>,
    name: &str,
) -> Result<&'a str, Failure> {
    field(body, name)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Failure::business(INVALID, format!("{name} is required")))
}

/// A required integer property (a number, or a numeric string as ASP.NET also binds).
pub(crate) fn int_field(body: &Map<String, Value>, name: &str) -> Result<i64, Failure> {
    field(body, name)
        .and_then(|v| {
            v.as_i64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        })
        .ok_or_else(|| Failure::business(INVALID, format!("{name} must be an integer")))
}

/// A required decimal property (a JSON number).
pub(crate) fn amount_field(body: &Map<String, Value>, name: &str) -> Result<Decimal, Failure> {
    field(body, name)
        .and_then(json_decimal)
        .ok_or_else(|| Failure::business(INVALID, format!("{name} must be a number")))
}

/// The day named by a `Date` property: `yyyy-MM-dd`, optionally followed by a time
/// (`yyyy-MM-ddTHH:mm:ss`, with or without fraction and offset). Only the day is compared.
pub(crate) fn date_field(body: &Map<String, Value>, name: &str) -> Result<NaiveDate, Failure> {
    let invalid = || Failure::business(INVALID, format!("{name} must be a date (yyyy-MM-dd)"));
    let text = field(body, name)
        .and_then(Value::as_str)
        .ok_or_else(invalid)?;
    let (day, rest) = text.split_at_checked(10).ok_or_else(invalid)?;
    if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
        return Err(invalid());
    }
    NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| invalid())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn fields_match_case_insensitively() {
        let body = obj(json!({"merchantUniqueCode": "a", "AMOUNT": 1.59, "paymentid": "7"}));
        assert_eq!(string_field(&body, "MerchantUniqueCode").unwrap(), "a");
        assert_eq!(amount_field(&body, "Amount").unwrap().to_string(), "1.59");
        assert_eq!(int_field(&body, "PaymentId").unwrap(), 7);
    }

    #[test]
    fn dates_accept_day_and_date_time() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        for text in [
            "2025-03-01",
            "2025-03-01T00:00:00",
            "2025-03-01T10:11:12.123+03:00",
        ] {
            assert_eq!(
                date_field(&obj(json!({"Date": text})), "Date").unwrap(),
                d,
                "{text}"
            );
        }
        for text in ["01.03.2025", "2025-03-01X", "2025-3-1", ""] {
            assert!(
                date_field(&obj(json!({"Date": text})), "Date").is_err(),
                "{text}"
            );
        }
    }
}
