//! [`CraftgateConfig`] and the validating constructor [`Client::from_config`].

use payments_wire::{
    BaseUrl, CallPolicy, ConfigError, Origin, RequestPolicy, Secret, Service as _,
};

use crate::Client;
use crate::auth::Auth;
use crate::error::CraftgateApi;

/// Craftgate's production host (the Java, .NET and PHP clients' default;
/// docs/providers/craftgate.md#hosts).
pub const PRODUCTION_URL: BaseUrl = BaseUrl::from_static("https://api.craftgate.io");
/// Craftgate's sandbox host (the Node client's default; docs/providers/craftgate.md#hosts).
pub const SANDBOX_URL: BaseUrl = BaseUrl::from_static("https://sandbox-api.craftgate.io");

/// Whether `url` reaches a Craftgate where no real money moves: Craftgate's sandbox host,
/// or this machine (a local fake such as `payments-sandbox`). Any other host, production
/// or unknown, may be live.
pub fn is_test_host(url: &BaseUrl) -> bool {
    url.is_loopback() || url.host() == SANDBOX_URL.host()
}

/// Where and as whom to call Craftgate. `Debug` prints neither key.
#[derive(Clone, Debug, PartialEq)]
pub struct CraftgateConfig {
    /// Base URL: scheme, host and optional port only (the version is in each path).
    pub base_url: BaseUrl,
    /// The merchant API key.
    pub api_key: Secret,
    /// The merchant secret key.
    pub secret_key: Secret,
    /// Timeouts and retries (default [`RequestPolicy::default`]; its deadline is the
    /// official clients' 150 s read timeout, docs/providers/craftgate.md#hosts).
    pub policy: RequestPolicy,
}

impl CraftgateConfig {
    /// Settings for the sandbox (the default environment).
    pub fn new(api_key: impl Into<Secret>, secret_key: impl Into<Secret>) -> Self {
        Self::sandbox(api_key, secret_key)
    }

    /// Settings for the sandbox, `https://sandbox-api.craftgate.io`.
    pub fn sandbox(api_key: impl Into<Secret>, secret_key: impl Into<Secret>) -> Self {
        Self {
            base_url: SANDBOX_URL,
            api_key: api_key.into(),
            secret_key: secret_key.into(),
            policy: RequestPolicy::default(),
        }
    }

    /// Settings for production, `https://api.craftgate.io`.
    pub fn production(api_key: impl Into<Secret>, secret_key: impl Into<Secret>) -> Self {
        Self {
            base_url: PRODUCTION_URL,
            ..Self::sandbox(api_key, secret_key)
        }
    }

    /// The same settings with another base URL (e.g. a local fake).
    pub fn with_base_url(mut self, base_url: BaseUrl) -> Self {
        self.base_url = base_url;
        self
    }

    /// The same settings with another request policy.
    pub fn with_policy(mut self, policy: RequestPolicy) -> Self {
        self.policy = policy;
        self
    }
}

impl Client {
    /// Builds a client from `config`, checking the keys. Redirects are not followed (as in
    /// every official client); nothing is sent.
    pub fn from_config(config: &CraftgateConfig) -> Result<Self, ConfigError> {
        let service = CraftgateApi::NAME;
        let api_key_header = payments_wire::secret_header(service, "api key", &config.api_key)?;
        if config.secret_key.expose().is_empty() {
            return Err(ConfigError::Empty {
                service,
                field: "secret key",
            });
        }
        let origin = Origin::new(&config.base_url).map_err(|source| ConfigError::BaseUrl {
            service,
            field: "base URL",
            source,
        })?;
        let auth = Auth::new(
            config.api_key.clone(),
            api_key_header,
            config.secret_key.clone(),
            CallPolicy::new(config.policy.clone()),
            origin,
        );
        let http = payments_wire::http_client(service, &config.policy)?;
        if config.base_url.host() == PRODUCTION_URL.host() {
            tracing::info!(base_url = %config.base_url, "Craftgate client uses production");
        }
        Ok(Self::new_with_client(config.base_url.as_str(), http, auth))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_canonical_base_urls() {
        for host in [PRODUCTION_URL, SANDBOX_URL] {
            assert_eq!(BaseUrl::parse(host.as_str()).unwrap(), host);
        }
    }

    #[test]
    fn test_hosts_are_the_sandbox_and_this_machine() {
        let parse = |raw| BaseUrl::parse(raw).unwrap();
        assert!(is_test_host(&SANDBOX_URL));
        assert!(is_test_host(&parse("https://sandbox-api.craftgate.io:443")));
        assert!(is_test_host(&parse("http://127.0.0.1:7003")));
        assert!(!is_test_host(&PRODUCTION_URL));
        assert!(!is_test_host(&parse("https://craftgate.example.com")));
    }

    #[test]
    fn sandbox_is_the_default_and_keys_never_print() {
        let c = CraftgateConfig::new("api-123", "sec-456");
        assert_eq!(c.base_url, SANDBOX_URL);
        assert_eq!(
            CraftgateConfig::production("a", "b").base_url,
            PRODUCTION_URL
        );
        let printed = format!("{c:?}");
        assert!(!printed.contains("api-123") && !printed.contains("sec-456"));
    }

    #[test]
    fn credentials_are_checked_and_never_printed() {
        let refused = |api_key: &str, secret_key: &str| {
            Client::from_config(&CraftgateConfig::new(api_key, secret_key)).unwrap_err()
        };
        assert!(matches!(
            refused("", "s"),
            ConfigError::Empty {
                field: "api key",
                ..
            }
        ));
        assert!(matches!(
            refused("k", ""),
            ConfigError::Empty {
                field: "secret key",
                ..
            }
        ));
        assert!(matches!(
            refused("k\n1", "s"),
            ConfigError::NotAHeaderValue {
                field: "api key",
                ..
            }
        ));
        let client = Client::from_config(&CraftgateConfig::new("api-123", "sec-456")).unwrap();
        let printed = format!("{client:?} {:?}", client.inner);
        assert!(!printed.contains("api-123") && !printed.contains("sec-456"));
    }

    #[test]
    fn from_config_checks_everything() {
        let local = BaseUrl::parse("http://localhost:1/").unwrap();
        let ok = Client::from_config(&CraftgateConfig::new("k", "s").with_base_url(local)).unwrap();
        assert_eq!(ok.baseurl, "http://localhost:1");
        assert!(matches!(
            Client::from_config(&CraftgateConfig::new("", "s")),
            Err(ConfigError::Empty {
                field: "api key",
                ..
            })
        ));
        assert!(matches!(
            BaseUrl::parse("https://x/v1"),
            Err(e) if e.reason().contains("path")
        ));
        // A static base URL that is not a URL is refused here, not on the first call.
        let bad = BaseUrl::from_static("https://x.example:99999");
        assert!(matches!(
            Client::from_config(&CraftgateConfig::new("k", "s").with_base_url(bad)),
            Err(ConfigError::BaseUrl {
                field: "base URL",
                ..
            })
        ));
    }
}
