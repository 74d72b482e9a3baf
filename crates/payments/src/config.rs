//! Configuration: by builder or from environment variables.
//!
//! | provider | variables |
//! |---|---|
//! | OneEntry | `ONEENTRY_PROJECT_URL` (required), `ONEENTRY_APP_TOKEN`, `ONEENTRY_AUTH_MARKER` (default `email`), `ONEENTRY_LOGIN`, `ONEENTRY_PASSWORD`, `ONEENTRY_LOGIN_FIELD` (default `email_reg`), `ONEENTRY_PASSWORD_FIELD` (default `password_reg`), or `ONEENTRY_ACCESS_TOKEN` / `ONEENTRY_REFRESH_TOKEN` |
//! | Paywall | `PAYWALL_API_KEY_PUBLIC` + `PAYWALL_API_CLIENT_PUBLIC` and/or `PAYWALL_API_KEY_PRIVATE` + `PAYWALL_API_CLIENT_PRIVATE`; `PAYWALL_PAYMENT_API_URL`, `PAYWALL_PRIVATE_API_URL` (default: the test hosts) |
//! | Craftgate | `CRAFTGATE_API_KEY`, `CRAFTGATE_SECRET_KEY`; `CRAFTGATE_BASE_URL` (default: the sandbox host) |
//!
//! A provider is configured when any of its variables is set; a half-configured provider is
//! an error that names the missing variable. Base URLs default to test and sandbox hosts:
//! production is only reached when a production URL is given explicitly.

use std::time::Duration;

use payments_core::Secret;

use crate::policy::checked_base_url;

/// Paywall's test PaymentAPI host (api-notes/paywall.md §1).
pub const PAYWALL_TEST_PAYMENT_API: &str = "https://test-payment-api.itspaywall.com";
/// Paywall's test PaymentPrivateAPI host (api-notes/paywall.md §1).
pub const PAYWALL_TEST_PRIVATE_API: &str = "https://test-payment-private-api.itspaywall.com";
/// Craftgate's sandbox host (api-notes/craftgate.md §1).
pub const CRAFTGATE_SANDBOX: &str = "https://sandbox-api.craftgate.io";

/// A configuration that cannot work, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// A variable a configured provider needs is not set.
    #[error("{provider} is partly configured: {variable} is not set")]
    Missing {
        /// The provider.
        provider: &'static str,
        /// The missing variable.
        variable: &'static str,
    },
    /// A base URL is not `scheme://host[:port]`.
    #[error("{what} `{url}` is not a usable base URL: {reason}")]
    BaseUrl {
        /// Which URL.
        what: &'static str,
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A client could not be built.
    #[error("{provider} client: {reason}")]
    Client {
        /// The provider.
        provider: &'static str,
        /// Why.
        reason: String,
    },
    /// Nothing is configured.
    #[error("no provider is configured (set ONEENTRY_*, PAYWALL_* or CRAFTGATE_* variables)")]
    Nothing,
}

/// How a OneEntry user signs in.
#[derive(Clone, Debug, PartialEq)]
pub enum OneEntrySignIn {
    /// Sign in with a login and password (form markers from the project's auth form).
    Password {
        /// The login.
        login: String,
        /// The password. Never printed.
        password: Secret,
    },
    /// Use tokens obtained earlier.
    Tokens {
        /// The access token. Never printed.
        access: Secret,
        /// The refresh token. Never printed.
        refresh: Secret,
    },
}

/// OneEntry settings.
#[derive(Clone, Debug, PartialEq)]
pub struct OneEntryConfig {
    /// The project URL (scheme, host, port).
    pub project_url: String,
    /// The project's app token, if the project uses one. Never printed.
    pub app_token: Option<Secret>,
    /// The auth provider marker (default `email`).
    pub auth_marker: String,
    /// The auth form's login field marker (default `email_reg`).
    pub login_field: String,
    /// The auth form's password field marker (default `password_reg`).
    pub password_field: String,
    /// How the user signs in, if at all.
    pub sign_in: Option<OneEntrySignIn>,
}

