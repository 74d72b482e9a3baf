//! The scope of one call: how a client hook hands a typed refusal to the code that awaits
//! the call.
//!
//! progenitor's hooks can only fail with a string (`Error::Custom`). [`CallExt::payload`]
//! (crate::CallExt::payload) runs the generated call inside a scope; a hook that refuses
//! the call stores its typed refusal there with [`refuse`], and `payload()` returns it as
//! [`CallError::Refused`](crate::CallError::Refused). A call awaited without `payload()`
//! gets the hook's message in `Error::Custom`.

use std::any::Any;
use std::cell::RefCell;
use std::future::Future;

use crate::service::Service;

type Slot = RefCell<Option<Box<dyn Any + Send>>>;

tokio::task_local! {
    static REFUSAL: Slot;
}

/// Refuses the call from inside a client hook: keeps `refusal` for the awaiting
/// `payload()` and returns the error the hook returns, `Error::Custom(message)` (what a
/// call awaited without `payload()` reports).
pub(crate) fn refuse<S: Service, E>(
    refusal: S::Refusal,
    message: String,
) -> progenitor_client::Error<E> {
    // Outside a `payload()` scope there is nobody to hand it to; the message stays.
    let _ = REFUSAL.try_with(|slot| *slot.borrow_mut() = Some(Box::new(refusal)));
    progenitor_client::Error::Custom(message)
}

/// Runs `call` in a fresh scope; returns its output and the refusal a hook stored, if any.
pub(crate) async fn scoped<S: Service, T>(
    call: impl Future<Output = T>,
) -> (T, Option<S::Refusal>) {
    REFUSAL
        .scope(RefCell::new(None), async {
            let output = call.await;
            let stored = REFUSAL.with(|slot| slot.borrow_mut().take());
            let refusal = stored
                .and_then(|any| any.downcast::<S::Refusal>().ok())
                .map(|boxed| *boxed);
            (output, refusal)
        })
        .await
}
