//! Small conversions every adapter needs.

use payments_core::{Currency, Money, PaymentsError, Provider};
use rust_decimal::Decimal;

use crate::client_error::invalid_input;

/// An amount with the provider's currency code, when it is a valid one. An empty code
/// (OneEntry often sends `""`) means no currency; an invalid one is logged and dropped
/// from the amount, never guessed.
pub(crate) fn money(provider: Provider, amount: Decimal, currency: Option<&str>) -> Money {
    let currency = currency
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .and_then(|c| {
            Currency::new(c)
                .inspect_err(
                    |e| tracing::warn!(%provider, error = %e, "amount without a usable currency"),
                )
                .ok()
        });
    Money { amount, currency }
}

/// Parses an id that the provider needs as a number.
pub(crate) fn numeric_id(provider: Provider, what: &str, id: &str) -> Result<i64, PaymentsError> {
    id.trim().parse().map_err(|_| {
        invalid_input(
            provider,
            format!("{provider} {what} ids are numbers; `{id}` is not"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn currencies_are_kept_only_when_valid() {
        assert_eq!(
            money(Provider::Craftgate, dec!(1.5), Some("TRY"))
                .currency
                .unwrap()
                .as_str(),
            "TRY"
        );
        assert!(
            money(Provider::OneEntry, dec!(1.5), Some(""))
                .currency
                .is_none()
        );
        assert!(
            money(Provider::OneEntry, dec!(1.5), Some("US$"))
                .currency
                .is_none()
        );
        assert_eq!(
            numeric_id(Provider::Craftgate, "payment", " 42 ").unwrap(),
            42
        );
        let e = numeric_id(Provider::Craftgate, "payment", "abc").unwrap_err();
        assert_eq!(
            e.to_string(),
            "Craftgate: Craftgate payment ids are numbers; `abc` is not"
        );
    }
}