impl OneEntryConfig {
    /// Settings for a project, with the documented defaults.
    pub fn new(project_url: impl Into<String>) -> Self {
        Self {
            project_url: project_url.into(),
            app_token: None,
            auth_marker: "email".into(),
            login_field: "email_reg".into(),
            password_field: "password_reg".into(),
            sign_in: None,
        }
    }
}

/// A Paywall key pair (`apikey*` + `apiclient*`).
#[derive(Clone, Debug, PartialEq)]
pub struct PaywallKeys {
    /// The API key. Never printed.
    pub api_key: Secret,
    /// The API client. Never printed.
    pub api_client: Secret,
}

/// Paywall settings.
#[derive(Clone, Debug, PartialEq)]
pub struct PaywallConfig {
    /// The PaymentAPI base URL (default: the test host).
    pub payment_api_url: String,
    /// The PaymentPrivateAPI base URL (default: the test host).
    pub private_api_url: String,
    /// The public key pair (bulk calls).
    pub public: Option<PaywallKeys>,
    /// The private key pair (single-payment queries, cancels and refunds).
    pub private: Option<PaywallKeys>,
}

impl Default for PaywallConfig {
    fn default() -> Self {
        Self {
            payment_api_url: PAYWALL_TEST_PAYMENT_API.into(),
            private_api_url: PAYWALL_TEST_PRIVATE_API.into(),
            public: None,
            private: None,
        }
    }
}

/// Craftgate settings.
#[derive(Clone, Debug, PartialEq)]
pub struct CraftgateConfig {
    /// The API base URL (default: the sandbox host).
    pub base_url: String,
    /// The API key. Never printed.
    pub api_key: Secret,
    /// The secret key. Never printed.
    pub secret_key: Secret,
}

impl CraftgateConfig {
    /// Sandbox settings with these keys.
    pub fn sandbox(api_key: impl Into<Secret>, secret_key: impl Into<Secret>) -> Self {
        Self {
            base_url: CRAFTGATE_SANDBOX.into(),
            api_key: api_key.into(),
            secret_key: secret_key.into(),
        }
    }
}

/// Settings for every provider to use.
#[derive(Clone, Debug, PartialEq)]
pub struct PaymentsConfig {
    /// OneEntry, if used.
    pub oneentry: Option<OneEntryConfig>,
    /// Paywall, if used.
    pub paywall: Option<PaywallConfig>,
    /// Craftgate, if used.
    pub craftgate: Option<CraftgateConfig>,
    /// Overall timeout of one HTTP call.
    pub timeout: Duration,
}

impl Default for PaymentsConfig {
    fn default() -> Self {
        Self {
            oneentry: None,
            paywall: None,
            craftgate: None,
            timeout: Duration::from_secs(30),
        }
    }
}

/// Builds a [`PaymentsConfig`] provider by provider; [`PaymentsConfigBuilder::build`]
/// validates it.
///
/// ```
/// use payments::{CraftgateConfig, PaymentsConfig, PaywallConfig, PaywallKeys};
///
/// let config = PaymentsConfig::builder()
///     .craftgate(CraftgateConfig::sandbox("api-key", "secret-key"))
///     .paywall(PaywallConfig {
///         public: Some(PaywallKeys { api_key: "k".into(), api_client: "c".into() }),
///         ..PaywallConfig::default()
///     })
///     .timeout(std::time::Duration::from_secs(20))
///     .build()
///     .unwrap();
/// assert_eq!(config.craftgate.unwrap().base_url, "https://sandbox-api.craftgate.io");
/// ```
#[derive(Debug, Default)]
pub struct PaymentsConfigBuilder {
    config: PaymentsConfig,
}

impl PaymentsConfigBuilder {
    /// Uses OneEntry with these settings.
    pub fn oneentry(mut self, config: OneEntryConfig) -> Self {
        self.config.oneentry = Some(config);
        self
    }

