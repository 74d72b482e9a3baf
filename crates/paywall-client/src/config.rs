//! Client configuration: the two service hosts and the key pairs, and the validating
//! constructor [`Client::from_config`].

use std::fmt;
use std::time::Duration;

use payments_wire::Secret;
use reqwest::Url;
use reqwest::header::HeaderValue;

use crate::Client;
use crate::auth::{Auth, KeyPair};
use crate::error::PaywallError;

/// PaymentAPI, test environment (Global DC only; notes §1).
pub const TEST_PAYMENT_API: &str = "https://test-payment-api.itspaywall.com";
/// PaymentPrivateAPI, test environment (Global DC only; notes §1).
pub const TEST_PRIVATE_API: &str = "https://test-payment-private-api.itspaywall.com";
/// PaymentAPI, the older `dev-` test host still used by the Node SDK (notes §1).
pub const LEGACY_DEV_PAYMENT_API: &str = "https://dev-payment-api.itspaywall.com";
/// PaymentPrivateAPI, the older `dev-` test host still used by the Node SDK (notes §1).
pub const LEGACY_DEV_PRIVATE_API: &str = "https://dev-payment-private-api.itspaywall.com";
/// PaymentAPI, production, Global DC (notes §1).
pub const GLOBAL_PAYMENT_API: &str = "https://payment-api.itspaywall.com";
/// PaymentPrivateAPI, production, Global DC (notes §1).
pub const GLOBAL_PRIVATE_API: &str = "https://payment-private-api.itspaywall.com";
/// PaymentAPI, production, Turkey DC (notes §1).
pub const TURKEY_PAYMENT_API: &str = "https://payment-api.paywall.com.tr";
/// PaymentPrivateAPI, production, Turkey DC (notes §1).
pub const TURKEY_PRIVATE_API: &str = "https://payment-private-api.paywall.com.tr";

/// Overall request timeout used unless [`PaywallConfig::with_timeout`] says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// One Paywall key pair from the merchant panel (Developer > Integration): the key
/// (`apikeypublic` / `apikeyprivate`) and the client (`apiclientpublic` /
/// `apiclientprivate`). `Debug` never shows either.
#[derive(Clone)]
pub struct ApiKeys {
    pub(crate) api_key: Secret,
    pub(crate) api_client: Secret,
}

impl ApiKeys {
    /// A key pair: the key and the client value, both secret.
    pub fn new(api_key: impl Into<Secret>, api_client: impl Into<Secret>) -> Self {
        Self {
            api_key: api_key.into(),
            api_client: api_client.into(),
        }
    }

    /// Checks both values can be sent as HTTP header values.
    fn check(&self, pair: KeyPair) -> Result<(), PaywallError> {
        let (key_header, client_header) = pair.headers();
        for (header, secret) in [
            (key_header, &self.api_key),
            (client_header, &self.api_client),
        ] {
            let reason = if secret.expose().trim().is_empty() {
                "is empty"
            } else if HeaderValue::from_str(secret.expose()).is_err() {
                "contains characters not allowed in an HTTP header"
            } else {
                continue;
            };
            return Err(PaywallError::InvalidConfig {
                field: header,
                reason: reason.to_string(),
            });
        }
        Ok(())
    }
}

impl fmt::Debug for ApiKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKeys { api_key: ***, api_client: *** }")
    }
}

/// How to reach Paywall: the PaymentAPI and PaymentPrivateAPI base URLs (scheme, host and
/// port only), the key pairs and the request timeout.
///
/// Bulk operations and `payment/startdirect` need the public pair, every `private/*`
/// operation the private pair; a client may be built with either or both, and an
/// operation whose pair is missing fails with [`PaywallError::MissingKeys`] before any
/// request is sent.
#[derive(Clone, Debug)]
pub struct PaywallConfig {
    /// PaymentAPI base URL (bulk operations, payment start).
    pub payment_api_url: String,
    /// PaymentPrivateAPI base URL (`private/*` queries, cancel and refund).
    pub private_api_url: String,
    /// The public key pair (`apikeypublic` + `apiclientpublic`).
    pub public_keys: Option<ApiKeys>,
    /// The private key pair (`apikeyprivate` + `apiclientprivate`).
    pub private_keys: Option<ApiKeys>,
    /// Overall timeout of one request.
    pub timeout: Duration,
}

impl PaywallConfig {
    /// The test environment (Global DC, `test-` hosts), no keys yet.
    pub fn test() -> Self {
        Self::with_urls(TEST_PAYMENT_API, TEST_PRIVATE_API)
    }

    /// Production in the Global data centre, no keys yet.
    pub fn production_global() -> Self {
        Self::with_urls(GLOBAL_PAYMENT_API, GLOBAL_PRIVATE_API)
    }

    /// Production in the Turkey data centre (which has no test environment), no keys yet.
    pub fn production_turkey() -> Self {
        Self::with_urls(TURKEY_PAYMENT_API, TURKEY_PRIVATE_API)
    }

