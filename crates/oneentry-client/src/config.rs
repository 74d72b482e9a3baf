//! [`OneEntryConfig`] and the validating constructor [`Client::from_config`].

use std::fmt;
use std::time::Duration;

use payments_wire::Secret;
use reqwest::header::HeaderValue;

use crate::Client;
use crate::auth::{Auth, AuthParts, TokenCallback, TokenPair};
use crate::device::DeviceMetadata;
use crate::types;

/// How to reach and identify with a OneEntry project.
#[derive(Clone)]
pub struct OneEntryConfig {
    /// The project URL: scheme, host and port only (one trailing `/` is removed).
    pub project_url: String,
    /// The project's "Security API Token" (`x-app-token`); `None` for projects protected
    /// by a certificate. Never printed.
    pub app_token: Option<Secret>,
    /// The auth provider users sign in with (default `email`); refreshes go there.
    pub auth_provider_marker: String,
    /// The language sent as `langCode` when a call does not set one (default `en_US`).
    pub lang_code: String,
    /// The `x-device-metadata` value (default: a random fingerprint, stable for the
    /// client's life). Keep the fingerprint with stored tokens.
    pub device: DeviceMetadata,
    /// Timeout of each HTTP request (default 30 s).
    pub timeout: Duration,
    /// Tokens to start with (e.g. persisted from an earlier run). Never printed.
    pub tokens: Option<TokenPair>,
    /// Called with each token pair the client obtains (sign-in and every refresh), so the
    /// app can persist the rotated refresh token.
    pub on_tokens_rotated: Option<TokenCallback>,
}

impl OneEntryConfig {
    /// Settings for a project with the defaults: marker `email`, language `en_US`, a fresh
    /// device fingerprint, 30 s timeout, no app token, nobody signed in.
    pub fn new(project_url: impl Into<String>) -> Self {
        Self {
            project_url: project_url.into(),
            app_token: None,
            auth_provider_marker: "email".to_string(),
            lang_code: "en_US".to_string(),
            device: DeviceMetadata::generate(),
            timeout: Duration::from_secs(30),
            tokens: None,
            on_tokens_rotated: None,
        }
    }
}

impl fmt::Debug for OneEntryConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OneEntryConfig")
            .field("project_url", &self.project_url)
            .field("app_token", &self.app_token)
            .field("auth_provider_marker", &self.auth_provider_marker)
            .field("lang_code", &self.lang_code)
            .field("device", &self.device)
            .field("timeout", &self.timeout)
            .field("tokens", &self.tokens)
            .field("on_tokens_rotated", &self.on_tokens_rotated.is_some())
            .finish()
    }
}

/// Why a [`OneEntryConfig`] cannot make a client.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The project URL is not `scheme://host[:port]`.
    #[error("the OneEntry project URL is not usable: {0}")]
    ProjectUrl(String),
    /// A required setting is empty.
    #[error("the OneEntry {0} must not be empty")]
    Empty(&'static str),
    /// A setting cannot be sent in an HTTP header (control characters).
    #[error("the OneEntry {0} contains characters that cannot be sent in an HTTP header")]
    NotAHeaderValue(&'static str),
    /// The HTTP client could not be built (e.g. no TLS backend).
    #[error("building the HTTP client failed: {0}")]
    HttpClient(#[source] reqwest::Error),
}

/// `scheme://host[:port]` of `raw`, or why it is not one. Never echoes a password.
fn project_base_url(raw: &str) -> Result<String, ConfigError> {
    let url =
        payments_wire::parse_base_url(raw).map_err(|e| ConfigError::ProjectUrl(e.to_string()))?;
    Ok(url.origin().ascii_serialization())
}

impl Client {
    /// A client for the configured project, after checking the configuration.
    pub fn from_config(config: OneEntryConfig) -> Result<Self, ConfigError> {
        let base_url = project_base_url(&config.project_url)?;
        if config.auth_provider_marker.trim().is_empty() {
            return Err(ConfigError::Empty("auth provider marker"));
        }
        if config.lang_code.trim().is_empty() {
            return Err(ConfigError::Empty("language code"));
        }
        if config.device.fingerprint().trim().is_empty() {
            return Err(ConfigError::Empty("device fingerprint"));
        }
        let app_token = match &config.app_token {
            Some(token) if token.is_empty() => return Err(ConfigError::Empty("app token")),
            Some(token) => {
                let mut value = HeaderValue::from_str(token.expose())
                    .map_err(|_| ConfigError::NotAHeaderValue("app token"))?;
                value.set_sensitive(true);
                Some(value)
            }
            None => None,
        };
        let device_header = HeaderValue::from_str(&config.device.to_header_json())
            .map_err(|_| ConfigError::NotAHeaderValue("device metadata"))?;
        let http = payments_wire::http_client(config.timeout).map_err(ConfigError::HttpClient)?;
        let auth = Auth::new(AuthParts {
            app_token,
            marker: config.auth_provider_marker,
            lang_code: config.lang_code,
            device: config.device,
            device_header,
            tokens: config.tokens,
            on_tokens: config.on_tokens_rotated,
        });
        tracing::debug!(%base_url, "OneEntry client ready");
        Ok(Client::new_with_client(&base_url, http, auth))
    }

    /// Order form values keyed by the configured language, `{"en_US": [...]}`, as
    /// `createOrder` and `updateOrderByMarkerAndId` send them (api-notes §5.1).
    pub fn form_data(&self, fields: Vec<types::FormField>) -> types::FormDataByLanguage {
        types::FormDataByLanguage::from(std::collections::HashMap::from([(
            self.inner.lang_code().to_string(),
            fields,
        )]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_urls_are_scheme_host_port_only() {
        assert_eq!(
            project_base_url("https://demo.oneentry.cloud/").unwrap(),
            "https://demo.oneentry.cloud"
        );
        assert_eq!(
            project_base_url("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        for (bad, why) in [
            ("https://demo.oneentry.cloud/api", "has a path `/api`"),
            ("https://demo.oneentry.cloud?x=1", "query"),
            ("ftp://demo.oneentry.cloud", "scheme `ftp`"),
            ("https://user:pw@demo.oneentry.cloud", "credentials"),
            ("demo.oneentry.cloud", "relative URL"),
        ] {
            let err = project_base_url(bad).unwrap_err().to_string();
            assert!(err.contains(why), "{bad}: {err}");
            assert!(!err.contains("pw@"), "{err}");
        }
    }

    #[test]
    fn bad_settings_are_refused_with_a_reason() {
        let with = |f: fn(&mut OneEntryConfig)| {
            let mut c = OneEntryConfig::new("https://demo.oneentry.cloud");
            f(&mut c);
            Client::from_config(c).unwrap_err().to_string()
        };
        assert!(with(|c| c.auth_provider_marker = " ".into()).contains("auth provider marker"));
        assert!(with(|c| c.lang_code = String::new()).contains("language code"));
        assert!(with(|c| c.app_token = Some("".into())).contains("app token must not be empty"));
        let err = with(|c| c.app_token = Some("s3cr3t\n".into()));
        assert!(err.contains("app token contains characters"), "{err}");
        assert!(!err.contains("s3cr3t"), "{err}");
        assert!(with(|c| c.device = DeviceMetadata::new("")).contains("device fingerprint"));
    }
}