    /// Uses Paywall with these settings.
    pub fn paywall(mut self, config: PaywallConfig) -> Self {
        self.config.paywall = Some(config);
        self
    }

    /// Uses Craftgate with these settings.
    pub fn craftgate(mut self, config: CraftgateConfig) -> Self {
        self.config.craftgate = Some(config);
        self
    }

    /// The overall timeout of one HTTP call (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.config.timeout = timeout;
        self
    }

    /// The validated configuration.
    pub fn build(self) -> Result<PaymentsConfig, ConfigError> {
        self.config.validate()?;
        Ok(self.config)
    }
}

impl PaymentsConfig {
    /// Starts a configuration with no provider and a 30 s timeout.
    pub fn builder() -> PaymentsConfigBuilder {
        PaymentsConfigBuilder::default()
    }

    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the configuration through `var` (a variable's value, or `None` when unset or
    /// empty), for callers with their own source of settings.
    pub fn from_lookup(var: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let var = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        let config = Self {
            oneentry: oneentry_from(&var)?,
            paywall: paywall_from(&var)?,
            craftgate: craftgate_from(&var)?,
            ..Self::default()
        };
        config.validate()?;
        Ok(config)
    }

    /// Checks the configuration without connecting anywhere: at least one provider, every
    /// base URL `scheme://host[:port]`.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.oneentry.is_none() && self.paywall.is_none() && self.craftgate.is_none() {
            return Err(ConfigError::Nothing);
        }
        if let Some(c) = &self.oneentry {
            checked_base_url("ONEENTRY_PROJECT_URL", &c.project_url)?;
        }
        if let Some(c) = &self.paywall {
            checked_base_url("PAYWALL_PAYMENT_API_URL", &c.payment_api_url)?;
            checked_base_url("PAYWALL_PRIVATE_API_URL", &c.private_api_url)?;
        }
        if let Some(c) = &self.craftgate {
            checked_base_url("CRAFTGATE_BASE_URL", &c.base_url)?;
        }
        Ok(())
    }
}

const ONEENTRY_VARS: [&str; 9] = [
    "ONEENTRY_PROJECT_URL",
    "ONEENTRY_APP_TOKEN",
    "ONEENTRY_AUTH_MARKER",
    "ONEENTRY_LOGIN",
    "ONEENTRY_PASSWORD",
    "ONEENTRY_LOGIN_FIELD",
    "ONEENTRY_PASSWORD_FIELD",
    "ONEENTRY_ACCESS_TOKEN",
    "ONEENTRY_REFRESH_TOKEN",
];

fn oneentry_from(
    var: &impl Fn(&str) -> Option<String>,
) -> Result<Option<OneEntryConfig>, ConfigError> {
    if ONEENTRY_VARS.iter().all(|v| var(v).is_none()) {
        return Ok(None);
    }
    let missing = |variable| ConfigError::Missing {
        provider: "OneEntry",
        variable,
    };
    let mut c =
        OneEntryConfig::new(var("ONEENTRY_PROJECT_URL").ok_or(missing("ONEENTRY_PROJECT_URL"))?);
    c.app_token = var("ONEENTRY_APP_TOKEN").map(Secret::from);
    if let Some(m) = var("ONEENTRY_AUTH_MARKER") {
        c.auth_marker = m;
    }
    if let Some(f) = var("ONEENTRY_LOGIN_FIELD") {
        c.login_field = f;
    }
    if let Some(f) = var("ONEENTRY_PASSWORD_FIELD") {
        c.password_field = f;
    }
    c.sign_in = match (
        var("ONEENTRY_LOGIN"),
        var("ONEENTRY_PASSWORD"),
        var("ONEENTRY_ACCESS_TOKEN"),
        var("ONEENTRY_REFRESH_TOKEN"),
    ) {
        (Some(login), Some(password), _, _) => Some(OneEntrySignIn::Password {
            login,
            password: password.into(),
        }),
        (Some(_), None, _, _) => return Err(missing("ONEENTRY_PASSWORD")),
        (None, Some(_), _, _) => return Err(missing("ONEENTRY_LOGIN")),
        (None, None, Some(access), Some(refresh)) => Some(OneEntrySignIn::Tokens {
            access: access.into(),
            refresh: refresh.into(),
        }),
        (None, None, Some(_), None) => return Err(missing("ONEENTRY_REFRESH_TOKEN")),
        (None, None, None, Some(_)) => return Err(missing("ONEENTRY_ACCESS_TOKEN")),
        (None, None, None, None) => None,
    };
    Ok(Some(c))
}

