//! Scripted faults seen from a plain reqwest client: what arrives (or does not) for each
//! fault kind, the per-route counts, the order faults are taken in, and that a write whose
//! answer is lost still happened exactly once. Craftgate requests are signed by the fixture
//! (faults/support.rs) from the documented formula, as in tests/craftgate.rs.

#[path = "faults/support.rs"]
mod support;

use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use payments_sandbox::{Fault, FaultSpec, RetryAfter, Route, seed};
use reqwest::header::{CONTENT_TYPE, HeaderValue, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use support::{
    BREAKDOWN, Fixture, assert_no_response, breakdown_path, breakdown_route, io_kind, refund_route,
};

#[tokio::test]
async fn a_status_fault_answers_for_the_gateway_without_the_handler() {
    let f = Fixture::start().await;
    f.sandbox.faults().script(
        breakdown_route(),
        [
            Fault::status(StatusCode::SERVICE_UNAVAILABLE),
            Fault::Status {
                status: StatusCode::BAD_GATEWAY,
                body: Bytes::from_static(b"upstream went away"),
                content_type: Some(HeaderValue::from_static("text/plain")),
            },
        ],
    );

    let response = f.breakdown().await.expect("an answer");
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.headers()[CONTENT_TYPE], "text/html");
    let page = response.text().await.expect("body");
    assert!(
        page.contains("<title>503 Service Unavailable</title>"),
        "{page}"
    );

    let response = f.breakdown().await.expect("an answer");
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    assert_eq!(response.headers()[CONTENT_TYPE], "text/plain");
    assert_eq!(response.text().await.expect("body"), "upstream went away");

    assert_eq!(f.sandbox.faults().handled(&breakdown_route()), 0);
    assert_eq!(f.items().await.len(), 3, "then served normally");
    assert_eq!(f.sandbox.faults().attempts(&breakdown_route()), 3);
    assert_eq!(f.sandbox.faults().handled(&breakdown_route()), 1);
}

#[tokio::test]
async fn rate_limiting_sends_retry_after_as_seconds_or_an_http_date() {
    let f = Fixture::start().await;
    let fixed = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
    f.sandbox.faults().script(
        breakdown_route(),
        [
            Fault::rate_limited(1),
            Fault::RateLimited {
                retry_after: RetryAfter::DateIn(Duration::from_secs(2)),
            },
            Fault::RateLimited {
                retry_after: RetryAfter::Date(fixed),
            },
        ],
    );

    let response = f.breakdown().await.expect("an answer");
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()[RETRY_AFTER], "1");

    let sent = chrono::Utc::now();
    let response = f.breakdown().await.expect("an answer");
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let date = response.headers()[RETRY_AFTER].to_str().expect("ASCII");
    assert!(date.ends_with(" GMT"), "{date}");
    let at = chrono::DateTime::parse_from_rfc2822(date).expect("an HTTP-date");
    let wait = at.signed_duration_since(sent).num_milliseconds();
    assert!((1_000..=4_000).contains(&wait), "{date} is {wait} ms away");

    let response = f.breakdown().await.expect("an answer");
    assert_eq!(
        response.headers()[RETRY_AFTER],
        "Wed, 21 Oct 2015 07:28:00 GMT"
    );

    assert_eq!(f.sandbox.faults().attempts(&breakdown_route()), 3);
    assert_eq!(f.sandbox.faults().handled(&breakdown_route()), 0);
}

#[tokio::test]
async fn a_reset_before_processing_answers_nothing_and_changes_nothing() {
    let f = Fixture::start().await;
    f.sandbox
        .faults()
        .script(refund_route(), [Fault::ResetBeforeProcessing]);
    // A pooled connection first: the client must not retry the write on its own.
    assert_eq!(f.refundable_2001().await, "40.00000000");

    let error = assert_no_response(f.refund_2001("15.5").await);
    assert_eq!(
        io_kind(&error),
        Some(std::io::ErrorKind::ConnectionReset),
        "{error:?}"
    );

    assert_eq!(f.refundable_2001().await, "40.00000000", "no refund");
    assert_eq!(f.sandbox.faults().attempts(&refund_route()), 1);
    assert_eq!(f.sandbox.faults().handled(&refund_route()), 0);
}

