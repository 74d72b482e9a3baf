//! [`Receiver`]: one delivery in, one [`Outcome`] out.

use std::future::Future;
use std::sync::Arc;

use bytes::Bytes;
use http::{HeaderMap, Method, Request};
use payments::Provider;
use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::claim::ClaimGuard;
#[cfg(feature = "craftgate")]
use crate::craftgate;
use crate::event::Event;
#[cfg(feature = "paywall")]
use crate::event::PaywallBatch;
use crate::handler::Handler;
use crate::key::EventKey;
use crate::outcome::{Accepted, Outcome, ReceiveError};
#[cfg(feature = "paywall")]
use crate::paywall::{self, Page};
use crate::settings::Settings;
use crate::store::Claim;

/// Receives provider deliveries: verifies, de-duplicates, confirms, hands the event to a
/// [`Handler`], and says what to answer.
///
/// Built with [`Receiver::builder`]; cheap to clone (the clones share the store and the
/// configuration). For each delivery ([`handle`](Self::handle)):
///
/// 1. **Verify**: a Craftgate webhook's `x-cg-signature-v1`, a Paywall bulk callback's
///    `Hash`, against every configured key (rotation). A delivery that fails is never
///    handled: [`ReceiveError::BadSignature`] (401). With a maximum age set, a Craftgate
///    delivery whose signed `eventTimestamp` is older is [`ReceiveError::Stale`] (401); off
///    by default, because Craftgate re-delivers for about 45 minutes and a receiver that was
///    down should still take them.
/// 2. **De-duplicate**: the [`EventKey`], built from signed fields only, is claimed in the
///    [`Store`](crate::Store). Handled before: [`Accepted::Duplicate`] (200, so the provider
///    stops). Being handled by another delivery right now: [`ReceiveError::InFlight`] (503,
///    the provider comes back).
/// 3. **Confirm** (on unless built [`without_confirmation`](crate::ReceiverBuilder::without_confirmation)):
///    the payment, refund or batch is read from the provider ([`Confirm`](crate::Confirm)),
///    and the event carries what the provider answered, never the delivery's unsigned
///    fields. A failed query: [`ReceiveError::Confirmation`] (500, re-delivered).
/// 4. **Handle**: the handler runs; only when it returns `Ok` is the key recorded as
///    handled ([`Accepted::Handled`], 200). An error releases the claim and answers 500
///    ([`ReceiveError::Handler`]), so the provider's next delivery runs the handler again:
///    a failed handling is retried, never lost. Confirmation and handler together may take
///    the lease (5 minutes by default); beyond it they are stopped
///    ([`ReceiveError::TimedOut`], 500), so no claim outlives its lease while its handler
///    still runs.
///
/// **Paywall's split callbacks** are reassembled: each verified page is recorded in the
/// store and answered [`Accepted::Held`] (202) until the batch's pages have all arrived
/// (`TotalPages` distinct page numbers; a page that arrives again is a duplicate). The
/// delivery that completes the batch queries the whole batch (1,000 payments a page) and
/// the handler gets one [`Event::PaywallBatch`] with every payment once, their number
/// checked against the batch's totals. Should the handler fail, the batch is not handled:
/// the next delivery of any of its pages (normally the one answered 500) runs it again.
/// The pages' own payments are not used (the hash does not cover them), so no page is held
/// in memory: an open batch costs one store key a page. Pages are recorded in the store,
/// so with the in-memory store a restart between a batch's first and last page forgets the
/// pages answered 202; Paywall then has to re-send the callback
/// (docs/providers/paywall.md#callback-re-send), or use a persistent store.
#[derive(Clone)]
pub struct Receiver {
    settings: Arc<Settings>,
}

impl std::fmt::Debug for Receiver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = &self.settings;
        let mut d = f.debug_struct("Receiver");
        d.field("confirm", &s.confirm.is_some())
            .field("lease", &s.lease);
        #[cfg(feature = "craftgate")]
        d.field("craftgate_keys", &s.craftgate_keys.len())
            .field("max_age", &s.max_age);
        #[cfg(feature = "paywall")]
        d.field("paywall_keys", &s.paywall_keys.len())
            .field("max_batch_payments", &s.max_batch_payments)
            .field("max_batch_pages", &s.max_batch_pages);
        d.finish_non_exhaustive()
    }
}

/// The header that marks a Craftgate webhook (`craftgate_client::webhook::WEBHOOK_SIGNATURE_HEADER`,
/// named here also for builds that do not take Craftgate deliveries).
const CRAFTGATE_SIGNATURE_HEADER: &str = "x-cg-signature-v1";

/// The top-level fields that tell the providers' bodies apart.
#[derive(Deserialize)]
struct Probe {
    #[serde(rename = "eventType", default)]
    event_type: Option<IgnoredAny>,
    #[serde(rename = "BulkPaymentId", alias = "bulkPaymentId", default)]
    bulk_payment_id: Option<IgnoredAny>,
}

