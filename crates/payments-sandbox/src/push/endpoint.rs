//! The endpoints a test or `payments listen` registers: per provider, a plain-HTTP URL.

use serde::{Deserialize, Serialize};
use url::Url;

use super::record::PushProvider;

/// A registered endpoint: every webhook (Craftgate) or bulk callback (Paywall) the sandbox
/// emits after the registration is POSTed to `url`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Endpoint {
    /// The sandbox's number for it (to unregister it).
    pub id: u64,
    /// Whose pushes it receives.
    pub provider: PushProvider,
    /// Where they go: `http://host:port/path`.
    pub url: String,
}

/// Why an endpoint URL was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EndpointError {
    /// Not a URL.
    #[error("`{url}` is not a URL: {reason}")]
    NotAUrl {
        /// What was given.
        url: String,
        /// What the parser said.
        reason: String,
    },
    /// Not `http`: the sandbox pushes over plain HTTP only (it is a loopback tool).
    #[error("`{url}` is not an http:// URL: the sandbox pushes over plain HTTP only")]
    Scheme {
        /// What was given.
        url: String,
    },
    /// Credentials in the URL, which would end up in the delivery log.
    #[error("`{url}` carries a user name or password; the sandbox does not send credentials")]
    Credentials {
        /// What was given, its credentials cut out.
        url: String,
    },
}

/// `raw` as a URL the sandbox can push to: `http`, a host, no credentials.
pub(crate) fn parse(raw: &str) -> Result<Url, EndpointError> {
    let url = Url::parse(raw).map_err(|e| EndpointError::NotAUrl {
        url: raw.to_string(),
        reason: e.to_string(),
    })?;
    if !url.username().is_empty() || url.password().is_some() {
        let mut shown = url.clone();
        let _ = shown.set_username("");
        let _ = shown.set_password(None);
        return Err(EndpointError::Credentials {
            url: shown.to_string(),
        });
    }
    if url.scheme() != "http" || url.host().is_none() {
        return Err(EndpointError::Scheme {
            url: raw.to_string(),
        });
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_http_urls_without_credentials_are_taken() {
        assert_eq!(
            parse("http://127.0.0.1:8088/webhooks").unwrap().as_str(),
            "http://127.0.0.1:8088/webhooks"
        );
        assert!(matches!(
            parse("https://example.com/hook"),
            Err(EndpointError::Scheme { .. })
        ));
        assert!(matches!(
            parse("127.0.0.1:8088"),
            Err(EndpointError::Scheme { .. }) | Err(EndpointError::NotAUrl { .. })
        ));
        assert!(matches!(
            parse("not a url"),
            Err(EndpointError::NotAUrl { .. })
        ));
        let refused = parse("http://user:hunter2@127.0.0.1:1/").unwrap_err();
        assert!(!refused.to_string().contains("hunter2"), "{refused}");
    }
}
