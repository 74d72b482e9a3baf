//! Paywall bulk callbacks confirmed against the sandbox through the facade: the handler
//! gets the batch as the bulk query reports it, once every page is in.

mod common;

use common::{Recorder, paywall_key};
use payments::ErrorKind;
use payments_sandbox::seed::paywall::BULK_MERCHANT_UNIQUE_CODE;
use payments_sandbox::{Fault, Route};
use payments_webhooks::delivery::{PaywallBulkCallback, bulk_item};
use payments_webhooks::{Accepted, Event, EventKey, ReceiveError, status_of};

#[tokio::test]
async fn a_callback_in_one_piece_is_the_whole_batch_as_queried() {
    let sandbox = common::sandbox(23).await;
    let facade = common::payments(&sandbox);
    let queried = common::batch_payments(&facade).await;
    let summary = facade
        .bulk()
        .unwrap()
        .bulk_summary(BULK_MERCHANT_UNIQUE_CODE)
        .await
        .unwrap();
    let receiver = common::receiver(&sandbox);
    let handler = Recorder::default();
    let callback = PaywallBulkCallback::new(
        "388",
        BULK_MERCHANT_UNIQUE_CODE,
        queried.iter().map(bulk_item).collect(),
    );
    let mut requests = callback.requests(&paywall_key());
    assert_eq!(requests.len(), 1);
    let outcome = receiver.handle(requests.remove(0), &handler).await;
    assert_eq!(
        outcome.unwrap(),
        Accepted::Handled(EventKey::PaywallBatch {
            bulk_payment_id: "388".into()
        })
    );
    let events = handler.events();
    let Event::PaywallBatch(batch) = &events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(batch.merchant_unique_code, BULK_MERCHANT_UNIQUE_CODE);
    assert_eq!(batch.pages, 1);
    let result = batch.result.as_ref().unwrap();
    assert_eq!(result.payments, queried);
    assert_eq!(result.summary, summary);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_batch_query_that_fails_is_retried_on_the_next_delivery_of_the_last_page() {
    let sandbox = common::sandbox(1500).await;
    let receiver = common::receiver(&sandbox);
    let handler = Recorder::default();
    let route: Route = "GET /api/paywall/payment/bulk/payment/query"
        .parse()
        .unwrap();
    let items = (0..1500)
        .map(|i| serde_json::json!({"PaymentId": i}))
        .collect();
    let pages =
        PaywallBulkCallback::new("388", BULK_MERCHANT_UNIQUE_CODE, items).requests(&paywall_key());
    assert_eq!(pages.len(), 2);
    assert_eq!(
        status_of(&receiver.handle(common::copy(&pages[0]), &handler).await),
        202
    );
    // The second query page fails on all three attempts.
    sandbox.faults().script(
        route.clone(),
        [
            Fault::Pass,
            Fault::status(http::StatusCode::SERVICE_UNAVAILABLE),
            Fault::status(http::StatusCode::SERVICE_UNAVAILABLE),
            Fault::status(http::StatusCode::SERVICE_UNAVAILABLE),
        ],
    );
    let outcome = receiver.handle(common::copy(&pages[1]), &handler).await;
    let Err(ReceiveError::Confirmation { source, .. }) = &outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(source.kind, ErrorKind::Unavailable);
    assert_eq!(handler.runs(), 0);

    let outcome = receiver.handle(common::copy(&pages[1]), &handler).await;
    assert!(matches!(outcome, Ok(Accepted::Handled(_))), "{outcome:?}");
    let events = handler.events();
    let Event::PaywallBatch(batch) = &events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(batch.result.as_ref().unwrap().payments.len(), 1500);
    sandbox.shutdown().await;
}
