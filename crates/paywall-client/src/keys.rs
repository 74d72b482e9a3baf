//! Paywall's two key pairs: which is which, and the merchant's values.

use std::fmt;

use payments_wire::Secret;
use reqwest::header::HeaderName;

/// Which of Paywall's two key pairs an operation uses (docs/providers/paywall.md#routing-and-keys).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyPair {
    /// `apikeypublic` + `apiclientpublic`.
    Public,
    /// `apikeyprivate` + `apiclientprivate`.
    Private,
}

impl KeyPair {
    /// The two header names of the pair: key, then client.
    pub fn headers(self) -> (&'static str, &'static str) {
        match self {
            KeyPair::Public => ("apikeypublic", "apiclientpublic"),
            KeyPair::Private => ("apikeyprivate", "apiclientprivate"),
        }
    }

    /// The two header names, parsed at compile time: key, then client.
    pub(crate) fn header_names(self) -> (HeaderName, HeaderName) {
        const PUBLIC: (HeaderName, HeaderName) = (
            HeaderName::from_static("apikeypublic"),
            HeaderName::from_static("apiclientpublic"),
        );
        const PRIVATE: (HeaderName, HeaderName) = (
            HeaderName::from_static("apikeyprivate"),
            HeaderName::from_static("apiclientprivate"),
        );
        match self {
            KeyPair::Public => PUBLIC,
            KeyPair::Private => PRIVATE,
        }
    }

    /// `public` or `private`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            KeyPair::Public => "public",
            KeyPair::Private => "private",
        }
    }
}

impl fmt::Display for KeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (key, client) = self.headers();
        write!(f, "{} ({key} + {client})", self.name())
    }
}

/// One Paywall key pair from the merchant panel (Developer > Integration): the key
/// (`apikeypublic` / `apikeyprivate`) and the client (`apiclientpublic` /
/// `apiclientprivate`). `Debug` never shows either.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKeys {
    /// The key value.
    pub api_key: Secret,
    /// The client value.
    pub api_client: Secret,
}

impl ApiKeys {
    /// A key pair: the key and the client value, both secret.
    pub fn new(api_key: impl Into<Secret>, api_client: impl Into<Secret>) -> Self {
        Self {
            api_key: api_key.into(),
            api_client: api_client.into(),
        }
    }
}

impl fmt::Debug for ApiKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKeys { api_key: ***, api_client: *** }")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_are_the_pair_headers() {
        for pair in [KeyPair::Public, KeyPair::Private] {
            let (key, client) = pair.header_names();
            assert_eq!((key.as_str(), client.as_str()), pair.headers());
        }
    }
}
