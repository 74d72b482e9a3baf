//! Private operations: PaymentPrivateAPI host, private key pair
//! (docs/providers/paywall.md#single-payments).

mod common;

use common::{Hosts, assert_get, assert_post, date};
use paywall_client::KeyPair;
use paywall_client::types::{
    CancelByUniqueCodeRequest, CancelRequest, MarketPlaceDecrease, MarketPlacePartialRefund,
    MarketPlaceRevert, PartialRefundByPaymentIdRequest, PartialRefundByUniqueCodeRequest,
    PartialRefundRequest, PaymentRecord, RefundRequest, RevertByPaymentIdRequest,
};
use paywall_client::wire::{Channel, Currency, PaymentStatus};
use paywall_client::{Acknowledgement, CallExt, PaywallError, Refusal};
use rust_decimal_macros::dec;

/// A full `Body.Paywall` record with every field of the .NET SDK's QueryResult and the
/// docs' UniqueCode/MerchantUniqueCode/TrackingCode (docs/providers/paywall.md#payment-record).
fn record_json(payment_id: i64) -> String {
    format!(
        r#"{{
        "PaymentId": {payment_id}, "ActivityId": 5012, "UniqueCode": "6f1c5a4e-7c39-4a8e-9a53-1b2f0c9d8e7a",
        "MerchantUniqueCode": "order-1001", "TrackingCode": "track-7",
        "PaymentGatewayId": 12, "PaymentGatewayName": "Test POS", "PaymentGatewayProviderName": "Garanti",
        "AnySuccessPayment": true, "AnySuccessRefund": false, "AnySuccessPartialRefund": true, "AnySuccessCancel": false,
        "Status": true, "StatusName": "Başarılı", "StatusId": 4, "TypeName": "Satış", "TypeId": 1,
        "Installment": 3, "CurrencyId": 1, "CurrencyName": "TRY", "PaymentMethodId": 1, "PaymentMethodName": "Kart",
        "PaymentChannelId": 1, "PaymentChannelName": "Web", "PaymentTagId": 0, "PaymentTagName": null,
        "CardNumber": "454671******7894", "CardOwnerName": "Ada Lovelace", "CardBankName": "Garanti",
        "CardBrandName": "Bonus", "CardTypeName": "Credit", "CardFamilyName": "Bonus",
        "LastActivityDateTime": "2024-12-12T10:15:30.123", "PaymentAmount": 1.59, "ActivityAmount": 0.59,
        "IP": "203.0.113.7", "AppliedInterest": true, "InterestRate": 2.99, "CommissionRate": 1.75,
        "OriginalAmount": 1.50, "InterestAmount": 0.09, "CommissionAmount": 12345678901234.12345678
    }}"#
    )
}

fn query_answer(payment_id: i64) -> String {
    format!(
        r#"{{"ErrorCode": 0, "Result": true, "Message": "", "Body": {{"Paywall": {}}}}}"#,
        record_json(payment_id)
    )
}

fn assert_record(r: &PaymentRecord, payment_id: i64) {
    assert_eq!(r.payment_id, Some(payment_id));
    assert_eq!(r.activity_id, Some(5012));
    assert_eq!(
        r.unique_code.as_deref(),
        Some("6f1c5a4e-7c39-4a8e-9a53-1b2f0c9d8e7a")
    );
    assert_eq!(r.merchant_unique_code.as_deref(), Some("order-1001"));
    assert_eq!(r.tracking_code.as_deref(), Some("track-7"));
    assert_eq!(r.payment_gateway_provider_name.as_deref(), Some("Garanti"));
    assert_eq!(r.any_success_partial_refund, Some(true));
    assert_eq!(r.status, Some(true));
    assert_eq!(r.status_id, Some(PaymentStatus::Successful));
    assert_eq!(r.status_name.as_deref(), Some("Başarılı"));
    assert_eq!(r.type_id, Some(1));
    assert_eq!(r.installment, Some(3));
    assert_eq!(r.currency_id, Some(Currency::Try));
    assert_eq!(r.payment_channel_id, Some(Channel::Web));
    assert_eq!(r.payment_tag_name, None);
    assert_eq!(r.card_number.as_deref(), Some("454671******7894"));
    assert_eq!(
        r.last_activity_date_time.as_deref(),
        Some("2024-12-12T10:15:30.123")
    );
    assert_eq!(r.payment_amount, Some(dec!(1.59)));
    assert_eq!(r.activity_amount, Some(dec!(0.59)));
    assert_eq!(r.original_amount.unwrap().to_string(), "1.50");
    assert_eq!(r.interest_rate, Some(dec!(2.99)));
    assert_eq!(
        r.commission_amount.unwrap().to_string(),
        "12345678901234.12345678"
    );
    assert_eq!(r.ip.as_deref(), Some("203.0.113.7"));
}

