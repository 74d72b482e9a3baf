//! Counting the requests that reach a provider's handler.

use std::sync::Arc;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::{Method, StatusCode};

use super::registry::Registry;

/// Put on each request by the fault layer; [`mark`] reports through it.
#[derive(Clone, Debug)]
pub(crate) struct Probe {
    registry: Arc<Registry>,
    method: Method,
    path: String,
}

impl Probe {
    pub(crate) fn new(registry: Arc<Registry>, method: Method, path: String) -> Self {
        Self {
            registry,
            method,
            path,
        }
    }
}

/// A route layer for every provider route, inside the provider's credential check:
/// counts the request as handled once the handler has answered. Without a [`Probe`] (a
/// router served without the fault layer) it does nothing.
///
/// Route layers also wrap axum's default method-not-allowed answer (Paywall keeps it);
/// no sandbox handler answers 405, so a 405 is not counted.
pub(crate) async fn mark(request: Request, next: Next) -> Response {
    let probe = request.extensions().get::<Probe>().cloned();
    let response = next.run(request).await;
    if let Some(probe) = probe
        && response.status() != StatusCode::METHOD_NOT_ALLOWED
    {
        probe.registry.reached(&probe.method, &probe.path);
    }
    response
}
