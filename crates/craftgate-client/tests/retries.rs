//! The request policy on Craftgate: every attempt is signed afresh, a write keeps its
//! idempotency key across attempts, and what cannot be retried is reported for what it is.

mod common;

use std::num::NonZeroU32;
use std::time::Duration;

use common::{API_KEY, SECRET_KEY, assert_sent, example, json};
use craftgate_client::{
    BaseUrl, CallExt, Client, CraftgateConfig, CraftgateError, ErrorKind, ErrorMetadata,
    RequestPolicy,
};
use rust_decimal_macros::dec;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Up to `attempts` attempts, short waits between them.
fn policy(attempts: u32) -> RequestPolicy {
    RequestPolicy::default()
        .with_max_attempts(NonZeroU32::new(attempts).unwrap())
        .with_backoff(Duration::from_millis(5), Duration::from_millis(20))
}

fn client(server: &MockServer, attempts: u32) -> Client {
    client_with(server, policy(attempts))
}

fn client_with(server: &MockServer, policy: RequestPolicy) -> Client {
    Client::from_config(
        &CraftgateConfig::new(API_KEY, SECRET_KEY)
            .with_base_url(BaseUrl::parse(&server.uri()).unwrap())
            .with_policy(policy),
    )
    .unwrap()
}

/// The error of card payment 1's retrieval, which must fail.
async fn card_payment_error(client: &Client) -> CraftgateError {
    client
        .retrieve_card_payment()
        .id(1)
        .send()
        .payload()
        .await
        .unwrap_err()
}

/// `first` answers (in order, once each), then `then` for every later request.
async fn answers(
    server: &MockServer,
    verb: &str,
    route: &str,
    first: Vec<ResponseTemplate>,
    then: ResponseTemplate,
) {
    for (n, response) in first.into_iter().enumerate() {
        Mock::given(method(verb))
            .and(path(route))
            .respond_with(response)
            .up_to_n_times(1)
            .with_priority(u8::try_from(n + 1).unwrap())
            .mount(server)
            .await;
    }
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(then)
        .with_priority(100)
        .mount(server)
        .await;
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap()
}

fn header(request: &Request, name: &str) -> String {
    request
        .headers
        .get(name)
        .unwrap()
        .to_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn a_read_retried_after_a_proxy_page_is_signed_again_with_a_fresh_random_key() {
    let server = MockServer::start().await;
    let route = "/payment-reporting/v1/payments/1/transactions";
    let html = ResponseTemplate::new(503).set_body_raw(b"<html>busy</html>".to_vec(), "text/html");
    let ok = json(200, &example("retrievePaymentTransactions"));
    answers(&server, "GET", route, vec![html], ok).await;

    let items = client(&server, 3)
        .retrieve_payment_transactions()
        .id(1)
        .send()
        .payload()
        .await
        .unwrap();
    assert!(!items.items.is_empty());

    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_sent(&server, request, "GET", route, None, b"");
    }
    assert_ne!(
        header(&requests[0], "x-rnd-key"),
        header(&requests[1], "x-rnd-key")
    );
}

#[tokio::test]
async fn a_refund_keeps_one_idempotency_key_across_attempts() {
    let server = MockServer::start().await;
    let route = "/payment/v1/refund-transactions";
    let ok = json(200, &example("refundPaymentTransaction"));
    answers(&server, "POST", route, vec![ResponseTemplate::new(500)], ok).await;

    client(&server, 3)
        .refund_payment_transaction()
        .body_map(|b| b.payment_transaction_id(7).refund_price(Some(dec!(1.50))))
        .send()
        .payload()
        .await
        .unwrap();

    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    let keys: Vec<String> = requests
        .iter()
        .map(|r| header(r, "x-idempotency-key"))
        .collect();
    assert_eq!(keys[0], keys[1], "the same key on every attempt");
    assert_eq!(keys[0].len(), 36, "a generated UUID: {}", keys[0]);
    for request in &requests {
        assert_sent(&server, request, "POST", route, None, &request.body);
    }
    assert_ne!(
        header(&requests[0], "x-rnd-key"),
        header(&requests[1], "x-rnd-key")
    );
}

#[tokio::test]
async fn a_refund_whose_answers_are_lost_is_outcome_unknown_with_its_key() {
    let server = MockServer::start().await;
    let route = "/payment/v1/refunds";
    answers(&server, "POST", route, vec![], ResponseTemplate::new(502)).await;

    let err = client(&server, 2)
        .refund_payment()
        .x_idempotency_key("refund-order-42")
        .body_map(|b| b.payment_id(1))
        .send()
        .payload()
        .await
        .unwrap_err();

    assert_eq!(err.kind(), ErrorKind::OutcomeUnknown, "{err}");
    assert_eq!(err.idempotency_key(), Some("refund-order-42"));
    assert!(
        matches!(&err, CraftgateError::OutcomeUnknown { operation: "refund_payment", cause, .. }
            if matches!(**cause, CraftgateError::Http { .. })),
        "{err:?}"
    );
    assert!(err.to_string().contains("refund-order-42"), "{err}");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2, "retried with the same key, then stopped");
    assert!(
        requests
            .iter()
            .all(|r| header(r, "x-idempotency-key") == "refund-order-42")
    );
}

#[tokio::test]
async fn a_wait_longer_than_the_policy_allows_ends_the_call() {
    let server = MockServer::start().await;
    let route = "/payment/v1/card-payments/1";
    let slow_down = ResponseTemplate::new(429).insert_header("Retry-After", "120");
    answers(&server, "GET", route, vec![], slow_down).await;

    let err = card_payment_error(&client(&server, 3)).await;

    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn a_read_with_no_answer_in_time_on_every_attempt_is_a_timeout_naming_its_attempts() {
    let server = MockServer::start().await;
    let route = "/payment/v1/card-payments/1";
    let late = json(200, &example("retrieveCardPayment")).set_delay(Duration::from_secs(2));
    answers(&server, "GET", route, vec![], late).await;
    let client = client_with(
        &server,
        policy(2).with_attempt_timeout(Duration::from_millis(200)),
    );

    let err = card_payment_error(&client).await;

    assert_eq!(err.kind(), ErrorKind::Timeout, "{err:?}");
    assert!(
        err.to_string()
            .ends_with("did not answer within 0.2 s (2 attempts)"),
        "{err}"
    );
    assert_eq!(received(&server).await.len(), 2);
}
