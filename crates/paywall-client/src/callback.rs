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
//! Only the hashed fields are vouched for: every other field of a callback (`status`,
//! `errorCode`, `Type`, `DateTime`, ...) is untrusted even when the hash matches.
//!
//! Verification decodes the received hex (either case, surrounding whitespace ignored) and
//! compares the 32 bytes in constant time (`subtle`). It takes several keys at once, so a
//! key can be rotated without refusing callbacks hashed with the old one, and says why it
//! refused ([`CallbackError`]).
//!
//! ```
//! use paywall_client::callback::{CallbackError, CallbackHash};
//! use payments_wire::Secret;
//!
//! let key = Secret::new("system-webhook-hash-key");
//! let fields = CallbackHash::Bulk { bulk_payment_id: "389", merchant_unique_code: "batch-1" };
//! let sent = fields.compute(&key); // what Paywall puts in `Hash`
//! assert_eq!(fields.verify(&key, &sent), Ok(()));
//! assert_eq!(fields.verify(&key, "0000"), Err(CallbackError::WrongLength { expected: 64, actual: 4 }));
//!
//! // While the key is rotated, accept both.
//! let keys = [Secret::new("new-key"), key];
//! assert_eq!(fields.verify_with_keys(&keys, Some(&sent)), Ok(()));
//! assert_eq!(fields.verify_with_keys(&keys[..1], Some(&sent)), Err(CallbackError::Mismatch));
//! ```

use payments_wire::Secret;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Length in bytes of a SHA-256 digest.
const DIGEST_LEN: usize = 32;
/// Length of a hash as sent: hex of 32 bytes.
const HASH_HEX_LEN: usize = 2 * DIGEST_LEN;

/// Why a callback's `Hash` was not accepted. No variant carries a key or the expected hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CallbackError {
    /// The callback has no `Hash`, or it is empty.
    #[error("the Paywall callback carries no `Hash`")]
    MissingHash,
    /// The `Hash` has a character that is not a hex digit.
    #[error("the Paywall callback `Hash` is not hex")]
    NotHex,
    /// The `Hash` is hex but not 64 digits long: cut short or padded on the way.
    #[error("the Paywall callback `Hash` has {actual} hex digits, not {expected}")]
    WrongLength {
        /// Hex digits in a SHA-256 hash (64).
        expected: usize,
        /// Hex digits received, surrounding whitespace left out.
        actual: usize,
    },
    /// The `Hash` matches none of the keys.
    ///
    /// Paywall's hash is a plain SHA-256 of the key and the fields, so a wrong or
    /// rotated-out key, a changed hashed field and a forged hash cannot be told apart, by
    /// design: all are this one answer.
    #[error("the Paywall callback `Hash` does not match")]
    Mismatch,
    /// No key was given to verify with, or only empty ones (with which anyone could compute
    /// the hash): a configuration error, not the sender's.
    #[error("no key to verify the Paywall callback `Hash` with")]
    NoKeys,
    /// A hashed field contains `###`, or starts or ends with `#`: the joined input could
    /// then be split into fields in more than one way, so which values were hashed is not
    /// certain. Names the field (e.g. `merchantUniqueCode`).
    #[error("the Paywall callback field `{0}` makes the hashed fields ambiguous")]
    AmbiguousField(&'static str),
}

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
    /// The hashed fields in order, each with its name in the hash input.
    fn fields(&self) -> Vec<(&'static str, &str)> {
        match *self {
            CallbackHash::Payment {
                payment_id,
                merchant_unique_code,
                amount,
                installment,
            } => vec![
                ("paymentId", payment_id),
                ("merchantUniqueCode", merchant_unique_code),
                ("amount", amount),
                ("installment", installment),
            ],
            CallbackHash::Bulk {
                bulk_payment_id,
                merchant_unique_code,
            } => vec![
                ("bulkPaymentId", bulk_payment_id),
                ("merchantUniqueCode", merchant_unique_code),
            ],
            CallbackHash::Checkout {
                checkout_id,
                payment_id,
                unique_code,
                amount,
            } => vec![
                ("checkoutId", checkout_id),
                ("paymentId", payment_id),
                ("uniqueCode", unique_code),
                ("amount", amount),
            ],
        }
    }

    fn digest(&self, key: &Secret) -> [u8; DIGEST_LEN] {
        let mut input = String::from(key.expose());
        for (_, field) in self.fields() {
            input.push_str("###");
            input.push_str(field);
        }
        Sha256::digest(input.as_bytes()).into()
    }

    /// The hash Paywall sends for these fields under `key`: lowercase hex SHA-256 of
    /// `key###field1###field2...`.
    pub fn compute(&self, key: &Secret) -> String {
        hex(&self.digest(key))
    }

    /// Checks `received` (the callback's `Hash`) under one key; see
    /// [`CallbackHash::verify_with_keys`].
    pub fn verify(&self, key: &Secret, received: &str) -> Result<(), CallbackError> {
        self.verify_with_keys(std::slice::from_ref(key), Some(received))
    }

    /// Checks `received` (the callback's `Hash`, `None` when the callback has none): valid
    /// when it is the hash of these fields under any of `keys` (e.g. `&[new_key, old_key]`
    /// while a key is rotated). Empty keys are skipped. The hex is decoded (upper case and
    /// surrounding whitespace accepted) and the bytes compared in constant time.
    pub fn verify_with_keys<'k>(
        &self,
        keys: impl IntoIterator<Item = &'k Secret>,
        received: Option<&str>,
    ) -> Result<(), CallbackError> {
        let received = decode_hash(received)?;
        if let Some((name, _)) = self.fields().into_iter().find(|(_, v)| ambiguous(v)) {
            return Err(CallbackError::AmbiguousField(name));
        }
        let mut keys = keys.into_iter().filter(|key| !key.is_empty()).peekable();
        if keys.peek().is_none() {
            return Err(CallbackError::NoKeys);
        }
        if keys.any(|key| bool::from(self.digest(key).as_slice().ct_eq(received.as_slice()))) {
            Ok(())
        } else {
            Err(CallbackError::Mismatch)
        }
    }
}