#[tokio::test]
async fn private_query_by_merchant_unique_code() {
    let route = "/api/paywall/private/query";
    let hosts = Hosts::start().await;
    hosts
        .expect_json("GET", route, KeyPair::Private, &query_answer(2094937))
        .await;

    let record = hosts
        .client()
        .private_query()
        .merchantuniquecode("order-1001")
        .send()
        .payload()
        .await
        .unwrap();

    assert_get(
        &hosts.sent(KeyPair::Private).await,
        route,
        &[("merchantuniquecode", "order-1001")],
    );
    assert_record(&record, 2094937);
}

#[tokio::test]
async fn private_query_by_unique_code() {
    let route = "/api/paywall/private/query/by/uniquecode";
    let hosts = Hosts::start().await;
    hosts
        .expect_json("GET", route, KeyPair::Private, &query_answer(2094938))
        .await;

    let record = hosts
        .client()
        .private_query_by_unique_code()
        .uniquecode("6f1c5a4e-7c39-4a8e-9a53-1b2f0c9d8e7a")
        .send()
        .payload()
        .await
        .unwrap();

    assert_get(
        &hosts.sent(KeyPair::Private).await,
        route,
        &[("uniquecode", "6f1c5a4e-7c39-4a8e-9a53-1b2f0c9d8e7a")],
    );
    assert_record(&record, 2094938);
}

#[tokio::test]
async fn private_query_by_payment_id() {
    let route = "/api/paywall/private/query/by/paymentid";
    let hosts = Hosts::start().await;
    hosts
        .expect_json("GET", route, KeyPair::Private, &query_answer(2094939))
        .await;

    let record = hosts
        .client()
        .private_query_by_payment_id()
        .paymentid(2094939)
        .send()
        .payload()
        .await
        .unwrap();

    assert_get(
        &hosts.sent(KeyPair::Private).await,
        route,
        &[("paymentid", "2094939")],
    );
    assert_record(&record, 2094939);
}

#[tokio::test]
async fn private_query_unknown_status_and_extra_fields_do_not_fail() {
    let route = "/api/paywall/private/query/by/paymentid";
    let hosts = Hosts::start().await;
    let answer = r#"{"ErrorCode": 0, "Result": true, "Message": "", "NewTopLevel": [1, 2.5],
        "Body": {"Paywall": {"PaymentId": 1, "StatusId": 8, "CurrencyId": 99, "PaymentChannelId": 7,
                             "PaymentAmount": 12345678901234.12345678, "Fraud": {"Score": 0.75}},
                 "Provider": {"Raw": "x"}}}"#;
    hosts
        .expect_json("GET", route, KeyPair::Private, answer)
        .await;

    let record = hosts
        .client()
        .private_query_by_payment_id()
        .paymentid(1)
        .send()
        .payload()
        .await
        .unwrap();

    assert_eq!(record.status_id, Some(PaymentStatus::Unknown("8".into())));
    assert_eq!(record.currency_id, Some(Currency::Unknown("99".into())));
    assert_eq!(
        record.payment_channel_id,
        Some(Channel::Unknown("7".into()))
    );
    assert_eq!(
        record.payment_amount.unwrap().to_string(),
        "12345678901234.12345678"
    );
}

#[tokio::test]
async fn private_query_without_body_is_a_typed_error() {
    let route = "/api/paywall/private/query";
    let hosts = Hosts::start().await;
    hosts
        .expect_json(
            "GET",
            route,
            KeyPair::Private,
            r#"{"ErrorCode": 0, "Result": true, "Message": "", "Body": null}"#,
        )
        .await;

    let err = hosts
        .client()
        .private_query()
        .merchantuniquecode("x")
        .send()
        .payload()
        .await
        .unwrap_err();

    assert!(
        matches!(
            err,
            PaywallError::NoContent {
                expected: "Body.Paywall"
            }
        ),
        "{err}"
    );
}

