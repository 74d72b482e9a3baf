//! Issue 11's end-to-end acceptance: the sandbox pushes (real webhooks and callbacks on its
//! schedule, at 1,000 times the speed), the receiver is served by axum on loopback and
//! confirms through the facade against the same sandbox.

mod common;

use std::time::Duration;

use common::{Recorder, client, post};
use payments::{ItemId, PaymentsError, Provider, RefundId, RefundRequest, RefundTarget, Secret};
use payments_sandbox::seed::craftgate::PAYMENT_TRANSACTION_IDS;
use payments_sandbox::{BatchSeed, Delivery, DeliveryState, PushProvider, Sandbox};
use payments_webhooks::Event;
use serde_json::{Value, json};

const SETTLE: Duration = Duration::from_secs(20);

/// Refunds part of the demo payment's first item through the facade, as a service would: the
/// sandbox books it and pushes its `REFUND_TX` webhook. The refund's id.
async fn refund_an_item(sandbox: &Sandbox) -> Result<RefundId, PaymentsError> {
    let facade = common::payments(sandbox);
    let mut request = RefundRequest::partial(
        RefundTarget::Item(ItemId::new(PAYMENT_TRANSACTION_IDS[0].to_string())),
        "12.34".parse().unwrap(),
    );
    request.idempotency_key = Some("end-to-end-refund-1".into());
    let refund = facade
        .refunds(Provider::Craftgate)?
        .refund(&request)
        .await?;
    Ok(refund.id.expect("an item refund has an id"))
}

/// The delivery as a request: its recorded headers and `body`.
fn request_of(delivery: &Delivery, body: impl Into<bytes::Bytes>) -> http::Request<bytes::Bytes> {
    let mut request = http::Request::new(body.into());
    *request.method_mut() = http::Method::POST;
    request.headers_mut().insert(
        "content-type",
        http::HeaderValue::from_static("application/json"),
    );
    for (name, value) in &delivery.headers {
        request.headers_mut().insert(
            http::HeaderName::try_from(name.as_str()).unwrap(),
            http::HeaderValue::from_str(value).unwrap(),
        );
    }
    request
}

