//! How every Craftgate request is prepared: signed (the signing itself is in
//! [`auth`](crate::auth)).

use std::convert::Infallible;

use payments_wire::{CallPolicy, Hooks, Origin, PrepareError};
use reqwest::header::HeaderName;

use crate::Client;
use crate::auth::Auth;
use crate::error::CraftgateApi;

impl Hooks for Auth {
    type Service = CraftgateApi;

    fn prepare(
        &self,
        request: &mut reqwest::Request,
        _operation: &'static str,
    ) -> Result<(), PrepareError<Infallible>> {
        self.sign(request).map_err(PrepareError::Invalid)
    }

    fn policy(&self) -> &CallPolicy {
        &self.policy
    }

    fn origin(&self) -> &Origin {
        &self.origin
    }

    /// Craftgate applies a write with the same `x-idempotency-key` once
    /// (docs/providers/craftgate.md#idempotency-key).
    fn idempotency_header(&self) -> Option<HeaderName> {
        Some(crate::auth::IDEMPOTENCY_KEY)
    }
}

payments_wire::client_hooks!(Client, Auth);
