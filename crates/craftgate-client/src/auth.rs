//! Request signing: the client hooks that make every call carry Craftgate's auth headers.
//!
//! Every request gets `x-api-key`, a fresh `x-rnd-key`, `x-auth-version: v1` and
//! `x-signature` = Base64(SHA-256(percent-decoded full URL + apiKey + secretKey + rndKey +
//! body bytes)) (docs/providers/craftgate.md#signing). The query string is re-encoded first so
//! that spaces are `%20` (never `+`), and the URL that is signed is exactly the URL that is
//! sent (docs/providers/craftgate.md#query-encoding).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderName, HeaderValue};
use sha2::{Digest, Sha256};

use payments_wire::{CallPolicy, Origin, Secret};

/// Header carrying the API key.
pub const API_KEY_HEADER: &str = "x-api-key";
/// Header carrying the per-request random key.
pub const RND_KEY_HEADER: &str = "x-rnd-key";
/// Header carrying the auth version.
pub const AUTH_VERSION_HEADER: &str = "x-auth-version";
/// Header carrying the signature.
pub const SIGNATURE_HEADER: &str = "x-signature";
/// Header carrying the idempotency key of a write (not signed).
pub const IDEMPOTENCY_KEY_HEADER: &str = "x-idempotency-key";
/// The auth version sent (JAVA, NET, PHP, PY; docs/providers/craftgate.md#headers).
pub const AUTH_VERSION: &str = "v1";

/// Length of the random key: 24 alphanumerics, about 143 bits (16 or more would do;
/// docs/providers/craftgate.md#random-key).
/// The auth headers' names, parsed once at compile time.
const API_KEY: HeaderName = HeaderName::from_static(API_KEY_HEADER);
const RND_KEY: HeaderName = HeaderName::from_static(RND_KEY_HEADER);
const AUTH_VERSION_NAME: HeaderName = HeaderName::from_static(AUTH_VERSION_HEADER);
const SIGNATURE: HeaderName = HeaderName::from_static(SIGNATURE_HEADER);
/// The idempotency key's header name.
pub(crate) const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static(IDEMPOTENCY_KEY_HEADER);

const RND_KEY_LEN: usize = 24;

/// Characters of a query key or value that are percent-encoded: everything except the
/// RFC 3986 unreserved set, so a space is always `%20`.
const QUERY_ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The merchant's credentials, held by the generated [`Client`](crate::Client) and used to
/// sign each call. `Debug` prints neither key.
#[derive(Clone, Debug)]
pub struct Auth {
    api_key: Secret,
    /// The API key as a sensitive header value, checked once.
    api_key_header: HeaderValue,
    secret_key: Secret,
    /// The request policy every call runs under.
    pub(crate) policy: CallPolicy,
    /// The base URL, parsed once.
    pub(crate) origin: Origin,
}

impl Auth {
    /// The credentials, with the API key already checked as a header value.
    pub(crate) fn new(
        api_key: Secret,
        api_key_header: HeaderValue,
        secret_key: Secret,
        policy: CallPolicy,
        origin: Origin,
    ) -> Self {
        Self {
            api_key,
            api_key_header,
            secret_key,
            policy,
            origin,
        }
    }
}

/// Computes `x-signature`: Base64(SHA-256(decoded_url + api_key + secret_key + random_key +
/// body)), standard alphabet with padding. Plain SHA-256, not HMAC
/// (docs/providers/craftgate.md#signing).
///
/// `decoded_url` is the full request URL (scheme, host, port, path, `?query`) exactly as
/// sent, percent-decoded as UTF-8. `body` is the exact request body bytes, empty when there
/// is none.
///
/// ```
/// // docs/providers/craftgate.md#signature-test-vectors, vector 12 (DOCS "Örnek 1").
/// let s = craftgate_client::signature(
///     "https://api.craftgate.io/onboarding/v1/members/1",
///     "key-1",
///     "FooBar123!",
///     "Xa15Fp11T",
///     b"",
/// );
/// assert_eq!(s, "y1TtnjNCJEvlkP5ufCkK3H0i2guMB/bKL4Ayw3VlKWA=");
/// ```
pub fn signature(
    decoded_url: &str,
    api_key: &str,
    secret_key: &str,
    random_key: &str,
    body: &[u8],
) -> String {
    let mut hasher = Sha256::new();
    hasher.update(decoded_url.as_bytes());
    hasher.update(api_key.as_bytes());
    hasher.update(secret_key.as_bytes());
    hasher.update(random_key.as_bytes());
    hasher.update(body);
    STANDARD.encode(hasher.finalize())
}

