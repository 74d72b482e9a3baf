//! Amounts of money.

use std::fmt;

use rust_decimal::Decimal;

/// An ISO 4217 alphabetic currency code (three upper-case letters), held inline: copying
/// one costs nothing and no amount allocates for its currency.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Deserialize)]
#[serde(try_from = "String")]
pub struct Currency([u8; 3]);

/// A currency code that is not three ASCII letters.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an ISO 4217 currency code (three letters)")]
pub struct InvalidCurrency(pub String);

impl Currency {
    /// Parses a code, accepting lower case (`usd` becomes `USD`).
    pub fn new(code: &str) -> Result<Self, InvalidCurrency> {
        let code = code.trim();
        match *code.as_bytes() {
            [a, b, c] if [a, b, c].iter().all(u8::is_ascii_alphabetic) => Ok(Self([
                a.to_ascii_uppercase(),
                b.to_ascii_uppercase(),
                c.to_ascii_uppercase(),
            ])),
            _ => Err(InvalidCurrency(code.to_string())),
        }
    }

    /// The code, e.g. `TRY`.
    pub fn as_str(&self) -> &str {
        // Three ASCII letters, checked in `new`: always UTF-8.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Currency").field(&self.as_str()).finish()
    }
}

impl serde::Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl TryFrom<String> for Currency {
    type Error = InvalidCurrency;
    fn try_from(code: String) -> Result<Self, Self::Error> {
        Self::new(&code)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> Self {
        c.as_str().to_string()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An exact amount and, when the provider states it, its currency.
///
/// Some provider responses carry no currency (Paywall's bulk query, OneEntry orders whose
/// `currency` is `""`): the currency is then `None`, never guessed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Money {
    /// The exact amount.
    pub amount: Decimal,
    /// The currency, when known.
    pub currency: Option<Currency>,
}

impl Money {
    /// An amount in a currency.
    pub fn new(amount: Decimal, currency: &str) -> Result<Self, InvalidCurrency> {
        Ok(Self {
            amount,
            currency: Some(Currency::new(currency)?),
        })
    }

    /// An amount whose currency the provider did not state.
    pub fn without_currency(amount: Decimal) -> Self {
        Self {
            amount,
            currency: None,
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.currency {
            Some(c) => write!(f, "{} {c}", self.amount),
            None => write!(f, "{}", self.amount),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn currency_codes_are_validated() {
        assert_eq!(Currency::new("usd").unwrap().as_str(), "USD");
        assert_eq!(
            Currency::new("").unwrap_err(),
            InvalidCurrency(String::new())
        );
        assert!(Currency::new("TL1").is_err());
        assert!(Currency::new("ÇTR").is_err());
        assert_eq!(
            format!("{:?}", Currency::new("try").unwrap()),
            r#"Currency("TRY")"#
        );
        assert_eq!(
            serde_json::to_string(&Currency::new("eur").unwrap()).unwrap(),
            r#""EUR""#
        );
        assert!(serde_json::from_str::<Currency>(r#""EURO""#).is_err());
    }

    #[test]
    fn money_keeps_every_decimal_as_a_json_number() {
        let m = Money::new(dec!(12345678901234.12345678), "TRY").unwrap();
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(
            json,
            r#"{"amount":12345678901234.12345678,"currency":"TRY"}"#
        );
        assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), m);
        assert_eq!(Money::without_currency(dec!(1.59)).to_string(), "1.59");
    }
}
