//! The push engine: registered endpoints, the delivery log, and one task per recipient that
//! sends its messages on the provider's schedule.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use chrono::Utc;
use http::{HeaderName, HeaderValue};
use tokio::sync::watch;
use url::Url;

use super::endpoint::{self, Endpoint, EndpointError};
use super::record::{Attempt, Delivery, DeliveryState, PushProvider};
use super::schedule::Schedule;
use super::send;
use crate::util::lock;

/// How many deliveries the log keeps; older ones are dropped first.
const LOG_LIMIT: usize = 10_000;
/// How many bytes of bodies the log keeps; older deliveries are dropped first.
const LOG_BYTES: usize = 64 << 20;

/// A message's JSON body: ready, or rendered when it is sent (a Paywall page, so that a
/// large batch's callback is never held whole).
#[derive(Clone)]
pub(crate) enum Body {
    /// Already rendered.
    Ready(Bytes),
    /// Rendered for each attempt's recipient when it is first sent.
    Later(Arc<dyn Fn() -> Bytes + Send + Sync>),
}

impl Body {
    /// A body rendered by `render` when it is sent.
    pub(crate) fn later(render: impl Fn() -> Bytes + Send + Sync + 'static) -> Self {
        Self::Later(Arc::new(render))
    }

    /// The bytes.
    pub(crate) fn render(&self) -> Bytes {
        match self {
            Self::Ready(bytes) => bytes.clone(),
            Self::Later(render) => render(),
        }
    }
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Ready(bytes) => write!(f, "Ready({} bytes)", bytes.len()),
            Self::Later(_) => f.write_str("Later"),
        }
    }
}

/// One message to push: a webhook, or one page of a callback.
#[derive(Clone, Debug)]
pub(crate) struct Message {
    /// `eventType`, or `BULK_CALLBACK`.
    pub(crate) event: String,
    /// `payloadId`, or `BulkPaymentId`.
    pub(crate) subject: String,
    /// The page and the number of pages, for a callback.
    pub(crate) page: Option<(u32, u32)>,
    /// Headers besides `content-type` (the signature).
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    /// The JSON body.
    pub(crate) body: Body,
}

#[derive(Default)]
struct Log {
    deliveries: VecDeque<Delivery>,
    next_id: u64,
    /// The bytes of the bodies held.
    bytes: usize,
}

impl Log {
    /// Drops the oldest deliveries while the log holds too many, or too many bytes.
    fn trim(&mut self) {
        while self.deliveries.len() > LOG_LIMIT
            || (self.bytes > LOG_BYTES && self.deliveries.len() > 1)
        {
            if let Some(dropped) = self.deliveries.pop_front() {
                self.bytes = self.bytes.saturating_sub(dropped.body.len());
            }
        }
    }
}

/// The endpoints, the log, and what the delivery tasks share.
pub(crate) struct Hub {
    scale: u32,
    attempt_timeout: Duration,
    /// The runtime the sandbox started on: deliveries run there, whoever emits them.
    runtime: tokio::runtime::Handle,
    endpoints: Mutex<Vec<(Endpoint, Url)>>,
    next_endpoint: AtomicU64,
    log: Mutex<Log>,
    /// Signalled on every change of the log, for [`Hub::settled`].
    changed: watch::Sender<()>,
    /// True once the sandbox stops.
    stop: watch::Receiver<bool>,
}

impl std::fmt::Debug for Hub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hub")
            .field("scale", &self.scale)
            .finish_non_exhaustive()
    }
}

/// Deliveries still pending when [`PushControl::settled`](crate::PushControl::settled) gave up waiting.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
#[error("{pending} deliveries were still pending after {waited_ms} ms")]
pub struct Unsettled {
    /// How many.
    pub pending: usize,
    /// How long it waited.
    pub waited_ms: u64,
}

impl Hub {
    /// A hub whose schedules run `scale` times faster than the providers', giving an
    /// endpoint `attempt_timeout` to answer, stopping when `stop` turns true. Must be made
    /// inside a Tokio runtime: its deliveries run there.
    pub(crate) fn new(scale: u32, attempt_timeout: Duration, stop: watch::Receiver<bool>) -> Self {
        Self {
            scale: scale.max(1),
            attempt_timeout,
            runtime: tokio::runtime::Handle::current(),
            endpoints: Mutex::default(),
            next_endpoint: AtomicU64::new(1),
            log: Mutex::default(),
            changed: watch::Sender::new(()),
            stop,
        }
    }

    pub(crate) fn scale(&self) -> u32 {
        self.scale
    }

    pub(crate) fn attempt_timeout(&self) -> Duration {
        self.attempt_timeout
    }

