//! How every Paywall request is prepared: sent to its service host with exactly the key
//! pair it needs (the table is in [`auth`](crate::auth)).

use payments_wire::{CallPolicy, Hooks, PrepareError};

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
        // The generated private operations are built on PaymentPrivateAPI already
        // (`own_servers_base`); a request built on another host is moved there.
        if host == Host::PaymentPrivateApi && !self.on_private_api(request.url()) {
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

    /// The spec serves `/api/paywall/private/*` from PaymentPrivateAPI's servers.
    fn own_servers_base(&self) -> Option<&str> {
        Some(self.private_api())
    }

    fn secret_body_paths(&self) -> &'static [&'static str] {
        &SECRET_BODY_PATHS
    }
}

payments_wire::client_hooks!(Client, Auth);
