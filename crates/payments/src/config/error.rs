//! [`ConfigError`]: a configuration the facade cannot work with.

/// A configuration that cannot work, and why. Never holds a secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A variable a configured provider needs is not set.
    #[error("{provider} is partly configured: {variable} is not set")]
    Missing {
        /// The provider.
        provider: &'static str,
        /// The missing variable.
        variable: &'static str,
    },
    /// A variable holds a value that cannot be used.
    #[error("{variable} {source}")]
    BaseUrl {
        /// The variable.
        variable: &'static str,
        /// What is wrong with its value (never shows credentials).
        source: payments_wire::BaseUrlError,
    },
    /// A variable holds a value that is not what it should be.
    #[error("{variable} is `{value}`: {reason}")]
    Invalid {
        /// The variable.
        variable: &'static str,
        /// Its value (never a secret: only the policy variables are checked this way).
        value: String,
        /// What it should be.
        reason: &'static str,
    },
    /// A provider's client cannot be built from its settings.
    #[error("{0}")]
    Client(#[from] payments_wire::ConfigError),
    /// Nothing is configured.
    #[error(
        "no provider is configured (set ONEENTRY_*, PAYWALL_* or CRAFTGATE_* variables, and keep the provider's cargo feature on)"
    )]
    Nothing,
}
