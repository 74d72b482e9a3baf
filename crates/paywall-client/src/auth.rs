//! Routing and credentials: the client hooks send each operation to its service host with
//! exactly the key pair it needs (docs/providers/paywall.md#routing-and-keys).
//!
//! | path | host | key pair |
//! |---|---|---|
//! | `/api/paywall/private/*` | PaymentPrivateAPI | private (`apikeyprivate` + `apiclientprivate`) |
//! | `/api/paywall/payout/*`, `/api/paywall/card/production/*` | PaymentAPI | private |
//! | every other `/api/paywall/*` (all `payment/bulk/*`, `payment/startdirect`) | PaymentAPI | public (`apikeypublic` + `apiclientpublic`) |
//!
//! The other pair is never sent, nor is progenitor's `api-version` header. An operation
//! whose pair the client lacks is refused before sending with
//! [`Refusal::MissingKeys`](crate::Refusal::MissingKeys).
//!
//! This module holds the client's state ([`Auth`]) and the routing table; the hooks that
//! apply them to each request are in `hooks.rs`.

use std::fmt;

use payments_wire::{CallPolicy, Origin};
use reqwest::header::HeaderValue;

use crate::keys::KeyPair;

/// Paywall's two services used by this client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Host {
    /// PaymentAPI (`{{Base Address}}`).
    PaymentApi,
    /// PaymentPrivateAPI (`{{Private Base Address}}`).
    PaymentPrivateApi,
}

/// Where a request path goes and which key pair it carries.
pub fn route(path: &str) -> (Host, KeyPair) {
    let rest = path.strip_prefix("/api/paywall/").unwrap_or(path);
    if rest.starts_with("private/") {
        (Host::PaymentPrivateApi, KeyPair::Private)
    } else if rest.starts_with("payout/") || rest.starts_with("card/production/") {
        (Host::PaymentApi, KeyPair::Private)
    } else {
        (Host::PaymentApi, KeyPair::Public)
    }
}

/// A key pair as the two sensitive header values it is sent as, checked once when the
/// client is built.
#[derive(Clone)]
pub(crate) struct KeyHeaders {
    /// `apikey*`.
    pub(crate) key: HeaderValue,
    /// `apiclient*`.
    pub(crate) client: HeaderValue,
}

/// The generated client's inner state: both service base URLs and the configured key
/// pairs. `Debug` shows the URLs and which pairs are configured, never a key.
#[derive(Clone)]
pub struct Auth {
    /// PaymentAPI's base URL, parsed once: the generated operations' URLs are built on it.
    pub(crate) payment_origin: Origin,
    /// PaymentPrivateAPI's base URL, parsed once: the generated private operations' URLs
    /// are built on it, and other requests are moved to its host.
    pub(crate) private_origin: Origin,
    public: Option<KeyHeaders>,
    private: Option<KeyHeaders>,
    /// The request policy every call runs under.
    pub(crate) policy: CallPolicy,
}

impl Auth {
    /// The state of a client for these hosts and checked key pairs.
    pub(crate) fn new(
        payment_origin: Origin,
        private_origin: Origin,
        public: Option<KeyHeaders>,
        private: Option<KeyHeaders>,
        policy: CallPolicy,
    ) -> Self {
        Self {
            payment_origin,
            private_origin,
            public,
            private,
            policy,
        }
    }

    /// Whether `url` is on PaymentPrivateAPI already (its origin is the base URL's).
    fn on_private_api(&self, url: &reqwest::Url) -> bool {
        url.as_str().starts_with(self.private_origin.as_str())
    }

    /// Moves `url` to the PaymentPrivateAPI host, keeping its path and query. The
    /// generated private operations are built there already (`own_servers_origin`): such a
    /// URL is left as it is, not parsed again.
    pub(crate) fn to_private_api(&self, url: &mut reqwest::Url) -> Result<(), String> {
        if self.on_private_api(url) {
            return Ok(());
        }
        let fail = || {
            format!(
                "the PaymentPrivateAPI URL {} cannot be used",
                self.private_origin.as_str()
            )
        };
        let origin = self.private_origin.as_url();
        // The path and query joined to the parsed origin: one new URL, the host not parsed
        // again (setting scheme, host and port one by one copies the rest each time).
        let moved = origin
            .join(&url[url::Position::BeforePath..])
            .map_err(|_| fail())?;
        // A path the join would read otherwise (`//x` names a host) is refused.
        if moved.path() != url.path() || moved.query() != url.query() {
            return Err(fail());
        }
        *url = moved;
        Ok(())
    }

