//! Hand-written wire types the spec names with `x-rust-type`: open integer enums, the
//! base64-encoded provider texts, card data that never prints, and the one-or-many
//! records of the TrackingCode query.

use std::fmt;

use base64::Engine as _;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

payments_wire::open_enum! {
    /// Payment status (`Status` in the bulk query, `StatusId` in the single queries and
    /// callbacks). Ids above 7 are not documented and arrive as `Unknown`
    /// (docs/providers/paywall.md#payment-status).
    pub enum PaymentStatus: int {
        /// Recorded on receipt; a 3D payment stays here until its 3D link is opened.
        Created = 1,
        /// Talking to the provider has begun (for 3D: the link was opened).
        Started = 2,
        /// Pre-authorised; waiting for the capture ("financialisation") instruction.
        AwaitingSettlement = 3,
        /// Completed successfully.
        Successful = 4,
        /// Could not be completed.
        Failed = 5,
        /// Failed; the PayJump re-routing algorithm is trying to recover it.
        PayJump = 6,
        /// Found to have failed when queried at the provider.
        FailedOnQuery = 7,
    }
}

payments_wire::open_enum! {
    /// Kind of transaction in the bulk query (`Scope`). The docs' table is not published;
    /// these are the Physical-POS `PaymentTypeId` values, an unverified inference
    /// (docs/providers/paywall.md#scope).
    pub enum PaymentScope: int {
        /// Sale / payment.
        Sale = 1,
        /// Cancellation.
        Cancellation = 2,
        /// Refund.
        Refund = 3,
        /// The table's own "Unknown" type (4), distinct from an undocumented value.
        Undetermined = 4,
    }
}

payments_wire::open_enum! {
    /// `CurrencyId` (docs/providers/paywall.md#currency).
    pub enum Currency: int {
        /// Turkish lira.
        Try = 1,
        /// US dollar.
        Usd = 2,
        /// Euro.
        Eur = 3,
        /// Bosnia-Herzegovina convertible mark.
        Bam = 4,
        /// Macedonian denar.
        Mkd = 5,
        /// Albanian lek.
        All = 6,
        /// Pound sterling.
        Gbp = 7,
    }
}

payments_wire::open_enum! {
    /// `ChannelId` / `PaymentChannelId` (docs/providers/paywall.md#channel).
    pub enum Channel: int {
        /// Not specified (0 or empty).
        Unspecified = 0,
        /// Web.
        Web = 1,
        /// Android app.
        Android = 2,
        /// iOS app.
        Ios = 3,
        /// Custom channel.
        Custom = 4,
    }
}

/// A provider or bank code/message that Paywall sends base64-encoded
/// (`ProviderErrorCode`, `ProviderErrorMessage`, `BankErrorCode`, `BankErrorMessage`;
/// docs/providers/paywall.md#provider-errors).
///
/// The raw value is always kept. When it is valid base64 of UTF-8 text, the decoded text is
/// available too; anything else (plain text, a number) stays raw instead of failing the
/// response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Base64Text {
    raw: String,
    decoded: Option<String>,
}

impl Base64Text {
    /// Wraps a value as received, decoding it when it is base64 of UTF-8 text.
    pub fn new(raw: impl Into<String>) -> Self {
        let raw = raw.into();
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(raw.trim())
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok());
        Self { raw, decoded }
    }

    /// The value exactly as Paywall sent it.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The decoded text, when the value was valid base64 of UTF-8 text.
    pub fn decoded(&self) -> Option<&str> {
        self.decoded.as_deref()
    }

    /// The decoded text, or the raw value when it could not be decoded.
    pub fn text(&self) -> &str {
        self.decoded.as_deref().unwrap_or(&self.raw)
    }

    /// Whether the (decoded) text is empty.
    pub fn is_empty(&self) -> bool {
        self.text().trim().is_empty()
    }
}

impl fmt::Display for Base64Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text())
    }
}

impl Serialize for Base64Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for Base64Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Through `Value`: a number (with arbitrary_precision) or anything else that is not
        // a string is kept as its JSON text rather than failing the response.
        Ok(match Value::deserialize(d)? {
            Value::String(s) => Self::new(s),
            other => Self {
                raw: other.to_string(),
                decoded: None,
            },
        })
    }
}

/// Card data sent to Paywall (card number, CVV, temp-card token): a plain JSON string on
/// the wire that `Debug` and `Display` never print.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct SensitiveText(String);

