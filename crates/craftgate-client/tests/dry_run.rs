//! A client under a dry-run policy prepares each request exactly as it would send it
//! (signed, with its idempotency key), records it with the credentials redacted, and
//! sends nothing.

mod common;

use common::{API_KEY, SECRET_KEY};
use craftgate_client::{
    BaseUrl, CallExt, Client, CraftgateConfig, CraftgateError, ErrorKind, ErrorMetadata,
    RequestPolicy,
};
use payments_wire::{DryRun, REDACTED};
use rust_decimal_macros::dec;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn dry_client() -> (MockServer, Client, DryRun) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let record = DryRun::new();
    let config = CraftgateConfig::new(API_KEY, SECRET_KEY)
        .with_base_url(BaseUrl::parse(&server.uri()).unwrap())
        .with_policy(RequestPolicy::default().with_dry_run(record.clone()));
    (server, Client::from_config(&config).unwrap(), record)
}

#[tokio::test]
async fn a_refund_in_a_dry_run_is_prepared_signed_and_not_sent() {
    let (server, client, record) = dry_client().await;
    let error = client
        .refund_payment_transaction()
        .x_idempotency_key("refund-order-42")
        .body_map(|b| {
            b.payment_transaction_id(2001)
                .refund_price(Some(dec!(10.50)))
        })
        .send()
        .payload()
        .await
        .unwrap_err();

    assert!(
        matches!(
            error,
            CraftgateError::NotSent {
                operation: "refund_payment_transaction"
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.kind(), ErrorKind::Configuration);
    assert_eq!(
        error.to_string(),
        "dry run: Craftgate `refund_payment_transaction` was prepared and not sent"
    );
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "a dry run sent a request"
    );

    let [prepared] = record.requests().try_into().unwrap();
    assert_eq!(prepared.method.as_str(), "POST");
    assert_eq!(
        prepared.url,
        format!("{}/payment/v1/refund-transactions", server.uri())
    );
    assert_eq!(
        prepared.body.as_deref(),
        Some(r#"{"paymentTransactionId":2001,"refundPrice":10.50}"#)
    );
    assert_eq!(prepared.header("x-api-key"), Some(REDACTED));
    assert_eq!(prepared.header("x-signature"), Some(REDACTED), "signed");
    assert_eq!(prepared.header("x-auth-version"), Some("v1"));
    assert_eq!(
        prepared.header("x-idempotency-key"),
        Some("refund-order-42")
    );
    assert!(prepared.header("x-rnd-key").is_some_and(|k| k.len() == 24));
    let shown = format!("{prepared:?}");
    assert!(
        !shown.contains(API_KEY) && !shown.contains(SECRET_KEY),
        "{shown}"
    );
}

#[tokio::test]
async fn a_write_without_a_key_is_recorded_with_the_key_it_would_carry() {
    let (server, client, record) = dry_client().await;
    client
        .refund_payment()
        .body_map(|b| b.payment_id(5))
        .send()
        .payload()
        .await
        .unwrap_err();
    let reads = client
        .retrieve_payment()
        .id(5)
        .send()
        .payload()
        .await
        .unwrap_err();
    assert!(matches!(reads, CraftgateError::NotSent { .. }), "{reads:?}");
    assert!(server.received_requests().await.unwrap().is_empty());

    let [refund, read] = record.requests().try_into().unwrap();
    let key = refund.header("x-idempotency-key").unwrap();
    assert_eq!(key.len(), 36, "a fresh UUID: {key}");
    assert_eq!(read.header("x-idempotency-key"), None, "a read");
    assert_eq!(read.body, None);
    assert_eq!(read.operation, "retrieve_payment");
}
