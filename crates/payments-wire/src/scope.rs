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
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use pin_project_lite::pin_project;

use crate::after::Step;

thread_local! {
    /// The notes of the call being polled on this thread: `Some` only while a [`Scoped`]
    /// polls its call (tokio's task-locals work the same way, a thread-local swapped in
    /// around each poll; this one leaves the poll's output where it is instead of
    /// returning it through a closure, which copied a call's output twice per call).
    static NOTES: RefCell<Option<Notes>> = const { RefCell::new(None) };
}

/// The notes of the scope entered on this thread, put back where they were when it is
/// left, even by a panic.
struct Entered {
    outer: Option<Notes>,
}

impl Entered {
    /// Makes `notes` the notes of the call polled next on this thread, keeping the ones
    /// they replace (a scope's inside another's).
    fn enter(notes: Notes) -> Self {
        Self {
            outer: NOTES.with(|slot| slot.replace(Some(notes))),
        }
    }

    /// Leaves the scope: the notes written in it, the outer scope's back in place.
    fn leave(mut self) -> Notes {
        let outer = self.outer.take();
        // Nothing is left to put back on drop.
        std::mem::forget(self);
        NOTES.with(|slot| slot.replace(outer)).unwrap_or_default()
    }
}

impl Drop for Entered {
    /// A scope left by a panic: the outer scope's notes (or none) back in place, this
    /// one's dropped.
    fn drop(&mut self) {
        let outer = self.outer.take();
        let _ = NOTES.try_with(|slot| slot.replace(outer));
    }
}

/// Runs `update` on the notes of the call in progress, if any.
fn in_notes<R>(update: impl FnOnce(&mut Notes) -> R) -> Option<R> {
    NOTES
        .try_with(|slot| slot.borrow_mut().as_mut().map(update))
        .ok()
        .flatten()
}

/// What the hooks learned about one call. Kept small, since it moves in and out of the
/// call's scope at every poll: a success's body while it waits to be decoded, and
/// everything else on the heap, made when a hook first has something to say (a read that
/// succeeds says nothing else).
#[derive(Default)]
pub(crate) struct Notes {
    /// A success's body, read by the transport inside the attempt, until the generated
    /// code decodes it: kept here, the answer need not be rebuilt around it.
    body: Option<Bytes>,
    /// The rest.
    more: Option<Box<More>>,
}

impl Notes {
    /// What the hooks said beyond the body (all unset when they said nothing).
    pub(crate) fn into_more(self) -> More {
        self.more.map(|more| *more).unwrap_or_default()
    }
}

/// What the hooks say about a call that fails, or about a write.
#[derive(Default)]
pub(crate) struct More {
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

/// Updates the notes of the call in progress, the `operation` whose hook says something;
/// outside a `payload()` scope, nothing.
pub(crate) fn note(operation: &'static str, update: impl FnOnce(&mut More)) {
    in_notes(|notes| {
        let more = notes.more.get_or_insert_default();
        more.operation = Some(operation);
        update(more);
    });
}

/// Keeps `body` for the call in progress to decode ([`take_body`]); gives it back outside a
/// `payload()` scope, or when the call keeps a body already (one it never decoded, or
/// another request's in the same scope): that answer must carry its body itself.
pub(crate) fn keep_body(body: Bytes) -> Result<(), Bytes> {
    let mut body = Some(body);
    in_notes(|notes| {
        if notes.body.is_none() {
            notes.body = body.take();
        }
    });
    body.map_or(Ok(()), Err)
}

/// The body [`keep_body`] kept for the call in progress, taken out of its notes.
pub(crate) fn take_body() -> Option<Bytes> {
    in_notes(|notes| notes.body.take()).flatten()
}

pin_project! {
    /// A call run in its own scope, then what its output and notes lead to: the one
    /// future [`payload()`](crate::CallExt::payload) returns.
    ///
    /// One layer where a scope, a map and a `then` made three: the call's output
    /// goes straight to `then` in the poll that finishes it, instead of being copied out
    /// through each layer's `Poll` (a payment record can be over a kilobyte).
    #[must_use = "futures do nothing unless polled"]
    pub(crate) struct Scoped<'a, F, G, T> {
        #[pin]
        call: F,
        // The notes between polls and what follows the call; `None` once it is done.
        running: Option<(Notes, G)>,
        later: Option<Pin<Box<dyn Future<Output = T> + Send + 'a>>>,
    }
}

/// Runs `call` in a fresh scope, then `then` on its output and the notes the hooks
/// wrote, then the future that gives, if any.
pub(crate) fn scoped<'a, F, G, T>(call: F, then: G) -> Scoped<'a, F, G, T>
where
    F: Future,
    G: FnOnce(F::Output, Notes) -> Step<'a, T>,
{
    Scoped {
        call,
        running: Some((Notes::default(), then)),
        later: None,
    }
}

