//! The fake Craftgate's `x-idempotency-key` over real HTTP
//! (docs/providers/craftgate.md#idempotency-key): a refund sent again with its key happens
//! once and gets the first answer, also when the first answer was lost to a reset or the
//! two requests overlap. Requests are signed by the fault tests' fixture
//! (faults/support.rs); the key is not part of the signature.

#[path = "faults/support.rs"]
#[allow(dead_code, reason = "shared with tests/faults.rs, which uses the rest")]
mod support;

use std::time::{Duration, Instant};

use payments_sandbox::{Fault, Route, seed};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use support::{Fixture, REFUND_ITEM, assert_no_response, io_kind, refund_route};

const REFUND_PAYMENT: &str = "/payment/v1/refunds";

/// An answer's status and JSON body.
async fn answer(result: reqwest::Result<reqwest::Response>) -> (StatusCode, Value) {
    let response = result.expect("an answer");
    let status = response.status();
    (status, response.json().await.expect("a JSON body"))
}

impl Fixture {
    /// A signed POST of `body` to `path`, with `key` as `x-idempotency-key` when given.
    async fn post(
        &self,
        path: &str,
        body: &str,
        key: Option<&str>,
    ) -> reqwest::Result<reqwest::Response> {
        let mut request = self.signed(Method::POST, path, Some(body));
        if let Some(key) = key {
            request = request.header("x-idempotency-key", key);
        }
        request.send().await
    }

    /// A GET answered with 200: its `data`.
    async fn data(&self, path: &str) -> Value {
        let (status, body) = answer(self.craftgate(Method::GET, path, None).await).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        body["data"].clone()
    }

    /// The item refunds of item `tx` of the demo payment, from the reporting API.
    async fn item_refunds(&self, tx: i64) -> Vec<Value> {
        let path = format!(
            "/payment-reporting/v1/payments/{}/transactions/{tx}/refunds",
            seed::craftgate::PAYMENT_ID
        );
        self.data(&path).await["items"]
            .as_array()
            .expect("items")
            .clone()
    }
}

