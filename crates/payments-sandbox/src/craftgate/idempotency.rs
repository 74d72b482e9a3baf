//! Craftgate's `x-idempotency-key` (docs/providers/craftgate.md#idempotency-key): a write
//! sent again with a key already seen is not applied again; it gets the stored answer of
//! the first request with that key.
//!
//! The rules, and where they are the sandbox's own choice:
//! - The key counts on `POST`, `PATCH` and `DELETE` and is ignored on every other method
//!   (the docs: honoured on those three, disregarded on `PUT`). An empty header is no key.
//! - A key is remembered per method and path (`POST /payment/v1/refunds` and
//!   `POST /payment/v1/refund-transactions` keep separate keys); the query is not part of
//!   it.
//! - The stored answer is whatever the handler answered, errors included (a refused refund
//!   stays refused under its key), with its status, headers and body. Requests the
//!   signature check refuses never get this far, so a 401 is never stored.
//! - A key sent again with a different body: docs/providers/craftgate.md#idempotency-key
//!   says nothing. The sandbox's choice is to answer what the first request got, body
//!   unread, exactly as for an identical retry.
//! - A key that arrives while the first request with it is still being handled waits for
//!   it (one async mutex per key), then gets its answer: the effect happens once. If the
//!   first request is dropped before its handler answers, the waiting one is handled
//!   instead.
//! - Memory is bounded: the last [`CAPACITY`] keys (in the order they were first seen) are
//!   remembered; an older key is forgotten and a request with it is applied again.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::counter::Counter;
use crate::util::lock;

/// The header (not signed: docs/providers/craftgate.md#idempotency-key).
pub(crate) const HEADER: &str = "x-idempotency-key";

/// How many keys the sandbox remembers.
pub(crate) const CAPACITY: usize = 10_000;

/// The largest answer stored (the sandbox's answers are a few KiB).
const MAX_ANSWER: usize = 1 << 20;

/// What a key is remembered under: the method, the path and the key's bytes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Key {
    method: Method,
    path: String,
    key: Bytes,
}

impl Key {
    /// The key of a request, if it carries one that counts: a non-empty
    /// `x-idempotency-key` on a `POST`, `PATCH` or `DELETE`.
    pub(crate) fn of(request: &Request) -> Option<Self> {
        let method = request.method();
        if !matches!(*method, Method::POST | Method::PATCH | Method::DELETE) {
            return None;
        }
        let value = request.headers().get(HEADER)?;
        if value.is_empty() {
            return None;
        }
        Some(Self {
            method: method.clone(),
            path: request.uri().path().to_string(),
            key: Bytes::copy_from_slice(value.as_bytes()),
        })
    }
}

/// The answer of the first request with a key.
#[derive(Clone, Debug)]
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Answer {
    /// Reads `response` in full; `None` if its body fails or is too large.
    async fn read(response: Response) -> Option<Self> {
        let (parts, body) = response.into_parts();
        let body = axum::body::to_bytes(body, MAX_ANSWER).await.ok()?;
        Some(Self {
            status: parts.status,
            headers: parts.headers,
            body,
        })
    }

    /// The answer again, as sent the first time.
    fn response(&self) -> Response {
        let mut response = Response::new(Body::from(self.body.clone()));
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers.clone();
        response
    }
}

/// A key's place: empty while its first request is handled (whoever holds the lock
/// handles it), then its answer.
type Slot = Arc<tokio::sync::Mutex<Option<Answer>>>;

/// The keys seen, with their answers.
#[derive(Debug)]
pub(crate) struct Idempotency {
    inner: Mutex<Slots>,
    capacity: usize,
    replayed: Counter,
}

#[derive(Debug, Default)]
struct Slots {
    by_key: HashMap<Key, Slot>,
    /// Keys in the order they were first seen, oldest first.
    order: VecDeque<Key>,
}

impl Default for Idempotency {
    fn default() -> Self {
        Self::with_capacity(CAPACITY)
    }
}

impl Idempotency {
    /// A store that remembers the last `capacity` keys (at least one).
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Self {
            inner: Mutex::default(),
            capacity: capacity.max(1),
            replayed: Counter::default(),
        }
    }

    /// Requests answered with a stored answer instead of being handled.
    pub(crate) fn replayed(&self) -> u64 {
        self.replayed.get()
    }

    /// The slot of `key`, made (and the oldest key forgotten beyond the capacity) if new.
    fn slot(&self, key: Key) -> Slot {
        let mut slots = lock(&self.inner);
        if let Some(slot) = slots.by_key.get(&key) {
            return Arc::clone(slot);
        }
        let slot = Slot::default();
        slots.by_key.insert(key.clone(), Arc::clone(&slot));
        slots.order.push_back(key);
        while slots.order.len() > self.capacity {
            if let Some(oldest) = slots.order.pop_front() {
                slots.by_key.remove(&oldest);
            }
        }
        slot
    }

    /// `handle`'s answer if `key` is new (or its first request never answered), else the
    /// stored answer of `key`'s first request; `handle` is not run then. Requests with the
    /// same key run one at a time.
    pub(crate) async fn once(&self, key: Key, handle: impl Future<Output = Response>) -> Response {
        let slot = self.slot(key);
        let mut stored = slot.lock().await;
        if let Some(answer) = stored.as_ref() {
            // The body is not compared with the first one: a key reused with another body
            // gets the first answer too (the sandbox's choice, the docs being silent:
            // docs/providers/craftgate.md#idempotency-key).
            self.replayed.bump();
            tracing::debug!(
                provider = "craftgate",
                status = answer.status.as_u16(),
                "sandbox idempotent replay"
            );
            return answer.response();
        }
        match Answer::read(handle.await).await {
            Some(answer) => {
                let response = answer.response();
                *stored = Some(answer);
                response
            }
            // Not reached with the sandbox's in-memory JSON answers; nothing is stored.
            None => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        }
    }
}

