//! [`Handler`]: what the service does with an event.

use std::future::Future;

use futures::future::BoxFuture;

use crate::event::Event;
use crate::outcome::HandlerError;

/// The service's code for an event: record the payment, release the order, ...
///
/// It runs after verification, de-duplication and confirmation, at most once at a time per
/// event. Return `Ok` only once the event's effect is durable: the event then counts as
/// handled, and later deliveries of it are duplicates. An `Err` (any error type) answers
/// the provider 500, so it delivers the event again and the handler runs again then: make
/// the handler safe to run again after a failure part-way (e.g. one database transaction).
///
/// Any `Fn(Event) -> impl Future<Output = Result<(), E>> + Send + 'static` with
/// `E: Into<HandlerError>` (`HandlerError` itself, `std::io::Error`, `String`, ...) is a
/// handler: a closure that moves in what it needs (e.g. `Arc`s of a pool) and returns an
/// `async move` block. A handler whose futures borrow from it implements the trait itself.
pub trait Handler: Send + Sync {
    /// Acts on `event`.
    ///
    /// Boxed, so that a receiver's future is `Send` whatever the handler's error type is
    /// (an unboxed future with a `Box<dyn Error>` error trips the compiler's check).
    fn handle(&self, event: Event) -> BoxFuture<'_, Result<(), HandlerError>>;
}

impl<F, Fut, E> Handler for F
where
    F: Fn(Event) -> Fut + Send + Sync,
    Fut: Future<Output = Result<(), E>> + Send + 'static,
    E: Into<HandlerError>,
{
    fn handle(&self, event: Event) -> BoxFuture<'_, Result<(), HandlerError>> {
        let handled = self(event);
        Box::pin(async move { handled.await.map_err(Into::into) })
    }
}
