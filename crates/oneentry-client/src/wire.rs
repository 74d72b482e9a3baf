//! Hand-written wire types that `specs/oneentry.yaml` names with `x-rust-type`: open enums,
//! values that arrive in more than one shape (one-or-many, keyed by language or already
//! localised, boolean-or-object) and strings that are secrets.
//!
//! Shapes that may hold JSON numbers are decoded through [`serde_json::Value`], never with
//! `#[serde(untagged)]`, because serde_json's `arbitrary_precision` (on in this workspace)
//! breaks untagged enums over numbers.

use std::collections::BTreeMap;
use std::fmt;

use payments_wire::{Secret, open_enum};
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

open_enum! {
    /// Payment session type (docs/providers/oneentry.md#session-type). `session` answers
    /// with a redirect link in `paymentUrl`; `intent` with a Stripe `clientSecret`.
    pub enum SessionType: str {
        /// A hosted checkout session (redirect to `paymentUrl`).
        Session = "session",
        /// A payment intent (embedded payment with `clientSecret`; also subscriptions).
        Intent = "intent",
    }
}

open_enum! {
    /// Payment session status (docs/providers/oneentry.md#session-status): the five keys of
    /// the server's `PaymentStatusMapDto`. Note the spelling `canceled`.
    pub enum SessionStatus: str {
        /// Created, not paid yet.
        Waiting = "waiting",
        /// Partly paid (split payments).
        Partial = "partial",
        /// Paid.
        Completed = "completed",
        /// Cancelled by the payer or the provider.
        Canceled = "canceled",
        /// The payment link ran out.
        Expired = "expired",
    }
}

open_enum! {
    /// Payment account type (docs/providers/oneentry.md#account-type). SDK 1.0.149 knows
    /// `stripe` and `custom`; the server's enum also has `yookassa` and `midtrans` (vendor
    /// docs).
    pub enum AccountType: str {
        /// Stripe.
        Stripe = "stripe",
        /// A custom account (e.g. cash, an external PayPal link).
        Custom = "custom",
        /// YooKassa.
        Yookassa = "yookassa",
        /// Midtrans.
        Midtrans = "midtrans",
    }
}

open_enum! {
    /// Connection state of a payment account's settings
    /// (docs/providers/oneentry.md#account-settings-status).
    pub enum AccountSettingsStatus: str {
        /// The account is connected to its provider.
        Connected = "connected",
        /// The account is not connected.
        NotConnected = "not_connected",
    }
}

open_enum! {
    /// How an order is paid (docs/providers/oneentry.md#payment-strategy; vendor docs
    /// `04-order-flow.md`).
    pub enum PaymentStrategy: str {
        /// One payment.
        Once = "once",
        /// A subscription.
        Recurring = "recurring",
        /// Several payments (stages).
        Split = "split",
    }
}

open_enum! {
    /// `type` of a `changePassword` call (docs/providers/oneentry.md#password-change-type).
    pub enum PasswordChangeType: int {
        /// The user changes a known password.
        Change = 1,
        /// The user recovers a forgotten password.
        Recovery = 2,
    }
}

/// A token, password, one-time code or key that travels as a plain JSON string.
///
/// `Debug` and `Display` print `***`; [`SecretString::expose`] gives the value. Serialising
/// writes the real value (that is how it is sent), so serialise deliberately.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretString(Secret);

impl SecretString {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(Secret::new(value))
    }

    /// The secret value, for the one place that must use it.
    pub fn expose(&self) -> &str {
        self.0.expose()
    }

    /// The value as a [`Secret`].
    pub fn into_secret(self) -> Secret {
        self.0
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl From<Secret> for SecretString {
    fn from(value: Secret) -> Self {
        Self(value)
    }
}

impl From<SecretString> for Secret {
    fn from(value: SecretString) -> Self {
        value.0
    }
}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl Serialize for SecretString {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.expose())
    }
}

impl<'de> Deserialize<'de> for SecretString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Self::new)
    }
}

/// A boolean result: `true`/`false`, or `{"success": bool, "message"?: string}`.
///
/// SDK 1.0.149 types these calls as returning a boolean, while unused schemas of the same
/// SDK say `{success, message?}` (docs/providers/oneentry.md#sign-out); both are read. An
/// empty 2xx body (which [`payments_wire::execute`] presents as `{}`) and an object without
/// `success` count as success, as they do in the SDK.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acknowledgement {
    /// Whether the API reported success.
    pub success: bool,
    /// The API's message, when it sent the object form with one.
    pub message: Option<String>,
}