/// The middleware: inside the signature check, in front of the routes. Requests without
/// a key that counts go straight through.
pub(crate) async fn replay(
    State(store): State<Arc<Idempotency>>,
    request: Request,
    next: Next,
) -> Response {
    match Key::of(&request) {
        Some(key) => store.once(key, next.run(request)).await,
        None => next.run(request).await,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    fn request(method: Method, path: &str, key: Option<&str>) -> Request {
        let mut builder = Request::builder().method(method).uri(path);
        if let Some(key) = key {
            builder = builder.header(HEADER, key);
        }
        builder.body(Body::empty()).expect("a valid request")
    }

    fn key(method: Method, path: &str, key: &str) -> Key {
        Key::of(&request(method, path, Some(key))).expect("a key that counts")
    }

    /// A handler that counts its runs and answers `201` with the run number.
    async fn handler(runs: &AtomicUsize, wait: Duration) -> Response {
        let run = runs.fetch_add(1, Ordering::SeqCst) + 1;
        tokio::time::sleep(wait).await;
        (StatusCode::CREATED, format!("run {run}")).into_response()
    }

    async fn text(response: Response) -> (StatusCode, String) {
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), MAX_ANSWER)
            .await
            .expect("a body");
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    #[test]
    fn only_non_empty_keys_on_post_patch_and_delete_count() {
        for method in [Method::POST, Method::PATCH, Method::DELETE] {
            assert!(Key::of(&request(method, "/a", Some("k"))).is_some());
        }
        for method in [Method::GET, Method::PUT, Method::HEAD] {
            assert!(Key::of(&request(method, "/a", Some("k"))).is_none());
        }
        assert!(Key::of(&request(Method::POST, "/a", None)).is_none());
        assert!(Key::of(&request(Method::POST, "/a", Some(""))).is_none());
        assert_eq!(
            Key::of(&request(Method::POST, "/a?x=1", Some("k"))),
            Key::of(&request(Method::POST, "/a", Some("k"))),
            "the query is not part of the key"
        );
    }

    #[tokio::test]
    async fn a_key_seen_before_gets_the_first_answer() {
        let store = Idempotency::default();
        let runs = AtomicUsize::new(0);
        let k = key(Method::POST, "/a", "k");
        let first = text(store.once(k.clone(), handler(&runs, Duration::ZERO)).await).await;
        let again = text(store.once(k, handler(&runs, Duration::ZERO)).await).await;
        assert_eq!(first, (StatusCode::CREATED, "run 1".to_string()));
        assert_eq!(again, first);
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        assert_eq!(store.replayed(), 1);

        // Another key, method or path is another request.
        for other in [
            key(Method::POST, "/a", "k2"),
            key(Method::PATCH, "/a", "k"),
            key(Method::POST, "/b", "k"),
        ] {
            store.once(other, handler(&runs, Duration::ZERO)).await;
        }
        assert_eq!(runs.load(Ordering::SeqCst), 4);
    }

    #[tokio::test]
    async fn a_key_in_progress_waits_for_the_first_answer() {
        let store = Idempotency::default();
        let runs = AtomicUsize::new(0);
        let k = key(Method::POST, "/a", "k");
        let slow = store.once(k.clone(), handler(&runs, Duration::from_millis(200)));
        let second = async {
            // Arrives while the first is inside its handler.
            tokio::time::sleep(Duration::from_millis(20)).await;
            assert_eq!(runs.load(Ordering::SeqCst), 1, "the first is being handled");
            store.once(k, handler(&runs, Duration::ZERO)).await
        };
        let (first, second) = tokio::join!(slow, second);
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        assert_eq!(text(first).await, text(second).await);
        assert_eq!(store.replayed(), 1);
    }

    #[tokio::test]
    async fn a_first_request_dropped_unanswered_leaves_the_key_free() {
        let store = Idempotency::default();
        let runs = AtomicUsize::new(0);
        let k = key(Method::POST, "/a", "k");
        let gave_up = tokio::time::timeout(
            Duration::from_millis(20),
            store.once(k.clone(), handler(&runs, Duration::from_secs(10))),
        )
        .await;
        assert!(gave_up.is_err());
        let answer = text(store.once(k, handler(&runs, Duration::ZERO)).await).await;
        assert_eq!(answer.1, "run 2");
        assert_eq!(store.replayed(), 0);
    }

    #[tokio::test]
    async fn only_the_last_keys_are_remembered() {
        let store = Idempotency::with_capacity(2);
        let runs = AtomicUsize::new(0);
        for k in ["k1", "k2", "k3"] {
            store
                .once(key(Method::POST, "/a", k), handler(&runs, Duration::ZERO))
                .await;
        }
        assert_eq!(lock(&store.inner).by_key.len(), 2);
        store
            .once(
                key(Method::POST, "/a", "k3"),
                handler(&runs, Duration::ZERO),
            )
            .await;
        assert_eq!(runs.load(Ordering::SeqCst), 3, "k3 is remembered");
        store
            .once(
                key(Method::POST, "/a", "k1"),
                handler(&runs, Duration::ZERO),
            )
            .await;
        assert_eq!(runs.load(Ordering::SeqCst), 4, "k1 was forgotten");
        assert_eq!(Idempotency::default().capacity, CAPACITY);
    }
}
