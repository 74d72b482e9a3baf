//! The receiver's handling rules, with the provider queries mocked ([`MockConfirm`]); the
//! same rules end to end over HTTP against the sandbox are in `tests/`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use payments::{
    BulkPage, BulkSummary, ErrorKind, Money, Page, PageRequest, Payment, PaymentId, PaymentStatus,
    PaymentsError, RefundOutcome,
};
use rust_decimal::Decimal;
use serde_json::json;
use tokio::sync::Notify;

use super::*;
use crate::confirm::MockConfirm;
use crate::delivery::{CraftgateWebhook, PaywallBulkCallback};
use crate::store::{ClaimId, Store, StoreError};
use crate::{HandlerError, MemoryStore, ReceiveError, RefundKind};

const CRAFTGATE_KEY: &str = "craftgate-webhook-key";
const PAYWALL_KEY: &str = "paywall-hash-key";

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn receiver(confirm: MockConfirm) -> Receiver {
    Receiver::builder()
        .confirm_with(confirm)
        .craftgate_keys([CRAFTGATE_KEY])
        .paywall_keys([PAYWALL_KEY])
        .build()
        .unwrap()
}

fn webhook(event_type: &str, payload_id: &str) -> CraftgateWebhook {
    CraftgateWebhook::new(event_type, now(), "SUCCESS", payload_id)
}

fn signed(webhook: &CraftgateWebhook) -> Request<Bytes> {
    webhook.request(&payments::Secret::new(CRAFTGATE_KEY))
}

fn payment(id: &str, status: PaymentStatus) -> Payment {
    Payment {
        id: PaymentId::new(id),
        merchant_reference: Some(format!("ref-{id}")),
        amount: Money::new(Decimal::new(15_900, 2), "TRY").unwrap(),
        paid_amount: None,
        raw_status: format!("{status:?}").into(),
        status,
        refund_status: None,
        activity: None,
        error: None,
        created_at: None,
    }
}

/// Answers `times` payment queries, each with a successful payment.
fn confirming_payments(times: usize) -> MockConfirm {
    let mut confirm = MockConfirm::new();
    confirm
        .expect_craftgate_payment()
        .times(times)
        .returning(|id| Ok(payment(id.as_str(), PaymentStatus::Succeeded)));
    confirm
}

/// A handler counting its runs, failing the first `failures`.
struct Counting {
    runs: AtomicUsize,
    failures: usize,
    events: std::sync::Mutex<Vec<Event>>,
}

impl Counting {
    fn new(failures: usize) -> Self {
        Self {
            runs: AtomicUsize::new(0),
            failures,
            events: std::sync::Mutex::new(Vec::new()),
        }
    }

    fn runs(&self) -> usize {
        self.runs.load(Ordering::SeqCst)
    }

    fn handled(&self) -> Vec<Event> {
        self.events.lock().unwrap().clone()
    }
}

impl Handler for Counting {
    fn handle(&self, event: Event) -> futures::future::BoxFuture<'_, Result<(), HandlerError>> {
        let run = self.runs.fetch_add(1, Ordering::SeqCst);
        let outcome = if run < self.failures {
            Err(format!("failure {}", run + 1).into())
        } else {
            self.events.lock().unwrap().push(event);
            Ok(())
        };
        Box::pin(async move { outcome })
    }
}

fn status(outcome: &Outcome) -> u16 {
    crate::status_of(outcome).as_u16()
}

#[tokio::test]
async fn a_delivery_is_handled_once_then_its_repeats_are_duplicates() {
    let confirm = confirming_payments(2);
    let receiver = receiver(confirm);
    let handler = Counting::new(0);
    let delivery = webhook("API_AUTH", "101");

    let first = receiver.handle(signed(&delivery), &handler).await;
    assert!(matches!(first, Ok(Accepted::Handled(_))), "{first:?}");
    for _ in 0..3 {
        let again = receiver.handle(signed(&delivery), &handler).await;
        assert!(matches!(again, Ok(Accepted::Duplicate(_))), "{again:?}");
        assert_eq!(status(&again), 200);
    }
    assert_eq!(handler.runs(), 1);
    // Another signed field makes another event.
    let mut failed = delivery.clone();
    failed.status = "FAILURE".into();
    let other = receiver.handle(signed(&failed), &handler).await;
    assert!(matches!(other, Ok(Accepted::Handled(_))), "{other:?}");
    assert_eq!(handler.runs(), 2);
}