    /// The headers of `pair`, when configured.
    pub(crate) fn keys(&self, pair: KeyPair) -> Option<&KeyHeaders> {
        match pair {
            KeyPair::Public => self.public.as_ref(),
            KeyPair::Private => self.private.as_ref(),
        }
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Auth")
            .field("payment_api", &self.payment_origin.as_str())
            .field("private_api", &self.private_origin.as_str())
            .field("public_keys", &self.public.is_some())
            .field("private_keys", &self.private.is_some())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_follow_the_docs_table() {
        use Host::*;
        use KeyPair::*;
        assert_eq!(
            route("/api/paywall/private/query/by/paymentid"),
            (PaymentPrivateApi, Private)
        );
        assert_eq!(
            route("/api/paywall/private/cancel/by/uniqueCode"),
            (PaymentPrivateApi, Private)
        );
        assert_eq!(
            route("/api/paywall/payment/bulk/payment/query"),
            (PaymentApi, Public)
        );
        assert_eq!(
            route("/api/paywall/payment/startdirect"),
            (PaymentApi, Public)
        );
        assert_eq!(route("/api/paywall/payout/balance"), (PaymentApi, Private));
        assert_eq!(
            route("/api/paywall/card/production/add"),
            (PaymentApi, Private)
        );
    }

    fn auth(payment_api: &str, private_api: &str) -> Auth {
        let origin = |raw| Origin::new(&payments_wire::BaseUrl::parse(raw).unwrap()).unwrap();
        Auth::new(
            origin(payment_api),
            origin(private_api),
            None,
            None,
            CallPolicy::default(),
        )
    }

    #[test]
    fn a_private_request_moves_to_the_private_origin_with_its_path_and_query() {
        let auth = auth("https://pay.example", "http://127.0.0.1:8081");
        let mut url = reqwest::Url::parse(
            "https://pay.example/api/paywall/private/query/by/a%2Fb%20c?x=1&y=%C3%BC",
        )
        .unwrap();
        auth.to_private_api(&mut url).unwrap();
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:8081/api/paywall/private/query/by/a%2Fb%20c?x=1&y=%C3%BC"
        );
        let mut url = reqwest::Url::parse("http://127.0.0.1:8081/api/paywall/private/x").unwrap();
        auth.to_private_api(&mut url).unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:8081/api/paywall/private/x");
    }

    #[test]
    fn only_a_url_on_the_private_origin_is_on_the_private_api() {
        let loopback = auth("https://pay.example", "http://127.0.0.1:808");
        let on = |raw: &str| loopback.on_private_api(&reqwest::Url::parse(raw).unwrap());
        assert!(on("http://127.0.0.1:808/api/paywall/private/x?y=1"));
        assert!(!on("https://pay.example/api/paywall/private/x"));
        assert!(!on("http://127.0.0.1:8081/api/paywall/private/x"));
        assert!(!on("http://127.0.0.1:809/api/paywall/private/x"));
        let named = auth("https://pay.example", "https://private.example");
        let on = |raw: &str| named.on_private_api(&reqwest::Url::parse(raw).unwrap());
        assert!(on("https://private.example/a"));
        assert!(!on("https://private.example.evil/a"));
        assert!(!on("http://private.example/a"));
    }

    #[test]
    fn a_path_that_would_name_another_host_is_refused() {
        let auth = auth("https://pay.example", "https://private.example");
        let mut url = reqwest::Url::parse("https://pay.example/x").unwrap();
        url.set_path("//elsewhere.example/api");
        let before = url.clone();
        let error = auth.to_private_api(&mut url).unwrap_err();
        assert!(error.contains("PaymentPrivateAPI URL"), "{error}");
        assert_eq!(url, before);
    }
}
