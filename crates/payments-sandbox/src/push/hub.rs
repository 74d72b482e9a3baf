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
    pub(crate) body: Bytes,
}

#[derive(Default)]
struct Log {
    deliveries: VecDeque<Delivery>,
    next_id: u64,
}

/// The endpoints, the log, and what the delivery tasks share.
pub(crate) struct Hub {
    scale: u32,
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

/// Deliveries still pending when [`Hub::settled`] gave up waiting.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{pending} deliveries were still pending after {waited_ms} ms")]
pub struct Unsettled {
    /// How many.
    pub pending: usize,
    /// How long it waited.
    pub waited_ms: u64,
}

impl Hub {
    /// A hub whose schedules run `scale` times faster than the providers', stopping when
    /// `stop` turns true.
    pub(crate) fn new(scale: u32, stop: watch::Receiver<bool>) -> Self {
        Self {
            scale: scale.max(1),
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
    /// Records each delivery as pending before it returns, and returns their numbers. Must
    /// run inside a Tokio runtime.
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
            let schedule = Schedule::new(provider, self.scale);
            tokio::spawn(async move { hub.deliver(url, queued, schedule).await });
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
            body: String::from_utf8_lossy(&message.body).into_owned(),
            state: DeliveryState::Pending,
            attempts: Vec::new(),
        });
        while log.deliveries.len() > LOG_LIMIT {
            log.deliveries.pop_front();
        }
        drop(log);
        self.changed.send_replace(());
        id
    }

    fn update(&self, id: u64, change: impl FnOnce(&mut Delivery)) {
        if let Some(delivery) = lock(&self.log).deliveries.iter_mut().find(|d| d.id == id) {
            change(delivery);
        }
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
            let mut number = 0;
            while running {
                number += 1;
                let at = Utc::now();
                let started = Instant::now();
                let answer = send::post(
                    &url,
                    &message.headers,
                    message.body.clone(),
                    schedule.attempt_timeout(),
                )
                .await;
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
            body: Bytes::from_static(b"{}"),
        }
    }

    #[test]
    fn the_log_keeps_the_last_10000_deliveries() {
        let (_stop, stopped) = watch::channel(false);
        let hub = Hub::new(1, stopped);
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
}
