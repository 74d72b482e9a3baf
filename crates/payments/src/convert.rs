//! Small conversions every adapter needs.

use payments_core::{Currency, Provider};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currencies_are_kept_only_when_valid() {
        assert_eq!(
            currency(Provider::Craftgate, Some("TRY")).unwrap().as_str(),
            "TRY"
        );
        assert!(currency(Provider::OneEntry, Some("")).is_none());
        assert!(currency(Provider::OneEntry, Some("US$")).is_none());
    }
}
