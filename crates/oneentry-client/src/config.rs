//! [`OneEntryConfig`] and the validating constructor [`Client::from_config`].

use std::fmt;

use payments_wire::{
    BaseUrl, CallPolicy, ConfigError, Origin, RequestPolicy, Secret, Service as _,
};
use reqwest::header::HeaderValue;

use crate::Client;
use crate::auth::{Auth, AuthParts, TokenCallback, TokenPair};
use crate::device::DeviceMetadata;
use crate::error::OneEntryApi;
use crate::types;

/// Whether `url` reaches a OneEntry where no real orders or payments are made: only this
/// machine (a local fake such as `payments-sandbox`). OneEntry documents no test host: each
/// project has its own (`https://<project>.oneentry.cloud`, docs/providers/oneentry.md#project-url),
/// and any of them may be live.
pub fn is_test_host(url: &BaseUrl) -> bool {
    url.is_loopback()
}

/// How to reach and identify with a OneEntry project.
#[derive(Clone)]
pub struct OneEntryConfig {
    /// The project URL: scheme, host and port only.
    pub project_url: BaseUrl,
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
    /// Timeouts and retries (default [`RequestPolicy::default`]).
    pub policy: RequestPolicy,
    /// Tokens to start with (e.g. persisted from an earlier run). Never printed.
    pub tokens: Option<TokenPair>,
    /// Called with each token pair the client obtains (sign-in and every refresh), so the
    /// app can persist the rotated refresh token.
    pub on_tokens_rotated: Option<TokenCallback>,
}

impl OneEntryConfig {
    /// Settings for a project with the defaults: marker `email`, language `en_US`, a fresh
    /// device fingerprint, the default request policy, no app token, nobody signed in.
    pub fn new(project_url: BaseUrl) -> Self {
        Self {
            project_url,
            app_token: None,
            auth_provider_marker: "email".to_string(),
            lang_code: "en_US".to_string(),
            device: DeviceMetadata::generate(),
            policy: RequestPolicy::default(),
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
            .field("policy", &self.policy)
            .field("tokens", &self.tokens)
            .field("on_tokens_rotated", &self.on_tokens_rotated.is_some())
            .finish()
    }
}

impl Client {
    /// A client for the configured project, after checking the configuration. Nothing is
    /// sent.
    pub fn from_config(config: &OneEntryConfig) -> Result<Self, ConfigError> {
        let service = OneEntryApi::NAME;
        for (field, value) in [
            ("auth provider marker", config.auth_provider_marker.as_str()),
            ("language code", config.lang_code.as_str()),
            ("device fingerprint", config.device.fingerprint()),
        ] {
            if value.trim().is_empty() {
                return Err(ConfigError::Empty { service, field });
            }
        }
        let path_safe = |name: &str| {
            name.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        };
        if !path_safe(&config.auth_provider_marker) {
            return Err(ConfigError::Invalid {
                service,
                field: "auth provider marker",
                reason: "can only hold letters, digits, `_` and `-` (it is a path segment)",
            });
        }
        let app_token = config
            .app_token
            .as_ref()
            .map(|token| payments_wire::secret_header(service, "app token", token))
            .transpose()?;
        let device_header =
            HeaderValue::from_str(&config.device.to_header_json()).map_err(|_| {
                ConfigError::NotAHeaderValue {
                    service,
                    field: "device metadata",
                }
            })?;
        let http = payments_wire::http_client(service, &config.policy)?;
        let auth = Auth::new(AuthParts {
            app_token,
            marker: config.auth_provider_marker.clone(),
            lang_code: config.lang_code.clone(),
            device: config.device.clone(),
            device_header,
            tokens: config.tokens.clone(),
            on_tokens: config.on_tokens_rotated.clone(),
            policy: CallPolicy::new(config.policy.clone()),
            origin: Origin::new(&config.project_url).map_err(|source| ConfigError::BaseUrl {
                service,
                field: "project URL",
                source,
            })?,
        });
        tracing::debug!(base_url = %config.project_url, "OneEntry client ready");
        Ok(Client::new_with_client(
            config.project_url.as_str(),
            http,
            auth,
        ))
    }

    /// Order form values keyed by the configured language, `{"en_US": [...]}`, as
    /// `createOrder` and `updateOrderByMarkerAndId` send them
    /// (docs/providers/oneentry.md#order-body).
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

    fn with_marker(marker: &str) -> String {
        let url = BaseUrl::parse("https://demo.oneentry.cloud").unwrap();
        let mut c = OneEntryConfig::new(url);
        c.auth_provider_marker = marker.to_string();
        Client::from_config(&c).unwrap_err().to_string()
    }

    #[test]
    fn bad_settings_are_refused_with_a_reason() {
        let with = |f: fn(&mut OneEntryConfig)| {
            let url = BaseUrl::parse("https://demo.oneentry.cloud").unwrap();
            let mut c = OneEntryConfig::new(url);
            f(&mut c);
            Client::from_config(&c).unwrap_err().to_string()
        };
        assert!(with(|c| c.auth_provider_marker = " ".into()).contains("auth provider marker"));
        assert!(with(|c| c.lang_code = String::new()).contains("language code"));
        assert!(with(|c| c.app_token = Some("".into())).contains("app token must not be empty"));
        let err = with(|c| c.app_token = Some("s3cr3t\n".into()));
        assert!(err.contains("app token contains characters"), "{err}");
        assert!(!err.contains("s3cr3t"), "{err}");
        assert!(with(|c| c.device = DeviceMetadata::new("")).contains("device fingerprint"));
        let err = with(|c| c.project_url = BaseUrl::from_static("https://x.example:99999"));
        assert!(
            err.contains("project URL `https://x.example:99999` is not a URL"),
            "{err}"
        );
        for marker in ["a/b", "..", "%2F", "e mail"] {
            let err = with_marker(marker);
            assert!(
                err.contains("auth provider marker can only hold"),
                "{marker}: {err}"
            );
        }
    }
}
