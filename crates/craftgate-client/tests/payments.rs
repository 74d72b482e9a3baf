//! The `/payment/v1` operations: retrieve a card payment, refunds and their lookups. The
//! exact request (JSON body bytes included), and the documented example answer decoded.

mod common;

use common::{answer, assert_sent, example, json, only_request, setup};
use craftgate_client::CallExt;
use craftgate_client::wire::{
    Currency, PaymentPhase, PaymentStatus, RefundDestinationType, RefundOutcome, RefundType,
    TransactionStatus,
};
use rust_decimal_macros::dec;

#[tokio::test]
async fn retrieve_card_payment() {
    let (server, client) = setup().await;
    let route = "/payment/v1/card-payments/1";
    answer(
        &server,
        "GET",
        route,
        json(200, &example("retrieveCardPayment")),
    )
    .await;

    let p = client
        .retrieve_card_payment()
        .id(1)
        .send()
        .payload()
        .await
        .unwrap();

    assert_sent(
        &server,
        &only_request(&server).await,
        "GET",
        route,
        None,
        b"",
    );
    assert_eq!(p.id, Some(1));
    assert_eq!(p.price, Some(dec!(100)));
    assert_eq!(p.currency, Some(Currency::Try));
    assert_eq!(p.payment_status, Some(PaymentStatus::Success));
    assert_eq!(p.payment_phase, Some(PaymentPhase::Auth));
    assert_eq!(p.is_three_ds, Some(true));
    let items = p.payment_transactions.unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].id, Some(11));
    assert_eq!(items[0].name.as_deref(), Some("Kitap"));
    assert_eq!(
        items[0].transaction_status,
        Some(TransactionStatus::Approved)
    );
}

#[tokio::test]
async fn refund_payment_sends_the_body_and_idempotency_key() {
    let (server, client) = setup().await;
    let route = "/payment/v1/refunds";
    answer(&server, "POST", route, json(200, &example("refundPayment"))).await;

    let refund = client
        .refund_payment()
        .x_idempotency_key("refund-order-42")
        .body_map(|b| {
            b.payment_id(1)
                .conversation_id(Some("456d1297-908e-4bd6-a13b-4be31a6e47d5".to_string()))
                .refund_destination_type(Some(RefundDestinationType::Provider))
                .charge_from_me(Some(false))
        })
        .send()
        .payload()
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_sent(
        &server,
        &request,
        "POST",
        route,
        None,
        br#"{"chargeFromMe":false,"conversationId":"456d1297-908e-4bd6-a13b-4be31a6e47d5","paymentId":1,"refundDestinationType":"PROVIDER"}"#,
    );
    assert_eq!(
        request.headers.get("x-idempotency-key").unwrap(),
        "refund-order-42"
    );
    // REFUND: no id, the item refunds listed (DOCS).
    assert_eq!(refund.id, None);
    assert_eq!(refund.refund_type, Some(RefundType::Refund));
    assert_eq!(refund.status, Some(RefundOutcome::Success));
    assert_eq!(refund.refund_price, Some(dec!(100)));
    let items = refund.payment_transaction_refunds.unwrap();
    assert_eq!(items[0].payment_transaction_id, Some(11));
    assert_eq!(items[0].currency, Some(Currency::Try));
}

#[tokio::test]
async fn refund_payment_without_optional_fields_sends_only_the_id() {
    let (server, client) = setup().await;
    let route = "/payment/v1/refunds";
    answer(&server, "POST", route, json(200, &example("refundPayment"))).await;

    client
        .refund_payment()
        .body_map(|b| b.payment_id(5))
        .send()
        .payload()
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_sent(
        &server,
        &request,
        "POST",
        route,
        None,
        br#"{"paymentId":5}"#,
    );
    // A write without the caller's key gets a fresh one (the same on every attempt), so
    // it can be retried safely.
    let key = request.headers.get("x-idempotency-key").unwrap();
    assert!(uuid_like(key.to_str().unwrap()), "{key:?}");
}

fn uuid_like(key: &str) -> bool {
    key.len() == 36 && key.chars().filter(|c| *c == '-').count() == 4
}