fn refund_2001(price: &str) -> String {
    format!(r#"{{"paymentTransactionId":2001,"refundPrice":{price}}}"#)
}

#[tokio::test]
async fn an_item_refund_sent_twice_with_its_key_happens_once() {
    let f = Fixture::start().await;
    let first = answer(
        f.post(REFUND_ITEM, &refund_2001("15.5"), Some("item-1"))
            .await,
    )
    .await;
    let again = answer(
        f.post(REFUND_ITEM, &refund_2001("15.5"), Some("item-1"))
            .await,
    )
    .await;
    assert_eq!(first.0, StatusCode::OK, "{}", first.1);
    assert_eq!(first.1["data"]["refundPrice"].to_string(), "15.50000000");
    assert_eq!(again, first, "the same status and body");
    assert_eq!(f.item_refunds(2001).await.len(), 1);
    assert_eq!(f.refundable_2001().await, "24.50000000");
    assert_eq!(f.sandbox.faults().handled(&refund_route()), 1);
    assert_eq!(f.sandbox.craftgate().idempotent_replays(), 1);

    // Another body under the same key: the first answer, nothing refunded (the sandbox's
    // choice; the docs are silent).
    let other = answer(f.post(REFUND_ITEM, &refund_2001("1"), Some("item-1")).await).await;
    assert_eq!(other, first);
    assert_eq!(f.item_refunds(2001).await.len(), 1);

    // Another key is another refund.
    let second = answer(
        f.post(REFUND_ITEM, &refund_2001("15.5"), Some("item-2"))
            .await,
    )
    .await;
    assert_eq!(second.0, StatusCode::OK, "{}", second.1);
    assert_ne!(second.1["data"]["id"], first.1["data"]["id"]);
    assert_eq!(f.item_refunds(2001).await.len(), 2);
    assert_eq!(f.refundable_2001().await, "9.00000000");

    // Without a key, as before: each request is a refund.
    for _ in 0..2 {
        let (status, body) = answer(f.post(REFUND_ITEM, &refund_2001("1"), None).await).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    assert_eq!(f.item_refunds(2001).await.len(), 4);
    assert_eq!(f.refundable_2001().await, "7.00000000");
    assert_eq!(f.sandbox.faults().handled(&refund_route()), 4);
    assert_eq!(f.sandbox.craftgate().idempotent_replays(), 2);
}

#[tokio::test]
async fn a_payment_refund_sent_twice_with_its_key_happens_once() {
    let f = Fixture::start().await;
    let id = seed::craftgate::SAME_DAY_PAYMENT_ID;
    let body = json!({ "paymentId": id }).to_string();
    let first = answer(f.post(REFUND_PAYMENT, &body, Some("cancel-1")).await).await;
    let again = answer(f.post(REFUND_PAYMENT, &body, Some("cancel-1")).await).await;
    assert_eq!(first.0, StatusCode::OK, "{}", first.1);
    assert_eq!(first.1["data"]["refundType"], "CANCEL");
    assert_eq!(again, first, "the same status and body");
    let refunds = f
        .data(&format!("/payment-reporting/v1/payments/{id}/refunds"))
        .await;
    assert_eq!(refunds["items"].as_array().map(Vec::len), Some(1));
    let payment = f
        .data(&format!("/payment-reporting/v1/payments/{id}"))
        .await;
    assert_eq!(payment["refundStatus"], "FULLY_REFUNDED");

    // The key belongs to this path: on the item refund path it is a new request.
    let item = payment["paymentTransactions"][0]["id"].clone();
    let item_body = json!({ "paymentTransactionId": item }).to_string();
    let (status, _) = answer(f.post(REFUND_ITEM, &item_body, Some("cancel-1")).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "handled: nothing left");

    // Another key is handled again: nothing is left to refund.
    let (status, body) = answer(f.post(REFUND_PAYMENT, &body, Some("cancel-2")).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(f.sandbox.craftgate().idempotent_replays(), 1);
}

#[tokio::test]
async fn a_request_refused_for_its_signature_does_not_take_the_key() {
    let f = Fixture::start().await;
    // Signed for one body, sent with another.
    let (status, _) = answer(
        f.signed(Method::POST, REFUND_ITEM, Some(&refund_2001("15.5")))
            .body(refund_2001("16"))
            .header("x-idempotency-key", "item-1")
            .send()
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, body) = answer(
        f.post(REFUND_ITEM, &refund_2001("15.5"), Some("item-1"))
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(f.item_refunds(2001).await.len(), 1);
}

#[tokio::test]
async fn overlapping_requests_with_one_key_refund_once() {
    let f = Fixture::start().await;
    let route = refund_route();
    f.sandbox
        .faults()
        .script(route.clone(), [Fault::Delay(Duration::from_millis(500))]);
    let body = refund_2001("15.5");
    let started = Instant::now();
    let (first, second) = tokio::join!(f.post(REFUND_ITEM, &body, Some("item-1")), async {
        // Sent once the first is held by its delay.
        while f.sandbox.faults().attempts(&route) == 0 {
            assert!(started.elapsed() < Duration::from_secs(5), "never arrived");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        f.post(REFUND_ITEM, &body, Some("item-1")).await
    },);
    assert!(started.elapsed() >= Duration::from_millis(500));
    let (first, second) = (answer(first).await, answer(second).await);
    assert_eq!(first.0, StatusCode::OK, "{}", first.1);
    assert_eq!(first, second, "the same status and body");
    assert_eq!(f.item_refunds(2001).await.len(), 1);
    assert_eq!(f.refundable_2001().await, "24.50000000");
    assert_eq!(f.sandbox.faults().attempts(&route), 2);
    assert_eq!(f.sandbox.faults().handled(&route), 1);
    assert_eq!(f.sandbox.craftgate().idempotent_replays(), 1);
}

#[tokio::test]
async fn a_retry_after_a_lost_answer_gets_the_refund_made_once() {
    let f = Fixture::start().await;
    f.sandbox
        .faults()
        .script(refund_route(), [Fault::ResetAfterProcessing]);
    // A pooled connection first: the client must not retry the write on its own.
    assert_eq!(f.refundable_2001().await, "40.00000000");

    let lost = f
        .post(REFUND_ITEM, &refund_2001("15.5"), Some("item-1"))
        .await;
    let error = assert_no_response(lost);
    assert_eq!(
        io_kind(&error),
        Some(std::io::ErrorKind::ConnectionReset),
        "{error:?}"
    );
    assert_eq!(
        f.refundable_2001().await,
        "24.50000000",
        "the refund happened"
    );

    let (status, retried) = answer(
        f.post(REFUND_ITEM, &refund_2001("15.5"), Some("item-1"))
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{retried}");
    let refunds = f.item_refunds(2001).await;
    assert_eq!(refunds.len(), 1, "{refunds:?}");
    let id = &retried["data"]["id"];
    assert_eq!(&refunds[0]["id"], id);
    assert_eq!(retried["data"]["refundPrice"].to_string(), "15.50000000");
    let stored = f
        .data(&format!("/payment/v1/refund-transactions/{id}"))
        .await;
    assert_eq!(retried["data"], stored, "the answer is the refund");
    assert_eq!(f.refundable_2001().await, "24.50000000");
    assert_eq!(f.sandbox.faults().handled(&refund_route()), 1);
    assert_eq!(
        f.sandbox
            .faults()
            .attempts(&Route::new(Method::POST, REFUND_ITEM)),
        2
    );
}
