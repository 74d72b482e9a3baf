//! Routing and credentials: the client hooks send each operation to its service host with
//! exactly the key pair it needs (notes §1, §2).
//!
//! | path | host | key pair |
//! |---|---|---|
//! | `/api/paywall/private/*` | PaymentPrivateAPI | private (`apikeyprivate` + `apiclientprivate`) |
//! | `/api/paywall/payout/*`, `/api/paywall/card/production/*` | PaymentAPI | private |
//! | every other `/api/paywall/*` (all `payment/bulk/*`, `payment/startdirect`) | PaymentAPI | public (`apikeypublic` + `apiclientpublic`) |
//!
//! The other pair is never sent, nor is progenitor's `api-version` header.

use std::fmt;

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::Url;
use reqwest::header::HeaderValue;

use crate::Client;
use crate::config::{ApiKeys, origin};

/// Which of Paywall's two key pairs an operation uses.
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

    fn name(self) -> &'static str {
        match self {
            KeyPair::Public => "public",
            KeyPair::Private => "private",
        }
    }

    /// The hook's error text when the pair is not configured; [`KeyPair::parse_missing`]
    /// reads it back into a typed error.
    fn missing_message(self, operation: &str) -> String {
        let (key, client) = self.headers();
        format!(
            "missing Paywall {} key pair ({key} + {client}) for operation {operation}",
            self.name()
        )
    }

    /// Reads a [`KeyPair::missing_message`] text back: the pair and the operation.
    pub(crate) fn parse_missing(message: &str) -> Option<(KeyPair, String)> {
        let rest = message.strip_prefix("missing Paywall ")?;
        let pair = [KeyPair::Public, KeyPair::Private]
            .into_iter()
            .find(|p| rest.starts_with(&format!("{} key pair (", p.name())))?;
        let (_, operation) = rest.rsplit_once(" for operation ")?;
        Some((pair, operation.to_string()))
    }
}

impl fmt::Display for KeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (key, client) = self.headers();
        write!(f, "{} ({key} + {client})", self.name())
    }
}

/// Paywall's two services used by this client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    /// PaymentAPI (`{{Base Address}}`).
    PaymentApi,
    /// PaymentPrivateAPI (`{{Private Base Address}}`).
    PaymentPrivateApi,
}

/// Where a request path goes and which key pair it carries (notes §2 table).
pub fn route(path: &str) -> (Service, KeyPair) {
    let rest = path.strip_prefix("/api/paywall/").unwrap_or(path);
    if rest.starts_with("private/") {
        (Service::PaymentPrivateApi, KeyPair::Private)
    } else if rest.starts_with("payout/") || rest.starts_with("card/production/") {
        (Service::PaymentApi, KeyPair::Private)
    } else {
        (Service::PaymentApi, KeyPair::Public)
    }
}

/// The generated client's inner state: both service base URLs and the configured key
/// pairs. `Debug` shows the URLs and which pairs are configured, never a key.
#[derive(Clone)]
pub struct Auth {
    payment_api: Url,
    private_api: Url,
    public: Option<ApiKeys>,
    private: Option<ApiKeys>,
}

impl Auth {
    /// Builds the state from parsed base URLs (scheme, host and port only) and key pairs.
    pub(crate) fn new(
        payment_api: Url,
        private_api: Url,
        public: Option<ApiKeys>,
        private: Option<ApiKeys>,
    ) -> Self {
        Self {
            payment_api,
            private_api,
            public,
            private,
        }
    }

    /// The base URL of `service`.
    pub fn base_url(&self, service: Service) -> &Url {
        match service {
            Service::PaymentApi => &self.payment_api,
            Service::PaymentPrivateApi => &self.private_api,
        }
    }

    /// Whether `pair` is configured.
    pub fn has_keys(&self, pair: KeyPair) -> bool {
        self.keys(pair).is_some()
    }

    fn keys(&self, pair: KeyPair) -> Option<&ApiKeys> {
        match pair {
            KeyPair::Public => self.public.as_ref(),
            KeyPair::Private => self.private.as_ref(),
        }
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Auth")
            .field("payment_api", &origin(&self.payment_api))
            .field("private_api", &origin(&self.private_api))
            .field("public_keys", &self.public.is_some())
            .field("private_keys", &self.private.is_some())
            .finish()
    }
}

fn sensitive(value: &str, header: &str) -> Result<HeaderValue, String> {
    let mut value = HeaderValue::from_str(value)
        .map_err(|_| format!("the configured {header} is not a valid HTTP header value"))?;
    value.set_sensitive(true);
    Ok(value)
}

impl ClientHooks<Auth> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        request.headers_mut().remove("api-version");
        let auth = self.inner();
        let (service, pair) = route(request.url().path());
        let keys = auth.keys(pair).ok_or_else(|| {
            progenitor_client::Error::Custom(pair.missing_message(info.operation_id))
        })?;
        if service == Service::PaymentPrivateApi {
            let mut target = auth.private_api.clone();
            target.set_path(request.url().path());
            target.set_query(request.url().query());
            *request.url_mut() = target;
        }
        let (key_header, client_header) = pair.headers();
        let key = sensitive(keys.api_key.expose(), key_header)
            .map_err(progenitor_client::Error::Custom)?;
        let client = sensitive(keys.api_client.expose(), client_header)
            .map_err(progenitor_client::Error::Custom)?;
        let headers = request.headers_mut();
        headers.insert(key_header, key);
        headers.insert(client_header, client);
        tracing::debug!(
            operation = info.operation_id,
            ?service,
            %pair,
            "sending Paywall request"
        );
        Ok(())
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        _info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        payments_wire::execute(self.client(), request).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_follow_the_notes_table() {
        use KeyPair::*;
        use Service::*;
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

    #[test]
    fn missing_key_messages_round_trip() {
        for pair in [KeyPair::Public, KeyPair::Private] {
            let msg = pair.missing_message("private_query");
            assert_eq!(
                KeyPair::parse_missing(&msg),
                Some((pair, "private_query".into()))
            );
        }
        assert_eq!(KeyPair::parse_missing("something else"), None);
    }
}
