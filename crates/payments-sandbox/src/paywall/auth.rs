//! Checking the key pair of every request.

use std::sync::Arc;

use axum::extract::{Request, State as AxumState};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::envelope::{Failure, HEADER_MISSING, UNAUTHORIZED};
use super::shared::{KeyPair, Shared};
use crate::util::constant_time_eq;

/// Checks one key pair; the failure never echoes what was sent.
fn check_pair(
    headers: &HeaderMap,
    key_name: &str,
    client_name: &str,
    pair: &KeyPair,
) -> Result<(), Failure> {
    let key = headers.get(key_name);
    let client = headers.get(client_name);
    let (Some(key), Some(client)) = (key, client) else {
        let missing: Vec<&str> = [(key_name, key.is_none()), (client_name, client.is_none())]
            .into_iter()
            .filter(|(_, missing)| *missing)
            .map(|(name, _)| name)
            .collect();
        return Err(Failure::unauthorized(
            HEADER_MISSING,
            format!("Missing header(s): {}", missing.join(", ")),
        ));
    };
    let key_ok = constant_time_eq(key.as_bytes(), pair.key.as_bytes());
    let client_ok = constant_time_eq(client.as_bytes(), pair.client.as_bytes());
    if key_ok && client_ok {
        Ok(())
    } else {
        Err(Failure::unauthorized(
            UNAUTHORIZED,
            format!("Unauthorized: the {key_name}/{client_name} pair is not valid"),
        ))
    }
}

/// Routes `request` on when it carries `pair` in `key_name` and `client_name`; otherwise
/// answers the failure and counts it.
async fn admit(
    shared: &Shared,
    request: Request,
    next: Next,
    key_name: &str,
    client_name: &str,
    pair: &KeyPair,
) -> Response {
    match check_pair(request.headers(), key_name, client_name, pair) {
        Ok(()) => next.run(request).await,
        Err(failure) => {
            shared.rejected.bump();
            failure.into_response()
        }
    }
}

/// PaymentAPI's gate: the public key pair.
pub(crate) async fn public_gate(
    AxumState(shared): AxumState<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let pair = &shared.keys.public;
    admit(
        &shared,
        request,
        next,
        "apikeypublic",
        "apiclientpublic",
        pair,
    )
    .await
}

/// PaymentPrivateAPI's gate: the private key pair.
pub(crate) async fn private_gate(
    AxumState(shared): AxumState<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let pair = &shared.keys.private;
    admit(
        &shared,
        request,
        next,
        "apikeyprivate",
        "apiclientprivate",
        pair,
    )
    .await
}
