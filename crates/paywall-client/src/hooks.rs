//! The client hooks: each request goes to its service host with exactly the key pair it
//! needs (the table is in [`auth`](crate::auth)); progenitor's `api-version` header is
//! removed.

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};

use crate::Client;
use crate::auth::{Auth, Host, route};
use crate::error::{PaywallApi, Refusal};

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
                auth.private_api(),
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
