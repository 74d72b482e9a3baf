//! Reading an answer's body: chunk by chunk as it comes ([`read_body`]), or at once when
//! it is already all here ([`read_now`]).
//!
//! Chunk by chunk rather than with `Response::bytes`, which keeps a list of the chunks and
//! holds the whole answer in its future (about 570 bytes of every call's future).

use std::future::Future;

use bytes::{Bytes, BytesMut};
use futures::FutureExt;

/// A body's chunks, joined in order as they come: a body that comes in one chunk (most
/// answers) is handed on as it is, more are copied into one buffer; empty chunks are
/// skipped.
pub(crate) struct Joined {
    first: Bytes,
    all: Option<BytesMut>,
    /// Room to make for the whole body once a second chunk comes.
    room: usize,
}

impl Joined {
    /// Nothing read yet of a body `response` states the length of (or not).
    pub(crate) fn of(response: &reqwest::Response) -> Self {
        /// The most room made ahead for a stated length (a larger body still grows as it
        /// comes; a wrong `Content-Length` cannot make a large allocation by itself).
        const AHEAD: u64 = 1 << 20;
        let expected = response.content_length().unwrap_or(0).min(AHEAD);
        Self {
            first: Bytes::new(),
            all: None,
            room: usize::try_from(expected).unwrap_or(0),
        }
    }

    /// Adds the next chunk.
    fn push(&mut self, chunk: Bytes) {
        if chunk.is_empty() {
            return;
        }
        match &mut self.all {
            Some(all) => all.extend_from_slice(&chunk),
            None if self.first.is_empty() => self.first = chunk,
            None => {
                let first = std::mem::take(&mut self.first);
                let mut all = BytesMut::with_capacity(self.room.max(first.len() + chunk.len()));
                all.extend_from_slice(&first);
                all.extend_from_slice(&chunk);
                self.all = Some(all);
            }
        }
    }

    /// The whole body.
    fn finish(self) -> Bytes {
        self.all.map_or(self.first, BytesMut::freeze)
    }
}

/// Reads `response`'s body. Not an `async fn`: the future is [`read_rest`]'s, with nothing
/// of its own beside it.
pub(crate) fn read_body(
    response: &mut reqwest::Response,
) -> impl Future<Output = reqwest::Result<Bytes>> + Send + '_ {
    let read = Joined::of(response);
    read_rest(response, read)
}

/// Reads the rest of `response`'s body after what `read` holds.
///
/// Not an `async fn`: an `async fn` keeps its arguments and its own copy of a `mut` one.
#[allow(clippy::manual_async_fn)] // an `async fn` would hold `read` twice
pub(crate) fn read_rest(
    response: &mut reqwest::Response,
    mut read: Joined,
) -> impl Future<Output = reqwest::Result<Bytes>> + Send + '_ {
    async move {
        while let Some(chunk) = response.chunk().await? {
            read.push(chunk);
        }
        Ok(read.finish())
    }
}

/// `response`'s whole body if all of it can be read without waiting (a body already read
/// into memory, as [`execute`](crate::transport::execute) leaves a success's), else what
/// could be read so far: the rest is for [`read_rest`].
pub(crate) fn read_now(response: &mut reqwest::Response) -> Result<reqwest::Result<Bytes>, Joined> {
    let mut read = Joined::of(response);
    loop {
        // Polled once, with a waker that does nothing: a chunk that is not here yet is
        // polled again, with the task's waker, by `read_rest`.
        match response.chunk().now_or_never() {
            Some(Ok(Some(chunk))) => read.push(chunk),
            Some(Ok(None)) => return Ok(Ok(read.finish())),
            Some(Err(error)) => return Ok(Err(error)),
            None => return Err(read),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn streamed(chunks: &[&Bytes]) -> reqwest::Response {
        let items: Vec<Result<Bytes, std::io::Error>> =
            chunks.iter().map(|c| Ok((*c).clone())).collect();
        let body = reqwest::Body::wrap_stream(futures::stream::iter(items));
        reqwest::Response::from(http::Response::new(body))
    }

    fn chunks() -> (Bytes, Bytes, Bytes, Bytes) {
        (
            Bytes::new(),
            Bytes::from_static(b"{\"a\":"),
            Bytes::from("[1, 2"),
            Bytes::from_static(b"]}"),
        )
    }

    /// A body streamed in chunks: one chunk is handed on without a copy; several are joined
    /// in order, empty ones skipped.
    #[tokio::test]
    async fn chunks_are_joined_in_order() {
        async fn read(chunks: &[&Bytes]) -> Bytes {
            read_body(&mut streamed(chunks)).await.unwrap()
        }
        let (empty, a, b, c) = chunks();
        let one = read(&[&empty, &b, &empty]).await;
        assert_eq!(one, "[1, 2");
        assert_eq!(one.as_ptr(), b.as_ptr(), "one chunk is not copied");
        let all = read(&[&empty, &a, &empty, &b, &c, &empty]).await;
        assert_eq!(all, "{\"a\":[1, 2]}");
        assert!(read(&[]).await.is_empty());
        assert!(read(&[&empty]).await.is_empty());
    }

    /// A body in memory is read at once, without a copy; chunks that are here are read at
    /// once too, and the rest after them in order.
    #[tokio::test]
    async fn what_is_here_is_read_at_once() {
        let body = Bytes::from("{\"a\":1}");
        let mut r = reqwest::Response::from(http::Response::new(body.clone()));
        let now = read_now(&mut r).ok().unwrap().unwrap();
        assert_eq!(now.as_ptr(), body.as_ptr(), "not copied");
        let (empty, a, b, c) = chunks();
        let mut r = streamed(&[&a, &empty, &b, &c]);
        assert_eq!(read_now(&mut r).ok().unwrap().unwrap(), "{\"a\":[1, 2]}");

        // A body whose second half is not here yet: the first is kept for the rest.
        let (tx, rx) = futures::channel::mpsc::unbounded::<Result<Bytes, std::io::Error>>();
        tx.unbounded_send(Ok(a.clone())).unwrap();
        let mut r = reqwest::Response::from(http::Response::new(reqwest::Body::wrap_stream(rx)));
        let Err(begun) = read_now(&mut r) else {
            panic!("the body is not all here");
        };
        tx.unbounded_send(Ok(b.clone())).unwrap();
        tx.unbounded_send(Ok(c.clone())).unwrap();
        drop(tx);
        assert_eq!(read_rest(&mut r, begun).await.unwrap(), "{\"a\":[1, 2]}");
    }

    /// A body that fails is reported at once.
    #[test]
    fn a_failed_body_is_its_error() {
        let items: Vec<Result<Bytes, std::io::Error>> = vec![Err(std::io::Error::other("cut"))];
        let body = reqwest::Body::wrap_stream(futures::stream::iter(items));
        let mut r = reqwest::Response::from(http::Response::new(body));
        assert!(read_now(&mut r).ok().unwrap().is_err());
    }
}