#[tokio::test]
async fn private_query_not_found_is_a_typed_error() {
    let route = "/api/paywall/private/query";
    let hosts = Hosts::start().await;
    hosts
        .expect_json(
            "GET",
            route,
            KeyPair::Private,
            r#"{"ErrorCode": -1, "Result": false, "Message": "Ödeme bulunamadı", "Body": null}"#,
        )
        .await;

    let err = hosts
        .client()
        .private_query()
        .merchantuniquecode("nope")
        .send()
        .payload()
        .await
        .unwrap_err();

    let api = err.api().expect("an Api error");
    assert_eq!((api.status.as_u16(), api.error_code), (200, Some(-1)));
    assert_eq!(api.message.as_deref(), Some("Ödeme bulunamadı"));
    assert_eq!(err.api().and_then(|api| api.error_code), Some(-1));
}

#[tokio::test]
async fn private_query_by_tracking_code_sends_both_headers_and_reads_records() {
    let route = "/api/paywall/private/query/by/trackingcode";
    let hosts = Hosts::start().await;
    let answer = format!(
        r#"{{"ErrorCode": 0, "Result": true, "Message": "", "Body": [{{"Paywall": {}}}, {{"Paywall": {}}}]}}"#,
        record_json(1),
        record_json(2)
    );
    hosts
        .expect_json("GET", route, KeyPair::Private, &answer)
        .await;

    let records = hosts
        .client()
        .private_query_by_tracking_code()
        .trackingcode("track-7")
        .merchantuniquecode("order-1001")
        .send()
        .payload()
        .await
        .unwrap();

    assert_get(
        &hosts.sent(KeyPair::Private).await,
        route,
        &[
            ("trackingcode", "track-7"),
            ("merchantuniquecode", "order-1001"),
        ],
    );
    assert_eq!(records.len(), 2);
    assert_record(&records[0], 1);
    assert_record(&records[1], 2);
}

#[tokio::test]
async fn private_query_by_tracking_code_leaves_out_an_unset_merchant_code() {
    let route = "/api/paywall/private/query/by/trackingcode";
    let hosts = Hosts::start().await;
    hosts
        .expect_json("GET", route, KeyPair::Private, &query_answer(3))
        .await;

    let records = hosts
        .client()
        .private_query_by_tracking_code()
        .trackingcode("track-7")
        .send()
        .payload()
        .await
        .unwrap();

    let sent = hosts.sent(KeyPair::Private).await;
    assert_get(&sent, route, &[("trackingcode", "track-7")]);
    assert!(sent.headers.get("merchantuniquecode").is_none());
    assert_eq!(records.len(), 1);
    assert_record(&records[0], 3);
}

/// The documented cancel answer (docs/providers/paywall.md#cancels).
const ACK: &str = r#"{"ErrorCode":0,"Result":true,"Message":"Success","Body":null}"#;

fn success() -> Acknowledgement {
    Acknowledgement {
        message: Some("Success".into()),
        body: None,
    }
}

#[tokio::test]
async fn private_cancel_posts_the_documented_body() {
    let route = "/api/paywall/private/cancel";
    let hosts = Hosts::start().await;
    hosts
        .expect_json("POST", route, KeyPair::Private, ACK)
        .await;

    let ack = hosts
        .client()
        .private_cancel()
        .body(CancelRequest {
            date: date(2023, 1, 23),
            merchant_unique_code: "12222a2222a".into(),
            market_place: None,
        })
        .send()
        .payload()
        .await
        .unwrap();

    assert_post(
        &hosts.sent(KeyPair::Private).await,
        route,
        r#"{"Date":"2023-01-23","MerchantUniqueCode":"12222a2222a"}"#,
    );
    assert_eq!(ack, success());
}

#[tokio::test]
async fn private_cancel_by_unique_code_posts_the_documented_body() {
    let route = "/api/paywall/private/cancel/by/uniqueCode";
    let hosts = Hosts::start().await;
    hosts
        .expect_json("POST", route, KeyPair::Private, ACK)
        .await;

    let ack = hosts
        .client()
        .private_cancel_by_unique_code()
        .body(CancelByUniqueCodeRequest {
            date: date(2023, 1, 23),
            unique_code: "0000-0000-0000-0000-0000".into(),
            market_place: Some(MarketPlaceRevert {
                delete_existing_records: Some(false),
            }),
        })
        .send()
        .payload()
        .await
        .unwrap();

    assert_post(
        &hosts.sent(KeyPair::Private).await,
        route,
        r#"{"Date":"2023-01-23","MarketPlace":{"DeleteExistingRecords":false},"UniqueCode":"0000-0000-0000-0000-0000"}"#,
    );
    assert_eq!(ack, success());
}

