//! Policies the facade enforces before any request leaves the process.
//!
//! - **Base URLs are `scheme://host[:port]` only.** Paths come from the specs; a base URL
//!   with a path, query, fragment or user info is refused rather than silently joined.
//! - **Production is never reached by accident.** Defaults are the providers' test and
//!   sandbox hosts; a production host is used only when given explicitly, and is logged.

use url::Url;

use crate::config::ConfigError;

/// Hosts that move real money, per the api-notes.
const PRODUCTION_HOSTS: [&str; 5] = [
    "api.craftgate.io",
    "payment-api.itspaywall.com",
    "payment-private-api.itspaywall.com",
    "payment-api.paywall.com.tr",
    "payment-private-api.paywall.com.tr",
];

/// Checks a base URL and returns it as `scheme://host[:port]` with no trailing slash.
pub fn checked_base_url(what: &'static str, url: &str) -> Result<String, ConfigError> {
    let bad = |reason: &str| ConfigError::BaseUrl {
        what,
        url: url.to_string(),
        reason: reason.to_string(),
    };
    let parsed = Url::parse(url.trim()).map_err(|e| bad(&e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(bad("the scheme must be http or https"));
    }
    let Some(host) = parsed.host_str() else {
        return Err(bad("there is no host"));
    };
    if parsed.path() != "/" && !parsed.path().is_empty() {
        return Err(bad(
            "it has a path; give scheme, host and port only (paths come from the specs)",
        ));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(bad("it has a query or fragment"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(bad(
            "it carries user info; pass credentials through the configuration",
        ));
    }
    if PRODUCTION_HOSTS.contains(&host) {
        tracing::info!(what, host, "using a production host");
    }
    let mut base = format!("{}://{host}", parsed.scheme());
    if let Some(port) = parsed.port() {
        base.push_str(&format!(":{port}"));
    }
    Ok(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_scheme_host_port_and_strips_the_slash() {
        assert_eq!(
            checked_base_url("x", "https://sandbox-api.craftgate.io/").unwrap(),
            "https://sandbox-api.craftgate.io"
        );
        assert_eq!(
            checked_base_url("x", "http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
    }

    #[test]
    fn refuses_paths_queries_user_info_and_other_schemes() {
        for url in [
            "https://x.test/api/paywall",
            "https://x.test/?a=1",
            "https://u:p@x.test",
            "ftp://x.test",
            "not a url",
        ] {
            assert!(checked_base_url("x", url).is_err(), "{url}");
        }
    }
}
