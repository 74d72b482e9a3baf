//! The scope of one call: how the hooks tell the code that awaits the call what happened
//! beyond the answer itself.
//!
//! progenitor's hooks can only fail with a string (`Error::Custom`) or a transport error.
//! [`CallExt::payload`](crate::CallExt::payload) runs the generated call inside a scope;
//! the hooks write [`Notes`] there (a typed refusal, whether a write's outcome is unknown,
//! a `Retry-After` beyond the policy, the idempotency key used, the attempts made), and
//! `payload()` turns them into the typed [`CallError`](crate::CallError). A call awaited
//! without `payload()` runs under the same policy but gets only the raw answer or error.

use std::any::Any;
use std::cell::RefCell;
use std::future::Future;
use std::time::Duration;

use crate::after::after;

tokio::task_local! {
    static NOTES: RefCell<Notes>;
}

/// What the hooks learned about one call.
#[derive(Default)]
pub(crate) struct Notes {
    /// The operation (snake_case id).
    pub(crate) operation: Option<&'static str>,
    /// A hook's typed refusal (the service's `Refusal`).
    pub(crate) refusal: Option<Box<dyn Any + Send>>,
    /// The call changes something at the provider.
    pub(crate) write: bool,
    /// A write may have reached the provider without a complete answer, and could not be
    /// sent again safely.
    pub(crate) outcome_unknown: bool,
    /// The provider asked to wait this long before another try, longer than allowed.
    pub(crate) rate_limited: Option<Duration>,
    /// The idempotency key the write carried.
    pub(crate) idempotency_key: Option<String>,
    /// How many attempts were sent.
    pub(crate) attempts: u32,
    /// The time each attempt was allowed.
    pub(crate) attempt_timeout: Option<Duration>,
    /// The policy is a dry run: the request was recorded and not sent.
    pub(crate) not_sent: bool,
}

/// Updates the notes of the call in progress; outside a `payload()` scope, nothing.
pub(crate) fn note(update: impl FnOnce(&mut Notes)) {
    let _ = NOTES.try_with(|notes| update(&mut notes.borrow_mut()));
}

/// Runs `call` in a fresh scope; its future gives the call's output and the notes the
/// hooks wrote.
///
/// Not an `async fn`: `call` is held once, inside the scope (an `async` wrapper keeps its
/// argument and the future it awaits apart, so a large call would be held twice).
pub(crate) fn scoped<T>(call: impl Future<Output = T>) -> impl Future<Output = (T, Notes)> {
    NOTES.scope(
        RefCell::new(Notes::default()),
        after(call, |output| {
            let notes = NOTES.with(|notes| std::mem::take(&mut *notes.borrow_mut()));
            (output, notes)
        }),
    )
}
