//! The middleware that applies scripted faults, in front of each provider's router.

use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use super::conn::Connection;
use super::fault::Fault;
use super::probe::Probe;
use super::registry::Registry;
use super::respond;

/// The largest request body a fault reads before answering without the provider.
const MAX_REQUEST: usize = 1 << 20;

/// Counts the request, marks it for [`super::probe::mark`], and applies the next fault of
/// its route (if any).
pub(crate) async fn inject(
    State(registry): State<Arc<Registry>>,
    mut request: Request,
    next: Next,
) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let fault = registry.arrive(&method, &path);
    let connection = request
        .extensions()
        .get::<ConnectInfo<Connection>>()
        .map(|info| info.0.clone());
    let probe = Probe::new(Arc::clone(&registry), method.clone(), path.clone());
    request.extensions_mut().insert(probe);
    let Some(fault) = fault else {
        return next.run(request).await;
    };
    tracing::info!(%method, %path, fault = describe(&fault), "sandbox fault");
    match fault {
        Fault::Pass => next.run(request).await,
        Fault::Delay(wait) => {
            tokio::time::sleep(wait).await;
            next.run(request).await
        }
        Fault::Status {
            status,
            body,
            content_type,
        } => {
            drain(request).await;
            respond::status(status, body, content_type)
        }
        Fault::RateLimited { retry_after } => {
            drain(request).await;
            respond::rate_limited(retry_after)
        }
        Fault::MalformedJson => {
            drain(request).await;
            respond::malformed()
        }
        Fault::ResetBeforeProcessing => {
            drain(request).await;
            reset(connection)
        }
        Fault::ResetAfterProcessing => {
            drop(next.run(request).await);
            reset(connection)
        }
        Fault::TruncatedBody => respond::truncated(next.run(request).await).await,
    }
}

/// Reads the request body, as the provider would have: the client has sent everything
/// when the fault strikes.
async fn drain(request: Request) {
    let _ = axum::body::to_bytes(request.into_body(), MAX_REQUEST).await;
}

/// Resets the connection; the answer returned is never sent.
fn reset(connection: Option<Connection>) -> Response {
    match connection {
        Some(connection) => {
            connection.reset();
            respond::aborted()
        }
        None => {
            tracing::warn!("sandbox fault: no resettable connection; aborting the answer instead");
            respond::aborted()
        }
    }
}

/// A fault's name in the logs (a status body can be long).
fn describe(fault: &Fault) -> String {
    match fault {
        Fault::Pass => "pass".into(),
        Fault::Status { status, .. } => status.as_u16().to_string(),
        Fault::RateLimited { retry_after } => format!("429 {retry_after:?}"),
        Fault::ResetBeforeProcessing => "reset".into(),
        Fault::ResetAfterProcessing => "reset-after".into(),
        Fault::TruncatedBody => "truncate".into(),
        Fault::MalformedJson => "malformed".into(),
        Fault::Delay(wait) => format!("delay {wait:?}"),
    }
}
