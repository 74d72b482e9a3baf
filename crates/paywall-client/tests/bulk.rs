//! Bulk (batch) operations: PaymentAPI host, public key pair (docs/providers/paywall.md#bulk-query,
//! docs/providers/paywall.md#bulk-operations).

mod common;

use std::num::NonZeroU32;

use common::{Hosts, assert_get, assert_post, date};
use paywall_client::KeyPair;
use paywall_client::types::{
    BulkBatchRequest, BulkCancelListRequest, BulkListItem, BulkRefundListRequest,
};
use paywall_client::wire::{PaymentScope, PaymentStatus};
use paywall_client::{CallExt, PaywallError, Refusal};
use rust_decimal_macros::dec;

const QUERY: &str = "/api/paywall/payment/bulk/payment/query";
const SUMMARY: &str = "/api/paywall/payment/bulk/payment/query/summary";

/// The response example of seed 001 ("2. Ödeme Sorgula"), verbatim.
const SEED_001_EXAMPLE: &str = r#"{
    "Result": true,
    "TotalPaymentCount": 6,
    "Payments": [
        {
            "MerchantUniqueCode": "a4d6a8f3-ae0b-4a7a-a891-fef072057774",
            "PaymentId": 2094937,
            "Amount": 1.59,
            "Status": 4,
            "Scope": 3,
            "ErrorMessage": null
        },
        {
            "MerchantUniqueCode": "7ce4076f-34a3-473b-9755-33db643ee7da",
            "PaymentId": 2094938,
            "Amount": 1.59,
            "Status": 4,
            "Scope": 3,
            "ErrorMessage": null
        },
        {
            "MerchantUniqueCode": "bf48c65f-a452-4425-bc3a-cd018c7fadc7",
            "PaymentId": 2094939,
            "Amount": 1.59,
            "Status": 4,
            "Scope": 3,
            "ErrorMessage": null
        },
        {
            "MerchantUniqueCode": "80375fee-7bdd-4d46-8ad9-a66f68692443",
            "PaymentId": 2094940,
            "Amount": 1.59,
            "Status": 4,
            "Scope": 3,
            "ErrorMessage": null
        },
        {
            "MerchantUniqueCode": "7e608239-bf32-44f4-8ff8-e684583a9f51",
            "PaymentId": 2094941,
            "Amount": 1.59,
            "Status": 4,
            "Scope": 3,
            "ErrorMessage": null
        },
        {
            "MerchantUniqueCode": "c99880ff-4035-4eb9-a6fa-6f6756636c4b",
            "PaymentId": 2094942,
            "Amount": 1.59,
            "Status": 4,
            "Scope": 3,
            "ErrorMessage": null
        }
    ]
}"#;

fn page_size(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).expect("non-zero")
}

#[tokio::test]
async fn bulk_query_sends_headers_and_reads_the_seed_example_exactly() {
    let hosts = Hosts::start().await;
    hosts
        .expect_json("GET", QUERY, KeyPair::Public, SEED_001_EXAMPLE)
        .await;

    let page = hosts
        .client()
        .bulk_payment_query()
        .merchantuniquecode("8279c96e-2775-4ecf-b594-3cb8fb265f88")
        .page_size(page_size(1000))
        .page_number(2)
        .send()
        .payload()
        .await
        .unwrap();

    let sent = hosts.sent(KeyPair::Public).await;
    assert_get(
        &sent,
        QUERY,
        &[
            ("merchantuniquecode", "8279c96e-2775-4ecf-b594-3cb8fb265f88"),
            ("pageSize", "1000"),
            ("pageNumber", "2"),
        ],
    );

    assert_eq!(page.result, Some(true));
    assert_eq!(page.total_payment_count, Some(6));
    assert_eq!(page.total_pages, None);
    let codes = [
        ("a4d6a8f3-ae0b-4a7a-a891-fef072057774", 2094937),
        ("7ce4076f-34a3-473b-9755-33db643ee7da", 2094938),
        ("bf48c65f-a452-4425-bc3a-cd018c7fadc7", 2094939),
        ("80375fee-7bdd-4d46-8ad9-a66f68692443", 2094940),
        ("7e608239-bf32-44f4-8ff8-e684583a9f51", 2094941),
        ("c99880ff-4035-4eb9-a6fa-6f6756636c4b", 2094942),
    ];
    assert_eq!(page.payments.len(), codes.len());
    for (payment, (code, id)) in page.payments.iter().zip(codes) {
        assert_eq!(payment.merchant_unique_code.as_deref(), Some(code));
        assert_eq!(payment.payment_id, Some(id));
        assert_eq!(payment.amount, Some(dec!(1.59)));
        assert_eq!(payment.amount.unwrap().to_string(), "1.59");
        assert_eq!(payment.status, Some(PaymentStatus::Successful));
        assert_eq!(payment.scope, Some(PaymentScope::Refund));
        assert_eq!(payment.error_message, None);
    }
}