impl Acknowledgement {
    /// Whether the API reported success.
    pub fn is_success(&self) -> bool {
        self.success
    }
}

impl Serialize for Acknowledgement {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.message {
            None => s.serialize_bool(self.success),
            Some(message) => {
                #[derive(Serialize)]
                struct Object<'a> {
                    success: bool,
                    message: &'a str,
                }
                Object {
                    success: self.success,
                    message,
                }
                .serialize(s)
            }
        }
    }
}

impl<'de> Deserialize<'de> for Acknowledgement {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::Bool(success) => Ok(Self {
                success,
                message: None,
            }),
            Value::Object(map) => {
                let success = match map.get("success") {
                    None => true,
                    Some(Value::Bool(b)) => *b,
                    Some(other) => {
                        return Err(D::Error::custom(format!(
                            "`success` must be a boolean, got {other}"
                        )));
                    }
                };
                let message = match map.get("message") {
                    None | Some(Value::Null) => None,
                    Some(Value::String(s)) => Some(s.clone()),
                    Some(other) => Some(other.to_string()),
                };
                Ok(Self { success, message })
            }
            other => Err(D::Error::custom(format!(
                "expected true/false or {{\"success\": ..}}, got {other}"
            ))),
        }
    }
}

/// A value that arrives as one item or as a list, read as a list: e.g. the payment
/// session(s) of an order, which `getSessionByOrderId` answers with one object or a list
/// (docs/providers/oneentry.md#sessions-of-an-order).
///
/// `null` and an empty 2xx body (presented as `{}`) read as an empty list.
#[derive(Clone, Debug, PartialEq)]
pub struct OneOrMany<T>(Vec<T>);

impl<T> OneOrMany<T> {
    /// The items.
    pub fn into_vec(self) -> Vec<T> {
        self.0
    }
}

impl<T> From<Vec<T>> for OneOrMany<T> {
    fn from(items: Vec<T>) -> Self {
        Self(items)
    }
}

impl<T> std::ops::Deref for OneOrMany<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<T> IntoIterator for OneOrMany<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<T: Serialize> Serialize for OneOrMany<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::Null => Ok(Self(Vec::new())),
            Value::Object(map) if map.is_empty() => Ok(Self(Vec::new())),
            list @ Value::Array(_) => serde_json::from_value(list)
                .map(Self)
                .map_err(D::Error::custom),
            one => serde_json::from_value(one)
                .map(|item| Self(vec![item]))
                .map_err(D::Error::custom),
        }
    }
}

/// A language-dependent value, as OneEntry sends it: keyed by language code
/// (`{"en_US": .., "ru_RU": ..}`, the way the vendor stores it) or already localised to the
/// request's `langCode` (docs/providers/oneentry.md#localised-values).
///
/// An object whose keys all look like language codes (`en`, `en_US`, `pt-BR`) is read as
/// [`Localized::ByLanguage`], keeping every language; anything else is
/// [`Localized::Single`]. An empty object is `ByLanguage` with no languages.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Localized<T> {
    /// One value per language code.
    ByLanguage(BTreeMap<String, T>),
    /// A value the API already localised to the requested language.
    Single(T),
}

impl<T> Localized<T> {
    /// The value for a language code (`en_US`). A [`Localized::Single`] value is already
    /// in the requested language and is returned for any code.
    pub fn get(&self, lang_code: &str) -> Option<&T> {
        match self {
            Self::ByLanguage(map) => map.get(lang_code),
            Self::Single(value) => Some(value),
        }
    }

    /// The language codes present (none for a [`Localized::Single`] value).
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        let keys = match self {
            Self::ByLanguage(map) => Some(map.keys().map(String::as_str)),
            Self::Single(_) => None,
        };
        keys.into_iter().flatten()
    }
}

impl<T: Serialize> Serialize for Localized<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::ByLanguage(map) => map.serialize(s),
            Self::Single(value) => value.serialize(s),
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Localized<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::Object(map) if map.keys().all(|k| is_language_code(k)) => map
                .into_iter()
                .map(|(lang, value)| {
                    serde_json::from_value(value)
                        .map(|v| (lang.clone(), v))
                        .map_err(|e| D::Error::custom(format!("language `{lang}`: {e}")))
                })
                .collect::<Result<BTreeMap<_, _>, _>>()
                .map(Self::ByLanguage),
            single => serde_json::from_value(single)
                .map(Self::Single)
                .map_err(D::Error::custom),
        }
    }
}

