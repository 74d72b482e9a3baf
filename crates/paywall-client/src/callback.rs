//! Verifying the `Hash` of Paywall's callbacks (docs/providers/paywall.md#hash-verification).
//!
//! The hash is the **lowercase hex SHA-256** (not an HMAC) of the fields joined with `###`,
//! starting with the secret key of the scenario (3D Hash Key, System Webhook Hash Key, the
//! APM or PayOut webhook key; the key may vary with the callback's `HashKeyType`).
//!
//! Pass every field exactly as the callback carried it: the decimal formatting of `amount`
//! in the hash input is not documented, so the received text (e.g. `"1.59"`) is used as is
//! rather than re-formatted. Never trust a callback without checking its hash, and confirm
//! the result with a query (the public WooCommerce plugin skips the check; do not copy it).
//!
//! ```
//! use paywall_client::callback::CallbackHash;
//! use payments_wire::Secret;
//!
//! let key = Secret::new("system-webhook-hash-key");
//! let fields = CallbackHash::Bulk { bulk_payment_id: "389", merchant_unique_code: "batch-1" };
//! let sent = fields.compute(&key); // what Paywall puts in `Hash`
//! assert!(fields.verify(&key, &sent));
//! assert!(!fields.verify(&key, "0000"));
//! ```

use payments_wire::Secret;
use sha2::{Digest, Sha256};

/// The hash inputs of one callback scenario, after the key
/// (docs/providers/paywall.md#hash-verification).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallbackHash<'a> {
    /// 3D and payment callbacks: `{hashKey}###{paymentId}###{merchantUniqueCode}###{amount}###{installment}`.
    Payment {
        /// `paymentId`.
        payment_id: &'a str,
        /// Your MerchantUniqueCode (`uniqueCode` in the 3D callback).
        merchant_unique_code: &'a str,
        /// `amount`, exactly as received.
        amount: &'a str,
        /// `installment`.
        installment: &'a str,
    },
    /// Bulk transaction callbacks: `{hashKey}###{bulkPaymentId}###{merchantUniqueCode}`.
    Bulk {
        /// `BulkPaymentId`.
        bulk_payment_id: &'a str,
        /// The bulk order's MerchantUniqueCode.
        merchant_unique_code: &'a str,
    },
    /// Checkout callbacks: `{hashKey}###{checkoutId}###{paymentId}###{uniqueCode}###{amount}`.
    Checkout {
        /// `checkoutId`.
        checkout_id: &'a str,
        /// `paymentId`.
        payment_id: &'a str,
        /// `uniqueCode`.
        unique_code: &'a str,
        /// `amount`, exactly as received.
        amount: &'a str,
    },
}

impl CallbackHash<'_> {
    fn fields(&self) -> Vec<&str> {
        match *self {
            CallbackHash::Payment {
                payment_id,
                merchant_unique_code,
                amount,
                installment,
            } => vec![payment_id, merchant_unique_code, amount, installment],
            CallbackHash::Bulk {
                bulk_payment_id,
                merchant_unique_code,
            } => vec![bulk_payment_id, merchant_unique_code],
            CallbackHash::Checkout {
                checkout_id,
                payment_id,
                unique_code,
                amount,
            } => vec![checkout_id, payment_id, unique_code, amount],
        }
    }

    /// The hash Paywall sends for these fields under `key`: lowercase hex SHA-256 of
    /// `key###field1###field2...`.
    pub fn compute(&self, key: &Secret) -> String {
        let mut input = String::from(key.expose());
        for field in self.fields() {
            input.push_str("###");
            input.push_str(field);
        }
        hex(&Sha256::digest(input.as_bytes()))
    }

    /// Whether `received` (the callback's `Hash`) matches, compared in constant time.
    /// Upper-case hex and surrounding whitespace are accepted.
    #[must_use]
    pub fn verify(&self, key: &Secret, received: &str) -> bool {
        let expected = self.compute(key);
        let received = received.trim().to_ascii_lowercase();
        constant_time_eq(expected.as_bytes(), received.as_bytes())
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// Compares without an early exit on the first differing byte (the length of a SHA-256 hex
/// digest is public).
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected digests computed independently:
    // printf '%s' 'k3y###2094937###a4d6a8f3###1.59###1' | sha256sum
    const PAYMENT: &str = "f366d7764ece506c5d4fe179837da1c45a446ae8a623e46429dcd93ae62f8819";
    // printf '%s' 'k3y###389###8279c96e' | sha256sum
    const BULK: &str = "1856a3c4be6f9f1bc40539a90bdf5b298bcc48e0db979bd07d2ebeb6e0ad599d";
    // printf '%s' 'k3y###c1###2094937###u1###10.00' | sha256sum
    const CHECKOUT: &str = "a71c405594b577dbc2af6e5dccf82e283da003101607d21068bdfabdd515c1a1";

    fn payment() -> CallbackHash<'static> {
        CallbackHash::Payment {
            payment_id: "2094937",
            merchant_unique_code: "a4d6a8f3",
            amount: "1.59",
            installment: "1",
        }
    }

    #[test]
    fn computes_lowercase_hex_sha256_of_the_joined_fields() {
        let key = Secret::new("k3y");
        assert_eq!(payment().compute(&key), PAYMENT);
        let bulk = CallbackHash::Bulk {
            bulk_payment_id: "389",
            merchant_unique_code: "8279c96e",
        };
        assert_eq!(bulk.compute(&key), BULK);
        let checkout = CallbackHash::Checkout {
            checkout_id: "c1",
            payment_id: "2094937",
            unique_code: "u1",
            amount: "10.00",
        };
        assert_eq!(checkout.compute(&key), CHECKOUT);
    }

    #[test]
    fn verifies_in_constant_time_and_rejects_changes() {
        let key = Secret::new("k3y");
        assert!(payment().verify(&key, PAYMENT));
        assert!(payment().verify(&key, &format!(" {} ", PAYMENT.to_uppercase())));
        assert!(!payment().verify(&Secret::new("other"), PAYMENT));
        assert!(!payment().verify(&key, &PAYMENT[..63]));
        assert!(!payment().verify(&key, ""));
        let other_amount = CallbackHash::Payment {
            payment_id: "2094937",
            merchant_unique_code: "a4d6a8f3",
            amount: "1.590",
            installment: "1",
        };
        assert!(!other_amount.verify(&key, PAYMENT));
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
