//! The endpoints a test or `payments listen` registers: per provider, a plain-HTTP URL.

use serde::{Deserialize, Serialize};
use url::{Host, Url};

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
    /// Not on this machine: the sandbox pushes plain HTTP, which only stays private on
    /// loopback, and a sandbox reachable from elsewhere must not be made to post anywhere.
    #[error(
        "`{url}` is not a loopback address (127.0.0.1, [::1], localhost): the sandbox pushes to this machine only"
    )]
    NotLoopback {
        /// What was given.
        url: String,
    },
}

/// `raw` with anything between `//` and `@` (a user name and password) cut out, for an
/// error message.
fn shown(raw: &str) -> String {
    match (raw.find("//"), raw.rfind('@')) {
        (Some(start), Some(at)) if at > start => format!("{}***{}", &raw[..start + 2], &raw[at..]),
        _ => raw.to_string(),
    }
}

/// `raw` as a URL the sandbox can push to: `http`, a loopback host, no credentials.
pub(crate) fn parse(raw: &str) -> Result<Url, EndpointError> {
    let url = Url::parse(raw).map_err(|e| EndpointError::NotAUrl {
        url: shown(raw),
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
    let loopback = match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    if !loopback {
        return Err(EndpointError::NotLoopback {
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
        let unparsed = parse("http://user:hunter2@127.0.0.1:99999/").unwrap_err();
        assert!(
            matches!(unparsed, EndpointError::NotAUrl { .. }),
            "{unparsed}"
        );
        assert!(!unparsed.to_string().contains("hunter2"), "{unparsed}");
        for local in [
            "http://localhost:1/a",
            "http://[::1]:2/b",
            "http://127.1.2.3:3/",
        ] {
            assert!(parse(local).is_ok(), "{local}");
        }
        for remote in [
            "http://example.com/hook",
            "http://10.0.0.1:80/",
            "http://[2001:db8::1]/",
        ] {
            assert!(
                matches!(parse(remote), Err(EndpointError::NotLoopback { .. })),
                "{remote}"
            );
        }
    }
}