/// `en`, `eng`, `en_US`, `pt-BR`, `es_419`: two or three lowercase letters, optionally a
/// `_` or `-` and two to four letters or digits.
fn is_language_code(key: &str) -> bool {
    let (lang, region) = match key.split_once(['_', '-']) {
        Some((lang, region)) => (lang, Some(region)),
        None => (key, None),
    };
    let lang_ok = (2..=3).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_lowercase());
    let region_ok = region
        .is_none_or(|r| (2..=4).contains(&r.len()) && r.bytes().all(|b| b.is_ascii_alphanumeric()));
    lang_ok && region_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{FormField, LocalizeInfo};
    use serde_json::json;

    #[test]
    fn language_codes_are_told_from_field_names() {
        for code in ["en", "eng", "en_US", "pt-BR", "es_419", "zh_Hans"] {
            assert!(is_language_code(code), "{code}");
        }
        for key in [
            "title",
            "plainValue",
            "EN_us",
            "e",
            "en_",
            "en_USAXX",
            "menuTitle",
        ] {
            assert!(!is_language_code(key), "{key}");
        }
    }

    #[test]
    fn localized_reads_both_shapes_and_keeps_every_language() {
        let keyed: Localized<LocalizeInfo> = serde_json::from_value(json!({
            "en_US": {"title": "Cash"}, "ru_RU": {"title": "Наличные", "plainValue": null}
        }))
        .unwrap();
        assert_eq!(keyed.get("ru_RU").unwrap().title, "Наличные");
        assert_eq!(keyed.get("en_US").unwrap().title, "Cash");
        assert_eq!(keyed.get("de_DE"), None);
        assert_eq!(keyed.languages().collect::<Vec<_>>(), ["en_US", "ru_RU"]);

        let single: Localized<LocalizeInfo> =
            serde_json::from_value(json!({"title": "Cash", "extra": 1})).unwrap();
        assert!(
            matches!(&single, Localized::Single(LocalizeInfo { title, .. }) if title == "Cash")
        );
        assert_eq!(single.get("fr_FR").unwrap().title, "Cash");
        assert_eq!(single.languages().count(), 0);
        assert_eq!(
            serde_json::to_value(&single).unwrap(),
            json!({"title": "Cash"})
        );

        let form: Localized<Vec<FormField>> = serde_json::from_value(json!({
            "en_US": [{"marker": "name", "type": "string", "value": "Christina Thomas"}]
        }))
        .unwrap();
        assert_eq!(form.get("en_US").unwrap()[0].marker, "name");
        let form: Localized<Vec<FormField>> =
            serde_json::from_value(json!([{"marker": "age", "type": "integer", "value": "42"}]))
                .unwrap();
        assert_eq!(
            form.get("en_US").unwrap()[0].numeric_value(),
            Some(42.into())
        );

        let err =
            serde_json::from_value::<Localized<LocalizeInfo>>(json!({"en_US": {"no": "title"}}))
                .unwrap_err()
                .to_string();
        assert!(err.contains("language `en_US`"), "{err}");
    }

    #[test]
    fn acknowledgements_accept_booleans_objects_and_empty_bodies() {
        let read = |v| serde_json::from_value::<Acknowledgement>(v);
        assert!(read(json!(true)).unwrap().success);
        assert!(!read(json!(false)).unwrap().success);
        assert_eq!(
            read(json!({"success": false, "message": "token unknown"})).unwrap(),
            Acknowledgement {
                success: false,
                message: Some("token unknown".into())
            }
        );
        assert!(read(json!({})).unwrap().success);
        assert!(read(json!("yes")).is_err());
        assert!(read(json!({"success": "yes"})).is_err());
        let ack = Acknowledgement {
            success: true,
            message: Some("ok".into()),
        };
        assert_eq!(
            serde_json::to_value(&ack).unwrap(),
            json!({"success": true, "message": "ok"})
        );
    }

    #[test]
    fn secret_strings_never_print() {
        let s = SecretString::from("hunter2");
        assert_eq!(format!("{s:?} {s}"), "Secret(***) ***");
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"hunter2\"");
    }
}