    pub(crate) fn register(
        &self,
        provider: PushProvider,
        url: &str,
    ) -> Result<Endpoint, EndpointError> {
        let parsed = endpoint::parse(url)?;
        let id = self.next_endpoint.fetch_add(1, Ordering::Relaxed);
        let endpoint = Endpoint {
            id,
            provider,
            url: parsed.to_string(),
        };
        lock(&self.endpoints).push((endpoint.clone(), parsed));
        tracing::info!(%provider, url = %endpoint.url, id, "sandbox endpoint registered");
        Ok(endpoint)
    }

    pub(crate) fn unregister(&self, id: u64) -> bool {
        let mut endpoints = lock(&self.endpoints);
        let before = endpoints.len();
        endpoints.retain(|(e, _)| e.id != id);
        endpoints.len() != before
    }

    pub(crate) fn endpoints(&self) -> Vec<Endpoint> {
        lock(&self.endpoints)
            .iter()
            .map(|(e, _)| e.clone())
            .collect()
    }

    pub(crate) fn deliveries(&self) -> Vec<Delivery> {
        lock(&self.log).deliveries.iter().cloned().collect()
    }

    /// Pushes `messages`, in order, to every endpoint registered for `provider` and to
    /// `also_to` (the address an operation named), each recipient on its own schedule.
    /// Records each delivery as pending before it returns, and returns their numbers.
    pub(crate) fn emit(
        self: &Arc<Self>,
        provider: PushProvider,
        messages: Vec<Message>,
        also_to: Option<Url>,
    ) -> Vec<u64> {
        let mut recipients: Vec<Url> = lock(&self.endpoints)
            .iter()
            .filter(|(e, _)| e.provider == provider)
            .map(|(_, url)| url.clone())
            .collect();
        if let Some(url) = also_to.filter(|url| !recipients.contains(url)) {
            recipients.push(url);
        }
        if recipients.is_empty() {
            tracing::debug!(%provider, event = ?messages.first().map(|m| &m.event), "nothing to push: no endpoint");
            return Vec::new();
        }
        let mut ids = Vec::new();
        for url in recipients {
            let queued: Vec<(u64, Message)> = messages
                .iter()
                .map(|m| (self.record(provider, &url, m), m.clone()))
                .collect();
            ids.extend(queued.iter().map(|(id, _)| *id));
            let hub = Arc::clone(self);
            let schedule = Schedule::new(provider, self.scale, self.attempt_timeout);
            self.runtime
                .spawn(async move { hub.deliver(url, queued, schedule).await });
        }
        ids
    }