#[tokio::test]
async fn a_reset_after_processing_loses_the_answer_of_a_refund_made_once() {
    let f = Fixture::start().await;
    f.sandbox
        .faults()
        .script(refund_route(), [Fault::ResetAfterProcessing]);
    assert_eq!(f.refundable_2001().await, "40.00000000");

    let error = assert_no_response(f.refund_2001("15.5").await);
    assert_eq!(
        io_kind(&error),
        Some(std::io::ErrorKind::ConnectionReset),
        "{error:?}"
    );

    // The refund happened, once.
    assert_eq!(f.refundable_2001().await, "24.50000000");
    let items = f.items().await;
    assert_eq!(items[0]["refundStatus"], "PARTIAL_REFUNDED");
    let refunds = f
        .craftgate(
            Method::GET,
            &format!(
                "/payment-reporting/v1/payments/{}/transactions/2001/refunds",
                seed::craftgate::PAYMENT_ID
            ),
            None,
        )
        .await
        .expect("refunds answer");
    let refunds: Value = refunds.json().await.expect("JSON");
    let refunds = refunds["data"]["items"].as_array().expect("items");
    assert_eq!(refunds.len(), 1, "{refunds:?}");
    assert_eq!(refunds[0]["refundPrice"].to_string(), "15.50000000");
    assert_eq!(f.sandbox.faults().attempts(&refund_route()), 1);
    assert_eq!(f.sandbox.faults().handled(&refund_route()), 1);

    // A blind retry refunds again: the queue is empty, the write is served.
    let again = f.refund_2001("15.5").await.expect("an answer");
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(f.refundable_2001().await, "9.00000000");
    assert_eq!(f.sandbox.faults().handled(&refund_route()), 2);
}

#[tokio::test]
async fn a_truncated_body_announces_the_whole_length_and_stops_halfway() {
    let f = Fixture::start().await;
    let whole = f
        .breakdown()
        .await
        .expect("an answer")
        .bytes()
        .await
        .expect("a whole body");
    f.sandbox
        .faults()
        .script(breakdown_route(), [Fault::TruncatedBody]);

    let mut response = f.breakdown().await.expect("the head arrives");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[CONTENT_TYPE], "application/json");
    assert_eq!(response.content_length(), Some(whole.len() as u64));
    let mut received = Vec::new();
    let error = loop {
        match response.chunk().await {
            Ok(Some(chunk)) => received.extend_from_slice(&chunk),
            Ok(None) => panic!("the body ended cleanly after {} bytes", received.len()),
            Err(error) => break error,
        }
    };
    assert!(error.is_body() || error.is_decode(), "{error:?}");
    assert_eq!(received, whole[..whole.len() / 2]);
    assert_eq!(f.sandbox.faults().handled(&breakdown_route()), 2);

    // Read in one go, the body fails too.
    f.sandbox
        .faults()
        .script(breakdown_route(), [Fault::TruncatedBody]);
    let response = f.breakdown().await.expect("the head arrives");
    assert!(response.bytes().await.is_err());
}

#[tokio::test]
async fn malformed_json_is_a_200_that_does_not_parse() {
    let f = Fixture::start().await;
    f.sandbox
        .faults()
        .script(breakdown_route(), [Fault::MalformedJson]);
    let response = f.breakdown().await.expect("an answer");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[CONTENT_TYPE], "application/json");
    let text = response.text().await.expect("a whole body");
    assert_eq!(text, r#"{"data": {"#);
    assert!(serde_json::from_str::<Value>(&text).is_err());
    assert_eq!(f.sandbox.faults().handled(&breakdown_route()), 0);
}

