//! The request signature (docs/providers/craftgate.md#signing):
//! `Base64(SHA-256(decoded full URL + apiKey + secretKey + x-rnd-key + body))`, plain SHA-256
//! over the concatenation, standard Base64.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

/// The percent-decoded (UTF-8) form of the full URL, as every official client hashes it.
/// `+` stays `+`: only PY's decoder turns it into a space
/// (docs/providers/craftgate.md#signed-url-and-body).
pub(crate) fn decode_url(full_url: &str) -> String {
    percent_encoding::percent_decode_str(full_url)
        .decode_utf8_lossy()
        .into_owned()
}

/// The expected `x-signature` for an already-decoded URL and the exact body bytes (empty
/// when there is no body).
pub(crate) fn signature(
    decoded_url: &str,
    api_key: &str,
    secret_key: &str,
    rnd: &str,
    body: &[u8],
) -> String {
    let mut hasher = Sha256::new();
    hasher.update(decoded_url.as_bytes());
    hasher.update(api_key.as_bytes());
    hasher.update(secret_key.as_bytes());
    hasher.update(rnd.as_bytes());
    hasher.update(body);
    STANDARD.encode(hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The verified vectors of docs/providers/craftgate.md#signature-test-vectors.
    #[test]
    fn matches_the_documented_vectors() {
        let members = r#"{"memberExternalId":"ext-1511","name":"Haluk Demir","email":"haluk.demir@example.com","phoneNumber":"905551111111"}"#;
        let rs_body = r#"{"email": "haluk.demir@example.com","name": "Haluk Demir","phoneNumber": "905551111111","address": "Beylerbeyi Cad. Lale Sok. No: 38 Daire: 3 Üsküdar","identityNumber": "11111111110","contactName": "Haluk","contactSurname": "Demir","memberExternalId": "0ac49f08-f2a9-4326-a4d8-f6c1b01596fb"}"#;
        let vectors: [(&str, &str, &str, &str, &str, &str); 12] = [
            (
                "https://sandbox-api.craftgate.io",
                "dummy",
                "dummy",
                "123",
                "",
                "sgmDw5GY819oFF8SC5OTORgqvKGL/4iTZxCeWTSJP5Y=",
            ),
            (
                "https://sandbox-api.craftgate.io",
                "dummy",
                "dummy",
                "123",
                r#"{"foo": 42}"#,
                "tAse+e0kJf/+XC6yrM+laeTcszYTH8z7uNc5oZAIGPs=",
            ),
            (
                "http://localhost:8000/foo?foo=42",
                "dummy",
                "dummy",
                "foo",
                "",
                "tf0w4o41UCEreJKeQZRHDmJlZr1K2IxG67dMZE5+0gc=",
            ),
            (
                "http://localhost:8000/foo",
                "dummy",
                "dummy",
                "foo",
                r#"{"foo":42}"#,
                "5PmVYuEmz1ueo49ta5QraJUrtUcDr0RKGwT+ZlmJqmM=",
            ),
            (
                "http://api.craftgate.io/onboarding/v1/members",
                "api-key",
                "secret-key",
                "rand-2010",
                members,
                "Tj0mkbp+WLBwLhS65CjX708PGCl9hD9rlT6n6Zgcyi8=",
            ),
            (
                "http://api.craftgate.io/onboarding/v1/members",
                "api-key",
                "secret-key",
                "rand-2010",
                "",
                "lecLrGZXo5u+Oq3V33vIqtbLU2fopbiH78kq6wjWNDQ=",
            ),
            (
                "https://api.craftgate.io/onboarding/v1/members",
                "api-key",
                "secret-key",
                "rand-2010",
                members,
                "9guTlRNDTRRyUsfSyJ8N/gAdNgQgUsL1guzqgG+FzN4=",
            ),
            (
                "https://api.craftgate.io/onboarding/v1/members",
                "api-key",
                "secret-key",
                "rand-2010",
                "",
                "/IoWMs1tQ329eEC4XoDwQAhYc4eHZKV8bdFYNhrL/BQ=",
            ),
            (
                "http://localhost:8000/installment/v1/installments",
                "api-key",
                "secret-key",
                "1234",
                "",
                "uK7LkWOEzVH+Px/YOiMuSXvPkHLR4KoA7PuykXcYovQ=",
            ),
            (
                "http://localhost:8000/payment/v1/cards",
                "api-key",
                "secret-key",
                "1234",
                r#"{"cardUserKey":"de050909-39a9-473c-a81a-f186dd55cfef"}"#,
                "kQm62AfjXCw6rS6QBCLXta9tV1GqD/SXsAlYP+cEhG8=",
            ),
            (
                "https://api.craftgate.io/onboarding/v1/members/1",
                "key-1",
                "FooBar123!",
                "Xa15Fp11T",
                "",
                "y1TtnjNCJEvlkP5ufCkK3H0i2guMB/bKL4Ayw3VlKWA=",
            ),
            (
                "https://api.craftgate.io/onboarding/v1/members",
                "key-1",
                "FooBar123!",
                "Xa15Fp11T",
                rs_body,
                "nv8y2bSnFjYNRzVRqzkHTK5RXKuN04hoK6fLE2+nzTw=",
            ),
        ];
        for (url, key, secret, rnd, body, expected) in vectors {
            assert_eq!(
                signature(url, key, secret, rnd, body.as_bytes()),
                expected,
                "{url} {body}"
            );
        }
    }

    #[test]
    fn urls_are_percent_decoded_before_hashing() {
        assert_eq!(
            decode_url("http://h:1/p?name=Haluk%20Demir&d=2021-11-15T14%3A07%3A18&plus=a+b"),
            "http://h:1/p?name=Haluk Demir&d=2021-11-15T14:07:18&plus=a+b"
        );
    }
}