    fn record(&self, provider: PushProvider, url: &Url, message: &Message) -> u64 {
        let mut log = lock(&self.log);
        log.next_id += 1;
        let id = log.next_id;
        log.deliveries.push_back(Delivery {
            id,
            provider,
            event: message.event.clone(),
            subject: message.subject.clone(),
            page: message.page,
            url: url.to_string(),
            headers: message
                .headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or_default().to_string()))
                .collect(),
            body: match &message.body {
                Body::Ready(bytes) => String::from_utf8_lossy(bytes).into_owned(),
                Body::Later(_) => String::new(),
            },
            state: DeliveryState::Pending,
            attempts: Vec::new(),
        });
        log.bytes += log.deliveries.back().map_or(0, |d| d.body.len());
        log.trim();
        drop(log);
        self.changed.send_replace(());
        id
    }

    fn update(&self, id: u64, change: impl FnOnce(&mut Delivery)) {
        let mut log = lock(&self.log);
        if let Some(delivery) = log.deliveries.iter_mut().find(|d| d.id == id) {
            let before = delivery.body.len();
            change(delivery);
            let after = delivery.body.len();
            log.bytes = (log.bytes + after).saturating_sub(before);
            log.trim();
        }
        drop(log);
        self.changed.send_replace(());
    }

    /// Waits `wait`; false when the sandbox stopped first.
    async fn sleep(&self, wait: Duration) -> bool {
        let mut stop = self.stop.clone();
        tokio::select! {
            () = tokio::time::sleep(wait) => true,
            _ = stop.wait_for(|stopped| *stopped) => false,
        }
    }

    async fn deliver(&self, url: Url, messages: Vec<(u64, Message)>, schedule: Schedule) {
        let mut running = self.sleep(schedule.first()).await;
        for (id, message) in messages {
            let body = if running {
                let body = message.body.render();
                if matches!(message.body, Body::Later(_)) {
                    let text = String::from_utf8_lossy(&body).into_owned();
                    self.update(id, |d| d.body = text);
                }
                body
            } else {
                Bytes::new()
            };
            let mut number = 0;
            while running {
                number += 1;
                let at = Utc::now();
                let started = Instant::now();
                let mut stop = self.stop.clone();
                let post = send::post(
                    &url,
                    &message.headers,
                    body.clone(),
                    schedule.attempt_timeout(),
                );
                // The sandbox stopping cuts an attempt short: the delivery is stopped.
                let answer = tokio::select! {
                    answer = post => Some(answer),
                    _ = stop.wait_for(|stopped| *stopped) => None,
                };
                let Some(answer) = answer else {
                    running = false;
                    break;
                };
                let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
                let attempt = Attempt {
                    number,
                    at,
                    status: answer.as_ref().ok().copied(),
                    error: answer.as_ref().err().cloned(),
                    latency_ms,
                };
                let delivered = attempt.succeeded();
                tracing::info!(
                    provider = %schedule.provider(),
                    event = %message.event,
                    subject = %message.subject,
                    url = %url,
                    attempt = number,
                    status = ?attempt.status,
                    error = ?attempt.error,
                    latency_ms,
                    "sandbox push"
                );
                let next = if delivered {
                    None
                } else {
                    schedule.retry_after(number)
                };
                self.update(id, |d| {
                    d.attempts.push(attempt);
                    if delivered {
                        d.state = DeliveryState::Delivered;
                    } else if next.is_none() {
                        d.state = DeliveryState::GaveUp;
                    }
                });
                match next {
                    Some(wait) => running = self.sleep(wait).await,
                    None => break,
                }
            }
            if !running {
                self.update(id, |d| {
                    if d.state == DeliveryState::Pending {
                        d.state = DeliveryState::Stopped;
                    }
                });
            }
        }
    }

    /// Waits until no delivery is pending (or `timeout` passed); the log.
    pub(crate) async fn settled(&self, timeout: Duration) -> Result<Vec<Delivery>, Unsettled> {
        let started = Instant::now();
        let mut changed = self.changed.subscribe();
        loop {
            let deliveries = self.deliveries();
            let pending = deliveries
                .iter()
                .filter(|d| d.state == DeliveryState::Pending)
                .count();
            if pending == 0 {
                return Ok(deliveries);
            }
            let left = timeout.saturating_sub(started.elapsed());
            let woke = tokio::time::timeout(left, changed.changed()).await;
            if !matches!(woke, Ok(Ok(()))) {
                return Err(Unsettled {
                    pending,
                    waited_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(n: usize) -> Message {
        Message {
            event: "REFUND".into(),
            subject: n.to_string(),
            page: None,
            headers: Vec::new(),
            body: Body::Ready(Bytes::from_static(b"{}")),
        }
    }

    #[tokio::test]
    async fn the_log_keeps_the_last_10000_deliveries() {
        let (_stop, stopped) = watch::channel(false);
        let hub = Hub::new(1, Duration::from_secs(1), stopped);
        let url = Url::parse("http://127.0.0.1:9/hooks").unwrap();
        let ids: Vec<u64> = (0..LOG_LIMIT + 2)
            .map(|n| hub.record(PushProvider::Craftgate, &url, &message(n)))
            .collect();
        assert_eq!(ids.first(), Some(&1));
        assert_eq!(ids.last(), Some(&(LOG_LIMIT as u64 + 2)));
        let log = hub.deliveries();
        assert_eq!(log.len(), LOG_LIMIT);
        assert_eq!(log.first().map(|d| d.id), Some(3), "the two oldest dropped");
        assert_eq!(log.last().map(|d| d.subject.as_str()), Some("10001"));
    }

    #[tokio::test]
    async fn the_log_keeps_at_most_64_mib_of_bodies() {
        let (_stop, stopped) = watch::channel(false);
        let hub = Hub::new(1, Duration::from_secs(1), stopped);
        let url = Url::parse("http://127.0.0.1:9/hooks").unwrap();
        let mut big = message(0);
        big.body = Body::Ready(Bytes::from(vec![b' '; 10 << 20]));
        for _ in 0..7 {
            hub.record(PushProvider::Paywall, &url, &big);
        }
        let log = hub.deliveries();
        assert_eq!(log.len(), 6, "70 MiB: the oldest 10 MiB dropped");
        assert_eq!(log.first().map(|d| d.id), Some(2));
        assert_eq!(lock(&hub.log).bytes, 60 << 20);
        // One delivery is kept, however large.
        big.body = Body::Ready(Bytes::from(vec![b' '; 70 << 20]));
        hub.record(PushProvider::Paywall, &url, &big);
        assert_eq!(hub.deliveries().len(), 1);
    }
}