#[tokio::test]
async fn a_delay_waits_then_serves() {
    let f = Fixture::start().await;
    f.sandbox.faults().script(
        breakdown_route(),
        [Fault::Delay(Duration::from_millis(300))],
    );
    let started = Instant::now();
    let response = f.breakdown().await.expect("an answer");
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["data"]["items"].as_array().map(Vec::len), Some(3));
    assert_eq!(f.sandbox.faults().handled(&breakdown_route()), 1);

    // A client that gives up first sees a timeout; hyper drops the request when the
    // connection closes, so the handler never runs.
    f.sandbox.faults().script(
        breakdown_route(),
        [Fault::Delay(Duration::from_millis(400))],
    );
    let error = f
        .signed(Method::GET, &breakdown_path(), None)
        .timeout(Duration::from_millis(100))
        .send()
        .await
        .expect_err("times out");
    assert!(error.is_timeout(), "{error:?}");
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(f.sandbox.faults().attempts(&breakdown_route()), 2);
    assert_eq!(f.sandbox.faults().handled(&breakdown_route()), 1);
}

#[tokio::test]
async fn faults_are_taken_in_order_then_requests_are_served() {
    let f = Fixture::start().await;
    let spec: FaultSpec = format!("GET {BREAKDOWN}=503,429:1,pass,malformed,reset")
        .parse()
        .expect("a valid spec");
    f.sandbox.faults().script_spec(spec);
    let route = breakdown_route();
    assert_eq!(f.sandbox.faults().remaining(&route), 5);

    let mut seen = Vec::new();
    for _ in 0..7 {
        match f.breakdown().await {
            Err(_) => seen.push("no answer".to_string()),
            Ok(response) => {
                let status = response.status().as_u16();
                let body = response.text().await.expect("a whole body");
                let json = serde_json::from_str::<Value>(&body).is_ok();
                seen.push(format!("{status}{}", if json { " json" } else { "" }));
            }
        }
    }
    assert_eq!(
        seen,
        [
            "503",
            "429",
            "200 json",
            "200",
            "no answer",
            "200 json",
            "200 json"
        ]
    );
    assert_eq!(f.sandbox.faults().remaining(&route), 0);
    assert_eq!(f.sandbox.faults().attempts(&route), 7);
    assert_eq!(f.sandbox.faults().handled(&route), 3);
}

#[tokio::test]
async fn patterns_match_one_segment_and_ignore_the_query() {
    let f = Fixture::start().await;
    f.sandbox.faults().script(
        breakdown_route(),
        [Fault::status(StatusCode::GATEWAY_TIMEOUT)],
    );
    let id = seed::craftgate::PAYMENT_ID;
    let other = f
        .craftgate(
            Method::GET,
            &format!("/payment-reporting/v1/payments/{id}/refunds"),
            None,
        )
        .await
        .expect("an answer");
    assert_eq!(
        other.status(),
        StatusCode::OK,
        "another route is not faulted"
    );
    let with_query = f
        .craftgate(
            Method::GET,
            &format!("/payment-reporting/v1/payments/{id}/transactions?x=1"),
            None,
        )
        .await
        .expect("an answer");
    assert_eq!(with_query.status(), StatusCode::GATEWAY_TIMEOUT);

    let exact = Route::new(
        Method::GET,
        format!("/payment-reporting/v1/payments/{id}/transactions"),
    );
    assert_eq!(f.sandbox.faults().attempts(&exact), 1);
    assert_eq!(
        f.sandbox.faults().attempts(&Route::new(
            Method::GET,
            "/payment-reporting/v1/payments/*/refunds"
        )),
        1
    );
    assert_eq!(
        f.sandbox.faults().attempts(&Route::new(
            Method::GET,
            "/payment-reporting/v1/payments/*/*"
        )),
        2
    );
}

