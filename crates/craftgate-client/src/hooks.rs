//! How every Craftgate request is prepared: signed (the signing itself is in
//! [`auth`](crate::auth)).

use std::convert::Infallible;

use payments_wire::{Hooks, PrepareError};

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
}

payments_wire::client_hooks!(Client, Auth);