#[tokio::test]
async fn private_refund_posts_date_and_merchant_code() {
    let route = "/api/paywall/private/refund";
    let hosts = Hosts::start().await;
    hosts
        .expect_json("POST", route, KeyPair::Private, ACK)
        .await;

    let ack = hosts
        .client()
        .private_refund()
        .body(RefundRequest {
            date: date(2024, 6, 13),
            merchant_unique_code: "order-1001".into(),
        })
        .send()
        .payload()
        .await
        .unwrap();

    assert_post(
        &hosts.sent(KeyPair::Private).await,
        route,
        r#"{"Date":"2024-06-13","MerchantUniqueCode":"order-1001"}"#,
    );
    assert_eq!(ack, success());
}

#[tokio::test]
async fn private_refund_partial_sends_the_exact_amount() {
    let route = "/api/paywall/private/refund/partial";
    let hosts = Hosts::start().await;
    hosts
        .expect_json("POST", route, KeyPair::Private, ACK)
        .await;

    hosts
        .client()
        .private_refund_partial()
        .body(PartialRefundRequest {
            date: date(2024, 6, 13),
            merchant_unique_code: "order-1001".into(),
            amount: dec!(12345678901234.12345678),
        })
        .send()
        .payload()
        .await
        .unwrap();

    assert_post(
        &hosts.sent(KeyPair::Private).await,
        route,
        r#"{"Amount":12345678901234.12345678,"Date":"2024-06-13","MerchantUniqueCode":"order-1001"}"#,
    );
}

#[tokio::test]
async fn private_refund_partial_by_payment_id_sends_marketplace_options() {
    let route = "/api/paywall/private/refund/partial/by/paymentid";
    let hosts = Hosts::start().await;
    hosts
        .expect_json("POST", route, KeyPair::Private, ACK)
        .await;

    hosts
        .client()
        .private_refund_partial_by_payment_id()
        .body(PartialRefundByPaymentIdRequest {
            date: Some(date(2024, 6, 13)),
            payment_id: 2094937,
            amount: dec!(0.59),
            market_place: Some(MarketPlacePartialRefund {
                provider_commission_update: Some(true),
                skip_balance_check: None,
                platform: Some(MarketPlaceDecrease {
                    decrease: Some(true),
                    decrease_amount: Some(dec!(0.10)),
                }),
                member: None,
            }),
        })
        .send()
        .payload()
        .await
        .unwrap();

    assert_post(
        &hosts.sent(KeyPair::Private).await,
        route,
        r#"{"Amount":0.59,"Date":"2024-06-13","MarketPlace":{"Platform":{"Decrease":true,"DecreaseAmount":0.10},"ProviderCommissionUpdate":true},"PaymentId":2094937}"#,
    );
}

#[tokio::test]
async fn private_refund_partial_by_payment_id_may_leave_out_the_date() {
    let route = "/api/paywall/private/refund/partial/by/paymentid";
    let hosts = Hosts::start().await;
    hosts
        .expect_json("POST", route, KeyPair::Private, ACK)
        .await;

    hosts
        .client()
        .private_refund_partial_by_payment_id()
        .body(PartialRefundByPaymentIdRequest {
            date: None,
            payment_id: 7,
            amount: dec!(1.59),
            market_place: None,
        })
        .send()
        .payload()
        .await
        .unwrap();

    assert_post(
        &hosts.sent(KeyPair::Private).await,
        route,
        r#"{"Amount":1.59,"PaymentId":7}"#,
    );
}

