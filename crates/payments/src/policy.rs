//! Policies the facade enforces before any request leaves the process.
//!
//! - **Base URLs are `scheme://host[:port]` only.** Paths come from the specs; a base URL
//!   with a path, query, fragment or user info is refused rather than silently joined.
//! - **Production is never reached by accident.** Defaults are the providers' test and
//!   sandbox hosts; a production host is used only when given explicitly, and is logged.

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
    let parsed = payments_wire::parse_base_url(url).map_err(|e| ConfigError::BaseUrl {
        what,
        url: e.shown().to_string(),
        reason: e.reason().to_string(),
    })?;
    if let Some(host) = parsed.host_str().filter(|h| PRODUCTION_HOSTS.contains(h)) {
        tracing::info!(what, host, "using a production host");
    }
    Ok(parsed.origin().ascii_serialization())
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
