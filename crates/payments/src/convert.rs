//! Small conversions every adapter needs.

use payments_core::{Currency, Money, Provider};
use rust_decimal::Decimal;

/// The provider's currency code, when it is a valid one. An empty code (OneEntry often
/// sends `""`) means no currency; an invalid one is logged and dropped, never guessed.
pub(crate) fn currency(provider: Provider, code: Option<&str>) -> Option<Currency> {
    code.map(str::trim).filter(|c| !c.is_empty()).and_then(|c| {
        Currency::new(c)
            .inspect_err(
                |e| tracing::warn!(%provider, error = %e, "amount without a usable currency"),
            )
            .ok()
    })
}

/// An amount with the provider's currency code, when it is a valid one ([`currency`]).
pub(crate) fn money(provider: Provider, amount: Decimal, code: Option<&str>) -> Money {
    Money {
        amount,
        currency: currency(provider, code),
    }
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
    }
}