/// Which provider sent a delivery: a Craftgate signature header, else the body's fields
/// (`eventType`: Craftgate; `BulkPaymentId`: Paywall).
fn detect(headers: &HeaderMap, body: &[u8]) -> Result<Provider, ReceiveError> {
    if headers.contains_key(CRAFTGATE_SIGNATURE_HEADER) {
        return Ok(Provider::Craftgate);
    }
    let probe: Probe = serde_json::from_slice(body).map_err(|e| {
        ReceiveError::malformed(None, format!("the body is not a JSON delivery: {e}"))
    })?;
    match (probe.event_type, probe.bulk_payment_id) {
        (Some(_), None) => Ok(Provider::Craftgate),
        (None, Some(_)) => Ok(Provider::Paywall),
        (Some(_), Some(_)) => Err(ReceiveError::malformed(
            None,
            "the body has both `eventType` and `BulkPaymentId`",
        )),
        (None, None) => Err(ReceiveError::malformed(
            None,
            "neither a Craftgate webhook (`eventType`) nor a Paywall bulk callback (`BulkPaymentId`)",
        )),
    }
}

impl Receiver {
    pub(crate) fn new(settings: Settings) -> Self {
        Self {
            settings: Arc::new(settings),
        }
    }

    /// Receives one delivery (method, headers and body as they arrived), telling the
    /// provider by its signature header or its body, and runs `handler` on its event when
    /// that is due. Answer the provider with [`status_of`](crate::status_of) of the result
    /// (the [`axum`](crate::axum) integration does).
    pub async fn handle<H: Handler>(&self, request: Request<Bytes>, handler: &H) -> Outcome {
        let provider = if request.method() == Method::POST {
            detect(request.headers(), request.body())
        } else {
            Err(ReceiveError::Method(request.method().clone()))
        };
        let (provider, outcome) = match provider {
            Ok(provider) => (
                Some(provider),
                self.receive(provider, request, handler).await,
            ),
            Err(error) => (None, Err(error)),
        };
        log(provider, &outcome);
        outcome
    }

    /// Receives one delivery from `provider` (for a URL given to one provider only).
    pub async fn handle_from<H: Handler>(
        &self,
        provider: Provider,
        request: Request<Bytes>,
        handler: &H,
    ) -> Outcome {
        let outcome = self.receive(provider, request, handler).await;
        log(Some(provider), &outcome);
        outcome
    }

    async fn receive<H: Handler>(
        &self,
        provider: Provider,
        request: Request<Bytes>,
        handler: &H,
    ) -> Outcome {
        if request.method() != Method::POST {
            return Err(ReceiveError::Method(request.method().clone()));
        }
        #[cfg(not(any(feature = "craftgate", feature = "paywall")))]
        let _ = (request, handler);
        match provider {
            #[cfg(feature = "craftgate")]
            Provider::Craftgate => {
                let (parts, body) = request.into_parts();
                self.craftgate(&parts.headers, body, handler).await
            }
            #[cfg(feature = "paywall")]
            Provider::Paywall => self.paywall(request.into_body(), handler).await,
            other => Err(ReceiveError::NotConfigured(other)),
        }
    }

    #[cfg(feature = "craftgate")]
    async fn craftgate<H: Handler>(
        &self,
        headers: &HeaderMap,
        body: Bytes,
        handler: &H,
    ) -> Outcome {
        let s = &self.settings;
        let delivery = craftgate::verify(&s.craftgate_keys, headers, body)?;
        if let Some(max_age) = s.max_age {
            delivery.check_age(max_age, std::time::SystemTime::now())?;
        }
        let key = delivery.key();
        let confirm = s.confirm.clone();
        let event_key = key.clone();
        let event = async move {
            match confirm {
                Some(confirm) => delivery.confirm(confirm.as_ref()).await.map_err(|source| {
                    ReceiveError::Confirmation {
                        key: event_key,
                        source: Box::new(source),
                    }
                }),
                None => Ok(delivery.unconfirmed()),
            }
        };
        self.run(key, event, handler).await
    }

