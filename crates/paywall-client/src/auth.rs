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

use std::fmt;

use payments_wire::{BaseUrl, ConfigError, Service as _};
use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::HeaderValue;

use crate::Client;
use crate::error::{PaywallApi, Refusal};
use crate::keys::{ApiKeys, KeyPair};

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

/// A key pair as the two sensitive header values it is sent as, checked once.
#[derive(Clone)]
struct KeyHeaders {
    key: HeaderValue,
    client: HeaderValue,
}

impl KeyHeaders {
    fn new(pair: KeyPair, keys: &ApiKeys) -> Result<Self, ConfigError> {
        let (key, client) = pair.headers();
        let header = |field, secret| payments_wire::secret_header(PaywallApi::NAME, field, secret);
        Ok(Self {
            key: header(key, &keys.api_key)?,
            client: header(client, &keys.api_client)?,
        })
    }
}

/// The generated client's inner state: both service base URLs and the configured key
/// pairs. `Debug` shows the URLs and which pairs are configured, never a key.
#[derive(Clone)]
pub struct Auth {
    payment_api: BaseUrl,
    private_api: BaseUrl,
    public: Option<KeyHeaders>,
    private: Option<KeyHeaders>,
}

impl Auth {
    /// Checks that the configured keys can be sent and keeps them as header values.
    pub(crate) fn new(
        payment_api: BaseUrl,
        private_api: BaseUrl,
        public: Option<&ApiKeys>,
        private: Option<&ApiKeys>,
    ) -> Result<Self, ConfigError> {
        Ok(Self {
            payment_api,
            private_api,
            public: public
                .map(|k| KeyHeaders::new(KeyPair::Public, k))
                .transpose()?,
            private: private
                .map(|k| KeyHeaders::new(KeyPair::Private, k))
                .transpose()?,
        })
    }

    fn keys(&self, pair: KeyPair) -> Option<&KeyHeaders> {
        match pair {
            KeyPair::Public => self.public.as_ref(),
            KeyPair::Private => self.private.as_ref(),
        }
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Auth")
            .field("payment_api", &self.payment_api.as_str())
            .field("private_api", &self.private_api.as_str())
            .field("public_keys", &self.public.is_some())
            .field("private_keys", &self.private.is_some())
            .finish()
    }
}

impl ClientHooks<Auth> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        request.headers_mut().remove("api-version");
        let auth = self.inner();
        let (host, pair) = route(request.url().path());
        let keys = auth.keys(pair).ok_or_else(|| {
            let (key, client) = pair.headers();
            let message = format!(
                "missing Paywall {} key pair ({key} + {client}) for operation {}",
                pair.name(),
                info.operation_id
            );
            let refusal = Refusal::MissingKeys {
                pair,
                operation: info.operation_id,
            };
            payments_wire::refuse::<PaywallApi, E>(refusal, message)
        })?;
        if host == Host::PaymentPrivateApi {
            let url = request.url();
            let target = format!(
                "{}{}{}{}",
                auth.private_api,
                url.path(),
                if url.query().is_some() { "?" } else { "" },
                url.query().unwrap_or_default()
            );
            *request.url_mut() = reqwest::Url::parse(&target).map_err(|e| {
                progenitor_client::Error::InvalidRequest(format!(
                    "{}: the PaymentPrivateAPI URL does not parse ({e})",
                    info.operation_id
                ))
            })?;
        }
        let (key_header, client_header) = pair.headers();
        let headers = request.headers_mut();
        headers.insert(key_header, keys.key.clone());
        headers.insert(client_header, keys.client.clone());
        tracing::debug!(
            operation = info.operation_id,
            ?host,
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
}
