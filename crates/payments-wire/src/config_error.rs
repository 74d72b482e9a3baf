//! [`ConfigError`]: settings a client cannot be built from, the same for every client.

use crate::base_url::BaseUrlError;

/// Settings a client cannot be built from, and why. Never holds a secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A base URL given as text is not `scheme://host[:port]`.
    #[error("the {service} {field} {source}")]
    BaseUrl {
        /// The provider.
        service: &'static str,
        /// The setting.
        field: &'static str,
        /// What is wrong with it.
        source: BaseUrlError,
    },
    /// A required setting is empty.
    #[error("the {service} {field} must not be empty")]
    Empty {
        /// The provider.
        service: &'static str,
        /// The setting.
        field: &'static str,
    },
    /// A setting holds characters an HTTP header cannot carry.
    #[error("the {service} {field} contains characters that cannot be sent in an HTTP header")]
    NotAHeaderValue {
        /// The provider.
        service: &'static str,
        /// The setting.
        field: &'static str,
    },
    /// A setting holds a value it cannot have.
    #[error("the {service} {field} {reason}")]
    Invalid {
        /// The provider.
        service: &'static str,
        /// The setting.
        field: &'static str,
        /// What it must be.
        reason: &'static str,
    },
    /// The TLS configuration could not be built.
    #[error("setting up TLS for {service} failed: {reason}")]
    Tls {
        /// The provider.
        service: &'static str,
        /// Why.
        reason: String,
    },
    /// The HTTP client could not be built (e.g. no TLS backend).
    #[error("building the {service} HTTP client failed: {source}")]
    HttpClient {
        /// The provider.
        service: &'static str,
        /// Why.
        source: reqwest::Error,
    },
}

impl ConfigError {
    /// The provider whose settings these are.
    pub fn service(&self) -> &'static str {
        match self {
            Self::BaseUrl { service, .. }
            | Self::Empty { service, .. }
            | Self::NotAHeaderValue { service, .. }
            | Self::Invalid { service, .. }
            | Self::Tls { service, .. }
            | Self::HttpClient { service, .. } => service,
        }
    }
}
