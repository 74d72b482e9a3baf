//! What the sandbox pushes, over real HTTP to endpoints on loopback: Craftgate's signed
//! webhooks on its re-delivery schedule, Paywall's hashed bulk callbacks in pages, the
//! delivery log, triggers, seeding and the control listener.

mod receiver;

use std::time::Duration;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use payments_sandbox::{
    BatchSeed, DeliveryState, Endpoint, PushProvider, Sandbox, SandboxConfig, Trigger,
    TriggerError, seed,
};
use receiver::Receiver;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const SETTLE: Duration = Duration::from_secs(20);

async fn sandbox() -> Sandbox {
    Sandbox::start_with(SandboxConfig {
        push_time_scale: 1000,
        ..SandboxConfig::default()
    })
    .await
    .unwrap()
}

/// Serves `receiver` and registers it as an endpoint of `provider`.
async fn listen(sandbox: &Sandbox, provider: PushProvider, receiver: &Receiver) -> Endpoint {
    sandbox
        .pushes()
        .register(provider, &receiver.serve().await)
        .unwrap()
}

/// Base64(HMAC-SHA256(key, eventType + eventTimestamp + status + payloadId)).
fn craftgate_signature(key: &str, body: &Value) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).unwrap();
    let message = format!(
        "{}{}{}{}",
        body["eventType"].as_str().unwrap(),
        body["eventTimestamp"].as_i64().unwrap(),
        body["status"].as_str().unwrap(),
        body["payloadId"].as_str().unwrap()
    );
    mac.update(message.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn paywall_hash(key: &str, bulk_payment_id: i64, code: &str) -> String {
    Sha256::digest(format!("{key}###{bulk_payment_id}###{code}"))
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test]
async fn an_item_refund_pushes_one_signed_refund_tx_webhook() {
    let sandbox = sandbox().await;
    let receiver = Receiver::default();
    let endpoint = listen(&sandbox, PushProvider::Craftgate, &receiver).await;
    let triggered = sandbox
        .trigger(Trigger::CraftgateItemRefunded {
            item: seed::craftgate::PAYMENT_TRANSACTION_IDS[0],
            amount: Some("10.5".parse().unwrap()),
        })
        .unwrap();
    assert_eq!(triggered.deliveries.len(), 1, "{triggered:?}");
    let deliveries = sandbox.pushes().settled(SETTLE).await.unwrap();
    assert_eq!(deliveries.len(), 1);
    let delivery = &deliveries[0];
    assert_eq!(
        (delivery.provider, delivery.event.as_str(), delivery.state),
        (
            PushProvider::Craftgate,
            "REFUND_TX",
            DeliveryState::Delivered
        )
    );
    assert_eq!(delivery.url, endpoint.url);
    assert_eq!(delivery.attempts.len(), 1);
    assert_eq!(delivery.attempts[0].status, Some(200));

    let received = receiver.received();
    assert_eq!(received.len(), 1);
    let body = &received[0].body;
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "eventType",
            "eventTime",
            "eventTimestamp",
            "status",
            "payloadId"
        ]
    );
    assert_eq!(body["status"], "SUCCESS");
    assert_eq!(body["payloadId"], delivery.subject.as_str());
    let key = &sandbox.info().craftgate.webhook_key;
    assert_eq!(
        received[0].headers["x-cg-signature-v1"],
        craftgate_signature(key, body).as_str()
    );
    assert_eq!(received[0].headers["content-type"], "application/json");
    // The refund the webhook names exists, on the item refunded.
    let refund: Value = serde_json::from_str(&delivery.body).unwrap();
    assert_eq!(&refund, body);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_whole_payment_refund_pushes_refund_for_a_cancel_and_refund_tx_per_item_otherwise() {
    let sandbox = sandbox().await;
    let receiver = Receiver::default();
    listen(&sandbox, PushProvider::Craftgate, &receiver).await;
    // Same day, nothing refunded: a CANCEL with its own id.
    sandbox
        .trigger(Trigger::CraftgatePaymentRefunded {
            payment: seed::craftgate::SAME_DAY_PAYMENT_ID,
        })
        .unwrap();
    // An older payment with three items: one item refund each.
    let items = sandbox
        .trigger(Trigger::CraftgatePaymentRefunded {
            payment: seed::craftgate::PAYMENT_ID,
        })
        .unwrap();
    assert_eq!(items.deliveries.len(), 3, "{items:?}");
    let deliveries = sandbox.pushes().settled(SETTLE).await.unwrap();
    let events: Vec<&str> = deliveries.iter().map(|d| d.event.as_str()).collect();
    assert_eq!(events, ["REFUND", "REFUND_TX", "REFUND_TX", "REFUND_TX"]);
    assert!(
        deliveries
            .iter()
            .all(|d| d.state == DeliveryState::Delivered)
    );
    // Nothing is left: refused, and nothing pushed.
    let refused = sandbox
        .trigger(Trigger::CraftgatePaymentRefunded {
            payment: seed::craftgate::PAYMENT_ID,
        })
        .unwrap_err();
    assert!(
        matches!(&refused, TriggerError::Refused(m) if m.contains("fully refunded")),
        "{refused}"
    );
    let missing = sandbox
        .trigger(Trigger::CraftgatePaymentRefunded { payment: 999_999 })
        .unwrap_err();
    assert!(matches!(missing, TriggerError::NotFound(_)), "{missing}");
    assert_eq!(sandbox.pushes().deliveries().len(), 4);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_failed_delivery_is_attempted_again_until_a_2xx_at_most_five_times() {
    let sandbox = sandbox().await;
    let twice = Receiver::answering(&[500, 503]);
    let never = Receiver::answering(&[500; 10]);
    listen(&sandbox, PushProvider::Craftgate, &twice).await;
    listen(&sandbox, PushProvider::Craftgate, &never).await;
    sandbox
        .trigger(Trigger::CraftgateItemRefunded {
            item: seed::craftgate::PAYMENT_TRANSACTION_IDS[2],
            amount: None,
        })
        .unwrap();
    let deliveries = sandbox.pushes().settled(SETTLE).await.unwrap();
    assert_eq!(deliveries.len(), 2, "one delivery per endpoint");
    let statuses = |i: usize| -> Vec<Option<u16>> {
        deliveries[i].attempts.iter().map(|a| a.status).collect()
    };
    assert_eq!(statuses(0), [Some(500), Some(503), Some(200)]);
    assert_eq!(deliveries[0].state, DeliveryState::Delivered);
    assert_eq!(statuses(1), [Some(500); 5]);
    assert_eq!(deliveries[1].state, DeliveryState::GaveUp);
    let numbers: Vec<u32> = deliveries[1].attempts.iter().map(|a| a.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5]);
    // The waits grow as Craftgate's do (10 s, 30 s, 3 min, 10 min, at 1/1000).
    let at: Vec<_> = deliveries[1].attempts.iter().map(|a| a.at).collect();
    let gaps: Vec<i64> = at
        .windows(2)
        .map(|w| (w[1] - w[0]).num_milliseconds())
        .collect();
    assert!(
        gaps[0] >= 10 && gaps[1] >= 30 && gaps[2] >= 180 && gaps[3] >= 600,
        "{gaps:?}"
    );
    assert_eq!(twice.received().len(), 3);
    assert_eq!(never.received().len(), 5);
    // The same body every time.
    let bodies: Vec<Value> = never.received().into_iter().map(|r| r.body).collect();
    assert!(bodies.windows(2).all(|w| w[0] == w[1]));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn no_answer_in_time_or_no_listener_counts_as_a_failed_attempt() {
    let sandbox = Sandbox::start_with(SandboxConfig {
        push_time_scale: 1000,
        push_attempt_timeout: Duration::from_millis(500),
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let slow = Receiver::slow(Duration::from_secs(3));
    let slow_url = slow.serve().await;
    sandbox
        .pushes()
        .register(PushProvider::Craftgate, &slow_url)
        .unwrap();
    // A port nobody listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!("http://{}/hooks", closed.local_addr().unwrap());
    drop(closed);
    sandbox
        .pushes()
        .register(PushProvider::Craftgate, &dead)
        .unwrap();
    sandbox
        .trigger(Trigger::CraftgatePaymentRefunded {
            payment: seed::craftgate::SAME_DAY_PAYMENT_ID,
        })
        .unwrap();
    let deliveries = sandbox
        .pushes()
        .settled(Duration::from_secs(30))
        .await
        .unwrap();
    assert_eq!(deliveries.len(), 2);
    for delivery in &deliveries {
        assert_eq!(delivery.state, DeliveryState::GaveUp, "{delivery:?}");
        assert_eq!(delivery.attempts.len(), 5);
        assert!(
            delivery
                .attempts
                .iter()
                .all(|a| a.status.is_none() && a.error.is_some())
        );
    }
    let slow_delivery = deliveries.iter().find(|d| d.url == slow_url).unwrap();
    assert!(
        slow_delivery.attempts[0]
            .error
            .as_ref()
            .unwrap()
            .contains("no answer within"),
        "{slow_delivery:?}"
    );
    assert!(slow_delivery.attempts[0].latency_ms >= 500);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_seeded_batch_of_2345_reports_in_three_hashed_pages_to_its_address_and_each_endpoint() {
    let sandbox = sandbox().await;
    let own = Receiver::default();
    let registered = Receiver::default();
    listen(&sandbox, PushProvider::Paywall, &registered).await;
    // A Craftgate endpoint gets nothing from Paywall.
    let craftgate = Receiver::default();
    listen(&sandbox, PushProvider::Craftgate, &craftgate).await;
    let mut seed = BatchSeed::new(2345);
    seed.merchant_unique_code = Some("batch-2345".into());
    seed.callback_url = Some(own.serve().await);
    let batch = sandbox.paywall().seed_batch(seed).unwrap();
    assert_eq!((batch.payment_count, batch.deliveries.len()), (2345, 6));
    sandbox.pushes().settled(SETTLE).await.unwrap();
    assert!(craftgate.received().is_empty());
    let key = &sandbox.info().paywall.webhook_hash_key;
    for receiver in [&own, &registered] {
        let pages: Vec<Value> = receiver.received().into_iter().map(|r| r.body).collect();
        let shape: Vec<(u64, u64, bool, usize)> = pages
            .iter()
            .map(|p| {
                (
                    p["PageNumber"].as_u64().unwrap(),
                    p["TotalPages"].as_u64().unwrap(),
                    p["HasMorePages"].as_bool().unwrap(),
                    p["Payments"].as_array().unwrap().len(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            [(1, 3, true, 1000), (2, 3, true, 1000), (3, 3, false, 345)]
        );
        for page in &pages {
            assert_eq!(page["BulkPaymentId"], batch.bulk_payment_id);
            assert_eq!(page["MerchantUniqueCode"], "batch-2345");
            assert_eq!(
                page["Hash"],
                paywall_hash(key, batch.bulk_payment_id, "batch-2345").as_str()
            );
        }
        let mut ids: Vec<i64> = pages
            .iter()
            .flat_map(|p| {
                p["Payments"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x["PaymentId"].as_i64().unwrap())
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 2345, "every payment once");
    }
    let pages: Vec<Option<(u32, u32)>> = sandbox
        .pushes()
        .deliveries()
        .iter()
        .map(|d| d.page)
        .collect();
    assert_eq!(
        pages,
        [
            Some((1, 3)),
            Some((2, 3)),
            Some((3, 3)),
            Some((1, 3)),
            Some((2, 3)),
            Some((3, 3))
        ]
    );
    // A code taken: refused; an empty batch, a callback that is not http: invalid.
    let mut again = BatchSeed::new(1);
    again.merchant_unique_code = Some("batch-2345".into());
    assert!(matches!(
        sandbox.paywall().seed_batch(again),
        Err(TriggerError::Refused(_))
    ));
    assert!(matches!(
        sandbox.paywall().seed_batch(BatchSeed::new(0)),
        Err(TriggerError::Invalid(_))
    ));
    let mut https = BatchSeed::new(1);
    https.callback_url = Some("https://merchant.example/callback".into());
    assert!(matches!(
        sandbox.paywall().seed_batch(https),
        Err(TriggerError::Invalid(_))
    ));
    let mut empty = BatchSeed::new(1);
    empty.merchant_unique_code = Some(" ".into());
    assert!(matches!(
        sandbox.paywall().seed_batch(empty),
        Err(TriggerError::Invalid(_))
    ));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn bulk_operations_report_by_callback_and_resends_stop_after_seven_days() {
    let sandbox = sandbox().await;
    let receiver = Receiver::default();
    listen(&sandbox, PushProvider::Paywall, &receiver).await;
    let code = seed::paywall::BULK_MERCHANT_UNIQUE_CODE.to_string();
    // The seeded batch is of yesterday: it cannot be cancelled, it can be refunded.
    let cancel = sandbox
        .trigger(Trigger::PaywallBulkCancelled {
            batch: code.clone(),
        })
        .unwrap_err();
    assert!(
        matches!(&cancel, TriggerError::Refused(m) if m.contains("payment day")),
        "{cancel}"
    );
    let refunded = sandbox
        .trigger(Trigger::PaywallBulkRefunded {
            batch: code.clone(),
        })
        .unwrap();
    assert_eq!(refunded.deliveries.len(), 1, "23 payments: one page");
    let resent = sandbox
        .trigger(Trigger::PaywallBulkCompleted {
            batch: code.clone(),
        })
        .unwrap();
    assert_eq!(resent.deliveries.len(), 1);
    sandbox.pushes().settled(SETTLE).await.unwrap();
    let pages: Vec<Value> = receiver.received().into_iter().map(|r| r.body).collect();
    assert_eq!(pages.len(), 2);
    // The refund reports under its own BulkPaymentId, the re-send under the batch's.
    assert_ne!(pages[0]["BulkPaymentId"], seed::paywall::BULK_PAYMENT_ID);
    assert_eq!(pages[1]["BulkPaymentId"], seed::paywall::BULK_PAYMENT_ID);
    assert!(
        pages
            .iter()
            .all(|p| p["MerchantUniqueCode"] == code.as_str())
    );

    // A batch of today can be cancelled; one 7 days old re-sent; one 8 days old not.
    for (days_ago, name) in [(0, "today"), (7, "week"), (8, "older")] {
        let mut seed = BatchSeed::new(3);
        seed.days_ago = days_ago;
        seed.merchant_unique_code = Some(name.into());
        sandbox.paywall().seed_batch(seed).unwrap();
    }
    sandbox
        .trigger(Trigger::PaywallBulkCancelled {
            batch: "today".into(),
        })
        .unwrap();
    sandbox
        .trigger(Trigger::PaywallBulkCompleted {
            batch: "week".into(),
        })
        .unwrap();
    let old = sandbox
        .trigger(Trigger::PaywallBulkCompleted {
            batch: "older".into(),
        })
        .unwrap_err();
    assert!(
        matches!(&old, TriggerError::Refused(m) if m.contains("7 days")),
        "{old}"
    );
    let unknown = sandbox
        .trigger(Trigger::PaywallBulkCompleted {
            batch: "nope".into(),
        })
        .unwrap_err();
    assert!(matches!(unknown, TriggerError::NotFound(_)));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_unregistered_endpoint_gets_nothing_more() {
    let sandbox = sandbox().await;
    let receiver = Receiver::default();
    let endpoint = listen(&sandbox, PushProvider::Craftgate, &receiver).await;
    assert_eq!(
        sandbox.pushes().endpoints(),
        std::slice::from_ref(&endpoint)
    );
    assert!(sandbox.pushes().unregister(endpoint.id));
    assert!(!sandbox.pushes().unregister(endpoint.id));
    let triggered = sandbox
        .trigger(Trigger::CraftgatePaymentRefunded {
            payment: seed::craftgate::SAME_DAY_PAYMENT_ID,
        })
        .unwrap();
    assert!(triggered.deliveries.is_empty());
    sandbox.pushes().settled(SETTLE).await.unwrap();
    assert!(receiver.received().is_empty());
    for bad in [
        "http://example.com/hooks",
        "https://example.com/hooks",
        "not a url",
        "http://user:pw@127.0.0.1:1/",
    ] {
        assert!(
            sandbox
                .pushes()
                .register(PushProvider::Paywall, bad)
                .is_err(),
            "{bad}"
        );
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_control_listener_drives_the_same_pushes_over_http() {
    let sandbox = sandbox().await;
    let control = sandbox.info().control.url.clone();
    let http = payments_wire::client_builder("test")
        .unwrap()
        .build()
        .unwrap();
    let receiver = Receiver::answering(&[500]);
    let url = receiver.serve().await;

    let info: Value = http
        .get(format!("{control}/info"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(info["control"]["push_time_scale"], 1000);
    assert_eq!(
        info["craftgate"]["webhook_key"],
        sandbox.info().craftgate.webhook_key.as_str()
    );

    let registered = http
        .post(format!("{control}/endpoints"))
        .json(&json!({"provider": "craftgate", "url": url}))
        .send()
        .await
        .unwrap();
    assert_eq!(registered.status(), 201);
    let endpoint: Value = registered.json().await.unwrap();

    let triggered = http
        .post(format!("{control}/trigger"))
        .json(&json!({"provider": "craftgate", "event": "item-refunded", "item": 2003, "amount": 1.25}))
        .send()
        .await
        .unwrap();
    assert_eq!(triggered.status(), 200);
    let triggered: Value = triggered.json().await.unwrap();
    assert_eq!(
        triggered["deliveries"].as_array().unwrap().len(),
        1,
        "{triggered}"
    );

    let seeded = http
        .post(format!("{control}/paywall/batches"))
        .json(&json!({"size": 5, "merchant_unique_code": "over-http"}))
        .send()
        .await
        .unwrap();
    assert_eq!(seeded.status(), 201);
    assert_eq!(seeded.json::<Value>().await.unwrap()["payment_count"], 5);

    sandbox.pushes().settled(SETTLE).await.unwrap();
    let deliveries: Value = http
        .get(format!("{control}/deliveries"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let attempts: Vec<u64> = deliveries[0]["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status"].as_u64().unwrap())
        .collect();
    assert_eq!(attempts, [500, 200]);
    assert_eq!(deliveries[0]["state"], "delivered");

    let status = |r: reqwest::Response| r.status().as_u16();
    let errors = [
        (
            json!({"provider": "craftgate", "event": "payment-exploded", "payment": 1}),
            400,
            "has no event",
        ),
        (
            json!({"provider": "craftgate", "event": "payment-refunded"}),
            400,
            "needs `payment`",
        ),
        (
            json!({"provider": "craftgate", "event": "payment-refunded", "payment": 424242}),
            404,
            "not found",
        ),
        (
            json!({"provider": "craftgate", "event": "payment-refunded", "payment": seed::craftgate::FAILED_PAYMENT_ID}),
            409,
            "did not succeed",
        ),
        (
            json!({"provider": "stripe", "event": "x"}),
            400,
            "bad JSON body",
        ),
    ];
    for (request, expected, text) in errors {
        let answer = http
            .post(format!("{control}/trigger"))
            .json(&request)
            .send()
            .await
            .unwrap();
        assert_eq!(status_text(answer, expected, text).await, (), "{request}");
    }
    let gone = http
        .delete(format!("{control}/endpoints/{}", endpoint["id"]))
        .send()
        .await
        .unwrap();
    assert_eq!(status(gone), 204);
    let again = http
        .delete(format!("{control}/endpoints/{}", endpoint["id"]))
        .send()
        .await
        .unwrap();
    assert_eq!(status(again), 404);
    let too_big = http
        .post(format!("{control}/paywall/batches"))
        .json(&json!({"size": 1_000_001}))
        .send()
        .await
        .unwrap();
    status_text(too_big, 400, "1 to 1000000 payments").await;
    let https = http
        .post(format!("{control}/endpoints"))
        .json(&json!({"provider": "paywall", "url": "https://example.com/"}))
        .send()
        .await
        .unwrap();
    assert_eq!(status(https), 400);
    sandbox.shutdown().await;
}

/// Checks an error answer's status and text.
async fn status_text(answer: reqwest::Response, status: u16, text: &str) {
    assert_eq!(answer.status().as_u16(), status);
    let body: Value = answer.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains(text), "{body}");
}

#[tokio::test]
async fn deliveries_still_waiting_when_the_sandbox_stops_are_recorded_as_stopped() {
    // The providers' own schedule: Craftgate's first attempt would come after 30 s.
    let sandbox = Sandbox::start().await.unwrap();
    let receiver = Receiver::default();
    listen(&sandbox, PushProvider::Craftgate, &receiver).await;
    sandbox
        .trigger(Trigger::CraftgatePaymentRefunded {
            payment: seed::craftgate::SAME_DAY_PAYMENT_ID,
        })
        .unwrap();
    let pushes = sandbox.pushes().clone();
    assert_eq!(pushes.deliveries()[0].state, DeliveryState::Pending);
    sandbox.shutdown().await;
    let deliveries = pushes.settled(Duration::from_secs(5)).await.unwrap();
    assert_eq!(deliveries[0].state, DeliveryState::Stopped);
    assert!(deliveries[0].attempts.is_empty());
    assert!(receiver.received().is_empty());
}

#[tokio::test]
async fn stopping_the_sandbox_cuts_an_attempt_under_way_short() {
    let sandbox = sandbox().await;
    let slow = Receiver::slow(Duration::from_secs(5));
    listen(&sandbox, PushProvider::Craftgate, &slow).await;
    sandbox
        .trigger(Trigger::CraftgateItemRefunded {
            item: seed::craftgate::PAYMENT_TRANSACTION_IDS[1],
            amount: None,
        })
        .unwrap();
    while slow.received().is_empty() {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let pushes = sandbox.pushes().clone();
    sandbox.shutdown().await;
    let started = std::time::Instant::now();
    let deliveries = pushes.settled(Duration::from_secs(5)).await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "not after the endpoint's answer"
    );
    assert_eq!(deliveries[0].state, DeliveryState::Stopped);
    assert!(deliveries[0].attempts.is_empty(), "{deliveries:?}");
}

#[tokio::test]
async fn a_trigger_checks_its_amount_before_booking() {
    let sandbox = sandbox().await;
    for amount in ["0", "-1", "0.000000001"] {
        let refused = sandbox
            .trigger(Trigger::CraftgateItemRefunded {
                item: seed::craftgate::PAYMENT_TRANSACTION_IDS[0],
                amount: Some(amount.parse().unwrap()),
            })
            .unwrap_err();
        assert!(
            matches!(&refused, TriggerError::Invalid(m) if m.contains("positive")),
            "{amount}: {refused}"
        );
    }
    let http = payments_wire::client_builder("test")
        .unwrap()
        .build()
        .unwrap();
    let answer = http
        .post(format!("{}/trigger", sandbox.info().control.url))
        .json(
            &json!({"provider": "craftgate", "event": "item-refunded", "item": 2001, "amount": -5}),
        )
        .send()
        .await
        .unwrap();
    status_text(answer, 400, "positive").await;
    sandbox.shutdown().await;
}

#[tokio::test]
async fn triggers_and_seeding_work_from_a_thread_outside_the_runtime() {
    let sandbox = sandbox().await;
    let receiver = Receiver::default();
    listen(&sandbox, PushProvider::Paywall, &receiver).await;
    let (seeded, resent) = std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let seeded = sandbox.paywall().seed_batch(BatchSeed::new(3)).unwrap();
                let resent = sandbox
                    .trigger(Trigger::PaywallBulkCompleted {
                        batch: seeded.merchant_unique_code.clone(),
                    })
                    .unwrap();
                (seeded, resent)
            })
            .join()
            .unwrap()
    });
    assert_eq!((seeded.deliveries.len(), resent.deliveries.len()), (1, 1));
    sandbox.pushes().settled(SETTLE).await.unwrap();
    assert_eq!(receiver.received().len(), 2);
    sandbox.shutdown().await;
}