    #[cfg(feature = "paywall")]
    async fn paywall<H: Handler>(&self, body: Bytes, handler: &H) -> Outcome {
        let s = &self.settings;
        let page = paywall::verify(&s.paywall_keys, &body, s.max_batch_pages)?;
        let batch = page.batch_key();
        if s.store.is_handled(&batch).await? {
            return Ok(Accepted::Duplicate(batch));
        }
        let key = page.key();
        let new = !s.store.is_handled(&key).await?;
        if new {
            s.store.mark_handled(&key).await?;
        }
        let mut arrived = 0;
        for number in Page::candidates(page.total.unwrap_or(page.number)) {
            if s.store.is_handled(&page.key_of(number)).await? {
                arrived += 1;
            }
        }
        let total = match page.total {
            Some(total) if arrived >= total => total,
            total_pages => {
                return Ok(if new {
                    Accepted::Held {
                        key,
                        arrived,
                        total_pages,
                    }
                } else {
                    Accepted::Duplicate(key)
                });
            }
        };
        let confirm = s.confirm.clone();
        let (max, paging) = (s.max_batch_payments, s.paging);
        let batch_key = batch.clone();
        let event = async move {
            let result = match confirm {
                Some(confirm) => Some(
                    crate::batch::query(
                        confirm.as_ref(),
                        &page.merchant_unique_code,
                        &batch_key,
                        max,
                        paging,
                    )
                    .await?,
                ),
                None => None,
            };
            Ok(Event::PaywallBatch(PaywallBatch {
                bulk_payment_id: page.bulk_payment_id,
                merchant_unique_code: page.merchant_unique_code,
                pages: total,
                result,
            }))
        };
        self.run(batch, event, handler).await
    }

    /// Claims `key`, builds its event, runs the handler, and records the outcome.
    #[cfg_attr(not(any(feature = "craftgate", feature = "paywall")), allow(dead_code))]
    async fn run<H, F>(&self, key: EventKey, event: F, handler: &H) -> Outcome
    where
        H: Handler,
        F: Future<Output = Result<Event, ReceiveError>>,
    {
        let s = &self.settings;
        let claim = match s.store.claim(&key, s.lease).await? {
            Claim::Claimed(claim) => claim,
            Claim::Handled => return Ok(Accepted::Duplicate(key)),
            Claim::InFlight => return Err(ReceiveError::InFlight(key)),
        };
        let guard = ClaimGuard::new(Arc::clone(&s.store), key.clone(), claim);
        let work = async {
            let event = event.await?;
            handler
                .handle(event)
                .await
                .map_err(|source| ReceiveError::Handler {
                    key: key.clone(),
                    source,
                })
        };
        match tokio::time::timeout(s.lease, work).await {
            Ok(Ok(())) => {
                if let Err(error) = guard.handled().await {
                    // The handler's effect stands and the provider is told so; a delivery
                    // after the claim's lease would run it again.
                    tracing::error!(%key, %error, "the event was handled but could not be recorded");
                }
                Ok(Accepted::Handled(key))
            }
            Ok(Err(error)) => {
                guard.release().await;
                Err(error)
            }
            Err(_) => {
                guard.release().await;
                Err(ReceiveError::TimedOut {
                    key,
                    after: s.lease,
                })
            }
        }
    }
}

/// One log line per delivery: info when accepted, warn when refused as sent (4xx), error
/// when it could not be handled now (5xx).
fn log(provider: Option<Provider>, outcome: &Outcome) {
    let status = crate::outcome::status_of(outcome).as_u16();
    let provider = provider.map(|p| p.to_string()).unwrap_or_default();
    match outcome {
        Ok(accepted) => {
            let outcome = accepted.label();
            tracing::info!(%provider, key = %accepted.key(), status, outcome, "delivery accepted");
        }
        Err(error) if error.is_retryable() => {
            tracing::error!(%provider, status, %error, "delivery not handled; the provider will deliver it again");
        }
        Err(error) => tracing::warn!(%provider, status, %error, "delivery refused"),
    }
}

#[cfg(all(test, feature = "craftgate", feature = "paywall"))]
mod tests;

#[cfg(test)]
mod detect_tests {
    use super::*;

    #[cfg(feature = "craftgate")]
    #[test]
    fn the_craftgate_header_is_the_clients() {
        assert_eq!(
            CRAFTGATE_SIGNATURE_HEADER,
            craftgate_client::webhook::WEBHOOK_SIGNATURE_HEADER
        );
    }

    #[test]
    fn providers_are_told_by_header_then_body() {
        let mut signed = HeaderMap::new();
        signed.insert("x-cg-signature-v1", "x".parse().unwrap());
        assert_eq!(detect(&signed, b"garbage").unwrap(), Provider::Craftgate);
        let none = HeaderMap::new();
        assert_eq!(
            detect(&none, br#"{"eventType":"API_AUTH","payloadId":"1"}"#).unwrap(),
            Provider::Craftgate
        );
        assert_eq!(
            detect(&none, br#"{"BulkPaymentId":389,"Payments":[]}"#).unwrap(),
            Provider::Paywall
        );
        assert_eq!(
            detect(&none, br#"{"bulkPaymentId":"389"}"#).unwrap(),
            Provider::Paywall
        );
        for bad in [
            &b""[..],
            b"not json",
            b"[]",
            br#"{"PaymentId":1}"#,
            br#"{"eventType":"API_AUTH","BulkPaymentId":1}"#,
        ] {
            assert!(
                matches!(
                    detect(&none, bad),
                    Err(ReceiveError::Malformed { provider: None, .. })
                ),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}