#[tokio::test]
async fn a_sandbox_refund_is_handled_once_by_a_receiver_failing_the_first_two_deliveries() {
    let sandbox = common::pushing_sandbox().await;
    let handler = Recorder::failing(2);
    let url = common::serve(common::receiver_of_pushes(&sandbox), handler.clone()).await;
    sandbox
        .pushes()
        .register(PushProvider::Craftgate, &format!("{url}/craftgate"))
        .unwrap();

    let refund_id = refund_an_item(&sandbox).await.unwrap();
    let deliveries = sandbox.pushes().settled(SETTLE).await.unwrap();

    assert_eq!(deliveries.len(), 1, "one webhook: {deliveries:?}");
    let delivery = &deliveries[0];
    assert_eq!(delivery.event, "REFUND_TX");
    assert_eq!(delivery.subject, refund_id.as_str());
    let statuses: Vec<Option<u16>> = delivery.attempts.iter().map(|a| a.status).collect();
    assert_eq!(
        statuses,
        [Some(500), Some(500), Some(200)],
        "three deliveries recorded"
    );
    assert_eq!(delivery.state, DeliveryState::Delivered);
    assert_eq!(handler.runs(), 3);
    let events = handler.events();
    assert_eq!(events.len(), 1, "one handled");
    let Event::CraftgateRefund(event) = &events[0] else {
        panic!("{events:?}")
    };
    let refund = event.refund.as_ref().expect("confirmed");
    assert_eq!(refund.id.as_ref(), Some(&refund_id));
    assert_eq!(
        refund.amount.as_ref().unwrap().amount,
        "12.34".parse().unwrap()
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_pushed_delivery_with_a_changed_signed_field_or_another_keys_signature_is_refused_401() {
    let sandbox = common::pushing_sandbox().await;
    // An endpoint that takes the delivery, so that it can be replayed, changed, by hand.
    let handler = Recorder::default();
    let url = common::serve(common::receiver_of_pushes(&sandbox), handler.clone()).await;
    sandbox
        .pushes()
        .register(PushProvider::Craftgate, &format!("{url}/craftgate"))
        .unwrap();
    refund_an_item(&sandbox).await.unwrap();
    let delivery = sandbox.pushes().settled(SETTLE).await.unwrap().remove(0);
    assert_eq!(handler.events().len(), 1);
    let body: Value = serde_json::from_str(&delivery.body).unwrap();
    let http = client();

    let changed = |field: &str, value: Value| {
        let mut body = body.clone();
        body[field] = value;
        request_of(&delivery, body.to_string())
    };
    let timestamp = body["eventTimestamp"].as_i64().unwrap();
    let mut resigned = payments_webhooks::delivery::CraftgateWebhook::new(
        body["eventType"].as_str().unwrap(),
        timestamp,
        "SUCCESS",
        body["payloadId"].as_str().unwrap(),
    );
    resigned.event_time = body["eventTime"].as_str().map(str::to_string);
    let refused = [
        ("eventType", changed("eventType", json!("REFUND"))),
        (
            "eventTimestamp",
            changed("eventTimestamp", json!(timestamp + 1)),
        ),
        ("status", changed("status", json!("FAILURE"))),
        ("payloadId", changed("payloadId", json!("1"))),
        (
            "another key",
            resigned.request(&Secret::new("not-the-sandbox-key")),
        ),
    ];
    for (what, request) in refused {
        let (status, answer) = post(&http, &format!("{url}/craftgate"), request).await;
        assert_eq!(status, 401, "{what}: {answer}");
    }
    assert_eq!(handler.runs(), 1, "nothing refused was handled");
    // The untouched delivery, again: a duplicate.
    let (status, answer) = post(
        &http,
        &format!("{url}/craftgate"),
        request_of(&delivery, delivery.body.clone()),
    )
    .await;
    assert_eq!(
        (status, answer["outcome"].as_str()),
        (200, Some("duplicate"))
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_pushed_delivery_with_changed_unsigned_fields_is_handled_with_the_queried_state() {
    let sandbox = common::pushing_sandbox().await;
    // The sandbox pushes to an endpoint that is down: the delivery stays with us.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!("http://{}/craftgate", closed.local_addr().unwrap());
    drop(closed);
    sandbox
        .pushes()
        .register(PushProvider::Craftgate, &dead)
        .unwrap();
    let refund_id = refund_an_item(&sandbox).await.unwrap();
    let delivery = sandbox.pushes().settled(SETTLE).await.unwrap().remove(0);
    assert_eq!(delivery.state, DeliveryState::GaveUp);

    let handler = Recorder::default();
    let url = common::serve(common::receiver_of_pushes(&sandbox), handler.clone()).await;
    let mut body: Value = serde_json::from_str(&delivery.body).unwrap();
    body["eventTime"] = json!("2030-01-01T00:00:00");
    body["payload"] = json!({"id": refund_id.as_str(), "refundPrice": 999999, "status": "FAILURE"});
    let (status, answer) = post(&client(), &url, request_of(&delivery, body.to_string())).await;
    assert_eq!(
        (status, answer["outcome"].as_str()),
        (200, Some("handled")),
        "{answer}"
    );

    let events = handler.events();
    let Event::CraftgateRefund(event) = &events[0] else {
        panic!("{events:?}")
    };
    let truth = common::payments(&sandbox)
        .craftgate()
        .unwrap()
        .item_refund(&refund_id)
        .await
        .unwrap();
    assert_eq!(event.refund.as_ref(), Some(&truth));
    assert_eq!(
        truth.amount.as_ref().unwrap().amount,
        "12.34".parse().unwrap()
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_pushed_batch_of_2345_payments_in_3_pages_is_handled_as_one_result_with_each_payment_once()
 {
    let sandbox = common::pushing_sandbox().await;
    let handler = Recorder::default();
    let url = common::serve(common::receiver_of_pushes(&sandbox), handler.clone()).await;
    let mut seed = BatchSeed::new(2345);
    seed.merchant_unique_code = Some("end-to-end-2345".into());
    seed.callback_url = Some(format!("{url}/paywall"));
    let batch = sandbox.paywall().seed_batch(seed).unwrap();
    let deliveries = sandbox.pushes().settled(SETTLE).await.unwrap();

    let pages: Vec<_> = deliveries
        .iter()
        .map(|d| (d.page, d.attempts.last().and_then(|a| a.status)))
        .collect();
    assert_eq!(
        pages,
        [
            (Some((1, 3)), Some(202)),
            (Some((2, 3)), Some(202)),
            (Some((3, 3)), Some(200))
        ],
        "three pages: two held, the last completes the batch"
    );
    let events = handler.events();
    assert_eq!(events.len(), 1, "one result");
    let Event::PaywallBatch(result) = &events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(result.bulk_payment_id, batch.bulk_payment_id.to_string());
    assert_eq!(result.pages, 3);
    let result = result.result.as_ref().expect("confirmed");
    assert_eq!(result.summary.total_count, 2345);
    let mut ids: Vec<&str> = result.payments.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids.len(), 2345);
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 2345, "every payment exactly once");

    // The callback sent again (Paywall's re-send): the same pages, duplicates, not handled again.
    let resent = sandbox
        .trigger(payments_sandbox::Trigger::PaywallBulkCompleted {
            batch: "end-to-end-2345".into(),
        })
        .unwrap();
    assert_eq!(resent.deliveries.len(), 3);
    sandbox.pushes().settled(SETTLE).await.unwrap();
    assert_eq!(handler.events().len(), 1);
    sandbox.shutdown().await;
}