#[tokio::test]
async fn handled_counts_only_requests_past_the_credential_check_and_clear_forgets() {
    let f = Fixture::start().await;
    // No script needed for counts. A wrong signature is an attempt, not a handler run.
    let path = breakdown_path();
    let url = f.craftgate_url(&path);
    let unsigned = f.http.get(&url).send().await.expect("an answer");
    assert_eq!(unsigned.status(), StatusCode::UNAUTHORIZED);
    f.items().await;
    assert_eq!(f.sandbox.faults().attempts(&breakdown_route()), 2);
    assert_eq!(f.sandbox.faults().handled(&breakdown_route()), 1);
    // Another method on a served path reaches no handler.
    let wrong_method = f
        .craftgate(Method::POST, &path, None)
        .await
        .expect("an answer");
    assert_eq!(wrong_method.status(), StatusCode::METHOD_NOT_ALLOWED);
    let post = Route::new(Method::POST, BREAKDOWN);
    assert_eq!(f.sandbox.faults().attempts(&post), 1);
    assert_eq!(f.sandbox.faults().handled(&post), 0);

    f.sandbox
        .faults()
        .script(breakdown_route(), [Fault::MalformedJson]);
    f.sandbox.faults().clear();
    assert_eq!(f.sandbox.faults().attempts(&breakdown_route()), 0);
    assert_eq!(f.sandbox.faults().handled(&breakdown_route()), 0);
    assert_eq!(f.sandbox.faults().remaining(&breakdown_route()), 0);
    assert_eq!(f.items().await.len(), 3, "the fault is gone");
}

#[tokio::test]
async fn faults_apply_on_every_listener() {
    let f = Fixture::start().await;
    let info = f.sandbox.info().clone();
    let targets = [
        (
            info.oneentry.url.clone(),
            "/api/content/users-auth-providers",
        ),
        (
            info.paywall.payment_api_url.clone(),
            "/api/paywall/payment/bulk/payment/query/summary",
        ),
        (
            info.paywall.private_api_url.clone(),
            "/api/paywall/private/query",
        ),
        (
            info.craftgate.base_url.clone(),
            "/payment/v1/card-payments/1001",
        ),
    ];
    for (_, path) in &targets {
        f.sandbox.faults().script(
            Route::new(Method::GET, *path),
            [Fault::status(StatusCode::BAD_GATEWAY)],
        );
    }
    for (base, path) in &targets {
        let url = format!("{base}{path}");
        let faulted = f.http.get(&url).send().await.expect("an answer");
        assert_eq!(faulted.status(), StatusCode::BAD_GATEWAY, "{url}");
        // Then the provider answers: without credentials, a refusal (no handler run).
        let served = f.http.get(&url).send().await.expect("an answer");
        assert!(
            matches!(served.status().as_u16(), 401 | 403),
            "{url}: {}",
            served.status()
        );
        let route = Route::new(Method::GET, *path);
        assert_eq!(f.sandbox.faults().attempts(&route), 2, "{url}");
        assert_eq!(f.sandbox.faults().handled(&route), 0, "{url}");
    }

    // With the key pair, Paywall's handler runs.
    let summary = Route::new(Method::GET, targets[1].1);
    let response = f
        .http
        .get(format!("{}{}", targets[1].0, targets[1].1))
        .header("apikeypublic", &info.paywall.api_key_public)
        .header("apiclientpublic", &info.paywall.api_client_public)
        .header(
            "merchantuniquecode",
            &info.paywall.bulk_merchant_unique_code,
        )
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(f.sandbox.faults().handled(&summary), 1);
    // axum's method-not-allowed answer behind the key check is not a handler run.
    let response = f
        .http
        .post(format!("{}{}", targets[1].0, targets[1].1))
        .header("apikeypublic", &info.paywall.api_key_public)
        .header("apiclientpublic", &info.paywall.api_client_public)
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    let post = Route::new(Method::POST, targets[1].1);
    assert_eq!(f.sandbox.faults().attempts(&post), 1);
    assert_eq!(f.sandbox.faults().handled(&post), 0);
}
