//! The receiver's acceptance cases, over HTTP: the axum router on a loopback port, deliveries
//! POSTed with reqwest, confirmation through the facade against the sandbox.

mod common;

use common::{Recorder, client, craftgate_key, now, paywall_key, post};
use payments::{PaymentId, PaymentRef, Provider, Secret};
use payments_sandbox::Route;
use payments_sandbox::seed::craftgate::{FAILED_PAYMENT_ID, PAYMENT_ID};
use payments_sandbox::seed::paywall::BULK_MERCHANT_UNIQUE_CODE;
use payments_webhooks::Event;
use payments_webhooks::delivery::{CraftgateWebhook, PaywallBulkCallback, bulk_item};
use serde_json::json;

fn route(spec: &str) -> Route {
    spec.parse().unwrap()
}

/// A request carrying `body` under the headers of `signed`: a delivery changed on the way.
fn with_body(
    signed: http::Request<bytes::Bytes>,
    body: impl Into<bytes::Bytes>,
) -> http::Request<bytes::Bytes> {
    let (parts, _) = signed.into_parts();
    http::Request::from_parts(parts, body.into())
}

#[tokio::test]
async fn a_changed_signed_field_or_another_keys_signature_is_refused_401_and_never_handled() {
    let sandbox = common::sandbox(23).await;
    let handler = Recorder::default();
    let url = common::serve(common::receiver(&sandbox), handler.clone()).await;
    let client = client();
    let genuine = CraftgateWebhook::new("API_AUTH", now(), "SUCCESS", PAYMENT_ID.to_string());
    let signed = || genuine.request(&craftgate_key());
    let changed = |edit: fn(&mut CraftgateWebhook)| {
        let mut webhook = genuine.clone();
        edit(&mut webhook);
        with_body(signed(), webhook.body())
    };
    let mut unsigned = signed();
    unsigned.headers_mut().remove("x-cg-signature-v1");
    let callback = PaywallBulkCallback::new("388", BULK_MERCHANT_UNIQUE_CODE, Vec::new());
    let callback_with = |bulk_payment_id: &str, code: &str| {
        let body = callback.page_bodies(&paywall_key()).remove(0);
        let mut page: serde_json::Value = serde_json::from_slice(&body).unwrap();
        page["BulkPaymentId"] = json!(bulk_payment_id);
        page["MerchantUniqueCode"] = json!(code);
        with_body(
            callback.requests(&paywall_key()).remove(0),
            page.to_string(),
        )
    };

    let refused = [
        (
            "payloadId",
            changed(|w| w.payload_id = FAILED_PAYMENT_ID.to_string()),
        ),
        ("eventType", changed(|w| w.event_type = "REFUND".into())),
        ("status", changed(|w| w.status = "FAILURE".into())),
        ("eventTimestamp", changed(|w| w.event_timestamp += 1)),
        (
            "another key",
            genuine.request(&Secret::new("someone-elses-key")),
        ),
        ("no signature", unsigned),
        (
            "BulkPaymentId",
            callback_with("389", BULK_MERCHANT_UNIQUE_CODE),
        ),
        ("MerchantUniqueCode", callback_with("388", "another-batch")),
        (
            "another hash key",
            callback
                .requests(&Secret::new("someone-elses-key"))
                .remove(0),
        ),
    ];
    for (what, request) in refused {
        let (status, body) = post(&client, &url, request).await;
        assert_eq!(status, 401, "{what}: {body}");
        assert!(
            body["error"].as_str().unwrap().contains("refused"),
            "{what}: {body}"
        );
    }
    assert_eq!(handler.runs(), 0, "nothing refused was handled");
    // Nothing refused was even looked up.
    let payment_route = route("GET /payment-reporting/v1/payments/*");
    let bulk_route = route("GET /api/paywall/payment/bulk/payment/query");
    assert_eq!(sandbox.faults().attempts(&payment_route), 0);
    assert_eq!(sandbox.faults().attempts(&bulk_route), 0);

    // The genuine deliveries are handled (the Craftgate one on the provider's own URL).
    let (status, body) = post(&client, &format!("{url}/craftgate"), signed()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["outcome"], "handled");
    let (status, body) = post(
        &client,
        &format!("{url}/paywall"),
        callback.requests(&paywall_key()).remove(0),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(handler.events().len(), 2);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_delivery_with_changed_unsigned_fields_is_handled_with_the_queried_state() {
    let sandbox = common::sandbox(23).await;
    let facade = common::payments(&sandbox);
    let handler = Recorder::default();
    let url = common::serve(common::receiver(&sandbox), handler.clone()).await;
    let client = client();

    // The failed payment, announced with a payload and a time that say otherwise.
    let mut webhook =
        CraftgateWebhook::new("API_AUTH", now(), "SUCCESS", FAILED_PAYMENT_ID.to_string());
    webhook.event_time = Some("2030-01-01T00:00:00".into());
    webhook.payload = Some(json!({
        "id": FAILED_PAYMENT_ID, "paymentStatus": "SUCCESS", "price": 1000000, "paidPrice": 1000000,
    }));
    let (status, body) = post(&client, &url, webhook.request(&craftgate_key())).await;
    assert_eq!(status, 200, "{body}");

    // The seeded batch, every payment's amount and status changed in the callback.
    let queried = common::batch_payments(&facade).await;
    let forged = queried
        .iter()
        .map(|p| {
            let mut item = bulk_item(p);
            item["Amount"] = json!(123456789);
            item["Status"] = json!(4);
            item
        })
        .collect();
    let callback = PaywallBulkCallback::new("388", BULK_MERCHANT_UNIQUE_CODE, forged);
    for request in callback.requests(&paywall_key()) {
        let (status, body) = post(&client, &url, request).await;
        assert_eq!(status, 200, "{body}");
    }

    let events = handler.events();
    let Event::CraftgatePayment(payment) = &events[0] else {
        panic!("{events:?}")
    };
    let truth = facade
        .lookup(Provider::Craftgate)
        .unwrap()
        .payment(&PaymentRef::Id(PaymentId::from(FAILED_PAYMENT_ID)))
        .await
        .unwrap();
    assert_eq!(payment.payment.as_ref(), Some(&truth));
    assert_eq!(truth.status, payments::PaymentStatus::Failed);
    assert!(truth.amount.amount < rust_decimal::Decimal::from(1_000_000));
    let Event::PaywallBatch(batch) = &events[1] else {
        panic!("{events:?}")
    };
    let result = batch.result.as_ref().unwrap();
    assert_eq!(result.payments, queried);
    assert!(
        result
            .payments
            .iter()
            .any(|p| p.status != payments::PaymentStatus::Succeeded)
    );
    assert!(
        result
            .payments
            .iter()
            .all(|p| p.amount.amount != rust_decimal::Decimal::from(123_456_789))
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_batch_of_2345_payments_in_3_callback_pages_is_one_result_with_every_payment_once() {
    let sandbox = common::sandbox(2345).await;
    let facade = common::payments(&sandbox);
    let handler = Recorder::default();
    let url = common::serve(common::receiver(&sandbox), handler.clone()).await;
    let client = client();
    let queried = common::batch_payments(&facade).await;
    assert_eq!(queried.len(), 2345);
    let callback = PaywallBulkCallback::new(
        "388",
        BULK_MERCHANT_UNIQUE_CODE,
        queried.iter().map(bulk_item).collect(),
    );
    let pages = callback.requests(&paywall_key());
    assert_eq!(pages.len(), 3);
    let page = |i: usize| common::copy(&pages[i]);

    // The last page first, then the first twice (a re-delivery), then the middle one.
    let mut answers = Vec::new();
    for i in [2, 0, 0, 1] {
        let (status, body) = post(&client, &url, page(i)).await;
        answers.push((status, body["outcome"].as_str().unwrap().to_string()));
    }
    assert_eq!(
        answers,
        [
            (202, "held".into()),
            (202, "held".into()),
            (200, "duplicate".into()),
            (200, "handled".into())
        ]
    );
    // Every page again: the batch was handled.
    for i in 0..3 {
        let (status, body) = post(&client, &url, page(i)).await;
        assert_eq!((status, body["outcome"].as_str()), (200, Some("duplicate")));
    }

    let events = handler.events();
    assert_eq!(events.len(), 1, "one result");
    let Event::PaywallBatch(batch) = &events[0] else {
        panic!("{events:?}")
    };
    assert_eq!((batch.bulk_payment_id.as_str(), batch.pages), ("388", 3));
    let result = batch.result.as_ref().unwrap();
    assert_eq!(result.summary.total_count, 2345);
    assert_eq!(result.payments, queried, "every payment, once, as queried");
    let mut ids: Vec<&str> = result.payments.iter().map(|p| p.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 2345);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_handler_failing_on_the_first_two_deliveries_handles_the_event_once_after_three() {
    let sandbox = common::sandbox(23).await;
    let handler = Recorder::failing(2);
    let url = common::serve(common::receiver(&sandbox), handler.clone()).await;
    let client = client();
    let webhook = CraftgateWebhook::new("API_AUTH", now(), "SUCCESS", PAYMENT_ID.to_string());

    let mut statuses = Vec::new();
    for _ in 0..3 {
        let (status, body) = post(&client, &url, webhook.request(&craftgate_key())).await;
        if status == 500 {
            // The handler's error stays in the log, not in the answer.
            assert!(!body.to_string().contains("database"), "{body}");
        }
        statuses.push(status);
    }
    assert_eq!(statuses, [500, 500, 200]);
    assert_eq!(handler.runs(), 3);
    assert_eq!(handler.events().len(), 1, "handled exactly once");
    let (status, body) = post(&client, &url, webhook.request(&craftgate_key())).await;
    assert_eq!((status, body["outcome"].as_str()), (200, Some("duplicate")));
    assert_eq!(handler.runs(), 3);
    sandbox.shutdown().await;
}
