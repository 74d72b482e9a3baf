//! Small helpers shared by the fake providers.

use std::str::FromStr;
use std::sync::{Mutex, MutexGuard, PoisonError};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rand::Rng;
use rand::distr::Alphanumeric;
use rust_decimal::Decimal;
use serde_json::Value;
use subtle::ConstantTimeEq;

/// Locks a provider's state. A handler that panicked cannot leave the state half-written in
/// a way that matters to a sandbox, so a poisoned lock is simply taken over.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// `len` random ASCII letters and digits from the thread's CSPRNG.
pub(crate) fn random_alnum(len: usize) -> String {
    rand::rng()
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

/// Compares two secrets (API keys, tokens, passwords) in constant time (`subtle`): no early
/// exit on the first differing byte. Only the lengths may show, and they are not secret.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

/// Whether `provided` is the standard Base64 of the same bytes as `expected` (a signature
/// the sandbox computed), comparing the decoded bytes in constant time. Anything that is
/// not Base64, and an empty signature, is not equal.
pub(crate) fn base64_signature_eq(expected: &str, provided: &str) -> bool {
    match (STANDARD.decode(expected), STANDARD.decode(provided)) {
        (Ok(expected), Ok(provided)) => {
            !expected.is_empty() && constant_time_eq(&expected, &provided)
        }
        _ => false,
    }
}

/// A fixed decimal from the seed tables (`"340.00"`); text that is not a decimal is zero.
pub(crate) fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap_or_default()
}

/// A JSON number as an exact decimal (`serde_json` keeps the number's text, so `1.59` stays
/// `1.59`). Numeric strings are not numbers here.
pub(crate) fn json_decimal(value: &Value) -> Option<Decimal> {
    let Value::Number(n) = value else {
        return None;
    };
    let text = n.to_string();
    text.parse::<Decimal>()
        .ok()
        .or_else(|| Decimal::from_scientific(&text).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_decimals_are_exact() {
        let v: Value = serde_json::from_str("[1.59, 100.00000000, 2e2, \"3\"]").unwrap();
        assert_eq!(json_decimal(&v[0]).unwrap().to_string(), "1.59");
        assert_eq!(json_decimal(&v[1]).unwrap().to_string(), "100.00000000");
        assert_eq!(json_decimal(&v[2]).unwrap(), Decimal::from(200));
        assert_eq!(json_decimal(&v[3]), None);
    }

    #[test]
    fn random_alnum_has_the_length_and_alphabet() {
        let s = random_alnum(40);
        assert_eq!(s.len(), 40);
        assert!(s.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(s, random_alnum(40));
    }

    #[test]
    fn constant_time_eq_compares_exactly() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(constant_time_eq(b"", b""));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abd", b"abc"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(!constant_time_eq(b"ab", b"abc"));
        assert!(!constant_time_eq(b"", b"a"));
    }

    #[test]
    fn base64_signatures_compare_by_their_bytes() {
        // A documented request signature (docs/providers/craftgate.md#signature-test-vectors).
        let sig = "sgmDw5GY819oFF8SC5OTORgqvKGL/4iTZxCeWTSJP5Y=";
        assert!(base64_signature_eq(sig, sig));
        assert!(!base64_signature_eq(
            sig,
            "tAse+e0kJf/+XC6yrM+laeTcszYTH8z7uNc5oZAIGPs="
        ));
        // Truncated, not Base64, empty, or a second spelling with stray bits: refused.
        assert!(!base64_signature_eq(sig, &sig[..43]));
        assert!(!base64_signature_eq(sig, &sig[..40]));
        assert!(!base64_signature_eq(
            sig,
            "sgmDw5GY819oFF8SC5OTORgqvKGL_4iTZxCeWTSJP5Y="
        ));
        assert!(!base64_signature_eq(sig, ""));
        assert!(!base64_signature_eq(
            sig,
            "sgmDw5GY819oFF8SC5OTORgqvKGL/4iTZxCeWTSJP5Z="
        ));
        assert!(
            !base64_signature_eq("", ""),
            "an empty signature matches nothing"
        );
        assert!(!base64_signature_eq("not base64!", "not base64!"));
    }
}