fn key_pair(
    var: &impl Fn(&str) -> Option<String>,
    key: &'static str,
    client: &'static str,
) -> Result<Option<PaywallKeys>, ConfigError> {
    let missing = |variable| ConfigError::Missing {
        provider: "Paywall",
        variable,
    };
    match (var(key), var(client)) {
        (Some(k), Some(c)) => Ok(Some(PaywallKeys {
            api_key: k.into(),
            api_client: c.into(),
        })),
        (Some(_), None) => Err(missing(client)),
        (None, Some(_)) => Err(missing(key)),
        (None, None) => Ok(None),
    }
}

fn paywall_from(
    var: &impl Fn(&str) -> Option<String>,
) -> Result<Option<PaywallConfig>, ConfigError> {
    let public = key_pair(var, "PAYWALL_API_KEY_PUBLIC", "PAYWALL_API_CLIENT_PUBLIC")?;
    let private = key_pair(var, "PAYWALL_API_KEY_PRIVATE", "PAYWALL_API_CLIENT_PRIVATE")?;
    let payment_url = var("PAYWALL_PAYMENT_API_URL");
    let private_url = var("PAYWALL_PRIVATE_API_URL");
    if public.is_none() && private.is_none() {
        return match payment_url.or(private_url) {
            Some(_) => Err(ConfigError::Missing {
                provider: "Paywall",
                variable: "PAYWALL_API_KEY_PUBLIC",
            }),
            None => Ok(None),
        };
    }
    let defaults = PaywallConfig::default();
    Ok(Some(PaywallConfig {
        payment_api_url: payment_url.unwrap_or(defaults.payment_api_url),
        private_api_url: private_url.unwrap_or(defaults.private_api_url),
        public,
        private,
    }))
}

