//! [`After`] and [`Settle`]: a future, then what its output leads to, without writing the
//! finished future's state again.
//!
//! futures' `map` and `then` mark themselves done by writing a whole new value over their
//! state: a copy as large as the future they hold, several kilobytes for a call, on every
//! call. These take only the function out, and leave the finished future where it is
//! (it holds nothing once done) until they are dropped.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use pin_project_lite::pin_project;

pin_project! {
    /// `future`, then `then` applied to its output (futures' `map`).
    #[must_use = "futures do nothing unless polled"]
    pub(crate) struct After<F, G> {
        #[pin]
        future: F,
        then: Option<G>,
    }
}

/// `future`, then `then` applied to its output.
pub(crate) fn after<F, G, T>(future: F, then: G) -> After<F, G>
where
    F: Future,
    G: FnOnce(F::Output) -> T,
{
    After {
        future,
        then: Some(then),
    }
}

impl<F, G, T> Future for After<F, G>
where
    F: Future,
    G: FnOnce(F::Output) -> T,
{
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let this = self.project();
        assert!(this.then.is_some(), "`After` polled after it was ready");
        let output = ready!(this.future.poll(cx));
        match this.then.take() {
            Some(then) => Poll::Ready(then(output)),
            None => unreachable!("checked above"),
        }
    }
}

/// What a step after a future comes to: its value now, or (rarely) a boxed future of it.
pub(crate) enum Step<'a, T> {
    /// The value.
    Now(T),
    /// A future of the value, on the heap so the common path stays small.
    Later(Pin<Box<dyn Future<Output = T> + Send + 'a>>),
}

pin_project! {
    /// `future`, then `then` applied to its output, then the step's future if it gives
    /// one (futures' `then`, for a second future that is rare).
    #[must_use = "futures do nothing unless polled"]
    pub(crate) struct Settle<'a, F, G, T> {
        #[pin]
        future: F,
        then: Option<G>,
        later: Option<Pin<Box<dyn Future<Output = T> + Send + 'a>>>,
    }
}

/// `future`, then `then` applied to its output, then the future that gives, if any.
pub(crate) fn settle<'a, F, G, T>(future: F, then: G) -> Settle<'a, F, G, T>
where
    F: Future,
    G: FnOnce(F::Output) -> Step<'a, T>,
{
    Settle {
        future,
        then: Some(then),
        later: None,
    }
}

impl<'a, F, G, T> Future for Settle<'a, F, G, T>
where
    F: Future,
    G: FnOnce(F::Output) -> Step<'a, T>,
{
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let this = self.project();
        if let Some(later) = this.later {
            return later.as_mut().poll(cx);
        }
        assert!(this.then.is_some(), "`Settle` polled after it was ready");
        let output = ready!(this.future.poll(cx));
        let step = match this.then.take() {
            Some(then) => then(output),
            None => unreachable!("checked above"),
        };
        match step {
            Step::Now(value) => Poll::Ready(value),
            Step::Later(later) => this.later.insert(later).as_mut().poll(cx),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// Ready on its second poll, counting its polls.
    fn twice(polls: Arc<AtomicUsize>, value: u32) -> impl Future<Output = u32> {
        std::future::poll_fn(move |cx| {
            if polls.fetch_add(1, Ordering::SeqCst) == 0 {
                cx.waker().wake_by_ref();
                Poll::Pending
            } else {
                Poll::Ready(value)
            }
        })
    }

    #[tokio::test]
    async fn after_applies_its_function_once_the_future_is_ready() {
        let polls = Arc::new(AtomicUsize::new(0));
        let doubled = after(twice(polls.clone(), 21), |v| v * 2).await;
        assert_eq!(doubled, 42);
        assert_eq!(polls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn settle_gives_a_value_now_or_awaits_the_later_future() {
        let polls = Arc::new(AtomicUsize::new(0));
        let now = settle(twice(polls.clone(), 1), |v| Step::Now(v + 1)).await;
        assert_eq!(now, 2);
        let later_polls = Arc::new(AtomicUsize::new(0));
        let counted = later_polls.clone();
        let later = settle(twice(polls.clone(), 5), move |v| {
            Step::Later(Box::pin(async move { twice(counted, v * 10).await }))
        })
        .await;
        assert_eq!(later, 50);
        assert_eq!(
            later_polls.load(Ordering::SeqCst),
            2,
            "the later future ran to its end"
        );
    }

    #[test]
    #[should_panic(expected = "polled after it was ready")]
    fn after_refuses_a_poll_after_it_was_ready() {
        let mut done = Box::pin(after(std::future::ready(1), |v| v));
        let waker = std::task::Waker::noop();
        let mut cx = Context::from_waker(waker);
        assert_eq!(done.as_mut().poll(&mut cx), Poll::Ready(1));
        let _ = done.as_mut().poll(&mut cx);
    }
}
