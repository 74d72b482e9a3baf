//! [`BaseUrl`]: the one rule for base URLs (`scheme://host[:port]`, nothing else), checked
//! once where the text enters and carried as a typed value from there on.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use url::Url;

/// A provider's base URL: `https://host[:port]` (or `http://` on a loopback host) without a
/// trailing `/`. Paths come from the specs, so a base URL has no path, query, fragment or
/// user info; secrets travel only over TLS, except to this machine.
///
/// Made by [`BaseUrl::parse`] from text (configuration, environment, command line), or by
/// [`BaseUrl::from_static`] for the hosts a client knows.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct BaseUrl(Cow<'static, str>);

impl BaseUrl {
    /// A base URL known when the code is written (a provider's documented host). Used in
    /// a `const`, a value that is not `http(s)://host[:port]` fails the build.
    pub const fn from_static(origin: &'static str) -> Self {
        assert!(is_plain_origin(origin.as_bytes()), "not a plain origin");
        Self(Cow::Borrowed(origin))
    }

    /// Parses a base URL: https (http only for 127.0.0.0/8, `::1` and `localhost`), a
    /// host, optionally a port; no path, query, fragment or user info. Surrounding spaces
    /// and one trailing `/` are accepted. The host is kept in its canonical (lowercase,
    /// punycode) form and a default port is dropped.
    pub fn parse(raw: &str) -> Result<Self, BaseUrlError> {
        let raw = raw.trim();
        let url = Url::parse(raw).map_err(|e| BaseUrlError {
            shown: if raw.contains('@') {
                "(a URL with user info)".into()
            } else {
                raw.to_string()
            },
            reason: format!("is not an absolute URL ({e})"),
        })?;
        let fail = |reason: String| {
            let mut shown = url.clone();
            // Best effort: these only fail for URLs that cannot carry user info at all.
            let _ = shown.set_username("");
            let _ = shown.set_password(None);
            Err(BaseUrlError {
                shown: shown.to_string(),
                reason,
            })
        };
        if !matches!(url.scheme(), "http" | "https") {
            return fail(format!(
                "has scheme `{}`; it must be http or https",
                url.scheme()
            ));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return fail("has no host".into());
        }
        if !url.username().is_empty() || url.password().is_some() {
            return fail(
                "carries credentials (user@ or user:password@); pass them through the configuration"
                    .into(),
            );
        }
        if url.scheme() == "http" && !is_loopback_url(&url) {
            return fail(
                "uses http off this machine; only loopback hosts (127.0.0.0/8, ::1, localhost) may use http, any other host must be https"
                    .into(),
            );
        }
        if url.path() != "/" && !url.path().is_empty() {
            return fail(format!(
                "has a path `{}`; give scheme, host and port only (paths come from the spec)",
                url.path()
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return fail("has a query or fragment".into());
        }
        Ok(Self(Cow::Owned(url.origin().ascii_serialization())))
    }

    /// `scheme://host[:port]`, without a trailing `/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The host (a name, an IPv4 address, or an IPv6 address in brackets), without the
    /// port.
    pub fn host(&self) -> &str {
        let rest = self
            .0
            .split_once("://")
            .map_or(self.0.as_ref(), |(_, rest)| rest);
        match rest.find(']') {
            Some(end) if rest.starts_with('[') => rest.get(..=end).unwrap_or(rest),
            _ => rest.split(':').next().unwrap_or(rest),
        }
    }

    /// Whether the host is this machine: an IPv4 address in 127.0.0.0/8, `[::1]`, or
    /// `localhost` (the hosts that may use `http`).
    pub fn is_loopback(&self) -> bool {
        let host = self.host();
        host == "localhost"
            || host == "[::1]"
            || host
                .parse::<std::net::Ipv4Addr>()
                .is_ok_and(|ip| ip.is_loopback())
    }
}

/// Whether `url`'s host is this machine: an IPv4 address in 127.0.0.0/8, `::1`, or
/// `localhost` (the hosts a [`BaseUrl`] may reach over `http`).
pub fn is_loopback_url(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// Whether `bytes` is `https://` followed by a non-empty lowercase host and port, with no
/// path, query, fragment, user info or spaces, or `http://` followed by a loopback host
/// (`localhost`, `[::1]`, `127.` and digits and dots) and an optional port. Usable in
/// `const`.
const fn is_plain_origin(bytes: &[u8]) -> bool {
    if let Some(rest) = strip_prefix(bytes, b"https://") {
        return !rest.is_empty() && is_origin_text(rest);
    }
    let Some(rest) = strip_prefix(bytes, b"http://") else {
        return false;
    };
    if let Some(port) = strip_prefix(rest, b"localhost") {
        return is_port_suffix(port);
    }
    if let Some(port) = strip_prefix(rest, b"[::1]") {
        return is_port_suffix(port);
    }
    if let Some(mut tail) = strip_prefix(rest, b"127.") {
        while let [b'0'..=b'9' | b'.', next @ ..] = tail {
            tail = next;
        }
        return is_port_suffix(tail);
    }
    false
}

/// No byte that ends a host and port (`/`, `?`, `#`, `@`, space) and no uppercase.
const fn is_origin_text(mut bytes: &[u8]) -> bool {
    while let [b, rest @ ..] = bytes {
        if matches!(b, b'/' | b'?' | b'#' | b'@' | b' ' | b'A'..=b'Z') {
            return false;
        }
        bytes = rest;
    }
    true
}

/// Nothing, or `:` and one or more digits.
const fn is_port_suffix(bytes: &[u8]) -> bool {
    let [b':', digits @ ..] = bytes else {
        return bytes.is_empty();
    };
    if digits.is_empty() {
        return false;
    }
    let mut digits: &[u8] = digits;
    while let [b'0'..=b'9', rest @ ..] = digits {
        digits = rest;
    }
    digits.is_empty()
}

/// `bytes` after `prefix`, if it starts with it.
const fn strip_prefix<'a>(mut bytes: &'a [u8], mut prefix: &[u8]) -> Option<&'a [u8]> {
    while let [p, prefix_rest @ ..] = prefix {
        let [b, rest @ ..] = bytes else {
            return None;
        };
        if *b != *p {
            return None;
        }
        bytes = rest;
        prefix = prefix_rest;
    }
    Some(bytes)
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BaseUrl({})", self.0)
    }
}

