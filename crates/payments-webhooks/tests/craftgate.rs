//! Craftgate webhooks confirmed against the sandbox through the facade: each event carries
//! the payment or refund as Craftgate reports it, and a query that fails leaves the event
//! for the next delivery.

mod common;

use common::{Recorder, craftgate_key, now};
use payments::{
    ErrorKind, PaymentId, PaymentRef, Provider, RefundOutcome, RefundRequest, RefundStatus,
    RefundTarget, Secret,
};
use payments_sandbox::seed::craftgate::{PAYMENT_ID, SAME_DAY_PAYMENT_ID};
use payments_sandbox::{Fault, Route};
use payments_webhooks::delivery::CraftgateWebhook;
use payments_webhooks::{Accepted, Event, ReceiveError, RefundKind, status_of};
use rust_decimal_macros::dec;

fn webhook(event_type: &str, payload_id: impl ToString) -> CraftgateWebhook {
    CraftgateWebhook::new(event_type, now(), "SUCCESS", payload_id.to_string())
}

#[tokio::test]
async fn payment_events_carry_the_payment_as_craftgate_reports_it() {
    let sandbox = common::sandbox(23).await;
    let facade = common::payments(&sandbox);
    let receiver = common::receiver(&sandbox);
    let handler = Recorder::default();
    for event_type in [
        "API_AUTH",
        "API_VERIFY_AND_AUTH",
        "CHECKOUTFORM_AUTH",
        "THREEDS_VERIFY",
    ] {
        let outcome = receiver
            .handle(
                webhook(event_type, PAYMENT_ID).request(&craftgate_key()),
                &handler,
            )
            .await;
        assert!(
            matches!(outcome, Ok(Accepted::Handled(_))),
            "{event_type}: {outcome:?}"
        );
    }
    let truth = facade
        .lookup(Provider::Craftgate)
        .unwrap()
        .payment(&PaymentRef::Id(PaymentId::from(PAYMENT_ID)))
        .await
        .unwrap();
    let events = handler.events();
    assert_eq!(events.len(), 4);
    for event in &events {
        let Event::CraftgatePayment(e) = event else {
            panic!("{event:?}")
        };
        assert_eq!(e.payment.as_ref(), Some(&truth));
        assert_eq!(e.signed.payload_id, PAYMENT_ID.to_string());
    }
    assert_eq!(truth.refund_status, Some(RefundStatus::PartiallyRefunded));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn refund_events_carry_the_refund_read_back_by_its_id() {
    let sandbox = common::sandbox(23).await;
    let facade = common::payments(&sandbox);
    let refunds = facade.refunds(Provider::Craftgate).unwrap();
    let whole = refunds
        .refund(&RefundRequest::full(RefundTarget::Payment(PaymentRef::Id(
            PaymentId::from(SAME_DAY_PAYMENT_ID),
        ))))
        .await
        .unwrap();
    let item = refunds
        .refund(&RefundRequest::partial(
            RefundTarget::Item(payments::ItemId::new("2001")),
            dec!(1.25),
        ))
        .await
        .unwrap();
    let receiver = common::receiver(&sandbox);
    let handler = Recorder::default();
    for (event_type, refund) in [("REFUND", &whole), ("REFUND_TX", &item)] {
        let id = refund.id.as_ref().unwrap();
        receiver
            .handle(webhook(event_type, id).request(&craftgate_key()), &handler)
            .await
            .unwrap();
    }
    let events = handler.events();
    let Event::CraftgateRefund(first) = &events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(first.kind, RefundKind::Payment);
    let read = first.refund.as_ref().unwrap();
    assert_eq!(
        (read.id.as_ref(), read.payment_id.as_ref()),
        (whole.id.as_ref(), whole.payment_id.as_ref())
    );
    assert_eq!(read.outcome, RefundOutcome::Succeeded);
    let Event::CraftgateRefund(second) = &events[1] else {
        panic!("{events:?}")
    };
    assert_eq!(second.kind, RefundKind::Item);
    let read = second.refund.as_ref().unwrap();
    assert_eq!(read.amount.as_ref().map(|m| m.amount), Some(dec!(1.25)));
    assert_eq!(read.item_id.as_ref().map(|i| i.as_str()), Some("2001"));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_query_that_fails_leaves_the_event_for_the_next_delivery() {
    let sandbox = common::sandbox(23).await;
    let receiver = common::receiver(&sandbox);
    let handler = Recorder::default();
    let route: Route = "GET /payment-reporting/v1/payments/*".parse().unwrap();
    // Three attempts, three gateway errors: the facade gives up.
    sandbox.faults().script(
        route.clone(),
        std::iter::repeat_with(|| Fault::status(http::StatusCode::BAD_GATEWAY)).take(3),
    );
    let delivery = webhook("API_AUTH", PAYMENT_ID);
    let outcome = receiver
        .handle(delivery.request(&craftgate_key()), &handler)
        .await;
    let Err(ReceiveError::Confirmation { source, .. }) = &outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(source.kind, ErrorKind::Unavailable);
    assert_eq!(status_of(&outcome), 500);
    assert_eq!(handler.runs(), 0);
    assert_eq!(sandbox.faults().attempts(&route), 3);

    let outcome = receiver
        .handle(delivery.request(&craftgate_key()), &handler)
        .await;
    assert!(matches!(outcome, Ok(Accepted::Handled(_))), "{outcome:?}");

    // A payment Craftgate does not know: not handled either.
    let outcome = receiver
        .handle(
            webhook("API_AUTH", 999_999).request(&craftgate_key()),
            &handler,
        )
        .await;
    let Err(ReceiveError::Confirmation { source, .. }) = &outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(source.kind, ErrorKind::NotFound);
    assert_eq!(handler.events().len(), 1);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn both_keys_verify_while_one_is_rotated_in() {
    let sandbox = common::sandbox(23).await;
    let receiver = common::receiver(&sandbox);
    let handler = Recorder::default();
    let sent = now();
    let event = |at: i64| CraftgateWebhook::new("API_AUTH", at, "SUCCESS", PAYMENT_ID.to_string());
    let new_key = Secret::new("rotated-in-webhook-key");
    for (at, key) in [(sent, &new_key), (sent + 1, &craftgate_key())] {
        let outcome = receiver.handle(event(at).request(key), &handler).await;
        assert!(matches!(outcome, Ok(Accepted::Handled(_))), "{outcome:?}");
    }
    // The same event signed under the other key is the same event.
    let again = receiver
        .handle(event(sent).request(&craftgate_key()), &handler)
        .await;
    assert!(matches!(again, Ok(Accepted::Duplicate(_))), "{again:?}");
    assert_eq!(handler.runs(), 2);
    sandbox.shutdown().await;
}