#[tokio::test]
async fn bulk_query_reads_the_paged_fields_and_the_enveloped_form() {
    let hosts = Hosts::start().await;
    let body = r#"{"ErrorCode": 0, "Result": true, "Message": "", "Body": {
        "Result": true,
        "TotalPaymentCount": 3, "TotalPaymentAmount": 12345678901234.12345678,
        "TotalSuccessPaymentCount": 1, "TotalSuccessPaymentAmount": 1.59,
        "TotalUnsuccessfulPaymentCount": 1, "TotalUnsuccessfulPaymentAmount": 0.10,
        "TotalUnprocessedPaymentCount": 1, "TotalUnprocessedPaymentAmount": 12345678901232.43345678,
        "PageNumber": 1, "PageSize": 2, "TotalPages": 2,
        "Payments": [
            {"MerchantUniqueCode": "m1", "PaymentId": 1, "Amount": 1.59, "Status": 4, "Scope": 1, "ErrorMessage": null},
            {"MerchantUniqueCode": "m2", "PaymentId": 2, "Amount": 0.10, "Status": 5, "Scope": 1, "ErrorMessage": "Yetersiz bakiye"}
        ]}}"#;
    hosts.expect_json("GET", QUERY, KeyPair::Public, body).await;

    let page = hosts
        .client()
        .bulk_payment_query()
        .merchantuniquecode("batch-1")
        .page_size(page_size(2))
        .page_number(1)
        .send()
        .payload()
        .await
        .unwrap();

    assert_eq!(
        page.total_payment_amount.unwrap().to_string(),
        "12345678901234.12345678"
    );
    assert_eq!(
        page.total_unprocessed_payment_amount.unwrap().to_string(),
        "12345678901232.43345678"
    );
    assert_eq!(
        page.total_unsuccessful_payment_amount.unwrap().to_string(),
        "0.10"
    );
    assert_eq!(
        (page.page_number, page.page_size, page.total_pages),
        (Some(1), Some(2), Some(2))
    );
    assert_eq!(page.payments[1].status, Some(PaymentStatus::Failed));
    assert_eq!(page.payments[1].scope, Some(PaymentScope::Sale));
    assert_eq!(
        page.payments[1].error_message.as_deref(),
        Some("Yetersiz bakiye")
    );
}

#[tokio::test]
async fn bulk_query_unknown_status_and_extra_fields_do_not_fail() {
    let hosts = Hosts::start().await;
    let body = r#"{"Result": true, "TotalPaymentCount": 1, "BrandNewTotal": 5,
        "Payments": [{"MerchantUniqueCode": "m1", "PaymentId": 1, "Amount": 12345678901234.12345678,
                      "Status": 9, "Scope": 11, "ErrorMessage": null, "Provider": {"Name": "x", "Fee": 0.01}}]}"#;
    hosts.expect_json("GET", QUERY, KeyPair::Public, body).await;

    let page = hosts
        .client()
        .bulk_payment_query()
        .merchantuniquecode("batch-1")
        .page_size(page_size(10))
        .page_number(1)
        .send()
        .payload()
        .await
        .unwrap();

    let payment = &page.payments[0];
    assert_eq!(payment.status, Some(PaymentStatus::Unknown("9".into())));
    assert_eq!(payment.scope, Some(PaymentScope::Unknown("11".into())));
    assert_eq!(payment.amount, Some(dec!(12345678901234.12345678)));
    assert_eq!(
        payment.amount.unwrap().to_string(),
        "12345678901234.12345678"
    );
}