#[tokio::test]
async fn a_failing_handler_runs_again_on_each_delivery_until_it_succeeds() {
    let confirm = confirming_payments(3);
    let receiver = receiver(confirm);
    let handler = Counting::new(2);
    let delivery = webhook("API_AUTH", "102");

    let mut seen = Vec::new();
    for _ in 0..4 {
        let outcome = receiver.handle(signed(&delivery), &handler).await;
        if let Err(ReceiveError::Handler { source, .. }) = &outcome {
            assert!(source.to_string().starts_with("failure"), "{source}");
        }
        seen.push(status(&outcome));
    }
    assert_eq!(seen, [500, 500, 200, 200]);
    assert_eq!(handler.runs(), 3);
    assert_eq!(handler.handled().len(), 1);
}

#[tokio::test]
async fn a_delivery_arriving_while_its_event_is_handled_is_told_to_come_back() {
    let confirm = confirming_payments(1);
    let receiver = receiver(confirm);
    let entered = Arc::new(Notify::new());
    let release = Arc::new(Notify::new());
    let runs = Arc::new(AtomicUsize::new(0));
    let handler = {
        let (entered, release, runs) = (entered.clone(), release.clone(), runs.clone());
        move |_event: Event| {
            let (entered, release, runs) = (entered.clone(), release.clone(), runs.clone());
            async move {
                runs.fetch_add(1, Ordering::SeqCst);
                entered.notify_one();
                release.notified().await;
                Ok::<_, HandlerError>(())
            }
        }
    };
    let handler = Arc::new(handler);
    let delivery = webhook("API_AUTH", "103");

    let first = tokio::spawn({
        let (receiver, handler, request) = (receiver.clone(), handler.clone(), signed(&delivery));
        async move { receiver.handle(request, handler.as_ref()).await }
    });
    entered.notified().await;
    let second = receiver.handle(signed(&delivery), handler.as_ref()).await;
    assert!(
        matches!(second, Err(ReceiveError::InFlight(_))),
        "{second:?}"
    );
    assert_eq!(status(&second), 503);
    release.notify_one();
    let first = first.await.unwrap();
    assert!(matches!(first, Ok(Accepted::Handled(_))), "{first:?}");
    let third = receiver.handle(signed(&delivery), handler.as_ref()).await;
    assert!(matches!(third, Ok(Accepted::Duplicate(_))), "{third:?}");
    assert_eq!(runs.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_delivery_dropped_part_way_frees_its_event_for_the_next_one() {
    let confirm = confirming_payments(2);
    let receiver = receiver(confirm);
    let entered = Arc::new(Notify::new());
    let stuck = {
        let entered = entered.clone();
        move |_event: Event| {
            let entered = entered.clone();
            async move {
                entered.notify_one();
                std::future::pending::<()>().await;
                Ok::<_, HandlerError>(())
            }
        }
    };
    let delivery = webhook("API_AUTH", "104");
    let dropped = tokio::spawn({
        let (receiver, request) = (receiver.clone(), signed(&delivery));
        async move { receiver.handle(request, &stuck).await }
    });
    entered.notified().await;
    // The provider hung up: the server drops the request's future.
    dropped.abort();
    assert!(dropped.await.unwrap_err().is_cancelled());
    let handler = Counting::new(0);
    let mut outcome = receiver.handle(signed(&delivery), &handler).await;
    for _ in 0..100 {
        // The release runs in the background; it is quick.
        if !matches!(outcome, Err(ReceiveError::InFlight(_))) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
        outcome = receiver.handle(signed(&delivery), &handler).await;
    }
    assert!(matches!(outcome, Ok(Accepted::Handled(_))), "{outcome:?}");
    assert_eq!(handler.runs(), 1);
}

#[tokio::test]
async fn handling_beyond_the_lease_is_stopped_and_done_again_later() {
    let confirm = confirming_payments(2);
    let receiver = Receiver::builder()
        .confirm_with(confirm)
        .craftgate_keys([CRAFTGATE_KEY])
        .lease(Duration::from_millis(200))
        .build()
        .unwrap();
    let slow = |_event: Event| async {
        tokio::time::sleep(Duration::from_secs(30)).await;
        Ok::<_, HandlerError>(())
    };
    let delivery = webhook("API_AUTH", "105");
    let outcome = receiver.handle(signed(&delivery), &slow).await;
    assert!(
        matches!(outcome, Err(ReceiveError::TimedOut { after, .. }) if after == Duration::from_millis(200)),
        "{outcome:?}"
    );
    assert_eq!(status(&outcome), 500);
    let handler = Counting::new(0);
    let outcome = receiver.handle(signed(&delivery), &handler).await;
    assert!(matches!(outcome, Ok(Accepted::Handled(_))), "{outcome:?}");
}

#[tokio::test]
async fn a_failed_query_is_not_handled_and_is_retried() {
    let mut confirm = MockConfirm::new();
    let mut calls = 0;
    confirm
        .expect_craftgate_payment()
        .times(2)
        .returning(move |id| {
            calls += 1;
            if calls == 1 {
                Err(PaymentsError::new(
                    payments::Provider::Craftgate,
                    ErrorKind::Unavailable,
                    "503 from a proxy",
                ))
            } else {
                Ok(payment(id.as_str(), PaymentStatus::Succeeded))
            }
        });
    let receiver = receiver(confirm);
    let handler = Counting::new(0);
    let delivery = webhook("API_VERIFY_AND_AUTH", "106");
    let outcome = receiver.handle(signed(&delivery), &handler).await;
    assert!(
        matches!(outcome, Err(ReceiveError::Confirmation { .. })),
        "{outcome:?}"
    );
    assert_eq!(status(&outcome), 500);
    assert_eq!(handler.runs(), 0);
    let outcome = receiver.handle(signed(&delivery), &handler).await;
    assert!(matches!(outcome, Ok(Accepted::Handled(_))), "{outcome:?}");
    assert_eq!(handler.runs(), 1);
}

#[tokio::test]
async fn the_handler_gets_the_queried_state_never_the_unsigned_fields() {
    let mut confirm = MockConfirm::new();
    confirm
        .expect_craftgate_payment()
        .withf(|id| id.as_str() == "107")
        .returning(|id| Ok(payment(id.as_str(), PaymentStatus::Failed)));
    confirm
        .expect_craftgate_payment_refund()
        .withf(|id| id.as_str() == "21")
        .returning(|id| {
            Ok(payments::Refund {
                id: Some(id.clone()),
                payment_id: Some(PaymentId::new("107")),
                item_id: None,
                amount: None,
                outcome: RefundOutcome::Failed,
                raw_outcome: "FAILURE".into(),
                created_at: None,
                idempotency_key: None,
            })
        });
    let receiver = receiver(confirm);
    let handler = Counting::new(0);
    let mut delivery = webhook("API_AUTH", "107");
    delivery.event_time = Some("2099-01-01T00:00:00".into());
    delivery.payload = Some(json!({"paymentStatus": "SUCCESS", "paidPrice": 1000000}));
    receiver.handle(signed(&delivery), &handler).await.unwrap();
    let refund = webhook("REFUND", "21");
    receiver.handle(signed(&refund), &handler).await.unwrap();

    let events = handler.handled();
    let Event::CraftgatePayment(paid) = &events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(paid.payment, Some(payment("107", PaymentStatus::Failed)));
    assert_eq!(
        paid.signed.status.as_str(),
        "SUCCESS",
        "what was signed, kept apart"
    );
    let Event::CraftgateRefund(refunded) = &events[1] else {
        panic!("{events:?}")
    };
    assert_eq!(refunded.kind, RefundKind::Payment);
    assert_eq!(
        refunded.refund.as_ref().map(|r| &r.outcome),
        Some(&RefundOutcome::Failed)
    );
}

#[tokio::test]
async fn events_without_a_query_are_kept_as_unknown() {
    // No expectation: a query would fail the test.
    let receiver = receiver(MockConfirm::new());
    let handler = Counting::new(0);
    for (event_type, id) in [
        ("PAYOUT_COMPLETED", "7"),
        ("A_NEW_EVENT", "8"),
        ("API_AUTH", "tok-9"),
    ] {
        let delivery = webhook(event_type, id);
        let outcome = receiver.handle(signed(&delivery), &handler).await;
        assert!(matches!(outcome, Ok(Accepted::Handled(_))), "{outcome:?}");
    }
    let events = handler.handled();
    let Event::Unknown(unknown) = &events[1] else {
        panic!("{events:?}")
    };
    assert_eq!(unknown.provider, payments::Provider::Craftgate);
    assert_eq!(unknown.event_type, "A_NEW_EVENT");
    assert_eq!(unknown.subject.as_deref(), Some("8"));
    assert_eq!(unknown.raw, webhook("A_NEW_EVENT", "8").body());
    assert_eq!(events.len(), 3);
}

#[tokio::test]
async fn without_confirmation_events_carry_only_what_was_signed() {
    let receiver = Receiver::builder()
        .without_confirmation()
        .craftgate_keys([CRAFTGATE_KEY])
        .paywall_keys([PAYWALL_KEY])
        .build()
        .unwrap();
    let handler = Counting::new(0);
    receiver
        .handle(signed(&webhook("REFUND_TX", "31")), &handler)
        .await
        .unwrap();
    let callback = PaywallBulkCallback::new("389", "batch-1", vec![json!({"PaymentId": 1})]);
    for request in callback.requests(&payments::Secret::new(PAYWALL_KEY)) {
        receiver.handle(request, &handler).await.unwrap();
    }
    let events = handler.handled();
    assert!(matches!(
        &events[0],
        Event::CraftgateRefund(r) if r.refund.is_none() && r.kind == RefundKind::Item
    ));
    assert!(matches!(
        &events[1],
        Event::PaywallBatch(b) if b.result.is_none() && b.merchant_unique_code == "batch-1"
    ));
}

#[tokio::test]
async fn bad_signatures_stale_and_malformed_deliveries_are_never_handled() {
    let receiver = Receiver::builder()
        .confirm_with(MockConfirm::new())
        .craftgate_keys([CRAFTGATE_KEY])
        .paywall_keys([PAYWALL_KEY])
        .max_age(Duration::from_secs(3600))
        .build()
        .unwrap();
    let handler = Counting::new(0);
    let delivery = webhook("API_AUTH", "108");

    let mut changed = signed(&delivery);
    *changed.body_mut() = webhook("API_AUTH", "109").body();
    let other_key = delivery.request(&payments::Secret::new("another-key"));
    let mut unsigned = signed(&delivery);
    unsigned.headers_mut().remove("x-cg-signature-v1");
    for request in [changed, other_key, unsigned] {
        let outcome = receiver.handle(request, &handler).await;
        assert!(
            matches!(outcome, Err(ReceiveError::BadSignature { .. })),
            "{outcome:?}"
        );
        assert_eq!(status(&outcome), 401);
    }

    let old = CraftgateWebhook::new("API_AUTH", now() - 7200, "SUCCESS", "108");
    let outcome = receiver.handle(signed(&old), &handler).await;
    assert!(
        matches!(outcome, Err(ReceiveError::Stale { .. })),
        "{outcome:?}"
    );
    assert_eq!(status(&outcome), 401);

    let mut get = signed(&delivery);
    *get.method_mut() = http::Method::GET;
    let outcome = receiver.handle(get, &handler).await;
    assert_eq!(status(&outcome), 405);
    let mut get = signed(&delivery);
    *get.method_mut() = http::Method::PUT;
    let outcome = receiver
        .handle_from(payments::Provider::Craftgate, get, &handler)
        .await;
    assert_eq!(status(&outcome), 405);

    let mut junk = signed(&delivery);
    *junk.body_mut() = Bytes::from_static(b"{}");
    junk.headers_mut().clear();
    assert_eq!(status(&receiver.handle(junk, &handler).await), 400);
    let outcome = receiver
        .handle_from(payments::Provider::OneEntry, signed(&delivery), &handler)
        .await;
    assert!(
        matches!(outcome, Err(ReceiveError::NotConfigured(_))),
        "{outcome:?}"
    );
    assert_eq!(handler.runs(), 0);
}

#[tokio::test]
async fn a_provider_without_keys_is_a_configuration_error() {
    let receiver = Receiver::builder()
        .confirm_with(MockConfirm::new())
        .paywall_keys([PAYWALL_KEY])
        .build()
        .unwrap();
    let handler = Counting::new(0);
    let outcome = receiver
        .handle(signed(&webhook("API_AUTH", "110")), &handler)
        .await;
    assert!(
        matches!(
            outcome,
            Err(ReceiveError::NotConfigured(payments::Provider::Craftgate))
        ),
        "{outcome:?}"
    );
    assert_eq!(status(&outcome), 500);
}

/// A store whose every call fails.
struct Down;

#[async_trait]
impl Store for Down {
    async fn claim(&self, _: &EventKey, _: Duration) -> Result<Claim, StoreError> {
        Err(StoreError::new("database unreachable"))
    }
    async fn mark_handled(&self, _: &EventKey) -> Result<(), StoreError> {
        Err(StoreError::new("database unreachable"))
    }
    async fn release(&self, _: &EventKey, _: ClaimId) -> Result<(), StoreError> {
        Err(StoreError::new("database unreachable"))
    }
    async fn is_handled(&self, _: &EventKey) -> Result<bool, StoreError> {
        Err(StoreError::new("database unreachable"))
    }
}

#[tokio::test]
async fn a_failing_store_is_answered_500_and_nothing_is_handled() {
    let receiver = Receiver::builder()
        .confirm_with(MockConfirm::new())
        .craftgate_keys([CRAFTGATE_KEY])
        .paywall_keys([PAYWALL_KEY])
        .store(Down)
        .build()
        .unwrap();
    let handler = Counting::new(0);
    let outcome = receiver
        .handle(signed(&webhook("API_AUTH", "111")), &handler)
        .await;
    assert!(
        matches!(outcome, Err(ReceiveError::Store(_))),
        "{outcome:?}"
    );
    let callback = PaywallBulkCallback::new("389", "batch-1", Vec::new());
    for request in callback.requests(&payments::Secret::new(PAYWALL_KEY)) {
        assert_eq!(status(&receiver.handle(request, &handler).await), 500);
    }
    assert_eq!(handler.runs(), 0);
}

// Paywall.

/// A batch of `n` payments served by a mocked bulk query, 1,000 a page.
fn bulk_query(confirm: &mut MockConfirm, batch: &'static str, n: usize, total_count: u64) {
    confirm
        .expect_paywall_bulk_page()
        .withf(move |b, _| b == batch)
        .returning(move |_, page: PageRequest| {
            let start = page.offset() as usize;
            let end = (start + page.size() as usize).min(n);
            let items = (start..end)
                .map(|i| payment(&(5000 + i).to_string(), PaymentStatus::Succeeded))
                .collect();
            Ok(BulkPage {
                summary: BulkSummary {
                    accepted: true,
                    total_count,
                    ..BulkSummary::default()
                },
                payments: Page {
                    items,
                    request: page,
                    total_items: Some(total_count),
                    total_pages: Some(n.div_ceil(page.size() as usize) as u32),
                },
            })
        });
}

fn callback_pages(batch: &str, n: usize) -> Vec<Request<Bytes>> {
    let items = (0..n)
        .map(|i| json!({"PaymentId": 5000 + i, "Amount": 999999, "Status": 4}))
        .collect();
    PaywallBulkCallback::new("389", batch, items).requests(&payments::Secret::new(PAYWALL_KEY))
}

#[tokio::test]
async fn split_callbacks_are_one_batch_handled_once_in_whatever_order_they_come() {
    let mut confirm = MockConfirm::new();
    bulk_query(&mut confirm, "batch-2345", 2345, 2345);
    let receiver = receiver(confirm);
    let handler = Counting::new(0);
    let pages = callback_pages("batch-2345", 2345);
    let resend = |i: usize| {
        let mut copy = Request::new(pages[i].body().clone());
        *copy.method_mut() = http::Method::POST;
        copy
    };

    let outcome = receiver.handle(resend(1), &handler).await;
    assert!(
        matches!(
            outcome,
            Ok(Accepted::Held {
                arrived: 1,
                total_pages: Some(3),
                ..
            })
        ),
        "{outcome:?}"
    );
    assert_eq!(status(&outcome), 202);
    let outcome = receiver.handle(resend(2), &handler).await;
    assert!(
        matches!(outcome, Ok(Accepted::Held { arrived: 2, .. })),
        "{outcome:?}"
    );
    // A page again, before the batch is complete: a duplicate.
    let outcome = receiver.handle(resend(2), &handler).await;
    assert!(
        matches!(
            &outcome,
            Ok(Accepted::Duplicate(EventKey::PaywallPage { page: 3, .. }))
        ),
        "{outcome:?}"
    );
    assert_eq!(handler.runs(), 0);
    let outcome = receiver.handle(resend(0), &handler).await;
    assert!(
        matches!(&outcome, Ok(Accepted::Handled(EventKey::PaywallBatch { bulk_payment_id })) if bulk_payment_id == "389"),
        "{outcome:?}"
    );
    // Any page after the batch was handled: a duplicate of the batch.
    for i in 0..3 {
        let outcome = receiver.handle(resend(i), &handler).await;
        assert!(
            matches!(
                &outcome,
                Ok(Accepted::Duplicate(EventKey::PaywallBatch { .. }))
            ),
            "{outcome:?}"
        );
    }
    assert_eq!(handler.runs(), 1);
    let events = handler.handled();
    let Event::PaywallBatch(batch) = &events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(batch.pages, 3);
    let result = batch.result.as_ref().unwrap();
    assert_eq!(result.summary.total_count, 2345);
    let mut ids: Vec<u64> = result
        .payments
        .iter()
        .map(|p| p.id.as_str().parse().unwrap())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids, (5000..5000 + 2345).collect::<Vec<u64>>());
    // The queried amounts, not the delivered 999999.
    assert!(
        result
            .payments
            .iter()
            .all(|p| p.amount.amount == Decimal::new(15_900, 2))
    );
}

#[tokio::test]
async fn a_failed_batch_handler_runs_again_on_the_next_delivery_of_a_page() {
    let mut confirm = MockConfirm::new();
    bulk_query(&mut confirm, "batch-3", 3, 3);
    let receiver = receiver(confirm);
    let handler = Counting::new(1);
    let items = (0..3).map(|i| json!({"PaymentId": 5000 + i})).collect();
    let pages = PaywallBulkCallback {
        page_size: 1,
        ..PaywallBulkCallback::new("390", "batch-3", items)
    }
    .page_bodies(&payments::Secret::new(PAYWALL_KEY));
    let post = |i: usize| {
        let mut r = Request::new(pages[i].clone());
        *r.method_mut() = http::Method::POST;
        r
    };
    assert_eq!(status(&receiver.handle(post(0), &handler).await), 202);
    assert_eq!(status(&receiver.handle(post(1), &handler).await), 202);
    let failed = receiver.handle(post(2), &handler).await;
    assert!(
        matches!(failed, Err(ReceiveError::Handler { .. })),
        "{failed:?}"
    );
    // Paywall delivers the page it got 500 for again.
    let outcome = receiver.handle(post(2), &handler).await;
    assert!(matches!(outcome, Ok(Accepted::Handled(_))), "{outcome:?}");
    assert_eq!(handler.runs(), 2);
    assert_eq!(handler.handled().len(), 1);
}

#[tokio::test]
async fn a_batch_query_that_disagrees_with_its_totals_is_not_handled() {
    let mut confirm = MockConfirm::new();
    // The query lists 1,500 payments but its totals say 1,501.
    bulk_query(&mut confirm, "batch-short", 1500, 1501);
    bulk_query(&mut confirm, "batch-big", 2500, 2500);
    let receiver = Receiver::builder()
        .confirm_with(confirm)
        .paywall_keys([PAYWALL_KEY])
        .max_batch_payments(2000)
        .build()
        .unwrap();
    let handler = Counting::new(0);
    let outcome = receiver
        .handle(callback_pages("batch-short", 0).remove(0), &handler)
        .await;
    assert!(
        matches!(&outcome, Err(ReceiveError::Confirmation { source, .. }) if source.to_string().contains("1500 distinct payments, its totals say 1501")),
        "{outcome:?}"
    );
    assert_eq!(status(&outcome), 500);
    let outcome = receiver
        .handle(
            PaywallBulkCallback::new("391", "batch-big", Vec::new())
                .requests(&payments::Secret::new(PAYWALL_KEY))
                .remove(0),
            &handler,
        )
        .await;
    assert!(
        matches!(
            outcome,
            Err(ReceiveError::BatchTooLarge {
                payments: 2500,
                max: 2000,
                ..
            })
        ),
        "{outcome:?}"
    );
    assert_eq!(handler.runs(), 0);
}

#[tokio::test]
async fn a_changed_hashed_field_or_another_key_is_refused_for_paywall() {
    let receiver = receiver(MockConfirm::new());
    let handler = Counting::new(0);
    let mut changed = callback_pages("batch-1", 1).remove(0);
    let body = String::from_utf8(changed.body().to_vec())
        .unwrap()
        .replace("389", "388");
    *changed.body_mut() = Bytes::from(body);
    let other = PaywallBulkCallback::new("389", "batch-1", Vec::new())
        .requests(&payments::Secret::new("another-key"))
        .remove(0);
    for request in [changed, other] {
        let outcome = receiver.handle(request, &handler).await;
        assert!(
            matches!(outcome, Err(ReceiveError::BadSignature { .. })),
            "{outcome:?}"
        );
    }
    assert_eq!(handler.runs(), 0);
}

#[tokio::test]
async fn stores_of_your_own_are_used_as_given() {
    let store = Arc::new(MemoryStore::default());
    let mut confirm = MockConfirm::new();
    confirm
        .expect_craftgate_payment()
        .returning(|id| Ok(payment(id.as_str(), PaymentStatus::Succeeded)));
    let receiver = Receiver::builder()
        .confirm_with(confirm)
        .craftgate_keys([CRAFTGATE_KEY])
        .store(store.clone())
        .build()
        .unwrap();
    let delivery = webhook("API_AUTH", "112");
    receiver
        .handle(signed(&delivery), &Counting::new(0))
        .await
        .unwrap();
    let key = EventKey::Craftgate {
        event_type: "API_AUTH".into(),
        payload_id: "112".into(),
        event_timestamp: delivery.event_timestamp,
        status: "SUCCESS".into(),
    };
    assert!(store.is_handled(&key).await.unwrap());
}
