//! Failures: the documented error body on every operation, non-JSON error pages, empty
//! successes, transport and decode failures.

mod common;

use std::future::Future;
use std::pin::Pin;

use common::{answer, error_example, json, operation_ids, setup, setup_single_attempt};
use craftgate_client::{
    ApiError, BaseUrl, CallExt, Client, CraftgateConfig, CraftgateError, ErrorMetadata,
};
use reqwest::StatusCode;
use wiremock::matchers::any;
use wiremock::{Mock, ResponseTemplate};

type Call<'a> = Pin<Box<dyn Future<Output = Result<(), CraftgateError>> + 'a>>;

/// One call of every operation, by operation id, with its method and path.
fn every_operation(client: &Client) -> Vec<(&'static str, &'static str, &'static str, Call<'_>)> {
    vec![
        (
            "searchPayments",
            "GET",
            "/payment-reporting/v1/payments",
            Box::pin(async { client.search_payments().send().payload().await.map(drop) }),
        ),
        (
            "retrievePayment",
            "GET",
            "/payment-reporting/v1/payments/1",
            Box::pin(async {
                client
                    .retrieve_payment()
                    .id(1)
                    .send()
                    .payload()
                    .await
                    .map(drop)
            }),
        ),
        (
            "retrievePaymentTransactions",
            "GET",
            "/payment-reporting/v1/payments/1/transactions",
            Box::pin(async {
                client
                    .retrieve_payment_transactions()
                    .id(1)
                    .send()
                    .payload()
                    .await
                    .map(drop)
            }),
        ),
        (
            "retrievePaymentRefunds",
            "GET",
            "/payment-reporting/v1/payments/1/refunds",
            Box::pin(async {
                client
                    .retrieve_payment_refunds()
                    .id(1)
                    .send()
                    .payload()
                    .await
                    .map(drop)
            }),
        ),
        (
            "retrievePaymentTransactionRefunds",
            "GET",
            "/payment-reporting/v1/payments/1/transactions/2/refunds",
            Box::pin(async {
                client
                    .retrieve_payment_transaction_refunds()
                    .payment_id(1)
                    .payment_transaction_id(2)
                    .send()
                    .payload()
                    .await
                    .map(drop)
            }),
        ),
        (
            "searchPaymentRefunds",
            "GET",
            "/payment-reporting/v1/refunds",
            Box::pin(async {
                client
                    .search_payment_refunds()
                    .send()
                    .payload()
                    .await
                    .map(drop)
            }),
        ),
        (
            "searchPaymentTransactionRefunds",
            "GET",
            "/payment-reporting/v1/refund-transactions",
            Box::pin(async {
                client
                    .search_payment_transaction_refunds()
                    .send()
                    .payload()
                    .await
                    .map(drop)
            }),
        ),
        (
            "retrieveCardPayment",
            "GET",
            "/payment/v1/card-payments/1",
            Box::pin(async {
                client
                    .retrieve_card_payment()
                    .id(1)
                    .send()
                    .payload()
                    .await
                    .map(drop)
            }),
        ),
        (
            "refundPayment",
            "POST",
            "/payment/v1/refunds",
            Box::pin(async {
                client
                    .refund_payment()
                    .body_map(|b| b.payment_id(1))
                    .send()
                    .payload()
                    .await
                    .map(drop)
            }),
        ),
        (
            "retrievePaymentRefund",
            "GET",
            "/payment/v1/refunds/1",
            Box::pin(async {
                client
                    .retrieve_payment_refund()
                    .id(1)
                    .send()
                    .payload()
                    .await
                    .map(drop)
            }),
        ),
        (
            "refundPaymentMarkAsRefunded",
            "POST",
            "/payment/v1/refunds/mark-as-refunded",
            Box::pin(async {
                client
                    .refund_payment_mark_as_refunded()
                    .body_map(|b| b.payment_id(1))
                    .send()
                    .payload()
                    .await
                    .map(drop)
            }),
        ),
        (
            "refundPaymentTransaction",
            "POST",
            "/payment/v1/refund-transactions",
            Box::pin(async {
                client
                    .refund_payment_transaction()
                    .body_map(|b| b.payment_transaction_id(1))
                    .send()
                    .payload()
                    .await
                    .map(drop)
            }),
        ),
        (
            "retrievePaymentTransactionRefund",
            "GET",
            "/payment/v1/refund-transactions/1",
            Box::pin(async {
                client
                    .retrieve_payment_transaction_refund()
                    .id(1)
                    .send()
                    .payload()
                    .await
                    .map(drop)
            }),
        ),
        (
            "refundPaymentTransactionMarkAsRefunded",
            "POST",
            "/payment/v1/refund-transactions/mark-as-refunded",
            Box::pin(async {
                client
                    .refund_payment_transaction_mark_as_refunded()
                    .body_map(|b| b.payment_transaction_id(1))
                    .send()
                    .payload()
                    .await
                    .map(drop)
            }),
        ),
    ]
}

#[tokio::test]
async fn every_operation_turns_the_documented_error_body_into_a_typed_error() {
    let (server, client) = setup().await;
    Mock::given(any())
        .respond_with(json(400, &error_example()))
        .mount(&server)
        .await;

    let calls = every_operation(&client);
    let mut covered: Vec<String> = calls.iter().map(|c| c.0.to_string()).collect();
    let mut in_spec = operation_ids();
    covered.sort();
    in_spec.sort();
    assert_eq!(covered, in_spec, "every operation of the spec is exercised");

    for (op, verb, route, call) in calls {
        let error = call.await.expect_err(op);
        match &error {
            CraftgateError::Api(api) => {
                let ApiError {
                    status,
                    code,
                    description,
                    group,
                    provider_error,
                    ..
                } = &**api;
                assert_eq!(*status, StatusCode::BAD_REQUEST, "{op}");
                assert_eq!(code.as_deref(), Some("10051"), "{op}");
                assert_eq!(
                    description.as_deref(),
                    Some("Kart limiti yetersiz, yetersiz bakiye"),
                    "{op}"
                );
                assert_eq!(group.as_deref(), Some("NOT_SUFFICIENT_FUNDS"), "{op}");
                assert_eq!(*provider_error, None, "{op}");
            }
            other => panic!("{op}: expected an Api error, got {other:?}"),
        }
        let received = server.received_requests().await.unwrap();
        let last = received.last().unwrap();
        assert_eq!(
            (last.method.as_str(), last.url.path()),
            (verb, route),
            "{op}"
        );
    }
}