#[tokio::test]
async fn private_refund_partial_by_unique_code() {
    let route = "/api/paywall/private/refund/partial/by/uniquecode";
    let hosts = Hosts::start().await;
    hosts
        .expect_json("POST", route, KeyPair::Private, ACK)
        .await;

    let ack = hosts
        .client()
        .private_refund_partial_by_unique_code()
        .body(PartialRefundByUniqueCodeRequest {
            date: date(2024, 6, 13),
            unique_code: "6f1c5a4e-7c39-4a8e-9a53-1b2f0c9d8e7a".into(),
            amount: dec!(1.00),
            market_place: None,
        })
        .send()
        .payload()
        .await
        .unwrap();

    assert_post(
        &hosts.sent(KeyPair::Private).await,
        route,
        r#"{"Amount":1.00,"Date":"2024-06-13","UniqueCode":"6f1c5a4e-7c39-4a8e-9a53-1b2f0c9d8e7a"}"#,
    );
    assert_eq!(ack, success());
}

#[tokio::test]
async fn private_revert_by_payment_id_full_amount() {
    let route = "/api/paywall/private/revert/by/paymentid";
    let hosts = Hosts::start().await;
    hosts
        .expect_json("POST", route, KeyPair::Private, ACK)
        .await;

    let ack = hosts
        .client()
        .private_revert_by_payment_id()
        .body(RevertByPaymentIdRequest {
            payment_id: 2094937,
            amount: dec!(0),
            market_place: Some(MarketPlaceRevert {
                delete_existing_records: Some(true),
            }),
        })
        .send()
        .payload()
        .await
        .unwrap();

    assert_post(
        &hosts.sent(KeyPair::Private).await,
        route,
        r#"{"Amount":0,"MarketPlace":{"DeleteExistingRecords":true},"PaymentId":2094937}"#,
    );
    assert_eq!(ack, success());
}

#[tokio::test]
async fn private_refund_refused_on_http_200_is_a_typed_error() {
    let route = "/api/paywall/private/refund";
    let hosts = Hosts::start().await;
    hosts
        .expect_json(
            "POST",
            route,
            KeyPair::Private,
            r#"{"ErrorCode": 7, "Result": false, "Message": "Payment already completed", "Body": null}"#,
        )
        .await;

    let err = hosts
        .client()
        .private_refund()
        .body(RefundRequest {
            date: date(2024, 6, 13),
            merchant_unique_code: "order-1001".into(),
        })
        .send()
        .payload()
        .await
        .unwrap_err();

    let api = err.api().expect("an Api error");
    assert_eq!((api.status.as_u16(), api.error_code), (200, Some(7)));
    assert_eq!(
        err.to_string(),
        "Paywall refused the request (HTTP 200, ErrorCode 7): Payment already completed"
    );
}

#[tokio::test]
async fn private_cancel_with_an_empty_success_body_is_not_an_error() {
    let route = "/api/paywall/private/cancel";
    let hosts = Hosts::start().await;
    hosts
        .expect(
            "POST",
            route,
            KeyPair::Private,
            wiremock::ResponseTemplate::new(200),
        )
        .await;

    let ack = hosts
        .client()
        .private_cancel()
        .body(CancelRequest {
            date: date(2023, 1, 23),
            merchant_unique_code: "12222a2222a".into(),
            market_place: None,
        })
        .send()
        .payload()
        .await
        .unwrap();

    assert_eq!(ack, Acknowledgement::default());
}

#[tokio::test]
async fn private_operations_without_private_keys_send_nothing() {
    let hosts = Hosts::start().await;
    hosts.forbid_requests().await;
    let client = hosts.client_with(true, false);

    let err = client
        .private_query_by_payment_id()
        .paymentid(1)
        .send()
        .payload()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, PaywallError::Refused(Refusal::MissingKeys { pair: KeyPair::Private, operation }) if *operation == "private_query_by_payment_id"),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        "no Paywall private (apikeyprivate + apiclientprivate) key pair is configured; `private_query_by_payment_id` needs it"
    );

    let err = client
        .private_refund_partial()
        .body(PartialRefundRequest {
            date: date(2024, 6, 13),
            merchant_unique_code: "order-1001".into(),
            amount: dec!(1),
        })
        .send()
        .payload()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            PaywallError::Refused(Refusal::MissingKeys {
                pair: KeyPair::Private,
                ..
            })
        ),
        "{err}"
    );

    // The raw generated call reports the same refusal, also without sending.
    let raw = client
        .private_query()
        .merchantuniquecode("x")
        .send()
        .await
        .unwrap_err();
    assert!(
        raw.to_string().contains("missing Paywall private key pair"),
        "{raw}"
    );
}
