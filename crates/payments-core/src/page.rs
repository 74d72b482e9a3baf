//! Pagination: one page of results, and a stream over all of them that fetches ahead.

use std::collections::VecDeque;
use std::future::Future;
use std::num::{NonZeroU32, NonZeroUsize};
use std::task::{Context, Poll};

use futures::stream::{self, BoxStream, FuturesOrdered, StreamExt};

use crate::error::Result;

/// Which page to fetch: a 0-based page number and a page size (at least 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct PageRequest {
    number: u32,
    size: NonZeroU32,
}

impl PageRequest {
    /// Page `number` (0-based) of `size` items.
    pub fn new(number: u32, size: NonZeroU32) -> Self {
        Self { number, size }
    }

    /// The first page of `size` items.
    pub fn first(size: NonZeroU32) -> Self {
        Self::new(0, size)
    }

    /// The 0-based page number.
    pub fn number(&self) -> u32 {
        self.number
    }

    /// The page size.
    pub fn size(&self) -> u32 {
        self.size.get()
    }

    /// How many items come before this page.
    pub fn offset(&self) -> u64 {
        u64::from(self.number) * u64::from(self.size.get())
    }

    /// The page after this one.
    pub fn next(&self) -> Self {
        Self {
            number: self.number.saturating_add(1),
            size: self.size,
        }
    }
}

/// One page of results.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// The request that produced this page.
    pub request: PageRequest,
    /// How many items there are in all, when the provider says.
    pub total_items: Option<u64>,
    /// How many pages there are in all, when the provider says.
    pub total_pages: Option<u32>,
}

impl<T> Page<T> {
    /// Whether a further page may hold items. Uses the provider's totals when given,
    /// otherwise a full page is taken to mean there may be more. An empty page never
    /// has more, whatever the totals say, so a stream cannot loop forever.
    pub fn has_more(&self) -> bool {
        if self.items.is_empty() {
            return false;
        }
        if let Some(pages) = self.total_pages {
            return self.request.number().saturating_add(1) < pages;
        }
        if let Some(total) = self.total_items {
            return self.request.offset() + (self.items.len() as u64) < total;
        }
        self.items.len() as u64 >= u64::from(self.request.size())
    }
}

/// How a stream over all pages fetches them ([`all_items`], and the `all_*` methods of the
/// `*Ext` traits, which read it from [`Paged::paging`]).
///
/// A stream first fetches one page alone. When that page says how many there are (total
/// pages or total items), the stream holds up to [`prefetch`](Self::prefetch) pages at
/// once: the page it is yielding items from and the pages requested ahead of it, whose
/// requests run at the same time. Items still come out in page order, and every page is
/// fetched through the same call as without prefetch (the request policy, retries
/// included, applies to each). When the first page states no totals, pages are fetched
/// one after the other (a full page means there may be more).
///
/// The default prefetch is 4 pages; 1 ([`Paging::sequential`]) requests a page only once
/// every item of the page before has been taken.
///
/// ```
/// use std::num::NonZeroUsize;
///
/// use payments_core::Paging;
///
/// assert_eq!(Paging::default().prefetch().get(), 4);
/// assert_eq!(Paging::sequential().prefetch().get(), 1);
/// let eight = Paging::default().with_prefetch(NonZeroUsize::new(8).ok_or("zero")?);
/// assert_eq!(eight.prefetch().get(), 8);
/// // No stream can hold zero pages: 0 is not a `NonZeroUsize`.
/// assert!("0".parse::<NonZeroUsize>().is_err());
/// # Ok::<(), &str>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Paging {
    prefetch: NonZeroUsize,
}

impl Paging {
    /// The default prefetch: 4 pages.
    pub const DEFAULT_PREFETCH: NonZeroUsize = match NonZeroUsize::new(4) {
        Some(n) => n,
        None => NonZeroUsize::MIN,
    };

    /// Paging that holds up to `prefetch` pages at once.
    pub const fn new(prefetch: NonZeroUsize) -> Self {
        Self { prefetch }
    }

    /// No prefetch: one page at a time, the next requested once the last is used up.
    pub const fn sequential() -> Self {
        Self::new(NonZeroUsize::MIN)
    }

    /// The same paging holding up to `prefetch` pages at once.
    pub const fn with_prefetch(self, prefetch: NonZeroUsize) -> Self {
        Self { prefetch }
    }

    /// How many pages a stream holds at once, at most: the one it yields from and those
    /// requested ahead.
    pub const fn prefetch(&self) -> NonZeroUsize {
        self.prefetch
    }
}

