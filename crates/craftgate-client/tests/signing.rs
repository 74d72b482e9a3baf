//! The signature: every vector of docs/providers/craftgate.md#signature-test-vectors, and what
//! the client sends for query values that need escaping.

mod common;

use common::{answer, assert_sent, json, only_request, sent_url, setup};
use craftgate_client::{CallExt, signature};
use percent_encoding::percent_decode_str;

const MEMBER_5: &str = r#"{"memberExternalId":"ext-1511","name":"Haluk Demir","email":"haluk.demir@example.com","phoneNumber":"905551111111"}"#;
const MEMBER_13: &str = r#"{"email": "haluk.demir@example.com","name": "Haluk Demir","phoneNumber": "905551111111","address": "Beylerbeyi Cad. Lale Sok. No: 38 Daire: 3 Üsküdar","identityNumber": "11111111110","contactName": "Haluk","contactSurname": "Demir","memberExternalId": "0ac49f08-f2a9-4326-a4d8-f6c1b01596fb"}"#;

#[test]
fn every_documented_signature_vector() {
    // (#, decoded URL, apiKey, secretKey, rnd, body, expected x-signature)
    let vectors: [(u32, &str, &str, &str, &str, &str, &str); 12] = [
        (
            1,
            "https://sandbox-api.craftgate.io",
            "dummy",
            "dummy",
            "123",
            "",
            "sgmDw5GY819oFF8SC5OTORgqvKGL/4iTZxCeWTSJP5Y=",
        ),
        (
            2,
            "https://sandbox-api.craftgate.io",
            "dummy",
            "dummy",
            "123",
            r#"{"foo": 42}"#,
            "tAse+e0kJf/+XC6yrM+laeTcszYTH8z7uNc5oZAIGPs=",
        ),
        (
            3,
            "http://localhost:8000/foo?foo=42",
            "dummy",
            "dummy",
            "foo",
            "",
            "tf0w4o41UCEreJKeQZRHDmJlZr1K2IxG67dMZE5+0gc=",
        ),
        (
            4,
            "http://localhost:8000/foo",
            "dummy",
            "dummy",
            "foo",
            r#"{"foo":42}"#,
            "5PmVYuEmz1ueo49ta5QraJUrtUcDr0RKGwT+ZlmJqmM=",
        ),
        (
            5,
            "http://api.craftgate.io/onboarding/v1/members",
            "api-key",
            "secret-key",
            "rand-2010",
            MEMBER_5,
            "Tj0mkbp+WLBwLhS65CjX708PGCl9hD9rlT6n6Zgcyi8=",
        ),
        (
            6,
            "http://api.craftgate.io/onboarding/v1/members",
            "api-key",
            "secret-key",
            "rand-2010",
            "",
            "lecLrGZXo5u+Oq3V33vIqtbLU2fopbiH78kq6wjWNDQ=",
        ),
        (
            7,
            "https://api.craftgate.io/onboarding/v1/members",
            "api-key",
            "secret-key",
            "rand-2010",
            MEMBER_5,
            "9guTlRNDTRRyUsfSyJ8N/gAdNgQgUsL1guzqgG+FzN4=",
        ),
        (
            8,
            "https://api.craftgate.io/onboarding/v1/members",
            "api-key",
            "secret-key",
            "rand-2010",
            "",
            "/IoWMs1tQ329eEC4XoDwQAhYc4eHZKV8bdFYNhrL/BQ=",
        ),
        (
            9,
            "http://localhost:8000/installment/v1/installments",
            "api-key",
            "secret-key",
            "1234",
            "",
            "uK7LkWOEzVH+Px/YOiMuSXvPkHLR4KoA7PuykXcYovQ=",
        ),
        (
            10,
            "http://localhost:8000/payment/v1/cards",
            "api-key",
            "secret-key",
            "1234",
            r#"{"cardUserKey":"de050909-39a9-473c-a81a-f186dd55cfef"}"#,
            "kQm62AfjXCw6rS6QBCLXta9tV1GqD/SXsAlYP+cEhG8=",
        ),
        (
            12,
            "https://api.craftgate.io/onboarding/v1/members/1",
            "key-1",
            "FooBar123!",
            "Xa15Fp11T",
            "",
            "y1TtnjNCJEvlkP5ufCkK3H0i2guMB/bKL4Ayw3VlKWA=",
        ),
        (
            13,
            "https://api.craftgate.io/onboarding/v1/members",
            "key-1",
            "FooBar123!",
            "Xa15Fp11T",
            MEMBER_13,
            "nv8y2bSnFjYNRzVRqzkHTK5RXKuN04hoK6fLE2+nzTw=",
        ),
    ];
    for (n, url, key, secret, rnd, body, expected) in vectors {
        assert_eq!(
            signature(url, key, secret, rnd, body.as_bytes()),
            expected,
            "vector #{n}"
        );
    }
    // The body is hashed byte for byte: #2 without the space after `:` is #4's body and
    // does not give #2's signature.
    assert_ne!(
        signature(
            "https://sandbox-api.craftgate.io",
            "dummy",
            "dummy",
            "123",
            br#"{"foo":42}"#
        ),
        "tAse+e0kJf/+XC6yrM+laeTcszYTH8z7uNc5oZAIGPs="
    );
}

#[tokio::test]
async fn turkish_letters_and_spaces_are_percent_encoded_and_signed_decoded() {
    let (server, client) = setup().await;
    let route = "/payment-reporting/v1/payments";
    answer(&server, "GET", route, json(200, r#"{"data":{"items":[]}}"#)).await;

    client
        .search_payments()
        .conversation_id("sipariş no 1")
        .external_id("a+b&c=d/ğüşöçı İ")
        .send()
        .payload()
        .await
        .unwrap();

    let request = only_request(&server).await;
    let query = "conversationId=sipari%C5%9F%20no%201\
                 &externalId=a%2Bb%26c%3Dd%2F%C4%9F%C3%BC%C5%9F%C3%B6%C3%A7%C4%B1%20%C4%B0";
    assert_sent(&server, &request, "GET", route, Some(query), b"");
    assert!(!request.url.query().unwrap().contains('+'));

    // The signature is over the decoded URL, recomputed here from what was received.
    let decoded = percent_decode_str(&sent_url(&server, &request))
        .decode_utf8()
        .unwrap()
        .into_owned();
    assert_eq!(
        decoded,
        format!(
            "{}{route}?conversationId=sipariş no 1&externalId=a+b&c=d/ğüşöçı İ",
            server.uri()
        )
    );
    let rnd = request.headers["x-rnd-key"].to_str().unwrap();
    assert_eq!(
        request.headers["x-signature"].to_str().unwrap(),
        signature(&decoded, common::API_KEY, common::SECRET_KEY, rnd, b"")
    );
}

#[tokio::test]
async fn every_attempt_gets_a_fresh_random_key() {
    let (server, client) = setup().await;
    let route = "/payment-reporting/v1/payments/1";
    wiremock::Mock::given(wiremock::matchers::path(route))
        .respond_with(json(200, r#"{"data":{"id":1}}"#))
        .expect(2)
        .mount(&server)
        .await;
    for _ in 0..2 {
        client
            .retrieve_payment()
            .id(1)
            .send()
            .payload()
            .await
            .unwrap();
    }
    let received = server.received_requests().await.unwrap();
    let keys: Vec<_> = received
        .iter()
        .map(|r| r.headers["x-rnd-key"].to_str().unwrap().to_string())
        .collect();
    assert_ne!(keys[0], keys[1]);
    for request in &received {
        assert_sent(&server, request, "GET", route, None, b"");
    }
}
