//! The client hooks that make every call carry Craftgate's auth headers (the signing
//! itself is in [`auth`](crate::auth)).

use progenitor_client::{ClientHooks, ClientInfo, Error, OperationInfo};

use crate::Client;
use crate::auth::Auth;

impl ClientHooks<Auth> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), Error<E>> {
        self.inner
            .sign(request)
            .map_err(|msg| Error::InvalidRequest(format!("{}: {msg}", info.operation_id)))?;
        tracing::debug!(
            operation = info.operation_id,
            method = %request.method(),
            path = request.url().path(),
            "signed Craftgate request"
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
