//! A dry-run policy sends nothing: a request built by hand is recorded with its secrets
//! redacted, and the server never sees a connection.

use payments_wire::{CallPolicy, DryRun, NotSent, REDACTED, RequestPolicy, http_client, send};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[path = "support/test_api.rs"]
mod test_api;
use test_api::TestApi;

#[tokio::test]
async fn a_dry_run_records_the_request_and_sends_nothing() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let record = DryRun::new();
    let policy = CallPolicy::new(RequestPolicy::default().with_dry_run(record.clone()));
    let http = http_client("Test", policy.settings()).unwrap();
    let mut token = http::HeaderValue::from_static("Bearer t0k3n-s3cr3t");
    token.set_sensitive(true);
    let request = http
        .post(format!("{}/users/refresh?x=1", server.uri()))
        .header("authorization", token)
        .header("x-device-metadata", "{\"fingerprint\":\"f\"}")
        .body(r#"{"refreshToken":"r3fr3sh-s3cr3t","nested":{"a":1}}"#)
        .build()
        .unwrap();

    let not_sent = send::<TestApi>(&policy, &http, "refresh", request)
        .await
        .unwrap_err();
    assert_eq!(
        not_sent,
        NotSent {
            service: "Test",
            operation: "refresh"
        }
    );
    assert_eq!(
        not_sent.to_string(),
        "dry run: Test `refresh` was prepared and not sent"
    );
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "a dry run sent a request"
    );

    let [prepared] = record.requests().try_into().unwrap();
    assert_eq!(
        (
            prepared.service,
            prepared.operation,
            prepared.method.as_str()
        ),
        ("Test", "refresh", "POST")
    );
    assert_eq!(prepared.url, format!("{}/users/refresh?x=1", server.uri()));
    assert_eq!(
        prepared.headers,
        [
            ("authorization".to_string(), REDACTED.to_string()),
            (
                "x-device-metadata".to_string(),
                "{\"fingerprint\":\"f\"}".to_string()
            ),
        ]
    );
    // A hand-built body: every value redacted, the member names kept.
    assert_eq!(
        prepared.body.as_deref(),
        Some(r#"{"refreshToken":"<redacted>","nested":"<redacted>"}"#)
    );
    let shown = format!("{prepared:?}");
    assert!(!shown.contains("s3cr3t"), "{shown}");
}

#[tokio::test]
async fn without_a_dry_run_the_request_is_sent() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let policy = CallPolicy::new(RequestPolicy::default());
    let http = http_client("Test", policy.settings()).unwrap();
    let request = http.get(server.uri()).build().unwrap();
    let sent = send::<TestApi>(&policy, &http, "op", request)
        .await
        .unwrap();
    assert_eq!(sent.result.unwrap().status(), 204);
}
