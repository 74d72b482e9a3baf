//! Non-2xx answers, bodies that are not JSON, transport failures and what the client prints.

mod common;

use common::{Hosts, PRIVATE_CLIENT, PRIVATE_KEY, PUBLIC_CLIENT, PUBLIC_KEY, date};
use paywall_client::KeyPair;
use paywall_client::types::RefundRequest;
use paywall_client::{CallExt, Client, ConfigError, PaywallConfig, PaywallError};
use wiremock::ResponseTemplate;

fn refund() -> RefundRequest {
    RefundRequest {
        date: date(2024, 6, 13),
        merchant_unique_code: "order-1001".into(),
    }
}

#[tokio::test]
async fn an_error_body_on_a_non_2xx_status_is_a_typed_error() {
    let route = "/api/paywall/private/refund";
    let hosts = Hosts::start().await;
    let body = r#"{"ErrorCode": 4, "Result": false, "Message": "HeaderMissing", "Body": null}"#;
    hosts
        .expect(
            "POST",
            route,
            KeyPair::Private,
            ResponseTemplate::new(401).set_body_raw(body, "application/json"),
        )
        .await;

    let err = hosts
        .client()
        .private_refund()
        .body(refund())
        .send()
        .payload()
        .await
        .unwrap_err();

    let api = err.api().expect("an Api error");
    assert_eq!(api.status.as_u16(), 401);
    assert_eq!(api.error_code, Some(4));
    assert_eq!(api.message.as_deref(), Some("HeaderMissing"));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(
        err.to_string(),
        "Paywall refused the request (HTTP 401, ErrorCode 4): HeaderMissing"
    );
}

#[tokio::test]
async fn a_non_json_error_keeps_its_status_and_body() {
    let route = "/api/paywall/payment/bulk/payment/query/summary";
    let hosts = Hosts::start().await;
    hosts
        .expect(
            "GET",
            route,
            KeyPair::Public,
            ResponseTemplate::new(503).set_body_string("<html>Service Unavailable</html>"),
        )
        .await;

    let err = hosts
        .client_single_attempt()
        .bulk_payment_query_summary()
        .merchantuniquecode("batch-1")
        .send()
        .payload()
        .await
        .unwrap_err();

    assert!(
        matches!(&err, PaywallError::Http { status, body } if status.as_u16() == 503 && body == "<html>Service Unavailable</html>"),
        "{err}"
    );
}

#[tokio::test]
async fn a_2xx_body_that_is_not_json_is_a_decode_error() {
    let route = "/api/paywall/private/query/by/paymentid";
    let hosts = Hosts::start().await;
    hosts
        .expect(
            "GET",
            route,
            KeyPair::Private,
            ResponseTemplate::new(200).set_body_string("OK"),
        )
        .await;

    let err = hosts
        .client()
        .private_query_by_payment_id()
        .paymentid(1)
        .send()
        .payload()
        .await
        .unwrap_err();

    assert!(
        matches!(&err, PaywallError::Decode { body, .. } if body == "OK"),
        "{err}"
    );
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    let hosts = Hosts::start().await;
    let config = PaywallConfig::from_urls(&hosts.payment.uri(), "http://127.0.0.1:9")
        .unwrap()
        .with_private_keys(PRIVATE_KEY, PRIVATE_CLIENT);
    let client = Client::from_config(&config).unwrap();

    let err = client
        .private_refund()
        .body(refund())
        .send()
        .payload()
        .await
        .unwrap_err();

    assert!(matches!(err, PaywallError::Transport(_)), "{err}");
    assert!(hosts.payment.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_client_never_prints_its_keys() {
    let hosts = Hosts::start().await;
    let client = hosts.client();
    let shown = format!(
        "{client:?} {:?}",
        hosts.config().with_public_keys(PUBLIC_KEY, PUBLIC_CLIENT)
    );
    for secret in [PUBLIC_KEY, PUBLIC_CLIENT, PRIVATE_KEY, PRIVATE_CLIENT] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert!(shown.contains(&hosts.private.uri()), "{shown}");
}

#[tokio::test]
async fn base_urls_with_a_path_are_rejected() {
    let err = PaywallConfig::from_urls(
        "https://payment-api.itspaywall.com/api/paywall/",
        "https://x.example",
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            ConfigError::BaseUrl {
                field: "payment_api_url",
                ..
            }
        ),
        "{err}"
    );
}
