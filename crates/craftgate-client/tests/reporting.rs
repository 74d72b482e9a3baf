//! The seven `/payment-reporting/v1` operations: the exact request, and the documented
//! example answer (taken from specs/craftgate.yaml) decoded.

mod common;

use chrono::NaiveDateTime;
use common::{answer, assert_sent, example, json, only_request, setup};
use craftgate_client::CallExt;
use craftgate_client::wire::{
    Currency, PaymentPhase, PaymentRefundStatus, PaymentStatus, PaymentType, RefundDestinationType,
    RefundOutcome, TransactionPayoutStatus, TransactionStatus,
};
use rust_decimal_macros::dec;

fn date(s: &str) -> NaiveDateTime {
    s.parse().unwrap()
}

#[tokio::test]
async fn search_payments() {
    let (server, client) = setup().await;
    let route = "/payment-reporting/v1/payments";
    answer(&server, "GET", route, json(200, &example("searchPayments"))).await;

    let page = client
        .search_payments()
        .page(0)
        .size(25)
        .payment_status(PaymentStatus::Success)
        .currency(Currency::Try)
        .min_paid_price(dec!(99.5))
        .max_paid_price(dec!(100.00000001))
        .is_three_ds(true)
        .min_created_date(date("2021-11-15T00:00:00"))
        .max_created_date(date("2021-11-15T23:59:59"))
        .buyer_member_id(7)
        .send()
        .payload()
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_sent(
        &server,
        &request,
        "GET",
        route,
        Some(
            "buyerMemberId=7&currency=TRY&isThreeDS=true&maxCreatedDate=2021-11-15T23%3A59%3A59\
             &maxPaidPrice=100.00000001&minCreatedDate=2021-11-15T00%3A00%3A00&minPaidPrice=99.5\
             &page=0&paymentStatus=SUCCESS&size=25",
        ),
        b"",
    );

    assert_eq!(
        (page.page, page.size, page.total_size),
        (Some(0), Some(25), Some(1))
    );
    assert_eq!(page.items.len(), 1);
    let p = &page.items[0];
    assert_eq!(p.id, Some(1));
    assert_eq!(p.created_date, Some(date("2021-11-15T14:07:18")));
    assert_eq!(p.price, Some(dec!(100)));
    assert_eq!(p.paid_price, Some(dec!(100)));
    assert_eq!(p.wallet_price, Some(dec!(0)));
    assert_eq!(p.currency, Some(Currency::Try));
    assert_eq!(p.installment, Some(1));
    assert_eq!(
        p.conversation_id.as_deref(),
        Some("456d1297-908e-4bd6-a13b-4be31a6e47d5")
    );
    assert_eq!(p.payment_type, Some(PaymentType::CardPayment));
    assert_eq!(p.payment_status, Some(PaymentStatus::Success));
    assert_eq!(p.payment_phase, Some(PaymentPhase::Auth));
    assert_eq!(p.refund_status, Some(PaymentRefundStatus::NotRefunded));
}

#[tokio::test]
async fn retrieve_payment() {
    let (server, client) = setup().await;
    let route = "/payment-reporting/v1/payments/1";
    answer(
        &server,
        "GET",
        route,
        json(200, &example("retrievePayment")),
    )
    .await;

    let p = client
        .retrieve_payment()
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
    assert_eq!(p.created_date, Some(date("2021-11-15T14:07:18")));
    assert_eq!(p.refundable_price, Some(dec!(100)));
    assert_eq!(p.refund_status, Some(PaymentRefundStatus::NotRefunded));
    assert_eq!(p.payment_status, Some(PaymentStatus::Success));
    assert_eq!(p.refunds, Some(vec![]));
    assert_eq!(p.buyer_member, None);
}

#[tokio::test]
async fn retrieve_payment_transactions_is_the_breakdown() {
    let (server, client) = setup().await;
    let route = "/payment-reporting/v1/payments/1/transactions";
    answer(
        &server,
        "GET",
        route,
        json(200, &example("retrievePaymentTransactions")),
    )
    .await;

    let list = client
        .retrieve_payment_transactions()
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
    assert_eq!((list.page, list.size, list.total_size), (None, None, None));
    let [item] = &list.items[..] else {
        panic!("one item expected, got {:?}", list.items)
    };
    assert_eq!(item.id, Some(11));
    assert_eq!(item.name.as_deref(), Some("Kitap"));
    assert_eq!(item.external_id.as_deref(), Some("item-1"));
    assert_eq!(item.price, Some(dec!(100.00000000)));
    assert_eq!(item.refundable_price, Some(dec!(100)));
    assert_eq!(item.merchant_payout_amount, Some(dec!(100)));
    assert_eq!(item.transaction_status, Some(TransactionStatus::Approved));
    assert_eq!(
        item.transaction_status_date,
        Some(date("2021-11-15T14:07:18"))
    );
    assert_eq!(item.refund_status, Some(PaymentRefundStatus::NotRefunded));
    let payout = item.payout.as_ref().unwrap();
    assert_eq!(payout.currency, Some(Currency::Try));
    assert_eq!(payout.parity, Some(dec!(1)));
    assert_eq!(payout.sub_merchant_member_payout_amount, Some(dec!(0)));
    let status = item.payout_status.as_ref().unwrap();
    assert_eq!(
        status.merchant_status,
        Some(TransactionPayoutStatus::WaitingForPayout)
    );
    assert_eq!(status.sub_merchant_member_status, None);
}

