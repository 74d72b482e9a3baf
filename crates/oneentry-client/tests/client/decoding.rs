//! Tolerance (unknown values and fields), exact amounts and secrets that never print.

use std::sync::Arc;

use oneentry_client::wire::{SessionStatus, SessionType};
use oneentry_client::{CallExt, Client, OneEntryConfig, OneEntryError, TokenPair, types};
use rust_decimal_macros::dec;
use wiremock::{MockServer, ResponseTemplate};

use crate::support::*;

#[tokio::test]
async fn unknown_statuses_and_extra_fields_do_not_fail_a_response() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/api/content/payments/sessions/",
        json(r#"{"total":1,"items":[{"id":5,"type":"subscription","status":"refunded",
          "paymentAccountId":1,"orderId":2,"paymentUrl":null,"subscriptionId":"sub_1",
          "nested":{"amount":1.123456789012345678901234567890,"list":[1,2]}}],"pageInfo":{"more":false}}"#),
    )
    .await;
    let page = signed_in(&server)
        .get_sessions()
        .send()
        .payload()
        .await
        .unwrap();
    let s = &page.items[0];
    assert_eq!(s.status, SessionStatus::Unknown("refunded".into()));
    assert!(s.status.is_unknown());
    assert_eq!(s.status.to_string(), "refunded");
    assert_eq!(s.type_, SessionType::Unknown("subscription".into()));
    assert!(SessionStatus::KNOWN.contains(&SessionStatus::Canceled));
}

#[test]
fn order_totals_keep_every_digit_as_string_or_number() {
    let read = |total: &str| {
        serde_json::from_str::<types::Order>(&format!(r#"{{"id":1,"totalSum":{total}}}"#))
            .unwrap()
            .total_sum
    };
    assert_eq!(read(r#""300.00""#).to_string(), "300.00");
    assert_eq!(read("340").to_string(), "340");
    assert_eq!(read("340"), dec!(340));
    assert_eq!(
        read(r#""12345678901234.12345678""#).to_string(),
        "12345678901234.12345678"
    );
    assert_eq!(
        read("12345678901234.12345678"),
        dec!(12345678901234.12345678)
    );
    // 0.1 + 0.2 is exact here, unlike with f64.
    let sum = read("0.1") + read(r#""0.2""#);
    assert_eq!(sum.to_string(), "0.3");

    let created: types::CreatedOrder =
        serde_json::from_str(r#"{"id":89,"totalSum":12345678901234.12345678}"#).unwrap();
    assert_eq!(created.total_sum, dec!(12345678901234.12345678));
    // And back out as an exact JSON number.
    let out = serde_json::to_string(&created).unwrap();
    assert!(
        out.contains(r#""totalSum":12345678901234.12345678"#),
        "{out}"
    );
}

#[test]
fn a_total_that_is_not_a_number_is_a_decode_error() {
    let err = serde_json::from_str::<types::Order>(r#"{"id":1,"totalSum":"three hundred"}"#);
    assert!(err.is_err());
}

#[tokio::test]
async fn a_malformed_success_body_is_a_decode_error_with_the_body() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/api/content/payments/sessions/1",
        json(r#"{"id":"one"}"#),
    )
    .await;
    let err = signed_in(&server)
        .get_session_by_id()
        .id(1)
        .send()
        .payload()
        .await
        .unwrap_err();
    let OneEntryError::Decode { body, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(body.as_ref(), br#"{"id":"one"}"#);
}

#[tokio::test]
async fn a_non_json_error_keeps_its_status_and_body() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/api/content/payments/accounts",
        ResponseTemplate::new(503).set_body_string("upstream down"),
    )
    .await;
    let err = signed_in_single_attempt(&server)
        .get_accounts()
        .send()
        .payload()
        .await
        .unwrap_err();
    assert!(matches!(&err, OneEntryError::Http { body, .. } if body == "upstream down"));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(
        err.to_string(),
        "OneEntry answered HTTP 503 Service Unavailable: upstream down"
    );
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = Client::from_config(&OneEntryConfig::new(base_url(&format!(
        "http://127.0.0.1:{port}"
    ))))
    .unwrap();
    let err = client.get_accounts().send().payload().await.unwrap_err();
    assert!(matches!(err, OneEntryError::Transport(_)), "{err:?}");
}

#[tokio::test]
async fn debug_output_never_shows_tokens() {
    let server = MockServer::start().await;
    let mut config = config(&server);
    config.tokens = Some(TokenPair::new("acc-SECRET-1", "ref-SECRET-2"));
    config.on_tokens_rotated = Some(Arc::new(|_: &TokenPair| {}));
    let printed = format!("{config:?}");
    assert!(printed.contains("UQ_test"), "{printed}");
    assert!(printed.contains("on_tokens_rotated: true"), "{printed}");
    let client = Client::from_config(&config).unwrap();
    client.set_tokens(TokenPair::new("acc-SECRET-3", "ref-SECRET-4"));
    let printed = format!(
        "{config_again:?} {client:?} {auth:?} {tokens:?}",
        config_again = crate::support::config(&server),
        auth = client.auth_state(),
        tokens = client.tokens(),
    );
    for secret in ["SECRET", APP_TOKEN] {
        assert!(!printed.contains(secret), "{secret} printed: {printed}");
    }
    assert!(printed.contains("signed_in: true"), "{printed}");
}

#[tokio::test]
async fn a_token_that_cannot_be_a_header_is_refused_without_printing_it() {
    let server = MockServer::start().await;
    let client = anonymous(&server);
    client.set_tokens(TokenPair::new("bad\nSECRET", "r"));
    let err = client.get_accounts().send().payload().await.unwrap_err();
    assert!(matches!(err, OneEntryError::InvalidRequest(_)), "{err:?}");
    assert!(!err.to_string().contains("SECRET"), "{err}");
    assert!(server.received_requests().await.unwrap().is_empty());
}
