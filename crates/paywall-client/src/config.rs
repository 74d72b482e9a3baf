//! Client configuration: the two service hosts and the key pairs, and the validating
//! constructor [`Client::from_config`].

use payments_wire::{
    BaseUrl, CallPolicy, ConfigError, Origin, RequestPolicy, Secret, Service as _,
};

use crate::Client;
use crate::auth::{Auth, KeyHeaders};
use crate::error::PaywallApi;
use crate::keys::{ApiKeys, KeyPair};

/// PaymentAPI, test environment (Global DC only; docs/providers/paywall.md#hosts).
pub const TEST_PAYMENT_API: BaseUrl =
    BaseUrl::from_static("https://test-payment-api.itspaywall.com");
/// PaymentPrivateAPI, test environment (Global DC only; docs/providers/paywall.md#hosts).
pub const TEST_PRIVATE_API: BaseUrl =
    BaseUrl::from_static("https://test-payment-private-api.itspaywall.com");
/// PaymentAPI, the older test host name (`dev-`), still used by the Node SDK and the
/// WooCommerce plugin (docs/providers/paywall.md#test-hosts).
pub const DEV_PAYMENT_API: BaseUrl = BaseUrl::from_static("https://dev-payment-api.itspaywall.com");
/// PaymentPrivateAPI, the older test host name (`dev-`; docs/providers/paywall.md#test-hosts).
pub const DEV_PRIVATE_API: BaseUrl =
    BaseUrl::from_static("https://dev-payment-private-api.itspaywall.com");
/// PaymentAPI, production, Global DC (docs/providers/paywall.md#hosts).
pub const GLOBAL_PAYMENT_API: BaseUrl = BaseUrl::from_static("https://payment-api.itspaywall.com");
/// PaymentPrivateAPI, production, Global DC (docs/providers/paywall.md#hosts).
pub const GLOBAL_PRIVATE_API: BaseUrl =
    BaseUrl::from_static("https://payment-private-api.itspaywall.com");
/// PaymentAPI, production, Turkey DC (docs/providers/paywall.md#hosts).
pub const TURKEY_PAYMENT_API: BaseUrl = BaseUrl::from_static("https://payment-api.paywall.com.tr");
/// PaymentPrivateAPI, production, Turkey DC (docs/providers/paywall.md#hosts).
pub const TURKEY_PRIVATE_API: BaseUrl =
    BaseUrl::from_static("https://payment-private-api.paywall.com.tr");

/// The production hosts: real money moves there.
const PRODUCTION: [BaseUrl; 4] = [
    GLOBAL_PAYMENT_API,
    GLOBAL_PRIVATE_API,
    TURKEY_PAYMENT_API,
    TURKEY_PRIVATE_API,
];

/// The test hosts, both generations (docs/providers/paywall.md#test-hosts).
const TEST: [BaseUrl; 4] = [
    TEST_PAYMENT_API,
    TEST_PRIVATE_API,
    DEV_PAYMENT_API,
    DEV_PRIVATE_API,
];

/// Whether `url` reaches a Paywall where no real money moves: one of Paywall's test hosts
/// (`test-` or `dev-`, Global DC; the Turkey DC has none), or this machine (a local fake
/// such as `payments-sandbox`). Any other host, production or unknown, may be live.
pub fn is_test_host(url: &BaseUrl) -> bool {
    url.is_loopback() || TEST.iter().any(|test| test.host() == url.host())
}

/// How to reach Paywall: the PaymentAPI and PaymentPrivateAPI base URLs (scheme, host and
/// port only), the key pairs and the request policy.
///
/// Bulk operations and `payment/startdirect` need the public pair, every `private/*`
/// operation the private pair; a client may be built with either or both, and an
/// operation whose pair is missing is refused with
/// [`Refusal::MissingKeys`](crate::Refusal::MissingKeys) before any request is sent.
#[derive(Clone, Debug, PartialEq)]
pub struct PaywallConfig {
    /// PaymentAPI base URL (bulk operations, payment start).
    pub payment_api_url: BaseUrl,
    /// PaymentPrivateAPI base URL (`private/*` queries, cancel and refund).
    pub private_api_url: BaseUrl,
    /// The public key pair (`apikeypublic` + `apiclientpublic`).
    pub public_keys: Option<ApiKeys>,
    /// The private key pair (`apikeyprivate` + `apiclientprivate`).
    pub private_keys: Option<ApiKeys>,
    /// Timeouts and retries (default [`RequestPolicy::default`]).
    pub policy: RequestPolicy,
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
    pub fn with_urls(payment_api_url: BaseUrl, private_api_url: BaseUrl) -> Self {
        Self {
            payment_api_url,
            private_api_url,
            public_keys: None,
            private_keys: None,
            policy: RequestPolicy::default(),
        }
    }