impl<'a, F, G, T> Future for Scoped<'a, F, G, T>
where
    F: Future,
    G: FnOnce(F::Output, Notes) -> Step<'a, T>,
{
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let this = self.project();
        if let Some(later) = this.later {
            return later.as_mut().poll(cx);
        }
        let Some((notes, then)) = this.running.take() else {
            panic!("`Scoped` polled after it was ready");
        };
        // The notes are this thread's while the call is polled, and taken back after.
        let entered = Entered::enter(notes);
        let polled = this.call.poll(cx);
        let notes = entered.leave();
        let output = match polled {
            Poll::Ready(output) => output,
            Poll::Pending => {
                *this.running = Some((notes, then));
                return Poll::Pending;
            }
        };
        match then(output, notes) {
            Step::Now(value) => Poll::Ready(value),
            Step::Later(later) => this.later.insert(later).as_mut().poll(cx),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    /// Notes one attempt per poll, pending until its third poll, then gives `value`.
    fn attempts(polls: Arc<AtomicU32>, value: u32) -> impl Future<Output = u32> {
        std::future::poll_fn(move |cx| {
            note("op", |n| n.attempts += 1);
            if polls.fetch_add(1, Ordering::SeqCst) < 2 {
                cx.waker().wake_by_ref();
                Poll::Pending
            } else {
                Poll::Ready(value)
            }
        })
    }

    #[tokio::test]
    async fn the_notes_of_every_poll_reach_then_with_the_output() {
        let polls = Arc::new(AtomicU32::new(0));
        let (value, attempts) = scoped(attempts(polls.clone(), 7), |value, notes: Notes| {
            Step::Now((value, notes.into_more().attempts))
        })
        .await;
        assert_eq!((value, attempts), (7, 3));
        assert_eq!(polls.load(Ordering::SeqCst), 3);
        note("op", |n| n.attempts = 99); // outside any scope: nothing, no panic
    }

    #[tokio::test]
    async fn a_scope_inside_another_keeps_its_own_notes() {
        let inner = scoped(attempts(Arc::default(), 1), |_, notes: Notes| {
            Step::Now(notes.into_more().attempts)
        });
        let outer = scoped(
            async move {
                note("op", |n| n.write = true);
                let inner_attempts = inner.await;
                note("op", |n| n.attempts += 10);
                inner_attempts
            },
            |inner_attempts, notes: Notes| {
                let more = notes.into_more();
                Step::Now((inner_attempts, more.attempts, more.write))
            },
        );
        assert_eq!(outer.await, (3, 10, true));
    }

    #[tokio::test]
    async fn a_later_step_is_awaited_to_its_end() {
        let polls = Arc::new(AtomicU32::new(0));
        let later = scoped(attempts(polls, 5), |value, notes: Notes| {
            Step::Later(Box::pin(async move {
                tokio::task::yield_now().await;
                value * 10 + notes.into_more().attempts
            }))
        })
        .await;
        assert_eq!(later, 53);
    }

    /// A call that panics while polled leaves its scope: the scope around it keeps its own
    /// notes, and outside every scope there are none again.
    #[test]
    fn a_panicking_call_leaves_its_scope() {
        let mut cx = Context::from_waker(std::task::Waker::noop());
        let panicking = || {
            let mut inner = Box::pin(scoped(
                std::future::poll_fn(|_| -> Poll<()> {
                    note("inner", |n| n.attempts = 5);
                    panic!("the call panics")
                }),
                |(), _| Step::Now(()),
            ));
            let _ = inner
                .as_mut()
                .poll(&mut Context::from_waker(std::task::Waker::noop()));
        };
        let mut outer = Box::pin(scoped(
            std::future::poll_fn(|_| {
                note("outer", |n| n.write = true);
                let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(panicking));
                note("outer", |n| n.attempts += 1);
                Poll::Ready(caught.is_err())
            }),
            |panicked, notes: Notes| {
                let more = notes.into_more();
                Step::Now((panicked, more.operation, more.write, more.attempts))
            },
        ));
        assert_eq!(
            outer.as_mut().poll(&mut cx),
            Poll::Ready((true, Some("outer"), true, 1))
        );
        assert!(std::panic::catch_unwind(panicking).is_err());
        assert_eq!(in_notes(|_| ()), None, "no scope is left entered");
    }

    #[test]
    #[should_panic(expected = "polled after it was ready")]
    fn a_poll_after_ready_is_refused() {
        let mut done = Box::pin(scoped(std::future::ready(1), |v, _| Step::Now(v)));
        let mut cx = Context::from_waker(std::task::Waker::noop());
        assert_eq!(done.as_mut().poll(&mut cx), Poll::Ready(1));
        let _ = done.as_mut().poll(&mut cx);
    }
}