    /// Explicit base URLs (e.g. a local fake), no keys yet.
    pub fn with_urls(
        payment_api_url: impl Into<String>,
        private_api_url: impl Into<String>,
    ) -> Self {
        Self {
            payment_api_url: payment_api_url.into(),
            private_api_url: private_api_url.into(),
            public_keys: None,
            private_keys: None,
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// Sets the public key pair (`apikeypublic`, `apiclientpublic`).
    pub fn with_public_keys(
        mut self,
        api_key: impl Into<Secret>,
        api_client: impl Into<Secret>,
    ) -> Self {
        self.public_keys = Some(ApiKeys::new(api_key, api_client));
        self
    }

    /// Sets the private key pair (`apikeyprivate`, `apiclientprivate`).
    pub fn with_private_keys(
        mut self,
        api_key: impl Into<Secret>,
        api_client: impl Into<Secret>,
    ) -> Self {
        self.private_keys = Some(ApiKeys::new(api_key, api_client));
        self
    }

    /// Sets the overall request timeout.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

impl Default for PaywallConfig {
    /// The test environment ([`PaywallConfig::test`]).
    fn default() -> Self {
        Self::test()
    }
}

impl Client {
    /// Builds a client from `config`, checking the base URLs (scheme, host and optional port
    /// only; a trailing `/` is dropped) and that the configured keys can be sent.
    pub fn from_config(config: &PaywallConfig) -> Result<Self, PaywallError> {
        let payment_api = base_url("payment_api_url", &config.payment_api_url)?;
        let private_api = base_url("private_api_url", &config.private_api_url)?;
        if let Some(keys) = &config.public_keys {
            keys.check(KeyPair::Public)?;
        }
        if let Some(keys) = &config.private_keys {
            keys.check(KeyPair::Private)?;
        }
        let http = payments_wire::http_client(config.timeout).map_err(PaywallError::Transport)?;
        let baseurl = origin(&payment_api);
        let auth = Auth::new(
            payment_api,
            private_api,
            config.public_keys.clone(),
            config.private_keys.clone(),
        );
        Ok(Client::new_with_client(&baseurl, http, auth))
    }
}

/// Parses a base URL: http(s), a host, optionally a port; nothing else.
fn base_url(field: &'static str, raw: &str) -> Result<Url, PaywallError> {
    payments_wire::parse_base_url(raw).map_err(|e| PaywallError::InvalidConfig {
        field,
        reason: e.to_string(),
    })
}

/// `scheme://host[:port]`, without a trailing `/`.
pub(crate) fn origin(url: &Url) -> String {
    url.origin().ascii_serialization()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_origins_only() {
        let ok = |raw: &str| origin(&base_url("f", raw).unwrap());
        assert_eq!(
            ok("https://test-payment-api.itspaywall.com/"),
            TEST_PAYMENT_API
        );
        assert_eq!(ok(" http://127.0.0.1:8080 "), "http://127.0.0.1:8080");
        assert_eq!(
            ok("https://payment-api.paywall.com.tr:443"),
            TURKEY_PAYMENT_API
        );
        for bad in [
            "payment-api.itspaywall.com",
            "ftp://payment-api.itspaywall.com",
            "https://payment-api.itspaywall.com/api/paywall",
            "https://payment-api.itspaywall.com/?x=1",
            "https://payment-api.itspaywall.com/#top",
            "https://user:pw@payment-api.itspaywall.com",
        ] {
            let shown = base_url("payment_api_url", bad).unwrap_err().to_string();
            assert!(!shown.contains("pw@"), "{shown}");
            let err = base_url("payment_api_url", bad).unwrap_err();
            assert!(
                matches!(
                    err,
                    PaywallError::InvalidConfig {
                        field: "payment_api_url",
                        ..
                    }
                ),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn presets_and_debug_without_secrets() {
        let c = PaywallConfig::default().with_public_keys("pk_secret", "pc_secret");
        assert_eq!(c.payment_api_url, TEST_PAYMENT_API);
        assert_eq!(c.private_api_url, TEST_PRIVATE_API);
        assert_eq!(
            PaywallConfig::production_global().private_api_url,
            GLOBAL_PRIVATE_API
        );
        assert_eq!(
            PaywallConfig::production_turkey().payment_api_url,
            TURKEY_PAYMENT_API
        );
        let shown = format!("{c:?}");
        assert!(
            !shown.contains("pk_secret") && !shown.contains("pc_secret"),
            "{shown}"
        );
    }

    #[test]
    fn keys_must_be_sendable() {
        let c = PaywallConfig::test().with_private_keys("", "client");
        let err = Client::from_config(&c).unwrap_err();
        assert!(
            matches!(
                &err,
                PaywallError::InvalidConfig {
                    field: "apikeyprivate",
                    ..
                }
            ),
            "{err}"
        );
        let c = PaywallConfig::test().with_public_keys("key", "bad\nclient");
        let err = Client::from_config(&c).unwrap_err();
        assert!(
            matches!(
                &err,
                PaywallError::InvalidConfig {
                    field: "apiclientpublic",
                    ..
                }
            ),
            "{err}"
        );
        assert!(!err.to_string().contains("bad"), "{err}");
    }
}
