//! Settings and the validating constructor of [`Client`].

use std::time::Duration;

use payments_wire::Secret;

use crate::Client;
use crate::auth::Auth;

/// Craftgate's production host (JAVA, NET, PHP default; api-notes/craftgate.md §1).
pub const PRODUCTION_URL: &str = "https://api.craftgate.io";
/// Craftgate's sandbox host (NODE default, DOCS; api-notes/craftgate.md §1).
pub const SANDBOX_URL: &str = "https://sandbox-api.craftgate.io";
/// Overall timeout of one call unless told otherwise: the official clients' 150 s read
/// timeout (JAVA, PY, PHP; api-notes/craftgate.md §1).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(150);

/// Where and as whom to call Craftgate. `Debug` prints neither key.
#[derive(Clone, Debug, PartialEq)]
pub struct CraftgateConfig {
    /// Base URL: scheme, host and optional port only (the version is in each path). A
    /// trailing `/` is accepted and stripped.
    pub base_url: String,
    /// The merchant API key.
    pub api_key: Secret,
    /// The merchant secret key.
    pub secret_key: Secret,
}

impl CraftgateConfig {
    /// Settings for the sandbox (the default environment).
    pub fn new(api_key: impl Into<Secret>, secret_key: impl Into<Secret>) -> Self {
        Self::sandbox(api_key, secret_key)
    }

    /// Settings for the sandbox, `https://sandbox-api.craftgate.io`.
    pub fn sandbox(api_key: impl Into<Secret>, secret_key: impl Into<Secret>) -> Self {
        Self {
            base_url: SANDBOX_URL.to_string(),
            api_key: api_key.into(),
            secret_key: secret_key.into(),
        }
    }

    /// Settings for production, `https://api.craftgate.io`.
    pub fn production(api_key: impl Into<Secret>, secret_key: impl Into<Secret>) -> Self {
        Self {
            base_url: PRODUCTION_URL.to_string(),
            api_key: api_key.into(),
            secret_key: secret_key.into(),
        }
    }

    /// The same settings with another base URL (e.g. a local fake), checked when the client
    /// is built.
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }
}

/// Settings that cannot work, and why. Never contains a key.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The base URL is not `scheme://host[:port]`.
    #[error("Craftgate base URL {0}")]
    BaseUrl(#[from] payments_wire::BaseUrlError),
    /// A key is empty.
    #[error("Craftgate {0} is empty")]
    MissingKey(&'static str),
    /// The API key holds characters an HTTP header cannot carry.
    #[error("Craftgate api key holds characters an HTTP header cannot carry")]
    InvalidApiKey,
    /// The HTTP client could not be built (e.g. no TLS backend).
    #[error("building the HTTP client failed: {0}")]
    HttpClient(#[source] reqwest::Error),
}

/// Checks a base URL and returns it as `scheme://host[:port]` without a trailing `/`.
pub fn checked_base_url(raw: &str) -> Result<String, ConfigError> {
    let url = payments_wire::parse_base_url(raw)?;
    Ok(url.origin().ascii_serialization())
}

impl Client {
    /// Builds a client from checked settings, with [`DEFAULT_TIMEOUT`].
    pub fn from_config(config: CraftgateConfig) -> Result<Self, ConfigError> {
        Self::from_config_with_timeout(config, DEFAULT_TIMEOUT)
    }

    /// Builds a client from checked settings with an overall per-call `timeout`. Redirects
    /// are not followed (as in every official client).
    pub fn from_config_with_timeout(
        config: CraftgateConfig,
        timeout: Duration,
    ) -> Result<Self, ConfigError> {
        let base_url = checked_base_url(&config.base_url)?;
        let auth = Auth::new(config.api_key, config.secret_key)?;
        let http = payments_wire::http_client(timeout).map_err(ConfigError::HttpClient)?;
        Ok(Self::new_with_client(&base_url, http, auth))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_scheme_host_port_only() {
        assert_eq!(
            checked_base_url("https://sandbox-api.craftgate.io/").unwrap(),
            SANDBOX_URL
        );
        assert_eq!(
            checked_base_url("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        for bad in [
            "https://api.craftgate.io/payment",
            "https://api.craftgate.io?x=1",
            "https://api.craftgate.io#f",
            "ftp://api.craftgate.io",
            "api.craftgate.io",
            "https://u:p@api.craftgate.io",
            "",
        ] {
            assert!(
                matches!(checked_base_url(bad), Err(ConfigError::BaseUrl(_))),
                "{bad}"
            );
        }
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
    fn from_config_checks_everything() {
        let ok = Client::from_config(
            CraftgateConfig::new("k", "s").with_base_url("http://localhost:1/"),
        )
        .unwrap();
        assert_eq!(ok.baseurl, "http://localhost:1");
        assert!(matches!(
            Client::from_config(CraftgateConfig::new("", "s")),
            Err(ConfigError::MissingKey(_))
        ));
        assert!(matches!(
            Client::from_config(CraftgateConfig::new("k", "s").with_base_url("https://x/v1")),
            Err(ConfigError::BaseUrl(_))
        ));
    }
}