/// A fresh random key: alphanumerics from the operating system's CSPRNG.
fn random_key() -> Result<String, String> {
    payments_wire::random::alphanumeric(RND_KEY_LEN)
        .ok_or_else(|| "the operating system gave no randomness for x-rnd-key".to_string())
}

/// Rewrites the query so every key and value is percent-encoded with `%20` for spaces,
/// keeping the order of the pairs. Progenitor builds queries form-style (`+` for a space,
/// `%2B` for a plus), which is what the decoding here expects.
fn reencode_query(url: &mut reqwest::Url) {
    if url.query().is_none() {
        return;
    }
    let encoded = url
        .query_pairs()
        .map(|(k, v)| {
            format!(
                "{}={}",
                utf8_percent_encode(&k, QUERY_ENCODE),
                utf8_percent_encode(&v, QUERY_ENCODE)
            )
        })
        .collect::<Vec<_>>()
        .join("&");
    url.set_query((!encoded.is_empty()).then_some(encoded.as_str()));
}

fn header(value: String, sensitive: bool) -> Result<HeaderValue, String> {
    let mut value = HeaderValue::try_from(value)
        .map_err(|_| "a header value is not valid in HTTP".to_string())?;
    value.set_sensitive(sensitive);
    Ok(value)
}

impl Auth {
    /// Re-encodes the query, then sets the auth headers on `request` with a fresh random key.
    pub(crate) fn sign(&self, request: &mut reqwest::Request) -> Result<(), String> {
        reencode_query(request.url_mut());
        let rnd_key = random_key()?;
        let body = match request.body() {
            None => &[][..],
            Some(body) => body
                .as_bytes()
                .ok_or("a streaming request body cannot be signed")?,
        };
        let decoded_url = percent_decode_str(request.url().as_str())
            .decode_utf8()
            .map_err(|_| "the request URL does not decode as UTF-8".to_string())?;
        let signature = signature(
            &decoded_url,
            self.api_key.expose(),
            self.secret_key.expose(),
            &rnd_key,
            body,
        );
        let headers = [
            (API_KEY, self.api_key_header.clone()),
            (RND_KEY, header(rnd_key, false)?),
            (AUTH_VERSION_NAME, HeaderValue::from_static(AUTH_VERSION)),
            (SIGNATURE, header(signature, true)?),
        ];
        let map = request.headers_mut();
        for (name, value) in headers {
            map.insert(name, value);
        }
        map.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        map.insert(ACCEPT, HeaderValue::from_static("application/json"));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> reqwest::Url {
        reqwest::Url::parse(s).unwrap()
    }

    #[test]
    fn query_is_reencoded_with_percent_twenty_in_order() {
        let mut u = url("http://h/p?b=sipari%C5%9F+no+1&a=1%2B1&c=x%3Ay");
        reencode_query(&mut u);
        assert_eq!(
            u.as_str(),
            "http://h/p?b=sipari%C5%9F%20no%201&a=1%2B1&c=x%3Ay"
        );
        let mut u = url("http://h/p");
        reencode_query(&mut u);
        assert_eq!(u.as_str(), "http://h/p");
    }

    #[test]
    fn random_keys_are_long_alphanumeric_and_fresh() {
        let a = random_key().unwrap();
        let b = random_key().unwrap();
        assert_eq!(a.len(), RND_KEY_LEN);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, b);
    }
}