impl Default for Paging {
    fn default() -> Self {
        Self::new(Self::DEFAULT_PREFETCH)
    }
}

/// What the streams over all pages of a capability use ([`Paging`]); a supertrait of the
/// paginated capabilities ([`Orders`](crate::Orders),
/// [`PaymentSessions`](crate::PaymentSessions), [`BulkPayments`](crate::BulkPayments)).
///
/// The facade's adapters return the configured paging; any other implementor (the mocks
/// included) can keep the default with an empty `impl Paged for MyType {}`.
pub trait Paged {
    /// How the `*Ext` streams fetch pages (default: [`Paging::default`]).
    fn paging(&self) -> Paging {
        Paging::default()
    }
}

/// A stream over every item of every page, fetching pages with `fetch` as `paging` says
/// until a page says there is no more.
///
/// Nothing is fetched before the stream is first polled. Items come out in page order
/// whatever order the answers arrive in. The first error is yielded after every item of
/// every earlier page and ends the stream; pages requested ahead of it are dropped. A
/// consumer that drops the stream drops the requests in flight.
pub fn all_items<'a, T, F, Fut>(
    first: PageRequest,
    paging: Paging,
    fetch: F,
) -> BoxStream<'a, Result<T>>
where
    T: Send + 'a,
    F: FnMut(PageRequest) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Page<T>>> + Send + 'a,
{
    let mut pager = Pager {
        fetch,
        prefetch: paging.prefetch.get(),
        next: Some(first),
        last: Some(first.number()),
        in_flight: FuturesOrdered::new(),
        ready: VecDeque::new(),
        current: Vec::new().into_iter(),
        error: None,
    };
    stream::poll_fn(move |cx| pager.poll_next(cx)).boxed()
}

/// The number of the last page, when `page`'s totals say.
fn last_number<T>(page: &Page<T>) -> Option<u32> {
    if let Some(pages) = page.total_pages {
        return Some(pages.saturating_sub(1));
    }
    let total = page.total_items?;
    let pages = total.div_ceil(u64::from(page.request.size()));
    Some(u32::try_from(pages.saturating_sub(1)).unwrap_or(u32::MAX))
}

/// The state of [`all_items`]' stream.
struct Pager<T, F, Fut: Future> {
    fetch: F,
    /// How many pages may be held at once (in flight, ready, being yielded).
    prefetch: usize,
    /// The next page to request; `None` past page number `u32::MAX`.
    next: Option<PageRequest>,
    /// The last page number that may be requested now; `None` once no further page may
    /// be (the end was reached, or a page failed).
    last: Option<u32>,
    /// The pages requested and not yet taken, in page order.
    in_flight: FuturesOrdered<Fut>,
    /// Pages that arrived, in order, after the one being yielded.
    ready: VecDeque<Vec<T>>,
    /// The items of the page being yielded.
    current: std::vec::IntoIter<T>,
    /// The error of the first failed page, yielded after every item before it.
    error: Option<crate::error::PaymentsError>,
}