impl SensitiveText {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<&str> for SensitiveText {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl From<String> for SensitiveText {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl fmt::Debug for SensitiveText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SensitiveText(***)")
    }
}

impl fmt::Display for SensitiveText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl Serialize for SensitiveText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// The records a TrackingCode query returns (at most 100 payments).
///
/// Where the records sit is not documented (docs/providers/paywall.md#payment-queries): this
/// reads a `Body` that is an array of `{"Paywall": {...}}` or of records, an object whose
/// `Paywall` is one record or an array, a bare record, or `null` (no records).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Records<T>(pub Vec<T>);

impl<T> Records<T> {
    /// The records.
    pub fn into_vec(self) -> Vec<T> {
        self.0
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Records<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Through `Value` (never untagged): the records hold decimal numbers.
        fn records<T: DeserializeOwned>(
            value: Value,
            out: &mut Vec<T>,
        ) -> Result<(), serde_json::Error> {
            match value {
                Value::Null => Ok(()),
                Value::Array(items) => items.into_iter().try_for_each(|item| records(item, out)),
                Value::Object(mut map) => match map.remove("Paywall") {
                    Some(inner) => records(inner, out),
                    None => {
                        out.push(serde_json::from_value(Value::Object(map))?);
                        Ok(())
                    }
                },
                other => {
                    out.push(serde_json::from_value(other)?);
                    Ok(())
                }
            }
        }
        let mut out = Vec::new();
        records(Value::deserialize(d)?, &mut out).map_err(serde::de::Error::custom)?;
        Ok(Self(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::PaymentRecord;

    #[test]
    fn base64_text_decodes_and_keeps_the_raw_value() {
        let t: Base64Text = serde_json::from_str("\"WWV0ZXJzaXogYmFraXll\"").unwrap();
        assert_eq!(t.decoded(), Some("Yetersiz bakiye"));
        assert_eq!(t.raw(), "WWV0ZXJzaXogYmFraXll");
        assert_eq!(t.to_string(), "Yetersiz bakiye");
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            "\"WWV0ZXJzaXogYmFraXll\""
        );

        // Not base64 at all: kept raw.
        let t: Base64Text = serde_json::from_str("\"Kart limiti yetersiz!\"").unwrap();
        assert_eq!(t.decoded(), None);
        assert_eq!(t.text(), "Kart limiti yetersiz!");

        // Valid base64 whose bytes are not UTF-8: kept raw.
        let t = Base64Text::new("/w==");
        assert_eq!(t.decoded(), None);
        assert_eq!(t.text(), "/w==");

        // A number instead of a string: kept as its text.
        let t: Base64Text = serde_json::from_str("51").unwrap();
        assert_eq!(t.raw(), "51");
        assert_eq!(t.decoded(), None);

        assert!(Base64Text::new("").is_empty());
    }

    #[test]
    fn sensitive_text_never_prints() {
        let s = SensitiveText::from("4111111111111111");
        assert_eq!(format!("{s:?}"), "SensitiveText(***)");
        assert_eq!(s.to_string(), "***");
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"4111111111111111\"");
    }

    #[test]
    fn open_enums_keep_unknown_values() {
        let s: PaymentStatus = serde_json::from_str("4").unwrap();
        assert_eq!(s, PaymentStatus::Successful);
        let s: PaymentStatus = serde_json::from_str("12").unwrap();
        assert_eq!(s, PaymentStatus::Unknown("12".into()));
        assert_eq!(serde_json::to_string(&s).unwrap(), "12");
        let c: Currency = serde_json::from_str("1").unwrap();
        assert_eq!(c, Currency::Try);
        let ch: Channel = serde_json::from_str("0").unwrap();
        assert_eq!(ch, Channel::Unspecified);
        let sc: PaymentScope = serde_json::from_str("3").unwrap();
        assert_eq!(sc, PaymentScope::Refund);
    }

    #[test]
    fn tracked_payments_read_every_documented_placement() {
        let record = r#"{"PaymentId": 7, "PaymentAmount": 12345678901234.12345678}"#;
        let shapes = [
            format!("[{{\"Paywall\": {record}}}, {{\"Paywall\": {record}}}]"),
            format!("[{record}, {record}]"),
            format!("{{\"Paywall\": [{record}, {record}]}}"),
        ];
        for shape in shapes {
            let t: Records<PaymentRecord> = serde_json::from_str(&shape).unwrap();
            assert_eq!(t.0.len(), 2, "{shape}");
            assert_eq!(t.0[0].payment_id, Some(7));
            assert_eq!(
                t.0[1].payment_amount.unwrap().to_string(),
                "12345678901234.12345678"
            );
        }
        let one: Records<PaymentRecord> =
            serde_json::from_str(&format!("{{\"Paywall\": {record}}}")).unwrap();
        assert_eq!(one.0.len(), 1);
        let bare: Records<PaymentRecord> = serde_json::from_str(record).unwrap();
        assert_eq!(bare.into_vec().len(), 1);
        let none: Records<PaymentRecord> = serde_json::from_str("null").unwrap();
        assert!(none.0.is_empty());
    }
}