    /// Explicit base URLs given as text, checked here; the error names the one that is
    /// not `scheme://host[:port]`.
    pub fn from_urls(payment_api_url: &str, private_api_url: &str) -> Result<Self, ConfigError> {
        let parse = |field, raw| {
            BaseUrl::parse(raw).map_err(|source| ConfigError::BaseUrl {
                service: PaywallApi::NAME,
                field,
                source,
            })
        };
        Ok(Self::with_urls(
            parse("payment_api_url", payment_api_url)?,
            parse("private_api_url", private_api_url)?,
        ))
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

    /// Sets the request policy.
    pub fn with_policy(mut self, policy: RequestPolicy) -> Self {
        self.policy = policy;
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
    /// Builds a client from `config`, checking that the configured keys can be sent as
    /// HTTP headers. Nothing is sent.
    pub fn from_config(config: &PaywallConfig) -> Result<Self, ConfigError> {
        let headers =
            |pair, keys: &Option<ApiKeys>| keys.as_ref().map(|k| key_headers(pair, k)).transpose();
        let origin = |field, base| {
            Origin::new(base).map_err(|source| ConfigError::BaseUrl {
                service: PaywallApi::NAME,
                field,
                source,
            })
        };
        let auth = Auth::new(
            origin("payment_api_url", &config.payment_api_url)?,
            origin("private_api_url", &config.private_api_url)?,
            headers(KeyPair::Public, &config.public_keys)?,
            headers(KeyPair::Private, &config.private_keys)?,
            CallPolicy::new(config.policy.clone()),
        );
        let http = payments_wire::http_client(PaywallApi::NAME, &config.policy)?;
        for url in [&config.payment_api_url, &config.private_api_url] {
            if PRODUCTION.iter().any(|p| p.host() == url.host()) {
                tracing::info!(base_url = %url, "Paywall client uses production");
            }
        }
        Ok(Client::new_with_client(
            config.payment_api_url.as_str(),
            http,
            auth,
        ))
    }
}

/// A key pair as the sensitive header values it is sent as, or why it cannot be sent.
fn key_headers(pair: KeyPair, keys: &ApiKeys) -> Result<KeyHeaders, ConfigError> {
    let (key, client) = pair.headers();
    let header = |field, secret| payments_wire::secret_header(PaywallApi::NAME, field, secret);
    Ok(KeyHeaders {
        key: header(key, &keys.api_key)?,
        client: header(client, &keys.api_client)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_canonical_base_urls() {
        for host in TEST.iter().chain(&PRODUCTION) {
            assert_eq!(&BaseUrl::parse(host.as_str()).unwrap(), host);
        }
    }

    #[test]
    fn test_hosts_are_both_generations_and_this_machine() {
        for host in &TEST {
            assert!(is_test_host(host), "{host}");
        }
        assert!(is_test_host(
            &BaseUrl::parse("http://127.0.0.1:7001").unwrap()
        ));
        for host in &PRODUCTION {
            assert!(!is_test_host(host), "{host}");
        }
        assert!(!is_test_host(
            &BaseUrl::parse("https://paywall.example.com").unwrap()
        ));
    }

    #[test]
    fn base_urls_given_as_text_name_the_bad_one() {
        let ok = PaywallConfig::from_urls(
            "https://test-payment-api.itspaywall.com/",
            " http://127.0.0.1:8080 ",
        )
        .unwrap();
        assert_eq!(ok.payment_api_url, TEST_PAYMENT_API);
        assert_eq!(ok.private_api_url, "http://127.0.0.1:8080");
        for bad in [
            "payment-api.itspaywall.com",
            "ftp://payment-api.itspaywall.com",
            "https://payment-api.itspaywall.com/api/paywall",
            "https://payment-api.itspaywall.com/?x=1",
            "https://payment-api.itspaywall.com/#top",
            "https://user:pw@payment-api.itspaywall.com",
        ] {
            let err = PaywallConfig::from_urls("https://x.test", bad).unwrap_err();
            assert!(!err.to_string().contains("pw@"), "{err}");
            assert!(
                matches!(
                    err,
                    ConfigError::BaseUrl {
                        field: "private_api_url",
                        ..
                    }
                ),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn a_static_base_url_that_is_not_a_url_is_refused_by_the_client() {
        let bad = BaseUrl::from_static("https://x.example:99999");
        let fine = BaseUrl::from_static("https://y.example");
        for (payment, private, named) in [
            (&bad, &fine, "payment_api_url"),
            (&fine, &bad, "private_api_url"),
        ] {
            let config = PaywallConfig::with_urls(payment.clone(), private.clone());
            assert!(
                matches!(
                    Client::from_config(&config),
                    Err(ConfigError::BaseUrl { field, .. }) if field == named
                ),
                "{named}"
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
                ConfigError::Empty {
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
                ConfigError::NotAHeaderValue {
                    field: "apiclientpublic",
                    ..
                }
            ),
            "{err}"
        );
        assert!(!err.to_string().contains("bad"), "{err}");
    }
}
