//! How every Paywall request is prepared: sent to its service host with exactly the key
//! pair it needs (the table is in [`auth`](crate::auth)).

use payments_wire::{CallPolicy, Hooks, Origin, PrepareError};

use crate::Client;
use crate::auth::{Auth, Host, route};
use crate::error::{PaywallApi, Refusal};

/// The secrets of the bodies the spec defines: the card of a payment start (its number,
/// CVV and temp-card token; docs/providers/paywall.md#payment-start).
const SECRET_BODY_PATHS: [&str; 3] = ["/Card/Number", "/Card/Cvv", "/Card/TempCardToken"];

impl Hooks for Auth {
    type Service = PaywallApi;

    fn prepare(
        &self,
        request: &mut reqwest::Request,
        operation: &'static str,
    ) -> Result<(), PrepareError<Refusal>> {
        let (host, pair) = route(request.url().path());
        let Some(keys) = self.keys(pair) else {
            let (key, client) = pair.headers();
            let message = format!(
                "missing Paywall {} key pair ({key} + {client}) for operation {operation}",
                pair.name(),
            );
            return Err(PrepareError::Refused(
                Refusal::MissingKeys { pair, operation },
                message,
            ));
        };
        if host == Host::PaymentPrivateApi {
            self.to_private_api(request.url_mut())
                .map_err(PrepareError::Invalid)?;
        }
        let (key_header, client_header) = pair.header_names();
        let headers = request.headers_mut();
        headers.insert(key_header, keys.key.clone());
        headers.insert(client_header, keys.client.clone());
        tracing::debug!(operation, ?host, %pair, "routed Paywall request");
        Ok(())
    }

    fn policy(&self) -> &CallPolicy {
        &self.policy
    }

    fn origin(&self) -> &Origin {
        &self.payment_origin
    }

    /// The spec serves `/api/paywall/private/*` from PaymentPrivateAPI's servers.
    fn own_servers_origin(&self) -> &Origin {
        &self.private_origin
    }

    fn secret_body_paths(&self) -> &'static [&'static str] {
        &SECRET_BODY_PATHS
    }
}

payments_wire::client_hooks!(Client, Auth);

#[cfg(test)]
mod tests {
    use payments_wire::BaseUrl;
    use reqwest::header::HeaderValue;

    use super::*;
    use crate::auth::KeyHeaders;

    fn auth() -> Auth {
        let keys = |key: &'static str, client: &'static str| KeyHeaders {
            key: HeaderValue::from_static(key),
            client: HeaderValue::from_static(client),
        };
        let origin = |raw| Origin::new(&BaseUrl::parse(raw).unwrap()).unwrap();
        Auth::new(
            origin("https://pay.example"),
            origin("https://private.example"),
            Some(keys("pk", "pc")),
            Some(keys("sk", "sc")),
            CallPolicy::default(),
        )
    }

    fn prepared(url: &str) -> reqwest::Request {
        let mut request = reqwest::Request::new(reqwest::Method::GET, url.parse().unwrap());
        auth().prepare(&mut request, "test").unwrap();
        request
    }

    #[test]
    fn the_generated_private_operations_are_built_on_the_private_host() {
        assert_eq!(auth().origin().as_str(), "https://pay.example/");
        assert_eq!(
            auth().own_servers_origin().as_str(),
            "https://private.example/"
        );
    }

    #[test]
    fn a_private_request_goes_to_the_private_host_with_the_private_pair() {
        for url in [
            // Built by hand on the other host: moved.
            "https://pay.example/api/paywall/private/query?x=1",
            // As the generated code builds it: left as it is.
            "https://private.example/api/paywall/private/query?x=1",
        ] {
            let request = prepared(url);
            assert_eq!(
                request.url().as_str(),
                "https://private.example/api/paywall/private/query?x=1",
                "{url}"
            );
            assert_eq!(request.headers()["apikeyprivate"], "sk");
            assert!(request.headers().get("apikeypublic").is_none());
        }
        let request = prepared("https://pay.example/api/paywall/payment/bulk/payment/query");
        assert_eq!(request.url().host_str(), Some("pay.example"));
        assert_eq!(request.headers()["apikeypublic"], "pk");
    }
}
