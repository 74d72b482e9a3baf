//! Pagination: one page of results, and a stream over all of them.

use std::future::Future;
use std::num::NonZeroU32;

use futures::stream::{self, BoxStream, StreamExt};

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

/// A stream over every item of every page, fetching page after page with `fetch` until a
/// page says there is no more. The first error ends the stream after being yielded.
pub fn all_items<'a, T, F, Fut>(first: PageRequest, fetch: F) -> BoxStream<'a, Result<T>>
where
    T: Send + 'a,
    F: FnMut(PageRequest) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Page<T>>> + Send + 'a,
{
    stream::try_unfold((Some(first), fetch), |(next, mut fetch)| async move {
        let Some(request) = next else {
            return Ok(None);
        };
        let page = fetch(request).await?;
        let next = page.has_more().then(|| page.request.next());
        Ok(Some((
            stream::iter(page.items.into_iter().map(Ok)),
            (next, fetch),
        )))
    })
    .map(|r: Result<_>| match r {
        Ok(items) => items.left_stream(),
        Err(e) => stream::once(async { Err(e) }).right_stream(),
    })
    .flatten()
    .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ErrorKind, PaymentsError, Provider};
    use futures::TryStreamExt;

    fn size(n: u32) -> NonZeroU32 {
        NonZeroU32::new(n).unwrap()
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

    #[tokio::test]
    async fn streams_every_item_across_pages() {
        let first = PageRequest::first(size(10));
        let all: Vec<u64> = all_items(first, |r| async move { Ok(page(r, 23)) })
            .try_collect()
            .await
            .unwrap();
        assert_eq!(all, (0..23).collect::<Vec<_>>());
    }

    #[tokio::test]
    async fn an_error_is_yielded_and_ends_the_stream() {
        let first = PageRequest::first(size(10));
        let got: Vec<Result<u64>> = all_items(first, |r| async move {
            if r.number() == 1 {
                Err(PaymentsError::new(
                    Provider::Paywall,
                    ErrorKind::Unavailable,
                    "down",
                ))
            } else {
                Ok(page(r, 23))
            }
        })
        .collect()
        .await;
        assert_eq!(got.len(), 11);
        assert!(got[10].is_err());
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
}
