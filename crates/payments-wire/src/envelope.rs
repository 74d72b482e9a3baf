//! [`Envelope`] and [`CallExt`]: a generated call's result as its payload or a typed error.
//!
//! Every client reads its provider's success body in its own way (Craftgate's `data`,
//! Paywall's `{ErrorCode, Result, Message, Body}`, OneEntry's bare resource); each says
//! how in a few [`Envelope`] impls. [`CallExt::payload`], the same for all three, awaits
//! the call, unwraps the envelope and turns every failure into a [`CallError`].

use std::future::Future;

use http::StatusCode;
use progenitor_client::{ByteStream, Error as GeneratedError, ResponseValue};

use crate::after::Step;
use crate::call_error::CallError;
use crate::scope::{More, Notes, scoped};
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

    fn payload(self) -> impl Future<Output = Result<T::Payload, CallError<S>>> + Send {
        // The generated call's future is held inline, once (`scoped`, not an `async`
        // block awaiting it, which would keep a second copy): no allocation per call for it.
        scoped(self, unwrap)
    }
}

/// The payload of a call's answer, or the error its answer and notes make: now, or once
/// an error body that needs reading is read.
fn unwrap<S: Service, T: Envelope<S>>(
    result: Result<ResponseValue<T>, GeneratedError<ByteStream>>,
    notes: Notes,
) -> Step<'static, Result<T::Payload, CallError<S>>> {
    let mut notes = notes.into_more();
    let error = match result {
        Ok(response) => {
            let status = response.status();
            match response.into_inner().into_payload(status) {
                Ok(payload) => return Step::Now(Ok(payload)),
                Err(error) => error,
            }
        }
        // A dry run: the `pre` hook recorded the request and ended the call.
        Err(_) if notes.not_sent => CallError::NotSent {
            operation: notes.operation.unwrap_or("the call"),
        },
        Err(error) => {
            let refusal = notes
                .refusal
                .take()
                .and_then(|any| any.downcast::<S::Refusal>().ok());
            match refusal {
                Some(refusal) => CallError::Refused(*refusal),
                // Rare, and its state large: on the heap, so the call's future stays small.
                None => {
                    return Step::Later(Box::pin(async move {
                        Err(with_notes(CallError::from_generated(error).await, notes))
                    }));
                }
            }
        }
    };
    Step::Now(Err(with_notes(error, notes)))
}

/// The error as the call's notes qualify it: a write whose outcome is unknown (including a
/// success answer that could not be read), or a wait the provider asked for that is
/// longer than the policy allows.
fn with_notes<S: Service>(error: CallError<S>, notes: More) -> CallError<S> {
    let error = match (error, notes.attempt_timeout) {
        (CallError::Transport(source), Some(after)) if source.is_timeout() => CallError::Timeout {
            after,
            attempts: notes.attempts,
            source,
        },
        (error, _) => error,
    };
    let unreadable_success = notes.write && matches!(error, CallError::Decode { .. });
    if notes.outcome_unknown || unreadable_success {
        return CallError::OutcomeUnknown {
            operation: notes.operation.unwrap_or("the call"),
            idempotency_key: notes.idempotency_key,
            cause: Box::new(error),
        };
    }
    match notes.rate_limited {
        Some(retry_after) => CallError::RateLimited {
            retry_after,
            cause: Box::new(error),
        },
        None => error,
    }
}