/// Decodes a received hash: present, hex (either case), 32 bytes.
fn decode_hash(received: Option<&str>) -> Result<[u8; DIGEST_LEN], CallbackError> {
    let text = received.map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return Err(CallbackError::MissingHash);
    }
    if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(CallbackError::NotHex);
    }
    if text.len() != HASH_HEX_LEN {
        return Err(CallbackError::WrongLength {
            expected: HASH_HEX_LEN,
            actual: text.len(),
        });
    }
    let mut bytes = [0u8; DIGEST_LEN];
    for (byte, pair) in bytes.iter_mut().zip(text.as_bytes().chunks_exact(2)) {
        *byte = std::str::from_utf8(pair)
            .ok()
            .and_then(|pair| u8::from_str_radix(pair, 16).ok())
            .ok_or(CallbackError::NotHex)?;
    }
    Ok(bytes)
}

/// Whether a field joined with `###` could be split off differently: it contains the
/// separator, or a `#` at either end would merge with one.
fn ambiguous(field: &str) -> bool {
    field.contains("###") || field.starts_with('#') || field.ends_with('#')
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // The vectors of docs/providers/paywall.md#hash-verification, computed independently:
    // printf '%s' 'k3y###2094937###a4d6a8f3###1.59###1' | sha256sum
    const PAYMENT: &str = "f366d7764ece506c5d4fe179837da1c45a446ae8a623e46429dcd93ae62f8819";
    // printf '%s' 'k3y###389###8279c96e' | sha256sum
    const BULK: &str = "1856a3c4be6f9f1bc40539a90bdf5b298bcc48e0db979bd07d2ebeb6e0ad599d";
    // printf '%s' 'k3y###c1###2094937###u1###10.00' | sha256sum
    const CHECKOUT: &str = "a71c405594b577dbc2af6e5dccf82e283da003101607d21068bdfabdd515c1a1";

    fn key() -> Secret {
        Secret::new("k3y")
    }

    fn payment() -> CallbackHash<'static> {
        CallbackHash::Payment {
            payment_id: "2094937",
            merchant_unique_code: "a4d6a8f3",
            amount: "1.59",
            installment: "1",
        }
    }

    fn bulk() -> CallbackHash<'static> {
        CallbackHash::Bulk {
            bulk_payment_id: "389",
            merchant_unique_code: "8279c96e",
        }
    }

    fn checkout() -> CallbackHash<'static> {
        CallbackHash::Checkout {
            checkout_id: "c1",
            payment_id: "2094937",
            unique_code: "u1",
            amount: "10.00",
        }
    }

    /// Every documented scenario with its vector.
    fn vectors() -> [(CallbackHash<'static>, &'static str); 3] {
        [(payment(), PAYMENT), (bulk(), BULK), (checkout(), CHECKOUT)]
    }

    /// Each scenario with one hashed field changed at a time (by one character, or by a
    /// different decimal form of the same amount).
    fn tampered() -> Vec<CallbackHash<'static>> {
        vec![
            CallbackHash::Payment {
                payment_id: "2094938",
                merchant_unique_code: "a4d6a8f3",
                amount: "1.59",
                installment: "1",
            },
            CallbackHash::Payment {
                payment_id: "2094937",
                merchant_unique_code: "a4d6a8f4",
                amount: "1.59",
                installment: "1",
            },
            CallbackHash::Payment {
                payment_id: "2094937",
                merchant_unique_code: "a4d6a8f3",
                amount: "1.590",
                installment: "1",
            },
            CallbackHash::Payment {
                payment_id: "2094937",
                merchant_unique_code: "a4d6a8f3",
                amount: "1.59",
                installment: "2",
            },
            CallbackHash::Bulk {
                bulk_payment_id: "388",
                merchant_unique_code: "8279c96e",
            },
            CallbackHash::Bulk {
                bulk_payment_id: "389",
                merchant_unique_code: "8279c96f",
            },
            CallbackHash::Checkout {
                checkout_id: "c2",
                payment_id: "2094937",
                unique_code: "u1",
                amount: "10.00",
            },
            CallbackHash::Checkout {
                checkout_id: "c1",
                payment_id: "2094936",
                unique_code: "u1",
                amount: "10.00",
            },
            CallbackHash::Checkout {
                checkout_id: "c1",
                payment_id: "2094937",
                unique_code: "u2",
                amount: "10.00",
            },
            CallbackHash::Checkout {
                checkout_id: "c1",
                payment_id: "2094937",
                unique_code: "u1",
                amount: "10.0",
            },
        ]
    }

    #[test]
    fn computes_lowercase_hex_sha256_of_the_joined_fields() {
        for (fields, expected) in vectors() {
            assert_eq!(fields.compute(&key()), expected, "{fields:?}");
        }
    }

    #[test]
    fn the_documented_vectors_verify_in_either_case_and_with_whitespace() {
        for (fields, expected) in vectors() {
            assert_eq!(fields.verify(&key(), expected), Ok(()), "{fields:?}");
            assert_eq!(
                fields.verify(&key(), &format!(" {}\n", expected.to_uppercase())),
                Ok(()),
                "{fields:?}"
            );
        }
    }

    #[test]
    fn a_rotated_key_verifies_while_both_keys_are_listed() {
        let old = key();
        let new = Secret::new("n3w");
        for (fields, expected) in vectors() {
            assert_eq!(
                fields.verify_with_keys(&[new.clone(), old.clone()], Some(expected)),
                Ok(())
            );
            assert_eq!(
                fields.verify_with_keys([&old, &new], Some(expected)),
                Ok(())
            );
            assert_eq!(
                fields.verify_with_keys([&new], Some(expected)),
                Err(CallbackError::Mismatch)
            );
            let signed_with_new = fields.compute(&new);
            assert_eq!(
                fields.verify_with_keys(&[new.clone(), old.clone()], Some(&signed_with_new)),
                Ok(())
            );
            assert_eq!(
                fields.verify(&old, &signed_with_new),
                Err(CallbackError::Mismatch)
            );
        }
    }

    #[test]
    fn no_key_or_only_empty_keys_is_a_configuration_error() {
        let empty = Secret::new("");
        for (fields, expected) in vectors() {
            assert_eq!(
                fields.verify_with_keys([], Some(expected)),
                Err(CallbackError::NoKeys)
            );
            // With an empty key the hash is public knowledge: never accept it.
            let forged = fields.compute(&empty);
            assert_eq!(
                fields.verify_with_keys([&empty], Some(&forged)),
                Err(CallbackError::NoKeys)
            );
            assert_eq!(
                fields.verify_with_keys([&empty, &key()], Some(&forged)),
                Err(CallbackError::Mismatch)
            );
            assert_eq!(
                fields.verify_with_keys([&empty, &key()], Some(expected)),
                Ok(())
            );
        }
    }

    #[test]
    fn each_hashed_field_changed_is_a_mismatch() {
        // Only the hashed fields are vouched for; any other callback field (status,
        // errorCode, DateTime, ...) is untrusted whatever the hash says.
        let all = [PAYMENT, BULK, CHECKOUT];
        for fields in tampered() {
            let expected = vectors()
                .into_iter()
                .find(|(v, _)| std::mem::discriminant(v) == std::mem::discriminant(&fields))
                .map(|(_, h)| h)
                .unwrap();
            assert_eq!(
                fields.verify(&key(), expected),
                Err(CallbackError::Mismatch),
                "{fields:?}"
            );
            assert!(all.iter().all(|h| fields.verify(&key(), h).is_err()));
        }
    }

    #[test]
    fn a_scenario_hash_does_not_verify_another_scenario() {
        assert_eq!(payment().verify(&key(), BULK), Err(CallbackError::Mismatch));
        assert_eq!(
            bulk().verify(&key(), CHECKOUT),
            Err(CallbackError::Mismatch)
        );
        assert_eq!(
            checkout().verify(&key(), PAYMENT),
            Err(CallbackError::Mismatch)
        );
    }

    #[test]
    fn a_truncated_or_extended_hash_has_the_wrong_length() {
        assert_eq!(
            payment().verify(&key(), &PAYMENT[..63]),
            Err(CallbackError::WrongLength {
                expected: 64,
                actual: 63
            })
        );
        // One byte (two hex digits) cut off.
        assert_eq!(
            payment().verify(&key(), &PAYMENT[..62]),
            Err(CallbackError::WrongLength {
                expected: 64,
                actual: 62
            })
        );
        assert_eq!(
            payment().verify(&key(), &PAYMENT[1..]),
            Err(CallbackError::WrongLength {
                expected: 64,
                actual: 63
            })
        );
        assert_eq!(
            payment().verify(&key(), &format!("{PAYMENT}0")),
            Err(CallbackError::WrongLength {
                expected: 64,
                actual: 65
            })
        );
        assert_eq!(
            payment().verify(&key(), &format!("{PAYMENT}{PAYMENT}")),
            Err(CallbackError::WrongLength {
                expected: 64,
                actual: 128
            })
        );
    }

    #[test]
    fn a_hash_that_is_not_hex_is_refused_as_such() {
        let mut not_hex = PAYMENT.to_string();
        not_hex.replace_range(10..11, "g");
        for bad in [
            not_hex.as_str(),
            "not hex",
            "+f366d7764ece506c5d4fe179837da1c45a446ae8a623e46429dcd93ae62f881",
            "0x66d7764ece506c5d4fe179837da1c45a446ae8a623e46429dcd93ae62f8819",
            // Base64 of the same digest.
            "82bXdk7OUGxdT+F5g32hxFpEauimI+RkKdzZOuYviBk=",
        ] {
            assert_eq!(
                payment().verify(&key(), bad),
                Err(CallbackError::NotHex),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_missing_or_empty_hash_is_refused_as_such() {
        assert_eq!(
            payment().verify_with_keys([&key()], None),
            Err(CallbackError::MissingHash)
        );
        for empty in ["", "   ", "\t\n"] {
            assert_eq!(
                payment().verify(&key(), empty),
                Err(CallbackError::MissingHash),
                "{empty:?}"
            );
        }
    }

    #[test]
    fn fields_that_could_be_split_differently_are_refused() {
        // `a4d6a8f3#` then `1.59` hashes exactly like `a4d6a8f3` then `#1.59`.
        let one = CallbackHash::Payment {
            payment_id: "2094937",
            merchant_unique_code: "a4d6a8f3#",
            amount: "1.59",
            installment: "1",
        };
        let other = CallbackHash::Payment {
            payment_id: "2094937",
            merchant_unique_code: "a4d6a8f3",
            amount: "#1.59",
            installment: "1",
        };
        assert_eq!(one.compute(&key()), other.compute(&key()));
        let hash = one.compute(&key());
        assert_eq!(
            one.verify(&key(), &hash),
            Err(CallbackError::AmbiguousField("merchantUniqueCode"))
        );
        assert_eq!(
            other.verify(&key(), &hash),
            Err(CallbackError::AmbiguousField("amount"))
        );
        let inner = CallbackHash::Bulk {
            bulk_payment_id: "389###x",
            merchant_unique_code: "8279c96e",
        };
        assert_eq!(
            inner.verify(&key(), &inner.compute(&key())),
            Err(CallbackError::AmbiguousField("bulkPaymentId"))
        );
        // A `#` inside a field, away from its ends and not `###`, is unambiguous.
        let fine = CallbackHash::Checkout {
            checkout_id: "c#1",
            payment_id: "2094937",
            unique_code: "u##1",
            amount: "10.00",
        };
        assert_eq!(fine.verify(&key(), &fine.compute(&key())), Ok(()));
    }

    #[test]
    fn errors_never_show_the_key_or_the_expected_hash() {
        let secret = "s3cr3t-hash-key";
        let key = Secret::new(secret);
        let expected = payment().compute(&key);
        let failures = [
            payment().verify(&key, ""),
            payment().verify(&key, "xyz"),
            payment().verify(&key, &expected[..63]),
            payment().verify(&key, PAYMENT),
            payment().verify_with_keys([], Some(&expected)),
        ];
        for failure in failures {
            let error = failure.unwrap_err();
            for shown in [error.to_string(), format!("{error:?}")] {
                assert!(!shown.contains(secret), "{shown}");
                assert!(!shown.contains(&expected), "{shown}");
                assert!(!shown.contains(&expected[..16]), "{shown}");
            }
        }
    }
}
