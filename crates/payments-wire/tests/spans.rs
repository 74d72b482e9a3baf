//! The one `provider_call` span of every call: provider, operation, method and path
//! template when it starts; the last status (or why none came), the attempts and the time
//! taken when it ends; the attempts' events inside it; no secret in anything traced.

use std::time::Duration;

use payments_wire::{CallPolicy, Sent, http_client, send};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[path = "support/spans.rs"]
mod spans;
#[path = "support/test_api.rs"]
mod test_api;

use spans::Capture;
use test_api::{TestApi, quick};

/// Sends `verb url` as the operation `operation` of the test provider.
async fn call(policy: &CallPolicy, operation: &'static str, verb: &str, url: &str) -> Sent {
    let http = http_client("Test", policy.settings()).unwrap();
    let request = http
        .request(verb.parse().unwrap(), url)
        .body("{}")
        .build()
        .unwrap();
    send::<TestApi>(policy, &http, operation, request)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_call_is_one_span_with_its_operation_and_its_outcome() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items/42"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    let capture = Capture::start();
    let policy = CallPolicy::new(quick(3));

    let sent = call(
        &policy,
        "read",
        "GET",
        &format!("{}/items/42", server.uri()),
    )
    .await;

    assert_eq!(sent.result.unwrap().status(), 200);
    let spans = capture.take_spans();
    assert_eq!(spans.len(), 1, "{spans:#?}");
    let span = &spans[0];
    for (field, value) in [
        ("provider", "Test"),
        ("operation", "read"),
        ("method", "GET"),
        ("path", "/items/{id}"),
        ("status", "200"),
        ("attempts", "1"),
    ] {
        assert_eq!(span.get(field), Some(value), "{field}: {span:#?}");
    }
    let elapsed: u64 = span.get("elapsed_ms").unwrap().parse().unwrap();
    assert!(elapsed < 5_000, "{elapsed}");
    assert_eq!(span.get("error"), None);
    assert_eq!(span.get("outcome_unknown"), None);
    assert_eq!(span.parent, None);
    assert_eq!(span.messages(), ["sending", "provider answered"]);
}

#[tokio::test]
async fn retries_are_attempts_inside_the_one_span() {
    let server = MockServer::start().await;
    Mock::given(path("/items/7"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/items/7"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .with_priority(2)
        .mount(&server)
        .await;
    let capture = Capture::start();
    let policy = CallPolicy::new(quick(3));

    call(&policy, "read", "GET", &format!("{}/items/7", server.uri())).await;
    // Every attempt fails: the span keeps the last answer.
    call(&policy, "read", "GET", &format!("{}/missing", server.uri())).await;

    let spans = capture.take_spans();
    assert_eq!(spans.len(), 2, "{spans:#?}");
    assert_eq!(spans[0].get("status"), Some("200"));
    assert_eq!(spans[0].get("attempts"), Some("3"));
    let retries = spans[0]
        .own_events()
        .filter(|e| e.get("message").map(String::as_str) == Some("retrying"))
        .map(|e| (e["attempt"].as_str(), e["reason"].as_str()))
        .collect::<Vec<_>>();
    assert_eq!(retries, [("1", "HTTP 503"), ("2", "HTTP 503")]);
    assert_eq!(spans[1].get("status"), Some("404"));
    assert_eq!(spans[1].get("attempts"), Some("1"), "a 404 is final");
}

#[tokio::test]
async fn a_call_without_an_answer_says_why_and_whether_the_outcome_is_unknown() {
    let server = MockServer::start().await;
    Mock::given(path("/x"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let capture = Capture::start();
    let policy = CallPolicy::new(quick(2).with_attempt_timeout(Duration::from_millis(200)));

    // A write that may have arrived: one attempt, outcome unknown.
    call(&policy, "op", "POST", &format!("{}/x", server.uri())).await;
    // Nothing listens on port 9: every attempt is refused before anything is sent.
    call(&policy, "op", "POST", "http://127.0.0.1:9/x").await;

    let spans = capture.take_spans();
    assert_eq!(spans.len(), 2, "{spans:#?}");
    let timed_out = &spans[0];
    assert_eq!(timed_out.get("error"), Some("timed out"));
    assert_eq!(timed_out.get("outcome_unknown"), Some("true"));
    assert_eq!(timed_out.get("attempts"), Some("1"));
    assert_eq!(timed_out.get("status"), None);
    let refused = &spans[1];
    assert_eq!(refused.get("error"), Some("could not connect"));
    assert_eq!(refused.get("outcome_unknown"), None);
    assert_eq!(refused.get("attempts"), Some("2"));
}

#[tokio::test]
async fn an_operation_missing_from_the_table_has_no_path_template() {
    let server = MockServer::start().await;
    Mock::given(path("/y"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    let capture = Capture::start();
    let policy = CallPolicy::new(quick(1));

    call(&policy, "unlisted", "GET", &format!("{}/y", server.uri())).await;

    let spans = capture.take_spans();
    assert_eq!(spans.len(), 1);
    assert_eq!(spans[0].get("operation"), Some("unlisted"));
    assert_eq!(spans[0].get("path"), None, "never the concrete path");
}

#[tokio::test]
async fn nothing_traced_shows_a_header_a_query_or_a_body() {
    let server = MockServer::start().await;
    Mock::given(path("/items/1"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/items/1"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"token":"s3cr3t-body-Kq"}"#))
        .with_priority(2)
        .mount(&server)
        .await;
    let secrets = [
        "s3cr3t-header-Zq8Xw3",
        "s3cr3t-bearer-Lm9Pd2",
        "s3cr3t-query-Rt7Kv4",
        "s3cr3t-request-body-Nc",
        "s3cr3t-body-Kq",
    ]
    .map(String::from);
    let capture = Capture::start();
    let policy = CallPolicy::new(quick(2));
    let http = http_client("Test", policy.settings()).unwrap();
    let mut key = reqwest::header::HeaderValue::from_str(&secrets[0]).unwrap();
    key.set_sensitive(true);
    let request = http
        .get(format!("{}/items/1?key={}", server.uri(), secrets[2]))
        .header("x-api-key", key)
        .bearer_auth(&secrets[1])
        .body(format!(r#"{{"password":"{}"}}"#, secrets[3]))
        .build()
        .unwrap();

    let sent = send::<TestApi>(&policy, &http, "read", request)
        .await
        .unwrap();
    let body = sent.result.unwrap().text().await.unwrap();

    assert!(body.contains(&secrets[4]), "the answer itself is intact");
    let text = capture.text();
    assert!(text.contains("provider_call{provider=\"Test\""), "{text}");
    assert!(text.contains("retrying"), "{text}");
    assert_eq!(capture.leaks(&secrets), Vec::<&str>::new(), "{text}");
}
