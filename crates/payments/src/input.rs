//! Checking what a caller hands the facade, before any request is sent: every refusal is
//! an `InvalidRequest` error that names the field and says what is wrong.

use payments_core::{PaymentsError, Provider};
#[cfg(any(feature = "paywall", feature = "craftgate"))]
use rust_decimal::Decimal;

use crate::client_error::invalid_input;

/// An id the provider needs as a positive number (payment, order, session, item ids).
pub(crate) fn numeric_id(provider: Provider, what: &str, id: &str) -> Result<i64, PaymentsError> {
    let trimmed = id.trim();
    if trimmed.is_empty() {
        return Err(invalid_input(
            provider,
            format!("the {provider} {what} id is empty"),
        ));
    }
    if !trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid_input(
            provider,
            format!("{provider} {what} ids are numbers; `{id}` is not"),
        ));
    }
    match trimmed.parse::<i64>() {
        Ok(0) => Err(invalid_input(
            provider,
            format!("{provider} {what} ids start at 1; `{id}` is not one"),
        )),
        Ok(n) => Ok(n),
        Err(_) => Err(invalid_input(
            provider,
            format!("the {provider} {what} id `{id}` is too large to be one"),
        )),
    }
}

#[cfg(any(feature = "paywall", feature = "craftgate"))]
/// An amount that must be above zero (a partial refund).
pub(crate) fn positive_amount(
    provider: Provider,
    what: &str,
    amount: Decimal,
) -> Result<Decimal, PaymentsError> {
    if amount > Decimal::ZERO {
        Ok(amount)
    } else {
        Err(invalid_input(
            provider,
            format!("the {what} must be above zero, not {amount}"),
        ))
    }
}

#[cfg(any(feature = "paywall", feature = "craftgate"))]
/// A value the request carries in an HTTP header (Paywall's query inputs, an idempotency
/// key): not empty, printable ASCII, no line breaks.
pub(crate) fn header_text<'a>(
    provider: Provider,
    what: &str,
    value: &'a str,
) -> Result<&'a str, PaymentsError> {
    if value.trim().is_empty() {
        return Err(invalid_input(provider, format!("the {what} is empty")));
    }
    if !value.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Err(invalid_input(
            provider,
            format!(
                "the {what} can only hold printable ASCII characters (it is sent in an HTTP header; no line breaks, no other characters)"
            ),
        ));
    }
    Ok(value)
}

#[cfg(feature = "oneentry")]
/// A name the request carries as a path segment (a OneEntry storage or form marker):
/// letters, digits, `_` and `-` only, so it cannot reach another path (`/`, `..`, `%2F`).
pub(crate) fn path_name<'a>(
    provider: Provider,
    what: &str,
    value: &'a str,
) -> Result<&'a str, PaymentsError> {
    let ok = !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if ok {
        Ok(value)
    } else {
        Err(invalid_input(
            provider,
            format!("the {what} `{value}` can only hold letters, digits, `_` and `-`"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: Provider = Provider::Craftgate;

    #[test]
    fn ids_are_positive_numbers() {
        assert_eq!(numeric_id(P, "payment", " 42 ").unwrap(), 42);
        let e = numeric_id(P, "payment", "abc").unwrap_err();
        assert_eq!(
            e.to_string(),
            "Craftgate: Craftgate payment ids are numbers; `abc` is not"
        );
        for (id, says) in [
            ("", "is empty"),
            ("  ", "is empty"),
            ("-5", "are numbers"),
            ("1.5", "are numbers"),
            ("0", "start at 1"),
            ("99999999999999999999", "too large"),
        ] {
            let e = numeric_id(P, "payment", id).unwrap_err();
            assert!(e.message.contains(says), "{id:?}: {e}");
        }
    }

    #[test]
    #[cfg(any(feature = "paywall", feature = "craftgate"))]
    fn amounts_and_header_values() {
        use rust_decimal_macros::dec;
        assert_eq!(
            positive_amount(P, "refund amount", dec!(0.01)).unwrap(),
            dec!(0.01)
        );
        for bad in [dec!(0), dec!(-1)] {
            let e = positive_amount(P, "refund amount", bad).unwrap_err();
            assert!(
                e.message.contains("refund amount must be above zero"),
                "{e}"
            );
        }
        assert!(header_text(P, "merchant reference", "order-1").is_ok());
        for bad in ["", " ", "a\r\nb", "a\nb", "sipariş", "tab\there"] {
            assert!(
                header_text(P, "merchant reference", bad).is_err(),
                "{bad:?}"
            );
        }
    }

    #[test]
    #[cfg(feature = "oneentry")]
    fn path_names() {
        assert!(path_name(P, "order storage marker", "orders_2-b").is_ok());
        for bad in ["", "a/b", "..", "%2F", "a b", "ü"] {
            let e = path_name(P, "order storage marker", bad).unwrap_err();
            assert!(e.message.contains("order storage marker"), "{bad:?}: {e}");
        }
    }
}