fn craftgate_from(
    var: &impl Fn(&str) -> Option<String>,
) -> Result<Option<CraftgateConfig>, ConfigError> {
    let missing = |variable| ConfigError::Missing {
        provider: "Craftgate",
        variable,
    };
    match (
        var("CRAFTGATE_API_KEY"),
        var("CRAFTGATE_SECRET_KEY"),
        var("CRAFTGATE_BASE_URL"),
    ) {
        (None, None, None) => Ok(None),
        (Some(key), Some(secret), url) => Ok(Some(CraftgateConfig {
            base_url: url.unwrap_or_else(|| CRAFTGATE_SANDBOX.into()),
            api_key: key.into(),
            secret_key: secret.into(),
        })),
        (None, _, _) => Err(missing("CRAFTGATE_API_KEY")),
        (Some(_), None, _) => Err(missing("CRAFTGATE_SECRET_KEY")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn from(pairs: &[(&str, &str)]) -> Result<PaymentsConfig, ConfigError> {
        let env: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        PaymentsConfig::from_lookup(|k| env.get(k).cloned())
    }

    #[test]
    fn defaults_to_test_and_sandbox_hosts() {
        let c = from(&[
            ("PAYWALL_API_KEY_PUBLIC", "k"),
            ("PAYWALL_API_CLIENT_PUBLIC", "c"),
            ("CRAFTGATE_API_KEY", "a"),
            ("CRAFTGATE_SECRET_KEY", "s"),
        ])
        .unwrap();
        let p = c.paywall.unwrap();
        assert_eq!(p.payment_api_url, PAYWALL_TEST_PAYMENT_API);
        assert_eq!(p.private_api_url, PAYWALL_TEST_PRIVATE_API);
        assert!(p.private.is_none());
        assert_eq!(c.craftgate.unwrap().base_url, CRAFTGATE_SANDBOX);
        assert!(c.oneentry.is_none());
    }

    #[test]
    fn oneentry_defaults_and_sign_in_choices() {
        let c = from(&[
            ("ONEENTRY_PROJECT_URL", "https://demo.oneentry.cloud"),
            ("ONEENTRY_LOGIN", "u@example.com"),
            ("ONEENTRY_PASSWORD", "pw"),
        ])
        .unwrap()
        .oneentry
        .unwrap();
        assert_eq!(c.auth_marker, "email");
        assert_eq!(c.login_field, "email_reg");
        assert_eq!(c.password_field, "password_reg");
        assert!(matches!(c.sign_in, Some(OneEntrySignIn::Password { .. })));
        let c = from(&[
            ("ONEENTRY_PROJECT_URL", "https://demo.oneentry.cloud"),
            ("ONEENTRY_ACCESS_TOKEN", "a"),
            ("ONEENTRY_REFRESH_TOKEN", "r"),
        ])
        .unwrap()
        .oneentry
        .unwrap();
        assert!(matches!(c.sign_in, Some(OneEntrySignIn::Tokens { .. })));
    }

    #[test]
    fn the_builder_validates() {
        assert_eq!(
            PaymentsConfig::builder().build().unwrap_err(),
            ConfigError::Nothing
        );
        let mut oneentry = OneEntryConfig::new("https://x.test/path");
        oneentry.app_token = Some("t".into());
        let err = PaymentsConfig::builder()
            .oneentry(oneentry)
            .build()
            .unwrap_err();
        assert!(
            matches!(
                err,
                ConfigError::BaseUrl {
                    what: "ONEENTRY_PROJECT_URL",
                    ..
                }
            ),
            "{err}"
        );
        let ok = PaymentsConfig::builder()
            .craftgate(CraftgateConfig::sandbox("a", "s"))
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap();
        assert_eq!(ok.timeout, Duration::from_secs(5));
    }

    #[test]
    fn half_configured_providers_name_the_missing_variable() {
        assert_eq!(
            from(&[("CRAFTGATE_API_KEY", "a")]).unwrap_err(),
            ConfigError::Missing {
                provider: "Craftgate",
                variable: "CRAFTGATE_SECRET_KEY"
            }
        );
        assert_eq!(
            from(&[("PAYWALL_API_KEY_PRIVATE", "a")]).unwrap_err(),
            ConfigError::Missing {
                provider: "Paywall",
                variable: "PAYWALL_API_CLIENT_PRIVATE"
            }
        );
        assert_eq!(
            from(&[("ONEENTRY_LOGIN", "a")]).unwrap_err(),
            ConfigError::Missing {
                provider: "OneEntry",
                variable: "ONEENTRY_PROJECT_URL"
            }
        );
        assert_eq!(from(&[]).unwrap_err(), ConfigError::Nothing);
    }

    #[test]
    fn base_urls_are_checked_and_secrets_never_printed() {
        let err = from(&[
            ("CRAFTGATE_API_KEY", "a"),
            ("CRAFTGATE_SECRET_KEY", "topsecret"),
            ("CRAFTGATE_BASE_URL", "https://api.craftgate.io/payment"),
        ])
        .unwrap_err();
        assert!(
            matches!(
                err,
                ConfigError::BaseUrl {
                    what: "CRAFTGATE_BASE_URL",
                    ..
                }
            ),
            "{err}"
        );
        let c = from(&[
            ("CRAFTGATE_API_KEY", "key1"),
            ("CRAFTGATE_SECRET_KEY", "topsecret"),
        ])
        .unwrap();
        let debug = format!("{c:?}");
        assert!(
            !debug.contains("topsecret") && !debug.contains("key1"),
            "{debug}"
        );
    }
}
