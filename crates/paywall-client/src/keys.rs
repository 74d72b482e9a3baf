//! Paywall's two key pairs: which is which, and the merchant's values.

use std::fmt;

use payments_wire::Secret;

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