#[tokio::test]
async fn bulk_query_result_false_is_a_typed_error() {
    let hosts = Hosts::start().await;
    hosts
        .expect_json(
            "GET",
            QUERY,
            KeyPair::Public,
            r#"{"Result": false, "TotalPaymentCount": 0, "Payments": []}"#,
        )
        .await;

    let err = hosts
        .client()
        .bulk_payment_query()
        .merchantuniquecode("unknown-batch")
        .page_size(page_size(10))
        .page_number(1)
        .send()
        .payload()
        .await
        .unwrap_err();

    let api = err.api().expect("an Api error");
    assert_eq!(api.status, 200);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
}

#[tokio::test]
async fn bulk_summary_sends_the_header_and_reads_both_shapes() {
    let bare = r#"{"Result": true, "TotalPaymentCount": 6, "TotalPaymentAmount": 9.54,
        "TotalSuccessPaymentCount": 6, "TotalSuccessPaymentAmount": 9.54,
        "TotalUnsuccessfulPaymentCount": 0, "TotalUnsuccessfulPaymentAmount": 0,
        "TotalUnprocessedPaymentCount": 0, "TotalUnprocessedPaymentAmount": 0.00}"#;
    let wrapped = format!(r#"{{"ErrorCode": 0, "Result": true, "Message": "", "Body": {bare}}}"#);
    for body in [bare.to_string(), wrapped] {
        let hosts = Hosts::start().await;
        hosts
            .expect_json("GET", SUMMARY, KeyPair::Public, &body)
            .await;

        let summary = hosts
            .client()
            .bulk_payment_query_summary()
            .merchantuniquecode("batch-1")
            .send()
            .payload()
            .await
            .unwrap();

        let sent = hosts.sent(KeyPair::Public).await;
        assert_get(&sent, SUMMARY, &[("merchantuniquecode", "batch-1")]);
        assert_eq!(summary.result, Some(true));
        assert_eq!(summary.total_payment_count, Some(6));
        assert_eq!(summary.total_payment_amount.unwrap().to_string(), "9.54");
        assert_eq!(summary.total_success_payment_amount, Some(dec!(9.54)));
        assert_eq!(
            summary
                .total_unprocessed_payment_amount
                .unwrap()
                .to_string(),
            "0.00"
        );
    }
}

#[tokio::test]
async fn bulk_summary_enveloped_failure_is_a_typed_error() {
    let hosts = Hosts::start().await;
    let body = r#"{"ErrorCodeType": 1, "ErrorMessage": "Bulk payment not found", "ErrorCode": -1, "Result": false, "Message": "İşlem bulunamadı", "Body": null}"#;
    hosts
        .expect_json("GET", SUMMARY, KeyPair::Public, body)
        .await;

    let err = hosts
        .client()
        .bulk_payment_query_summary()
        .merchantuniquecode("nope")
        .send()
        .payload()
        .await
        .unwrap_err();

    let api = err.api().expect("an Api error");
    assert_eq!(api.error_code, Some(-1));
    assert_eq!(api.error_code_type, Some(1));
    assert_eq!(api.message.as_deref(), Some("İşlem bulunamadı"));
    assert_eq!(api.error_message.as_deref(), Some("Bulk payment not found"));
    assert_eq!(
        err.to_string(),
        "Paywall refused the request (HTTP 200, ErrorCode -1, ErrorCodeType 1): İşlem bulunamadı; Bulk payment not found"
    );
}

/// The documented answer of the whole-batch cancel (docs/providers/paywall.md#bulk-cancel).
const CANCEL_EXAMPLE: &str = r#"{"ErrorCodeType":1,"ErrorMessage":null,"ErrorCode":0,"Result":true,"Message":"Bulk payment created and enqueued","Body":{"Result":true,"BulkPaymentId":389,"TotalPaymentCount":6}}"#;
/// The documented answer of the whole-batch refund and of the retry
/// (docs/providers/paywall.md#bulk-refund, docs/providers/paywall.md#bulk-retry).
const REFUND_EXAMPLE: &str = r#"{"ErrorCodeType":1,"ErrorMessage":null,"ErrorCode":0,"Result":true,"Message":"Bulk payment created and enqueued","Body":{"Result":true,"BulkPaymentId":391,"TotalPaymentCount":6}}"#;