#[tokio::test]
async fn retrieve_payment_refund() {
    let (server, client) = setup().await;
    let route = "/payment/v1/refunds/21";
    answer(
        &server,
        "GET",
        route,
        json(200, &example("retrievePaymentRefund")),
    )
    .await;

    let refund = client
        .retrieve_payment_refund()
        .id(21)
        .send()
        .payload()
        .await
        .unwrap();

    assert_sent(
        &server,
        &only_request(&server).await,
        "GET",
        route,
        None,
        b"",
    );
    // CANCEL: id present, no item refunds (DOCS).
    assert_eq!(refund.id, Some(21));
    assert_eq!(refund.refund_type, Some(RefundType::Cancel));
    assert_eq!(refund.payment_transaction_refunds, Some(vec![]));
}

#[tokio::test]
async fn refund_payment_mark_as_refunded() {
    let (server, client) = setup().await;
    let route = "/payment/v1/refunds/mark-as-refunded";
    answer(
        &server,
        "POST",
        route,
        json(200, &example("refundPaymentMarkAsRefunded")),
    )
    .await;

    let list = client
        .refund_payment_mark_as_refunded()
        .x_idempotency_key("mark-1")
        .body_map(|b| b.payment_id(1))
        .send()
        .payload()
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_sent(
        &server,
        &request,
        "POST",
        route,
        None,
        br#"{"paymentId":1}"#,
    );
    assert_eq!(request.headers.get("x-idempotency-key").unwrap(), "mark-1");
    assert_eq!(list.items.len(), 1);
    assert_eq!(list.items[0].id, Some(31));
    assert_eq!(list.items[0].payment_id, Some(1));
}

#[tokio::test]
async fn refund_payment_transaction_keeps_every_decimal() {
    let (server, client) = setup().await;
    let route = "/payment/v1/refund-transactions";
    answer(
        &server,
        "POST",
        route,
        json(200, &example("refundPaymentTransaction")),
    )
    .await;

    let refund = client
        .refund_payment_transaction()
        .body_map(|b| {
            b.payment_transaction_id(11)
                .refund_price(Some(dec!(12345678901234.12345678)))
                .refund_destination_type(Some(RefundDestinationType::Wallet))
        })
        .send()
        .payload()
        .await
        .unwrap();

    assert_sent(
        &server,
        &only_request(&server).await,
        "POST",
        route,
        None,
        br#"{"paymentTransactionId":11,"refundDestinationType":"WALLET","refundPrice":12345678901234.12345678}"#,
    );
    assert_eq!(refund.id, Some(31));
    assert_eq!(refund.refund_price, Some(dec!(40)));
    assert_eq!(refund.is_after_settlement, Some(false));
    assert_eq!(refund.payment_id, Some(1));
}

#[tokio::test]
async fn retrieve_payment_transaction_refund() {
    let (server, client) = setup().await;
    let route = "/payment/v1/refund-transactions/31";
    answer(
        &server,
        "GET",
        route,
        json(200, &example("retrievePaymentTransactionRefund")),
    )
    .await;

    let refund = client
        .retrieve_payment_transaction_refund()
        .id(31)
        .send()
        .payload()
        .await
        .unwrap();

    assert_sent(
        &server,
        &only_request(&server).await,
        "GET",
        route,
        None,
        b"",
    );
    assert_eq!(refund.id, Some(31));
    assert_eq!(refund.status, Some(RefundOutcome::Success));
    assert_eq!(refund.currency, Some(Currency::Try));
}

#[tokio::test]
async fn refund_payment_transaction_mark_as_refunded() {
    let (server, client) = setup().await;
    let route = "/payment/v1/refund-transactions/mark-as-refunded";
    answer(
        &server,
        "POST",
        route,
        json(200, &example("refundPaymentTransactionMarkAsRefunded")),
    )
    .await;

    let refund = client
        .refund_payment_transaction_mark_as_refunded()
        .body_map(|b| {
            b.payment_transaction_id(11)
                .refund_price(Some(dec!(40.00000000)))
        })
        .send()
        .payload()
        .await
        .unwrap();

    assert_sent(
        &server,
        &only_request(&server).await,
        "POST",
        route,
        None,
        br#"{"paymentTransactionId":11,"refundPrice":40.00000000}"#,
    );
    assert_eq!(refund.id, Some(31));
    assert_eq!(refund.payment_transaction_id, Some(11));
}
