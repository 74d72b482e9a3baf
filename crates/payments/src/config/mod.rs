//! Configuration: by builder or from environment variables ([`env`]).
//!
//! Each provider is configured with its own client's settings type
//! ([`CraftgateConfig`](crate::CraftgateConfig), [`PaywallConfig`](crate::PaywallConfig)),
//! OneEntry with [`OneEntrySettings`] (its client's settings plus how the configured user
//! signs in). Base URLs are typed ([`BaseUrl`](crate::BaseUrl)): checked once, where the
//! text enters.

mod env;
mod error;
mod settings;

use std::num::NonZeroU32;
use std::time::Duration;

use payments_core::Paging;
use payments_wire::RequestPolicy;

pub use error::ConfigError;
#[cfg(feature = "oneentry")]
pub use settings::OneEntrySettings;
pub use settings::PaymentsConfig;

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

    /// The time one attempt of a call may take, for every provider (default 60 s). It
    /// bounds one HTTP exchange; [`deadline`](Self::deadline) bounds a call with its
    /// retries.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.config.policy.attempt_timeout = timeout;
        self
    }

    /// The time a whole call may take, with every retry and wait (default 150 s).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.config.policy.deadline = deadline;
        self
    }

    /// How many times a call may be sent at most (default 3; 1 turns retries off).
    pub fn max_attempts(mut self, attempts: NonZeroU32) -> Self {
        self.config.policy.max_attempts = attempts;
        self
    }

    /// The whole request policy at once.
    pub fn policy(mut self, policy: RequestPolicy) -> Self {
        self.config.policy = policy;
        self
    }

    /// How streams over all pages fetch ahead (default: up to 4 pages at once;
    /// [`Paging::sequential`] turns prefetch off).
    pub fn paging(mut self, paging: Paging) -> Self {
        self.config.paging = paging;
        self
    }

    /// The configuration, when at least one provider is configured.
    pub fn build(self) -> Result<PaymentsConfig, ConfigError> {
        self.config.validate()?;
        Ok(self.config)
    }
}

impl PaymentsConfig {
    /// Starts a configuration with no provider and the default request policy.
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
            assert_eq!(ok.policy.attempt_timeout, Duration::from_secs(5));
            assert_eq!(ok.paging, Paging::default());
            let sequential = PaymentsConfig::builder()
                .craftgate(craftgate_client::CraftgateConfig::sandbox("a", "s"))
                .paging(Paging::sequential())
                .build()
                .unwrap();
            assert_eq!(sequential.paging.prefetch().get(), 1);
        }
    }
}