#[tokio::test]
async fn retrieve_payment_refunds() {
    let (server, client) = setup().await;
    let route = "/payment-reporting/v1/payments/1/refunds";
    answer(
        &server,
        "GET",
        route,
        json(200, &example("retrievePaymentRefunds")),
    )
    .await;

    let list = client
        .retrieve_payment_refunds()
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
    let r = &list.items[0];
    assert_eq!(r.id, Some(21));
    assert_eq!(r.status, Some(RefundOutcome::Success));
    assert_eq!(
        r.refund_destination_type,
        Some(RefundDestinationType::Provider)
    );
    assert_eq!(r.refund_price, Some(dec!(100)));
    assert_eq!(r.refund_wallet_price, Some(dec!(0)));
    assert_eq!(r.payment_id, Some(1));
    assert_eq!(r.payment_type, Some(PaymentType::CardPayment));
    assert!(r.refund_error().is_none());
}

#[tokio::test]
async fn retrieve_payment_transaction_refunds() {
    let (server, client) = setup().await;
    let route = "/payment-reporting/v1/payments/1/transactions/11/refunds";
    answer(
        &server,
        "GET",
        route,
        json(200, &example("retrievePaymentTransactionRefunds")),
    )
    .await;

    let list = client
        .retrieve_payment_transaction_refunds()
        .payment_id(1)
        .payment_transaction_id(11)
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
    let r = &list.items[0];
    assert_eq!(r.id, Some(31));
    assert_eq!(r.refund_price, Some(dec!(40)));
    assert_eq!(r.is_after_settlement, Some(false));
    assert_eq!(r.payment_transaction_id, Some(11));
}

#[tokio::test]
async fn search_payment_refunds() {
    let (server, client) = setup().await;
    let route = "/payment-reporting/v1/refunds";
    answer(
        &server,
        "GET",
        route,
        json(200, &example("searchPaymentRefunds")),
    )
    .await;

    let page = client
        .search_payment_refunds()
        .page(0)
        .size(10)
        .payment_id(1)
        .status(RefundOutcome::Failure)
        .conversation_id("conv-1")
        .min_refund_price(dec!(0.01))
        .max_refund_price(dec!(1000))
        .send()
        .payload()
        .await
        .unwrap();

    assert_sent(
        &server,
        &only_request(&server).await,
        "GET",
        route,
        Some(
            "conversationId=conv-1&maxRefundPrice=1000&minRefundPrice=0.01&page=0&paymentId=1\
             &size=10&status=FAILURE",
        ),
        b"",
    );
    assert_eq!(page.total_size, Some(1));
    let r = &page.items[0];
    assert_eq!(r.status, Some(RefundOutcome::Failure));
    let error = r.refund_error().unwrap();
    assert_eq!(error.error_code.as_deref(), Some("10051"));
    assert_eq!(error.error_group.as_deref(), Some("NOT_SUFFICIENT_FUNDS"));
}

#[tokio::test]
async fn search_payment_transaction_refunds() {
    let (server, client) = setup().await;
    let route = "/payment-reporting/v1/refund-transactions";
    answer(
        &server,
        "GET",
        route,
        json(200, &example("searchPaymentTransactionRefunds")),
    )
    .await;

    let page = client
        .search_payment_transaction_refunds()
        .payment_transaction_id(11)
        .is_after_settlement(false)
        .id(31)
        .size(50)
        .send()
        .payload()
        .await
        .unwrap();

    assert_sent(
        &server,
        &only_request(&server).await,
        "GET",
        route,
        Some("id=31&isAfterSettlement=false&paymentTransactionId=11&size=50"),
        b"",
    );
    assert_eq!(
        (page.page, page.size, page.total_size),
        (Some(0), Some(25), Some(1))
    );
    let r = &page.items[0];
    assert_eq!(r.id, Some(31));
    assert_eq!(r.created_date, Some(date("2021-11-15T14:07:18")));
    assert_eq!(r.status, Some(RefundOutcome::Success));
}

#[tokio::test]
async fn go_style_payment_error_is_not_lost() {
    let (server, client) = setup().await;
    let route = "/payment-reporting/v1/payments/1/transactions/11/refunds";
    answer(
        &server,
        "GET",
        route,
        json(
            200,
            r#"{"data":{"items":[{"id":31,"status":"FAILURE","paymentError":{"errorCode":"10051","errorDescription":"Kart limiti yetersiz, yetersiz bakiye"}}]}}"#,
        ),
    )
    .await;
    let list = client
        .retrieve_payment_transaction_refunds()
        .payment_id(1)
        .payment_transaction_id(11)
        .send()
        .payload()
        .await
        .unwrap();
    let error = list.items[0].refund_error().unwrap();
    assert_eq!(error.error_code.as_deref(), Some("10051"));
}
