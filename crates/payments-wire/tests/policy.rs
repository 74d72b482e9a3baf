//! The request policy against a real local server: what is retried, how long it waits,
//! when it stops, and what it reports.

use std::time::{Duration, Instant};

use payments_wire::{CallPolicy, Sent, http_client, send};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[path = "support/test_api.rs"]
mod test_api;
use test_api::{TestApi, quick};

async fn call(policy: &CallPolicy, method: &str, url: &str) -> Sent {
    let http = http_client("Test", policy.settings()).unwrap();
    let request = http
        .request(method.parse().unwrap(), url)
        .body("{}")
        .build()
        .unwrap();
    send::<TestApi>(policy, &http, "op", request).await.unwrap()
}

/// Answers `status` `times` times, then 200.
async fn flaky(server: &MockServer, verb: &str, status: u16, times: u64) {
    if times > 0 {
        Mock::given(method(verb))
            .and(path("/x"))
            .respond_with(ResponseTemplate::new(status))
            .up_to_n_times(times)
            .with_priority(1)
            .mount(server)
            .await;
    }
    Mock::given(method(verb))
        .and(path("/x"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"ok\":true}"))
        .with_priority(2)
        .mount(server)
        .await;
}

async fn hits(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn reads_are_retried_through_transient_answers() {
    for status in [408, 429, 500, 502, 503, 504] {
        let server = MockServer::start().await;
        flaky(&server, "GET", status, 2).await;
        let policy = CallPolicy::new(quick(3));
        let sent = call(&policy, "GET", &format!("{}/x", server.uri())).await;
        let response = sent.result.unwrap();
        assert_eq!(response.status(), 200, "{status}");
        assert_eq!(sent.attempts, 3, "{status}");
        assert!(!sent.outcome_unknown);
        assert_eq!(hits(&server).await, 3, "{status}");
    }
}

#[tokio::test]
async fn a_final_answer_is_not_retried() {
    for status in [400, 401, 404, 409, 422, 501] {
        let server = MockServer::start().await;
        flaky(&server, "GET", status, 1).await;
        let policy = CallPolicy::new(quick(3));
        let sent = call(&policy, "GET", &format!("{}/x", server.uri())).await;
        assert_eq!(sent.result.unwrap().status().as_u16(), status);
        assert_eq!(hits(&server).await, 1, "{status}");
    }
}

#[tokio::test]
async fn attempts_are_bounded_and_the_last_answer_is_kept() {
    let server = MockServer::start().await;
    flaky(&server, "GET", 503, 100).await;
    let policy = CallPolicy::new(quick(3));
    let sent = call(&policy, "GET", &format!("{}/x", server.uri())).await;
    assert_eq!(sent.result.unwrap().status(), 503);
    assert_eq!(sent.attempts, 3);
    assert_eq!(hits(&server).await, 3);
    let once = CallPolicy::new(quick(1));
    let sent = call(&once, "GET", &format!("{}/x", server.uri())).await;
    assert_eq!(sent.attempts, 1, "1 attempt turns retries off");
}

#[tokio::test]
async fn writes_without_a_key_stop_where_the_provider_may_have_acted() {
    for (status, unknown) in [
        (500, true),
        (502, true),
        (504, true),
        (503, false),
        (429, false),
    ] {
        let server = MockServer::start().await;
        flaky(&server, "POST", status, 1).await;
        let policy = CallPolicy::new(quick(3));
        let sent = call(&policy, "POST", &format!("{}/x", server.uri())).await;
        assert_eq!(sent.outcome_unknown, unknown, "{status}");
        let want_hits = if unknown { 1 } else { 2 };
        assert_eq!(hits(&server).await, want_hits, "{status}");
    }
}

#[tokio::test]
async fn retry_after_is_honoured_and_a_long_one_ends_the_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/x"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    flaky(&server, "GET", 200, 0).await;
    let policy = CallPolicy::new(quick(3));
    let started = Instant::now();
    let sent = call(&policy, "GET", &format!("{}/x", server.uri())).await;
    assert_eq!(sent.result.unwrap().status(), 200);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited as asked"
    );

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/x"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "120"))
        .mount(&server)
        .await;
    let started = Instant::now();
    let sent = call(&policy, "GET", &format!("{}/x", server.uri())).await;
    assert_eq!(sent.rate_limited, Some(Duration::from_secs(120)));
    assert_eq!(sent.result.unwrap().status(), 429);
    assert_eq!(hits(&server).await, 1);
    assert!(started.elapsed() < Duration::from_secs(1), "did not wait");
}

#[tokio::test]
async fn a_request_that_never_left_is_retried_even_for_a_write() {
    // Nothing listens on this port: every attempt is refused before sending anything.
    let policy = CallPolicy::new(quick(3));
    let sent = call(&policy, "POST", "http://127.0.0.1:9/x").await;
    assert!(sent.result.unwrap_err().is_connect());
    assert_eq!(sent.attempts, 3);
    assert!(!sent.outcome_unknown, "nothing reached a provider");
}

#[tokio::test]
async fn an_attempt_that_times_out_is_retried_for_reads_and_unknown_for_writes() {
    let server = MockServer::start().await;
    Mock::given(path("/x"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let policy = CallPolicy::new(quick(2).with_attempt_timeout(Duration::from_millis(200)));
    let started = Instant::now();
    let sent = call(&policy, "GET", &format!("{}/x", server.uri())).await;
    assert!(sent.result.unwrap_err().is_timeout());
    assert_eq!(sent.attempts, 2);
    assert!(started.elapsed() < Duration::from_secs(2));

    let sent = call(&policy, "POST", &format!("{}/x", server.uri())).await;
    assert!(sent.result.unwrap_err().is_timeout());
    assert_eq!(
        sent.attempts, 1,
        "a write that may have arrived is not sent again"
    );
    assert!(sent.outcome_unknown);
}

#[tokio::test]
async fn the_deadline_bounds_the_whole_call() {
    let server = MockServer::start().await;
    Mock::given(path("/x"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let policy = CallPolicy::new(
        quick(10)
            .with_attempt_timeout(Duration::from_secs(2))
            .with_deadline(Duration::from_millis(700)),
    );
    let started = Instant::now();
    let sent = call(&policy, "GET", &format!("{}/x", server.uri())).await;
    assert!(sent.result.unwrap_err().is_timeout());
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn the_retry_budget_stops_retries_during_an_outage() {
    let server = MockServer::start().await;
    flaky(&server, "GET", 503, 10_000).await;
    let policy = CallPolicy::new(quick(2).with_backoff(Duration::ZERO, Duration::ZERO));
    let mut calls = 0;
    while policy.budget().available() >= 5 {
        call(&policy, "GET", &format!("{}/x", server.uri())).await;
        calls += 1;
    }
    assert_eq!(calls, 100, "500 tokens, 5 per retry");
    let before = hits(&server).await;
    let sent = call(&policy, "GET", &format!("{}/x", server.uri())).await;
    assert_eq!(sent.attempts, 1, "no tokens, no retry");
    assert_eq!(hits(&server).await, before + 1);
}