impl FromStr for BaseUrl {
    type Err = BaseUrlError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Self::parse(raw)
    }
}

impl PartialEq<str> for BaseUrl {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for BaseUrl {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// A base URL that is not `http(s)://host[:port]`. Its text never holds credentials.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{shown}` {reason}")]
pub struct BaseUrlError {
    shown: String,
    reason: String,
}

impl BaseUrlError {
    /// `shown` (text without user info) is not a base URL, for `reason`.
    pub(crate) fn new(shown: &str, reason: String) -> Self {
        Self {
            shown: shown.to_string(),
            reason,
        }
    }

    /// The URL as given, with any user info removed.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// What is wrong with it.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_origins_and_refuses_everything_else() {
        let ok = |raw: &str| BaseUrl::parse(raw).unwrap().as_str().to_string();
        assert_eq!(
            ok(" https://sandbox-api.craftgate.io/ "),
            "https://sandbox-api.craftgate.io"
        );
        assert_eq!(ok("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
        assert_eq!(ok("http://127.12.0.9"), "http://127.12.0.9");
        assert_eq!(ok("http://[::1]:9000"), "http://[::1]:9000");
        assert_eq!(ok("http://LOCALHOST:1"), "http://localhost:1");
        assert_eq!(ok("https://10.0.0.1:8443"), "https://10.0.0.1:8443");
        assert_eq!(ok("https://Example.TEST:443"), "https://example.test");
        for (bad, why) in [
            ("https://x.test/api", "has a path `/api`"),
            ("https://x.test/?a=1", "query"),
            ("https://x.test/#f", "fragment"),
            ("ftp://x.test", "scheme `ftp`"),
            ("https://user:pw@x.test", "credentials"),
            ("https://user@x.test", "credentials"),
            ("x.test", "relative URL"),
            ("", "relative URL"),
            ("http://x.test", "must be https"),
            ("http://api.craftgate.io", "must be https"),
            ("http://10.0.0.1:8080", "must be https"),
            ("http://128.0.0.1", "must be https"),
            ("http://[::2]", "must be https"),
            ("http://localhost.example.com", "must be https"),
        ] {
            let err = BaseUrl::parse(bad).unwrap_err().to_string();
            assert!(err.contains(why), "{bad}: {err}");
            assert!(!err.contains("pw"), "{err}");
        }
    }

    #[test]
    fn hosts_come_without_scheme_and_port() {
        for (raw, host) in [
            ("https://api.craftgate.io", "api.craftgate.io"),
            ("http://127.0.0.1:8080", "127.0.0.1"),
            ("https://api.craftgate.io:8443", "api.craftgate.io"),
            ("http://[::1]:9000", "[::1]"),
        ] {
            assert_eq!(BaseUrl::parse(raw).unwrap().host(), host, "{raw}");
        }
    }

    #[test]
    fn loopback_hosts_are_this_machine() {
        for (raw, loopback) in [
            ("http://127.0.0.1:8080", true),
            ("http://127.12.0.9", true),
            ("http://[::1]:9000", true),
            ("http://LOCALHOST:1", true),
            ("https://localhost", true),
            ("https://api.craftgate.io", false),
            ("https://10.0.0.1", false),
            ("https://127.0.0.1.example.com", false),
            ("https://[::2]", false),
        ] {
            assert_eq!(
                BaseUrl::parse(raw).unwrap().is_loopback(),
                loopback,
                "{raw}"
            );
        }
    }

    #[test]
    fn static_origins_are_checked() {
        const SANDBOX: BaseUrl = BaseUrl::from_static("https://sandbox-api.craftgate.io");
        assert_eq!(SANDBOX, "https://sandbox-api.craftgate.io");
        assert_eq!(
            BaseUrl::parse(SANDBOX.as_str()).unwrap(),
            SANDBOX,
            "a static origin is its own canonical form"
        );
        for ok in [
            "http://127.0.0.1:1",
            "http://127.0.0.1",
            "http://localhost:8",
            "http://localhost",
            "http://[::1]:9",
            "https://a",
            "https://a:443",
        ] {
            assert!(is_plain_origin(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "https://",
            "ftp://x",
            "https://x/",
            "https://x/api",
            "https://u@x",
            "https://X",
            "https://x?y",
            "x",
            "http://x.test",
            "http://localhost.example.com",
            "http://localhostx",
            "http://127.0.0.1.example.com",
            "http://127.0.0.1:",
            "http://127.0.0.1:8a",
            "http://[::1].x",
            "http://u@localhost",
        ] {
            assert!(!is_plain_origin(bad.as_bytes()), "{bad}");
        }
    }
}
