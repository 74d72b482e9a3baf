//! Configuration: by builder or from environment variables ([`env`]).
//!
//! Each provider is configured with its own client's settings type
//! ([`CraftgateConfig`](crate::CraftgateConfig), [`PaywallConfig`](crate::PaywallConfig)),
//! OneEntry with [`OneEntrySettings`] (its client's settings plus how the configured user
//! signs in). Base URLs are typed ([`BaseUrl`](crate::BaseUrl)): checked once, where the
//! text enters.

mod env;
mod error;

use std::time::Duration;

pub use error::ConfigError;

/// How the facade reaches OneEntry: the client's settings, and how the configured user
/// signs in.
#[cfg(feature = "oneentry")]
#[derive(Clone, Debug)]
pub struct OneEntrySettings {
    /// The client's settings (project URL, app token, auth provider marker, tokens to
    /// start with).
    pub client: oneentry_client::OneEntryConfig,
    /// The auth form's login field marker (default `email_reg`).
    pub login_field: String,
    /// The auth form's password field marker (default `password_reg`).
    pub password_field: String,
    /// A login and password to sign in with ([`crate::Payments::sign_in_configured`]).
    pub sign_in: Option<payments_core::Credentials>,
}

#[cfg(feature = "oneentry")]
impl OneEntrySettings {
    /// Settings for a project, with the documented defaults and nobody to sign in.
    pub fn new(project_url: payments_wire::BaseUrl) -> Self {
        Self {
            client: oneentry_client::OneEntryConfig::new(project_url),
            login_field: "email_reg".into(),
            password_field: "password_reg".into(),
            sign_in: None,
        }
    }
}

/// The timeout of one request to any provider unless told otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Settings for every provider to use.
#[derive(Clone, Debug)]
pub struct PaymentsConfig {
    /// OneEntry, if used.
    #[cfg(feature = "oneentry")]
    pub oneentry: Option<OneEntrySettings>,
    /// Paywall, if used.
    #[cfg(feature = "paywall")]
    pub paywall: Option<paywall_client::PaywallConfig>,
    /// Craftgate, if used.
    #[cfg(feature = "craftgate")]
    pub craftgate: Option<craftgate_client::CraftgateConfig>,
    /// Timeout of one request, applied to every provider's client (it replaces the
    /// timeout in each client's settings).
    pub timeout: Duration,
}

impl Default for PaymentsConfig {
    fn default() -> Self {
        Self {
            #[cfg(feature = "oneentry")]
            oneentry: None,
            #[cfg(feature = "paywall")]
            paywall: None,
            #[cfg(feature = "craftgate")]
            craftgate: None,
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

/// Builds a [`PaymentsConfig`] provider by provider; [`PaymentsConfigBuilder::build`]
/// checks that at least one is configured.
///
/// ```
/// use payments::{CraftgateConfig, PaymentsConfig, PaywallConfig};
///
/// let config = PaymentsConfig::builder()
///     .craftgate(CraftgateConfig::sandbox("api-key", "secret-key"))
///     .paywall(PaywallConfig::test().with_public_keys("k", "c"))
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
    #[cfg(feature = "oneentry")]
    pub fn oneentry(mut self, settings: OneEntrySettings) -> Self {
        self.config.oneentry = Some(settings);
        self
    }

    /// Uses Paywall with these settings.
    #[cfg(feature = "paywall")]
    pub fn paywall(mut self, config: paywall_client::PaywallConfig) -> Self {
        self.config.paywall = Some(config);
        self
    }

    /// Uses Craftgate with these settings.
    #[cfg(feature = "craftgate")]
    pub fn craftgate(mut self, config: craftgate_client::CraftgateConfig) -> Self {
        self.config.craftgate = Some(config);
        self
    }

    /// The timeout of one request to any provider (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.config.timeout = timeout;
        self
    }

    /// The configuration, when at least one provider is configured.
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

    /// Reads the configuration from the process environment (the variables are listed in
    /// the README).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the configuration through `var` (a variable's value, or `None` when unset),
    /// for callers with their own source of settings. Empty values count as unset.
    pub fn from_lookup(var: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let config = env::read(&|name: &str| var(name).filter(|v| !v.trim().is_empty()))?;
        config.validate()?;
        Ok(config)
    }

    /// Checks that at least one provider is configured (each provider's settings are
    /// checked when its client is built).
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.is_empty() {
            return Err(ConfigError::Nothing);
        }
        Ok(())
    }

    fn is_empty(&self) -> bool {
        let mut empty = true;
        #[cfg(feature = "oneentry")]
        {
            empty &= self.oneentry.is_none();
        }
        #[cfg(feature = "paywall")]
        {
            empty &= self.paywall.is_none();
        }
        #[cfg(feature = "craftgate")]
        {
            empty &= self.craftgate.is_none();
        }
        empty
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builder_needs_a_provider_and_keeps_the_timeout() {
        assert!(matches!(
            PaymentsConfig::builder().build().unwrap_err(),
            ConfigError::Nothing
        ));
        #[cfg(feature = "craftgate")]
        {
            let ok = PaymentsConfig::builder()
                .craftgate(craftgate_client::CraftgateConfig::sandbox("a", "s"))
                .timeout(Duration::from_secs(5))
                .build()
                .unwrap();
            assert_eq!(ok.timeout, Duration::from_secs(5));
        }
    }
}