impl<T, F, Fut> Pager<T, F, Fut>
where
    F: FnMut(PageRequest) -> Fut,
    Fut: Future<Output = Result<Page<T>>>,
{
    fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T>>> {
        loop {
            self.launch();
            self.collect(cx);
            if let Some(item) = self.current.next() {
                if self.current.len() == 0 {
                    // The page is used up: free its buffer, and its place for another page.
                    self.current = Vec::new().into_iter();
                }
                return Poll::Ready(Some(Ok(item)));
            }
            if let Some(items) = self.ready.pop_front() {
                self.current = items.into_iter();
                continue;
            }
            if let Some(error) = self.error.take() {
                return Poll::Ready(Some(Err(error)));
            }
            if self.in_flight.is_empty() {
                return Poll::Ready(None);
            }
            // `collect` left the waker with the pages in flight.
            return Poll::Pending;
        }
    }

    /// How many pages are held: the one being yielded, those ready and those in flight.
    fn held(&self) -> usize {
        usize::from(self.current.len() > 0) + self.ready.len() + self.in_flight.len()
    }

    /// Requests pages while there is room and the totals allow.
    fn launch(&mut self) {
        while self.held() < self.prefetch {
            let (Some(request), Some(last)) = (self.next, self.last) else {
                return;
            };
            if request.number() > last {
                return;
            }
            self.in_flight.push_back((self.fetch)(request));
            self.next = request
                .number()
                .checked_add(1)
                .map(|number| PageRequest::new(number, request.size));
        }
    }

    /// Drives the pages in flight and takes those that arrived, in page order.
    fn collect(&mut self, cx: &mut Context<'_>) {
        while self.error.is_none() {
            match self.in_flight.poll_next_unpin(cx) {
                Poll::Ready(Some(Ok(page))) => self.arrived(page),
                Poll::Ready(Some(Err(error))) => {
                    self.error = Some(error);
                    self.stop();
                }
                Poll::Ready(None) | Poll::Pending => return,
            }
        }
    }

    /// The next page in order: its totals (or, without them, a full page) say how far
    /// requests may go.
    fn arrived(&mut self, page: Page<T>) {
        if page.has_more() {
            let number = page.request.number();
            self.last = Some(last_number(&page).unwrap_or_else(|| number.saturating_add(1)));
        } else {
            self.stop();
        }
        self.ready.push_back(page.items);
    }

    /// No further page: drops those in flight.
    fn stop(&mut self) {
        self.last = None;
        self.in_flight = FuturesOrdered::new();
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};

    use futures::channel::oneshot;
    use futures::future::BoxFuture;
    use futures::{FutureExt, TryStreamExt};

    use super::*;
    use crate::error::{ErrorKind, PaymentsError, Provider};

    fn size(n: u32) -> NonZeroU32 {
        NonZeroU32::new(n).unwrap()
    }

    fn prefetch(k: usize) -> Paging {
        Paging::new(NonZeroUsize::new(k).unwrap())
    }

    fn page(request: PageRequest, total: u64) -> Page<u64> {
        let start = request.offset();
        let end = (start + u64::from(request.size())).min(total);
        Page {
            items: (start..end).collect(),
            request,
            total_items: Some(total),
            total_pages: None,
        }
    }

    fn down() -> PaymentsError {
        PaymentsError::new(Provider::Paywall, ErrorKind::Unavailable, "down")
    }

    /// Lets the executor run everything else `n` times.
    async fn yields(n: u32) {
        for _ in 0..n {
            tokio::task::yield_now().await;
        }
    }

    /// A fake provider of `total` numbered items: counts the page requests and how many
    /// are in flight at once, and answers each page only when the test releases it (or
    /// after a number of yields per page).
    #[derive(Clone)]
    struct Fake {
        total: u64,
        /// Whether pages state their totals.
        totals: bool,
        /// The page that fails.
        failing: Option<u32>,
        state: Arc<FakeState>,
    }

    #[derive(Default)]
    struct FakeState {
        gates: Mutex<BTreeMap<u32, oneshot::Sender<()>>>,
        requested: Mutex<Vec<u32>>,
        in_flight: AtomicUsize,
        max_in_flight: AtomicUsize,
        log: Mutex<Vec<String>>,
    }

    impl Fake {
        fn new(total: u64) -> Self {
            Self {
                total,
                totals: true,
                failing: None,
                state: Arc::default(),
            }
        }

        fn answer(&self, request: PageRequest) -> Result<Page<u64>> {
            self.state.in_flight.fetch_sub(1, Ordering::SeqCst);
            if Some(request.number()) == self.failing {
                return Err(down());
            }
            let mut p = page(request, self.total);
            if !self.totals {
                p.total_items = None;
            }
            Ok(p)
        }

        fn requested_now(&self, request: PageRequest) {
            self.state.requested.lock().unwrap().push(request.number());
            let now = self.state.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            self.state.max_in_flight.fetch_max(now, Ordering::SeqCst);
            self.log(format!("fetch {}", request.number()));
        }

        /// Pages that wait for [`Fake::release`].
        fn gated(&self) -> impl FnMut(PageRequest) -> BoxFuture<'static, Result<Page<u64>>> {
            let fake = self.clone();
            move |request| {
                fake.requested_now(request);
                let (tx, rx) = oneshot::channel();
                fake.state
                    .gates
                    .lock()
                    .unwrap()
                    .insert(request.number(), tx);
                let fake = fake.clone();
                async move {
                    rx.await.unwrap();
                    fake.answer(request)
                }
                .boxed()
            }
        }

        /// Pages that answer after `delay(page number)` yields.
        fn delayed(
            &self,
            delay: impl Fn(u32) -> u32 + Send + 'static,
        ) -> impl FnMut(PageRequest) -> BoxFuture<'static, Result<Page<u64>>> {
            let fake = self.clone();
            move |request| {
                fake.requested_now(request);
                let fake = fake.clone();
                let wait = delay(request.number());
                async move {
                    yields(wait).await;
                    fake.answer(request)
                }
                .boxed()
            }
        }

        /// Answers page `number` (requested before).
        fn release(&self, number: u32) {
            let gate = self.state.gates.lock().unwrap().remove(&number);
            gate.expect("the page was requested").send(()).unwrap();
        }

        /// The pages requested and not yet released, highest first.
        fn waiting(&self) -> Vec<u32> {
            self.state
                .gates
                .lock()
                .unwrap()
                .keys()
                .rev()
                .copied()
                .collect()
        }

        fn requested(&self) -> Vec<u32> {
            self.state.requested.lock().unwrap().clone()
        }

        fn in_flight(&self) -> usize {
            self.state.in_flight.load(Ordering::SeqCst)
        }

        fn max_in_flight(&self) -> usize {
            self.state.max_in_flight.load(Ordering::SeqCst)
        }

        fn log(&self, event: String) {
            self.state.log.lock().unwrap().push(event);
        }
    }

    /// Polls `stream` once: `None` while it waits.
    fn poll<T>(stream: &mut BoxStream<'_, Result<T>>) -> Option<Option<Result<T>>> {
        stream.next().now_or_never()
    }

    /// Drains a gated stream, answering the latest waiting page first whenever it waits.
    fn drain_latest_first(
        fake: &Fake,
        stream: &mut BoxStream<'_, Result<u64>>,
    ) -> Vec<Result<u64>> {
        let mut got = Vec::new();
        loop {
            match poll(stream) {
                Some(Some(item)) => got.push(item),
                Some(None) => return got,
                None => {
                    let waiting = fake.waiting();
                    assert!(!waiting.is_empty(), "the stream waits on nothing");
                    for number in waiting {
                        fake.release(number);
                    }
                }
            }
        }
    }

    #[tokio::test]
    async fn streams_every_item_across_pages() {
        for k in 1..=5 {
            let first = PageRequest::first(size(10));
            let all: Vec<u64> = all_items(first, prefetch(k), |r| async move { Ok(page(r, 23)) })
                .try_collect()
                .await
                .unwrap();
            assert_eq!(all, (0..23).collect::<Vec<_>>(), "prefetch {k}");
        }
    }

    #[tokio::test]
    async fn items_come_out_in_page_order_when_later_pages_answer_first() {
        for k in 1..=6 {
            // Page n answers after (12 - n) * 5 yields: the later the page, the sooner.
            let fake = Fake::new(35);
            let stream = all_items(
                PageRequest::first(size(3)),
                prefetch(k),
                fake.delayed(|n| (12 - n) * 5),
            );
            let all: Vec<u64> = stream.try_collect().await.unwrap();
            assert_eq!(all, (0..35).collect::<Vec<_>>(), "prefetch {k}");
            assert_eq!(
                fake.requested(),
                (0..12).collect::<Vec<_>>(),
                "each page once"
            );
        }
        // The same, answering by hand: every waiting page in reverse order.
        let fake = Fake::new(35);
        let mut stream = all_items(PageRequest::first(size(3)), prefetch(4), fake.gated());
        let all: Vec<u64> = drain_latest_first(&fake, &mut stream)
            .into_iter()
            .collect::<Result<_>>()
            .unwrap();
        assert_eq!(all, (0..35).collect::<Vec<_>>());
        assert_eq!(fake.max_in_flight(), 4);
    }

    #[test]
    fn a_consumer_that_stops_after_the_first_item_causes_at_most_k_plus_one_requests() {
        for k in 1..=6 {
            let fake = Fake::new(100);
            let mut stream = all_items(PageRequest::first(size(10)), prefetch(k), fake.gated());
            assert!(fake.requested().is_empty(), "nothing before the first poll");
            assert!(poll(&mut stream).is_none());
            assert_eq!(fake.requested(), [0], "the first page alone");
            fake.release(0);
            assert_eq!(poll(&mut stream).unwrap().unwrap().unwrap(), 0);
            for number in fake.waiting() {
                fake.release(number);
            }
            drop(stream);
            let requested = fake.requested().len();
            assert!(requested <= k + 1, "prefetch {k}: {requested} requests");
            // The first page and those requested ahead of it, up to the prefetch.
            assert_eq!(requested, k, "prefetch {k}");
        }
    }

    #[test]
    fn a_failing_page_ends_the_stream_after_every_earlier_item() {
        for k in 1..=6 {
            // Pages of 3; page 2 fails, and later pages answer before earlier ones.
            let mut fake = Fake::new(18);
            fake.failing = Some(2);
            let mut stream = all_items(PageRequest::first(size(3)), prefetch(k), fake.gated());
            let got = drain_latest_first(&fake, &mut stream);
            let (ok, errors): (Vec<_>, Vec<_>) = got.into_iter().partition(Result::is_ok);
            let ok: Vec<u64> = ok.into_iter().map(Result::unwrap).collect();
            assert_eq!(
                ok,
                (0..6).collect::<Vec<_>>(),
                "prefetch {k}: pages 0 and 1"
            );
            assert_eq!(errors.len(), 1, "prefetch {k}: then the error");
            assert!(matches!(poll(&mut stream), Some(None)), "then nothing");
            assert!(
                fake.requested().iter().all(|&n| n < 2 + k as u32),
                "prefetch {k}: no page requested after the failure: {:?}",
                fake.requested()
            );
        }
        // With every page answered at once, the error still comes last.
        let mut fake = Fake::new(23);
        fake.failing = Some(1);
        let stream = all_items(PageRequest::first(size(10)), prefetch(4), |r| {
            let fake = fake.clone();
            fake.requested_now(r);
            async move { fake.answer(r) }
        });
        let got: Vec<Result<u64>> = futures::executor::block_on(stream.collect());
        assert_eq!(got.len(), 11);
        assert!(got[..10].iter().all(Result::is_ok));
        assert!(got[10].is_err());
    }

    #[tokio::test]
    async fn prefetch_one_requests_a_page_once_the_page_before_is_used_up() {
        let fake = Fake::new(7);
        let mut stream = all_items(
            PageRequest::first(size(3)),
            Paging::sequential(),
            fake.delayed(|_| 3),
        );
        while let Some(item) = stream.try_next().await.unwrap() {
            fake.log(format!("item {item}"));
        }
        let log = fake.state.log.lock().unwrap().clone();
        assert_eq!(
            log,
            [
                "fetch 0", "item 0", "item 1", "item 2", "fetch 1", "item 3", "item 4", "item 5",
                "fetch 2", "item 6"
            ]
        );
        assert_eq!(fake.max_in_flight(), 1);
    }

    #[test]
    fn concurrency_reaches_the_prefetch_and_never_passes_it() {
        for k in 2..=6 {
            let fake = Fake::new(120);
            let mut stream = all_items(PageRequest::first(size(10)), prefetch(k), fake.gated());
            assert!(poll(&mut stream).is_none());
            fake.release(0);
            for expected in 0..10 {
                assert_eq!(poll(&mut stream).unwrap().unwrap().unwrap(), expected);
            }
            // Page 0 is used up: the stream now waits on `k` pages at once.
            assert!(poll(&mut stream).is_none());
            assert_eq!(fake.in_flight(), k, "prefetch {k}");
            assert_eq!(fake.max_in_flight(), k, "prefetch {k}");
            let rest: Vec<u64> = drain_latest_first(&fake, &mut stream)
                .into_iter()
                .collect::<Result<_>>()
                .unwrap();
            assert_eq!(rest, (10..120).collect::<Vec<_>>());
            assert_eq!(fake.max_in_flight(), k, "prefetch {k}: never more");
            assert_eq!(
                fake.requested(),
                (0..12).collect::<Vec<_>>(),
                "each page once"
            );
        }
    }

    #[tokio::test]
    async fn without_totals_pages_are_fetched_one_at_a_time_until_a_short_one() {
        let mut fake = Fake::new(7);
        fake.totals = false;
        let all: Vec<u64> = all_items(
            PageRequest::first(size(3)),
            prefetch(4),
            fake.delayed(|_| 5),
        )
        .try_collect()
        .await
        .unwrap();
        assert_eq!(all, (0..7).collect::<Vec<_>>());
        assert_eq!(fake.requested(), [0, 1, 2]);
        assert_eq!(fake.max_in_flight(), 1);
    }

    #[test]
    fn has_more_uses_totals_and_stops_on_empty_pages() {
        let r = PageRequest::first(size(2));
        let mut p = Page {
            items: vec![1, 2],
            request: r,
            total_items: None,
            total_pages: Some(1),
        };
        assert!(!p.has_more());
        p.total_pages = None;
        assert!(p.has_more());
        p.items.clear();
        p.total_items = Some(100);
        assert!(!p.has_more());
    }

    #[test]
    fn the_last_page_number_comes_from_the_totals() {
        let mut p = page(PageRequest::first(size(10)), 23);
        assert_eq!(last_number(&p), Some(2));
        p.total_items = Some(20);
        assert_eq!(last_number(&p), Some(1));
        p.total_pages = Some(5);
        assert_eq!(last_number(&p), Some(4), "total pages first");
        p.total_pages = None;
        p.total_items = None;
        assert_eq!(last_number(&p), None);
    }
}
