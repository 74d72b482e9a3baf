//! Robustness of decoding: unknown enum values and fields, nulls, and exact decimals both
//! ways.

mod common;

use common::{answer, assert_sent, json, only_request, setup};
use craftgate_client::CallExt;
use craftgate_client::types::ReportingPaymentTransaction;
use craftgate_client::wire::{Currency, PaymentRefundStatus, TransactionStatus};
use rust_decimal_macros::dec;

#[tokio::test]
async fn unknown_enum_values_and_extra_fields_do_not_fail_and_are_kept() {
    let (server, client) = setup().await;
    let route = "/payment-reporting/v1/payments/1/transactions";
    answer(
        &server,
        "GET",
        route,
        json(
            200,
            r#"{"data":{"items":[{"id":11,"transactionStatus":"ON_HOLD","refundStatus":"FULLY_REFUNDED",
                "payout":{"currency":"XAU","parity":1.5,"brandNewAmount":3.25},
                "payoutStatus":null,"subMerchantMember":null,
                "brandNewField":{"nested":[1,2.5,"x"]}}],"brandNewPaging":7},"meta":{"trace":"abc"}}"#,
        ),
    )
    .await;

    let list = client
        .retrieve_payment_transactions()
        .id(1)
        .send()
        .payload()
        .await
        .unwrap();
    let item = &list.items[0];
    assert_eq!(
        item.transaction_status,
        Some(TransactionStatus::Unknown("ON_HOLD".into()))
    );
    assert_eq!(item.refund_status, Some(PaymentRefundStatus::FullyRefunded));
    let payout = item.payout.as_ref().unwrap();
    assert_eq!(payout.currency, Some(Currency::Unknown("XAU".into())));
    assert_eq!(payout.parity, Some(dec!(1.5)));
    assert_eq!(item.payout_status, None);
    assert_eq!(item.sub_merchant_member, None);
}

#[tokio::test]
async fn amounts_survive_to_the_last_decimal() {
    let (server, client) = setup().await;
    let route = "/payment-reporting/v1/payments/1/transactions";
    answer(
        &server,
        "GET",
        route,
        json(
            200,
            r#"{"data":{"items":[{"price":100.00000001,"paidPrice":12345678901234.12345678,
                "walletPrice":0.00000001,"refundablePrice":"99.99999999",
                "bankCommissionRate":"1.79","merchantCommissionRateAmount":-0.5}]}}"#,
        ),
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
    let item = &list.items[0];
    assert_eq!(item.price, Some(dec!(100.00000001)));
    assert_eq!(item.paid_price, Some(dec!(12345678901234.12345678)));
    assert_eq!(item.wallet_price, Some(dec!(0.00000001)));
    // DOCS call these "string": numeric strings are read exactly too.
    assert_eq!(item.refundable_price, Some(dec!(99.99999999)));
    assert_eq!(item.bank_commission_rate, Some(dec!(1.79)));
    assert_eq!(item.merchant_commission_rate_amount, Some(dec!(-0.5)));

    // Written back, the amounts are JSON numbers with every digit.
    let written = serde_json::to_string(item).unwrap();
    assert!(written.contains(r#""price":100.00000001"#), "{written}");
    assert!(
        written.contains(r#""paidPrice":12345678901234.12345678"#),
        "{written}"
    );
    assert!(
        written.contains(r#""refundablePrice":99.99999999"#),
        "{written}"
    );
    let back: ReportingPaymentTransaction = serde_json::from_str(&written).unwrap();
    assert_eq!(&back, item);
}

#[tokio::test]
async fn query_decimals_keep_every_digit() {
    let (server, client) = setup().await;
    let route = "/payment-reporting/v1/refund-transactions";
    answer(&server, "GET", route, json(200, r#"{"data":{"items":[]}}"#)).await;
    client
        .search_payment_transaction_refunds()
        .min_refund_price(dec!(100.00000001))
        .max_refund_price(dec!(12345678901234.12345678))
        .send()
        .payload()
        .await
        .unwrap();
    assert_sent(
        &server,
        &only_request(&server).await,
        "GET",
        route,
        Some("maxRefundPrice=12345678901234.12345678&minRefundPrice=100.00000001"),
        b"",
    );
}