fn batch() -> BulkBatchRequest {
    BulkBatchRequest {
        date: date(2024, 12, 12),
        merchant_unique_code: "8279c96e-2775-4ecf-b594-3cb8fb265f88".into(),
    }
}

const BATCH_BODY: &str =
    r#"{"Date":"2024-12-12","MerchantUniqueCode":"8279c96e-2775-4ecf-b594-3cb8fb265f88"}"#;

#[tokio::test]
async fn bulk_payment_cancel_posts_the_batch_and_reads_the_documented_answer() {
    let route = "/api/paywall/payment/bulk/payment/cancel";
    let hosts = Hosts::start().await;
    hosts
        .expect_json("POST", route, KeyPair::Public, CANCEL_EXAMPLE)
        .await;

    let result = hosts
        .client()
        .bulk_payment_cancel()
        .body(batch())
        .send()
        .payload()
        .await
        .unwrap();

    assert_post(&hosts.sent(KeyPair::Public).await, route, BATCH_BODY);
    assert_eq!(result.result, Some(true));
    assert_eq!(result.bulk_payment_id, Some(389));
    assert_eq!(result.total_payment_count, Some(6));
}

#[tokio::test]
async fn bulk_payment_refund_posts_the_batch_and_reads_the_documented_answer() {
    let route = "/api/paywall/payment/bulk/payment/refund";
    let hosts = Hosts::start().await;
    hosts
        .expect_json("POST", route, KeyPair::Public, REFUND_EXAMPLE)
        .await;

    let result = hosts
        .client()
        .bulk_payment_refund()
        .body(batch())
        .send()
        .payload()
        .await
        .unwrap();

    assert_post(&hosts.sent(KeyPair::Public).await, route, BATCH_BODY);
    assert_eq!(result.bulk_payment_id, Some(391));
}

#[tokio::test]
async fn bulk_payment_retry_posts_the_batch_and_reads_the_documented_answer() {
    let route = "/api/paywall/payment/bulk/payment/retry";
    let hosts = Hosts::start().await;
    hosts
        .expect_json("POST", route, KeyPair::Public, REFUND_EXAMPLE)
        .await;

    let result = hosts
        .client()
        .bulk_payment_retry()
        .body(batch())
        .send()
        .payload()
        .await
        .unwrap();

    assert_post(&hosts.sent(KeyPair::Public).await, route, BATCH_BODY);
    assert_eq!(result.result, Some(true));
    assert_eq!(result.bulk_payment_id, Some(391));
}

#[tokio::test]
async fn bulk_send_callback_posts_the_batch_and_reads_the_documented_answer() {
    let route = "/api/paywall/payment/bulk/payment/send/callback";
    let hosts = Hosts::start().await;
    let answer = r#"{"ErrorCodeType":1,"ErrorMessage":null,"ErrorCode":0,"Result":true,"Message":"","Body":{"Message":"Bulk payment file callback has been scheduled","BulkPaymentId":4034}}"#;
    hosts
        .expect_json("POST", route, KeyPair::Public, answer)
        .await;

    let result = hosts
        .client()
        .bulk_payment_send_callback()
        .body(batch())
        .send()
        .payload()
        .await
        .unwrap();

    assert_post(&hosts.sent(KeyPair::Public).await, route, BATCH_BODY);
    assert_eq!(result.bulk_payment_id, Some(4034));
    assert_eq!(
        result.message.as_deref(),
        Some("Bulk payment file callback has been scheduled")
    );
}

fn list() -> Vec<BulkListItem> {
    ["PWL-010101010101", "PWL-010101010102"]
        .into_iter()
        .map(|code| BulkListItem {
            merchant_unique_code: code.into(),
            date: date(2025, 1, 1),
        })
        .collect()
}