#[tokio::test]
async fn provider_error_and_other_statuses_are_kept() {
    let (server, client) = setup().await;
    answer(
        &server,
        "GET",
        "/payment/v1/card-payments/9",
        json(
            404,
            r#"{"errors":{"errorCode":"5009","errorDescription":"Ödeme bulunamadı","providerError":{"errorCode":"05","errorMessage":"Do not honour"}}}"#,
        ),
    )
    .await;
    let error = client
        .retrieve_card_payment()
        .id(9)
        .send()
        .payload()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(error.code().as_deref(), Some("5009"));
    assert_eq!(error.message().as_deref(), Some("Ödeme bulunamadı"));
    assert_eq!(error.group(), None);
    let provider = error
        .api()
        .and_then(|api| api.provider_error.as_ref())
        .unwrap();
    assert_eq!(provider.error_code.as_deref(), Some("05"));
    assert_eq!(provider.error_message.as_deref(), Some("Do not honour"));
}

#[tokio::test]
async fn an_html_error_page_still_gives_the_status() {
    let (server, client) = setup_single_attempt().await;
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    answer(
        &server,
        "GET",
        "/payment-reporting/v1/payments/1/transactions",
        ResponseTemplate::new(502).set_body_raw(html.as_bytes().to_vec(), "text/html"),
    )
    .await;
    let error = client
        .retrieve_payment_transactions()
        .id(1)
        .send()
        .payload()
        .await
        .unwrap_err();
    match &error {
        CraftgateError::Http { status, body } => {
            assert_eq!(*status, StatusCode::BAD_GATEWAY);
            assert_eq!(&body[..], html.as_bytes());
        }
        other => panic!("expected Http, got {other:?}"),
    }
    assert_eq!(error.status(), Some(StatusCode::BAD_GATEWAY));
    assert!(error.to_string().contains("502 Bad Gateway"), "{error}");
}

#[tokio::test]
async fn an_empty_success_is_an_empty_list_or_no_content() {
    let (server, client) = setup().await;
    answer(
        &server,
        "GET",
        "/payment-reporting/v1/payments/1/transactions",
        ResponseTemplate::new(204),
    )
    .await;
    answer(
        &server,
        "GET",
        "/payment-reporting/v1/refunds",
        ResponseTemplate::new(200),
    )
    .await;
    answer(
        &server,
        "GET",
        "/payment-reporting/v1/payments/1",
        ResponseTemplate::new(204),
    )
    .await;
    answer(&server, "GET", "/payment/v1/refunds/1", json(200, "{}")).await;

    let list = client
        .retrieve_payment_transactions()
        .id(1)
        .send()
        .payload()
        .await
        .unwrap();
    assert!(list.items.is_empty());
    let page = client
        .search_payment_refunds()
        .send()
        .payload()
        .await
        .unwrap();
    assert!(page.items.is_empty());
    assert_eq!(page.total_size, None);

    let none = client.retrieve_payment().id(1).send().payload().await;
    assert!(
        matches!(
            none,
            Err(CraftgateError::NoContent {
                expected: "payment"
            })
        ),
        "{none:?}"
    );
    let none = client
        .retrieve_payment_refund()
        .id(1)
        .send()
        .payload()
        .await;
    assert!(
        matches!(
            none,
            Err(CraftgateError::NoContent {
                expected: "payment refund"
            })
        ),
        "{none:?}"
    );
}

#[tokio::test]
async fn errors_inside_a_success_answer_are_not_an_empty_result() {
    let (server, client) = setup().await;
    answer(
        &server,
        "GET",
        "/payment-reporting/v1/payments/1/refunds",
        json(200, &error_example()),
    )
    .await;
    let error = client
        .retrieve_payment_refunds()
        .id(1)
        .send()
        .payload()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::OK));
    assert_eq!(error.code().as_deref(), Some("10051"));
    assert_eq!(error.group(), Some("NOT_SUFFICIENT_FUNDS"));
}

#[tokio::test]
async fn a_malformed_success_body_is_a_decode_error_with_the_body() {
    let (server, client) = setup().await;
    let body = r#"{"data":{"id":"not-a-number"}}"#;
    answer(&server, "GET", "/payment/v1/refunds/1", json(200, body)).await;
    let error = client
        .retrieve_payment_refund()
        .id(1)
        .send()
        .payload()
        .await
        .unwrap_err();
    match error {
        CraftgateError::Decode { body: got, .. } => assert_eq!(&got[..], body.as_bytes()),
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn an_unreachable_server_is_a_transport_error() {
    // Bind and drop a listener to get a port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::from_config(
        &CraftgateConfig::new("k", "s")
            .with_base_url(BaseUrl::parse(&format!("http://127.0.0.1:{port}")).unwrap()),
    )
    .unwrap();
    let error = client
        .retrieve_payment()
        .id(1)
        .send()
        .payload()
        .await
        .unwrap_err();
    assert!(matches!(error, CraftgateError::Transport(_)), "{error:?}");
    assert_eq!(error.status(), None);
}
