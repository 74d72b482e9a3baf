//! The settings types: one per provider, and the whole.

use payments_core::Paging;
use payments_wire::RequestPolicy;

use super::error::ConfigError;

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

/// Settings for every provider to use.
#[derive(Clone, Debug, Default)]
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
    /// Timeouts and retries, applied to every provider's client (it replaces the policy in
    /// each client's settings).
    pub policy: RequestPolicy,
    /// How the streams over all pages (`all_orders`, `all_sessions`, `all_bulk_payments`)
    /// fetch ahead: by default up to 4 pages at once ([`Paging`]).
    pub paging: Paging,
}

impl PaymentsConfig {
    /// Checks that at least one provider is configured (each provider's settings are
    /// checked when its client is built).
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.is_empty() {
            return Err(ConfigError::Nothing);
        }
        Ok(())
    }

    fn is_empty(&self) -> bool {
        let configured = [
            #[cfg(feature = "oneentry")]
            self.oneentry.is_some(),
            #[cfg(feature = "paywall")]
            self.paywall.is_some(),
            #[cfg(feature = "craftgate")]
            self.craftgate.is_some(),
        ];
        !configured.contains(&true)
    }
}
