//! [`Envelope`] and [`CallExt`]: a generated call's result as its payload or a typed error.
//!
//! Every client reads its provider's success body in its own way (Craftgate's `data`,
//! Paywall's `{ErrorCode, Result, Message, Body}`, OneEntry's bare resource); each says
//! how in a few [`Envelope`] impls. [`CallExt::payload`], the same for all three, awaits
//! the call, unwraps the envelope and turns every failure into a [`CallError`].

use std::future::Future;

use http::StatusCode;
use progenitor_client::{ByteStream, Error as GeneratedError, ResponseValue};

use crate::call_error::CallError;
use crate::scope::scoped;
use crate::service::Service;

/// A success body of the provider `S` that holds the operation's payload.
pub trait Envelope<S: Service>: Sized {
    /// What the call returns once unwrapped.
    type Payload;

    /// Unwraps the body of an answer with HTTP `status` (a 2xx): the payload, or the
    /// failure the body reports.
    fn into_payload(self, status: StatusCode) -> Result<Self::Payload, CallError<S>>;
}

/// Adds [`CallExt::payload`] to the futures the generated `send()` methods return:
/// `client.some_operation().send().payload().await?`.
pub trait CallExt<S: Service>: Sized {
    /// What the call returns once unwrapped.
    type Payload;

    /// Awaits the call and returns the operation's payload, or a [`CallError`] that keeps
    /// the HTTP status, the provider's error body and a hook's typed refusal.
    fn payload(self) -> impl Future<Output = Result<Self::Payload, CallError<S>>> + Send;
}

impl<S, T, F> CallExt<S> for F
where
    S: Service,
    F: Future<Output = Result<ResponseValue<T>, GeneratedError<ByteStream>>> + Send,
    T: Envelope<S> + Send,
    T::Payload: Send,
{
    type Payload = T::Payload;

    async fn payload(self) -> Result<T::Payload, CallError<S>> {
        match scoped::<S, _>(self).await {
            (Ok(response), _) => {
                let status = response.status();
                response.into_inner().into_payload(status)
            }
            (Err(error), refusal) => Err(CallError::from_generated(error, refusal).await),
        }
    }
}
