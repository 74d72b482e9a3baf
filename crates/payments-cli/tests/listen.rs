//! `payments listen` and `payments trigger` end to end: a sandbox pushing 1000 times faster
//! than the providers, `listen` forwarding to a receiver that records what it gets, and
//! `trigger` driving the sandbox through its control listener.

use std::time::Duration;

use craftgate_client::Secret;
use craftgate_client::webhook::verify_webhook;
use payments_sandbox::{DeliveryState, PushProvider};
use serde_json::Value;

mod common;

use common::{Listen, Receiver, WAIT, control_url, fast_sandbox, ok, payments, sandbox_with, text};

/// The deliveries line of `trigger`: the ids.
fn delivery_ids(stdout: &str) -> Vec<u64> {
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("deliveries: "))
        .unwrap_or_else(|| panic!("no deliveries line in:\n{stdout}"));
    line.split(", ")
        .map(|id| id.parse().unwrap_or_else(|_| panic!("{line}")))
        .collect()
}

/// The columns of a text line: time, provider, event (with its page), id, `->`, status.
fn columns(line: &str) -> Vec<&str> {
    line.split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_triggered_webhook_reaches_the_endpoint_signed_and_listen_prints_it() {
    let sandbox = fast_sandbox().await;
    let receiver = Receiver::start(&[]).await;
    let control = control_url(&sandbox);
    let listen = Listen::start(&receiver.url, &["--sandbox", &control]).await;
    let key = &sandbox.info().craftgate.webhook_key;
    assert!(
        listen
            .stderr
            .contains(&format!("Craftgate webhook key (x-cg-signature-v1): {key}")),
        "{:#?}",
        listen.stderr
    );
    assert_eq!(
        sandbox.pushes().endpoints().len(),
        2,
        "craftgate and paywall"
    );
    let mut listen = listen;

    let out = payments(
        &control,
        &["trigger", "craftgate", "item-refunded", "--item", "2001"],
    )
    .await;
    let stdout = ok(&out);
    assert!(stdout.starts_with("refunded payment item 2001"), "{stdout}");
    let ids = delivery_ids(&stdout);
    assert_eq!(ids.len(), 1, "{stdout}");

    let line = listen.line().await;
    let cols = columns(&line);
    assert_eq!(cols.len(), 6, "{line}");
    chrono::DateTime::parse_from_rfc3339(cols[0]).expect("an RFC 3339 time");
    assert!(cols[0].ends_with('Z') && cols[0].len() == 20, "{line}");
    assert_eq!(&cols[1..5], ["craftgate", "REFUND_TX", cols[3], "-> 200"]);
    assert!(cols[5].ends_with(" ms"), "{line}");

    let deliveries = sandbox.pushes().settled(WAIT).await.expect("settled");
    assert_eq!(deliveries.len(), 1);
    let delivery = &deliveries[0];
    assert_eq!(delivery.id, ids[0]);
    assert_eq!(delivery.state, DeliveryState::Delivered);
    assert_eq!(delivery.subject, cols[3], "the id is the payloadId");
    assert_eq!(delivery.attempts.len(), 1);
    assert_eq!(delivery.attempts[0].status, Some(200));

    // The receiver got the body byte for byte, with the signature header, valid under the
    // sandbox's webhook key.
    let received = receiver.received();
    assert_eq!(received.len(), 1);
    let got = &received[0];
    assert_eq!(got.path, "/webhooks");
    assert_eq!(got.body, delivery.body.as_bytes());
    let signature = got.headers["x-cg-signature-v1"].to_str().unwrap();
    let (_, sent) = delivery
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("x-cg-signature-v1"))
        .expect("the sandbox signed it");
    assert_eq!(signature, sent);
    let event = verify_webhook(&Secret::new(key.as_str()), &got.body, signature)
        .expect("a valid signature");
    assert_eq!(event.payload_id, cols[3]);
    assert_eq!(got.headers["content-type"], "application/json");
    assert_eq!(got.headers["user-agent"], "payments-sandbox");

    // SIGTERM: exit 0, endpoints gone.
    let (code, _) = listen.terminate().await;
    assert_eq!(code, Some(0));
    assert_eq!(sandbox.pushes().endpoints(), []);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_endpoints_status_goes_back_so_craftgate_retries() {
    let sandbox = fast_sandbox().await;
    let receiver = Receiver::start(&[500, 500]).await;
    let control = control_url(&sandbox);
    let mut listen = Listen::start(
        &receiver.url,
        &["--sandbox", &control, "--provider", "craftgate"],
    )
    .await;
    assert_eq!(sandbox.pushes().endpoints().len(), 1);
    assert!(
        !listen.stderr.iter().any(|l| l.contains("Paywall")),
        "{:#?}",
        listen.stderr
    );
    let out = payments(
        &control,
        &[
            "trigger",
            "craftgate",
            "item-refunded",
            "--item",
            "2002",
            "--amount",
            "1.00",
        ],
    )
    .await;
    let ids = delivery_ids(&ok(&out));
    assert_eq!(ids.len(), 1);

    let lines = listen.lines(3).await;
    let outcomes: Vec<&str> = lines.iter().map(|l| columns(l)[4]).collect();
    assert_eq!(outcomes, ["-> 500", "-> 500", "-> 200"], "{lines:#?}");
    let payload = columns(&lines[0])[3];
    assert!(lines.iter().all(|l| columns(l)[3] == payload), "{lines:#?}");
    assert_eq!(listen.quiet_for(Duration::from_millis(300)).await, None);

    let deliveries = sandbox.pushes().settled(WAIT).await.expect("settled");
    assert_eq!(deliveries.len(), 1);
    let statuses: Vec<Option<u16>> = deliveries[0].attempts.iter().map(|a| a.status).collect();
    assert_eq!(statuses, [Some(500), Some(500), Some(200)]);
    assert_eq!(deliveries[0].state, DeliveryState::Delivered);
    assert_eq!(receiver.received().len(), 3);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ndjson_lines_are_json_objects_and_a_dead_endpoint_is_a_502() {
    let sandbox = fast_sandbox().await;
    let control = control_url(&sandbox);
    // Nothing listens on the forward URL: every forward fails.
    let dead = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/webhooks", listener.local_addr().unwrap())
    };
    let receiver = Receiver::start(&[]).await;
    let mut listen = Listen::start(
        &receiver.url,
        &["--sandbox", &control, "--output", "ndjson"],
    )
    .await;
    let out = payments(
        &control,
        &[
            "trigger",
            "craftgate",
            "payment-refunded",
            "--payment",
            "1001",
        ],
    )
    .await;
    let ids = delivery_ids(&ok(&out));
    assert!(!ids.is_empty());
    for line in listen.lines(ids.len()).await {
        let json: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "time",
                "provider",
                "event",
                "id",
                "page",
                "status",
                "error",
                "latency_ms"
            ]
        );
        assert_eq!(json["provider"], "craftgate");
        assert!(
            ["REFUND", "REFUND_TX"].contains(&json["event"].as_str().unwrap()),
            "{line}"
        );
        assert_eq!(json["status"], 200);
        assert_eq!(json["page"], Value::Null);
        assert_eq!(json["error"], Value::Null);
        assert!(json["latency_ms"].is_u64());
    }
    assert_eq!(listen.terminate().await.0, Some(0));
    sandbox.pushes().settled(WAIT).await.expect("settled");

    let mut listen = Listen::start(
        &dead,
        &[
            "--sandbox",
            &control,
            "--output",
            "ndjson",
            "--provider",
            "craftgate",
        ],
    )
    .await;
    let out = payments(
        &control,
        &[
            "trigger",
            "craftgate",
            "payment-refunded",
            "--payment",
            "1002",
        ],
    )
    .await;
    ok(&out);
    let line = listen.line().await;
    let json: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(json["status"], Value::Null);
    let error = json["error"].as_str().unwrap();
    assert!(
        error.starts_with("connection refused (http://127.0.0.1:"),
        "{error}"
    );
    let deliveries = sandbox.pushes().settled(WAIT).await.expect("settled");
    let last = deliveries.last().unwrap();
    assert_eq!(last.state, DeliveryState::GaveUp);
    assert_eq!(last.attempts.len(), 5);
    assert!(
        last.attempts.iter().all(|a| a.status == Some(502)),
        "the sandbox got a 502 each time: {:?}",
        last.attempts
    );
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trigger_errors_are_one_line_with_their_exit_code() {
    let sandbox = fast_sandbox().await;
    let control = control_url(&sandbox);
    let failure = |out: &std::process::Output| -> (i32, String) {
        assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
        let stderr = text(&out.stderr);
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{stderr}");
        (out.status.code().unwrap(), lines[0].to_string())
    };

    let out = payments(
        &control,
        &["trigger", "craftgate", "charged", "--payment", "1001"],
    )
    .await;
    assert_eq!(
        failure(&out),
        (
            2,
            "error: craftgate has no event `charged` to trigger (it has: payment-refunded, item-refunded)".into()
        )
    );
    let out = payments(&control, &["trigger", "paywall", "bulk-refunded"]).await;
    assert_eq!(
        failure(&out),
        (2, "error: `bulk-refunded` needs --batch CODE".into())
    );

    // Refund what is left of item 2001; a second time there is nothing to refund: 409.
    ok(&payments(
        &control,
        &["trigger", "craftgate", "item-refunded", "--item", "2001"],
    )
    .await);
    let out = payments(
        &control,
        &["trigger", "craftgate", "item-refunded", "--item", "2001"],
    )
    .await;
    let (code, line) = failure(&out);
    assert_eq!(code, 1, "{line}");
    assert!(
        line.starts_with("error: sandbox: ") && line.contains("2001"),
        "{line}"
    );
    assert!(line.contains("fully refunded"), "{line}");

    // No such payment: 404.
    let out = payments(
        &control,
        &[
            "trigger",
            "craftgate",
            "payment-refunded",
            "--payment",
            "999999",
        ],
    )
    .await;
    let (code, line) = failure(&out);
    assert_eq!(code, 1, "{line}");
    assert!(
        line.starts_with("error: sandbox: ") && line.contains("999999"),
        "{line}"
    );

    // A callback URL the sandbox cannot push to is refused before sending.
    let out = payments(
        &control,
        &[
            "trigger",
            "paywall",
            "batch-seeded",
            "--size",
            "3",
            "--callback-url",
            "https://shop.example/cb",
        ],
    )
    .await;
    let (code, line) = failure(&out);
    assert_eq!(code, 2, "{line}");
    assert!(line.contains("is not an http:// URL"), "{line}");

    // A batch code taken already: the sandbox refuses it (409).
    let seed = [
        "trigger",
        "paywall",
        "batch-seeded",
        "--size",
        "3",
        "--batch",
        "twice",
    ];
    ok(&payments(&control, &seed).await);
    let (code, line) = failure(&payments(&control, &seed).await);
    assert_eq!(code, 1, "{line}");
    assert_eq!(
        line,
        "error: sandbox: a batch with MerchantUniqueCode twice exists already"
    );

    // No sandbox at all, and one that is not there.
    let out = payments(
        "",
        &[
            "trigger",
            "craftgate",
            "payment-refunded",
            "--payment",
            "1001",
        ],
    )
    .await;
    let (code, line) = failure(&out);
    assert_eq!(code, 2, "{line}");
    assert!(line.contains("PAYMENTS_SANDBOX_URL"), "{line}");
    let gone = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let out = payments(
        &gone,
        &[
            "trigger",
            "craftgate",
            "payment-refunded",
            "--payment",
            "1001",
        ],
    )
    .await;
    let (code, line) = failure(&out);
    assert_eq!(code, 1, "{line}");
    assert!(
        line.contains("connection refused") && line.contains(&gone),
        "{line}"
    );
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seeded_batch_of_2345_payments_calls_back_in_three_pages() {
    let sandbox = fast_sandbox().await;
    let receiver = Receiver::start(&[]).await;
    let control = control_url(&sandbox);
    let mut listen = Listen::start(&receiver.url, &["--sandbox", &control]).await;
    let hash_key = &sandbox.info().paywall.webhook_hash_key;
    assert!(
        listen
            .stderr
            .iter()
            .any(|l| l.ends_with(&format!(": {hash_key}")) && l.starts_with("Paywall")),
        "{:#?}",
        listen.stderr
    );
    let out = payments(
        &control,
        &[
            "trigger",
            "paywall",
            "batch-seeded",
            "--size",
            "2345",
            "--batch",
            "seeded-2345",
        ],
    )
    .await;
    let stdout = ok(&out);
    let first = stdout.lines().next().unwrap();
    assert!(
        first.starts_with("batch seeded-2345: BulkPaymentId "),
        "{stdout}"
    );
    assert!(first.ends_with(", 2345 payments"), "{stdout}");
    let bulk_id = first
        .trim_start_matches("batch seeded-2345: BulkPaymentId ")
        .split(',')
        .next()
        .unwrap();
    assert_eq!(delivery_ids(&stdout).len(), 3);

    let lines = listen.lines(3).await;
    for (n, line) in lines.iter().enumerate() {
        let cols = columns(line);
        assert_eq!(cols[1], "paywall", "{line}");
        assert_eq!(cols[2], format!("BULK_CALLBACK {}/3", n + 1), "{line}");
        assert_eq!(cols[3], bulk_id, "{line}");
        assert_eq!(cols[4], "-> 200", "{line}");
    }
    let pages: Vec<usize> = receiver
        .received()
        .iter()
        .map(|r| {
            let page: Value = serde_json::from_slice(&r.body).unwrap();
            assert_eq!(page["MerchantUniqueCode"], "seeded-2345");
            page["Payments"].as_array().unwrap().len()
        })
        .collect();
    assert_eq!(pages, [1000, 1000, 345]);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listen_without_a_sandbox_starts_one_and_prints_its_info_first() {
    let receiver = Receiver::start(&[]).await;
    let mut listen = Listen::start(&receiver.url, &["--time-scale", "1000"]).await;
    let info: Value = serde_json::from_str(&listen.line().await).expect("the info line");
    assert_eq!(info["control"]["push_time_scale"], 1000);
    let control = info["control"]["url"].as_str().unwrap().to_string();
    assert_eq!(
        listen.stderr[0],
        format!(
            "export PAYMENTS_SANDBOX_URL={control}    # for payments listen and payments trigger (pushes 1000x faster than the providers)"
        )
    );
    ok(&payments(
        &control,
        &[
            "trigger",
            "paywall",
            "bulk-completed",
            "--batch",
            info["paywall"]["bulk_merchant_unique_code"]
                .as_str()
                .unwrap(),
        ],
    )
    .await);
    let line = listen.line().await;
    assert!(line.contains("  BULK_CALLBACK 1/1  "), "{line}");
    let (code, _) = listen.terminate().await;
    assert_eq!(code, Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listen_refuses_bad_input_before_starting() {
    let run = |args: &[&str]| {
        let out = std::process::Command::new(common::BIN)
            .arg("listen")
            .args(args)
            .env_remove("PAYMENTS_SANDBOX_URL")
            .output()
            .unwrap();
        (out.status.code(), text(&out.stdout), text(&out.stderr))
    };
    let (code, stdout, stderr) = run(&["--forward-to", "ftp://127.0.0.1/x"]);
    assert_eq!(code, Some(2));
    assert_eq!(stdout, "", "no sandbox was started");
    assert_eq!(
        stderr,
        "error: --forward-to `ftp://127.0.0.1/x` is not an http:// or https:// URL\n"
    );
    let gone = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let (code, stdout, stderr) =
        run(&["--forward-to", "http://127.0.0.1:8088/", "--sandbox", &gone]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.starts_with("error: the sandbox's control listener (")
            && stderr.contains("connection refused"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    // A sandbox on another host could not reach listen's endpoint on 127.0.0.1.
    let (code, stdout, stderr) = run(&[
        "--forward-to",
        "http://127.0.0.1:8088/",
        "--sandbox",
        "https://sandbox.example:7004",
    ]);
    assert_eq!((code, stdout.as_str()), (Some(2), ""), "{stderr}");
    assert!(
        stderr.starts_with(
            "error: the sandbox at https://sandbox.example:7004 is not on this machine"
        ),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sandbox_registers_the_endpoints_it_is_given_before_its_info_line() {
    let receiver = Receiver::start(&[]).await;
    let sandbox = sandbox_with(&[
        "--time-scale",
        "1000",
        "--craftgate-webhook",
        &receiver.url,
        "--paywall-callback",
        &receiver.url,
    ]);
    assert_eq!(sandbox.info["control"]["push_time_scale"], 1000);
    let control = sandbox.info["control"]["url"].as_str().unwrap().to_string();
    let http = payments_wire::client_builder("test")
        .unwrap()
        .build()
        .unwrap();
    let endpoints: Vec<payments_sandbox::Endpoint> = http
        .get(format!("{control}/endpoints"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let providers: Vec<PushProvider> = endpoints.iter().map(|e| e.provider).collect();
    assert_eq!(providers, [PushProvider::Craftgate, PushProvider::Paywall]);
    assert!(endpoints.iter().all(|e| e.url == receiver.url));

    let out = payments(
        &control,
        &[
            "trigger",
            "craftgate",
            "item-refunded",
            "--item",
            "2001",
            "--json",
        ],
    )
    .await;
    let triggered: Value = serde_json::from_str(&ok(&out)).unwrap();
    assert_eq!(triggered["deliveries"].as_array().unwrap().len(), 1);
    let deadline = tokio::time::Instant::now() + WAIT;
    while receiver.received().is_empty() {
        assert!(tokio::time::Instant::now() < deadline, "no webhook arrived");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    let refused = std::process::Command::new(common::BIN)
        .args([
            "sandbox",
            "--craftgate-webhook",
            "https://shop.example/hook",
        ])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(refused.stdout.is_empty(), "refused before the info line");
    assert!(
        text(&refused.stderr).starts_with(
            "error: --craftgate-webhook: `https://shop.example/hook` is not an http:// URL"
        ),
        "{}",
        text(&refused.stderr)
    );
}
