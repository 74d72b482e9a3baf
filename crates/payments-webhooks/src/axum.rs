//! The axum integration: a [`Router`] that receives deliveries and answers each with its
//! status.
//!
//! ```no_run
//! # async fn run(receiver: payments_webhooks::Receiver) -> std::io::Result<()> {
//! use payments_webhooks::{Event, HandlerError};
//!
//! let handler = |event: Event| async move {
//!     println!("{event:?}"); // record it in your database instead
//!     Ok::<_, HandlerError>(())
//! };
//! let app = axum::Router::new().nest("/webhooks", payments_webhooks::axum::router(receiver, handler));
//! let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await?;
//! axum::serve(listener, app).await
//! # }
//! ```
//!
//! The router takes `POST /` (the provider told by its signature header or body),
//! `POST /craftgate` and `POST /paywall` (one provider each). Bodies are read under axum's
//! body limit (2 MB by default; a Paywall page of 1,000 payments is far below it), which
//! `axum::extract::DefaultBodyLimit` changes.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Method};
use axum::response::Response;
use axum::routing::post;
use bytes::Bytes;
use payments::Provider;

use crate::answer::answer;
use crate::handler::Handler;
use crate::receiver::Receiver;

/// What the routes share.
struct Mounted<H> {
    receiver: Receiver,
    handler: H,
}

/// A router receiving deliveries with `receiver`, running `handler` on their events.
pub fn router<H: Handler + 'static>(receiver: Receiver, handler: H) -> Router {
    let mounted = Arc::new(Mounted { receiver, handler });
    Router::new()
        .route(
            "/",
            post(|State(m), method, headers, body| receive::<H>(m, None, method, headers, body)),
        )
        .route(
            "/craftgate",
            post(|State(m), method, headers, body| {
                receive::<H>(m, Some(Provider::Craftgate), method, headers, body)
            }),
        )
        .route(
            "/paywall",
            post(|State(m), method, headers, body| {
                receive::<H>(m, Some(Provider::Paywall), method, headers, body)
            }),
        )
        .with_state(mounted)
}

async fn receive<H: Handler>(
    mounted: Arc<Mounted<H>>,
    provider: Option<Provider>,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut request = http::Request::new(body);
    *request.method_mut() = method;
    *request.headers_mut() = headers;
    let Mounted { receiver, handler } = mounted.as_ref();
    let outcome = match provider {
        Some(provider) => receiver.handle_from(provider, request, handler).await,
        None => receiver.handle(request, handler).await,
    };
    answer(&outcome).map(Body::from)
}