#[tokio::test]
async fn bulk_list_cancel_posts_payments_and_callback_url() {
    let route = "/api/paywall/payment/bulk/batch/cancel";
    let hosts = Hosts::start().await;
    hosts
        .expect_json("POST", route, KeyPair::Public, CANCEL_EXAMPLE)
        .await;

    let result = hosts
        .client()
        .bulk_list_cancel()
        .body(BulkCancelListRequest {
            payments: list(),
            callback_url: "https://merchant.example/paywall/bulk".into(),
        })
        .send()
        .payload()
        .await
        .unwrap();

    assert_post(
        &hosts.sent(KeyPair::Public).await,
        route,
        r#"{"CallbackUrl":"https://merchant.example/paywall/bulk","Payments":[{"Date":"2025-01-01","MerchantUniqueCode":"PWL-010101010101"},{"Date":"2025-01-01","MerchantUniqueCode":"PWL-010101010102"}]}"#,
    );
    assert_eq!(result.bulk_payment_id, Some(389));
}

#[tokio::test]
async fn bulk_list_refund_posts_payments_without_an_unset_callback_url() {
    let route = "/api/paywall/payment/bulk/batch/refund";
    let hosts = Hosts::start().await;
    hosts
        .expect_json("POST", route, KeyPair::Public, REFUND_EXAMPLE)
        .await;

    let result = hosts
        .client()
        .bulk_list_refund()
        .body(BulkRefundListRequest {
            payments: list(),
            callback_url: None,
        })
        .send()
        .payload()
        .await
        .unwrap();

    assert_post(
        &hosts.sent(KeyPair::Public).await,
        route,
        r#"{"Payments":[{"Date":"2025-01-01","MerchantUniqueCode":"PWL-010101010101"},{"Date":"2025-01-01","MerchantUniqueCode":"PWL-010101010102"}]}"#,
    );
    assert_eq!(result.bulk_payment_id, Some(391));
}

#[tokio::test]
async fn bulk_action_not_queued_is_a_typed_error() {
    let route = "/api/paywall/payment/bulk/payment/cancel";
    let hosts = Hosts::start().await;
    let answer = r#"{"ErrorCodeType":1,"ErrorMessage":"Cancel period is over","ErrorCode":0,"Result":true,"Message":"","Body":{"Result":false,"BulkPaymentId":null,"TotalPaymentCount":0}}"#;
    hosts
        .expect_json("POST", route, KeyPair::Public, answer)
        .await;

    let err = hosts
        .client()
        .bulk_payment_cancel()
        .body(batch())
        .send()
        .payload()
        .await
        .unwrap_err();

    assert!(
        matches!(&err, PaywallError::Api(api) if api.error_message.as_deref() == Some("Cancel period is over")),
        "{err}"
    );
}

#[tokio::test]
async fn bulk_operations_without_public_keys_send_nothing() {
    let hosts = Hosts::start().await;
    hosts.forbid_requests().await;
    let client = hosts.client_with(false, true);

    let err = client
        .bulk_payment_query()
        .merchantuniquecode("batch-1")
        .page_size(page_size(10))
        .page_number(1)
        .send()
        .payload()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, PaywallError::Refused(Refusal::MissingKeys { pair: KeyPair::Public, operation }) if *operation == "bulk_payment_query"),
        "{err}"
    );
    let err = client
        .bulk_payment_refund()
        .body(batch())
        .send()
        .payload()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            PaywallError::Refused(Refusal::MissingKeys {
                pair: KeyPair::Public,
                ..
            })
        ),
        "{err}"
    );

    assert!(hosts.payment.received_requests().await.unwrap().is_empty());
    assert!(hosts.private.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn bulk_query_with_page_size_zero_is_refused_before_sending() {
    let hosts = Hosts::start().await;
    hosts.forbid_requests().await;

    let err = hosts
        .client()
        .bulk_payment_query()
        .merchantuniquecode("batch-1")
        .page_size(0u32)
        .page_number(1)
        .send()
        .payload()
        .await
        .unwrap_err();

    assert!(
        matches!(&err, PaywallError::InvalidRequest(msg) if msg.contains("page_size")),
        "{err}"
    );
}
