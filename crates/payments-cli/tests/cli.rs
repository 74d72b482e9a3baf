//! The `payments` binary end to end: `demo`, `sandbox`, and every operation against a
//! running `payments sandbox` process, with good and wrong credentials.

use std::process::Command;

use serde_json::Value;

mod common;

use common::{BIN, SandboxProcess, bulk_query, fails, ok, sandbox_with, text};

#[test]
fn demo_runs_the_seed_scenario() {
    let out = Command::new(BIN).arg("demo").output().expect("run demo");
    let stdout = ok(&out);
    for expected in [
        "Signed in as",
        "Created order",
        "Created payment session",
        "Sessions of order",
        "Payment sessions (",
        "Bulk query",
        "payments across all pages",
        "Breakdown of payment",
        "refund status",
        "partially refunded",
    ] {
        assert!(
            stdout.contains(expected),
            "missing `{expected}` in:\n{stdout}"
        );
    }
}

#[test]
fn sandbox_prints_its_info_as_the_first_line() {
    let sandbox = SandboxProcess::start();
    let keys = |p: &str| -> Vec<String> {
        let mut k: Vec<String> = sandbox.info[p]
            .as_object()
            .expect(p)
            .keys()
            .cloned()
            .collect();
        k.sort();
        k
    };
    assert_eq!(
        keys("oneentry"),
        [
            "app_token",
            "auth_marker",
            "form_identifier",
            "login",
            "login_field",
            "order_storage_marker",
            "password",
            "password_field",
            "payment_account_identifier",
            "product_id",
            "url"
        ]
    );
    assert_eq!(
        keys("paywall"),
        [
            "api_client_private",
            "api_client_public",
            "api_key_private",
            "api_key_public",
            "bulk_merchant_unique_code",
            "payment_api_url",
            "private_api_url",
            "webhook_hash_key"
        ]
    );
    assert_eq!(
        keys("craftgate"),
        [
            "api_key",
            "base_url",
            "payment_id",
            "secret_key",
            "webhook_key"
        ]
    );
    assert_eq!(
        keys("control"),
        ["push_attempt_timeout_ms", "push_time_scale", "url"]
    );
    assert_eq!(
        sandbox.info["control"]["push_time_scale"], 30,
        "the CLI's default time scale"
    );
    assert!(sandbox.info["oneentry"]["product_id"].is_number());
    assert!(sandbox.info["craftgate"]["payment_id"].is_number());
}

#[test]
fn oneentry_operations_against_the_sandbox() {
    let sandbox = SandboxProcess::start();
    let product = sandbox.info["oneentry"]["product_id"].to_string();

    let out = ok(&sandbox.run(
        &[
            "oneentry",
            "checkout",
            "--product",
            &format!("{product}:2"),
            "--json",
        ],
        &[],
    ));
    let checkout: Value = serde_json::from_str(&out).expect("checkout JSON");
    let order_id = checkout["order"]["id"]
        .as_str()
        .expect("order id")
        .to_string();
    assert_eq!(checkout["session"]["order_id"], order_id.as_str());
    assert_eq!(checkout["session"]["provider_status"], "waiting");
    assert_eq!(checkout["order"]["products"][0]["quantity"], 2);

    let out = ok(&sandbox.run(&["oneentry", "session-by-order", &order_id, "--json"], &[]));
    let sessions: Value = serde_json::from_str(&out).expect("sessions JSON");
    assert_eq!(sessions[0]["order_id"], order_id.as_str());

    let out = ok(&sandbox.run(
        &["oneentry", "sessions", "--offset", "0", "--limit", "5"],
        &[],
    ));
    assert!(out.contains("session") && out.contains(&order_id), "{out}");
    let out = ok(&sandbox.run(&["oneentry", "sessions", "--json"], &[]));
    let listed: Value = serde_json::from_str(&out).expect("list JSON");
    assert!(listed["total"].as_u64().expect("total") >= 1);

    let line = fails(
        &sandbox.run(&["oneentry", "sessions"], &[("ONEENTRY_PASSWORD", "wrong")]),
        "OneEntry",
    );
    assert!(
        !line.contains("wrong"),
        "the password must not be printed: {line}"
    );
    fails(
        &sandbox.run(
            &["oneentry", "sessions"],
            &[("ONEENTRY_APP_TOKEN", "wrong-token")],
        ),
        "OneEntry",
    );
}

#[test]
fn paywall_bulk_query_against_the_sandbox() {
    let sandbox = SandboxProcess::start();
    let batch = sandbox.batch();

    let out = ok(&sandbox.run(
        &[
            "paywall",
            "bulk-query",
            &batch,
            "--page-size",
            "7",
            "--json",
        ],
        &[],
    ));
    let json: Value = serde_json::from_str(&out).expect("bulk JSON");
    let total = json["summary"]["total_count"]
        .as_u64()
        .expect("total_count");
    assert!(total > 7, "the seeded batch spans several pages");
    assert_eq!(
        json["payments"].as_array().expect("payments").len() as u64,
        total
    );

    let out = ok(&sandbox.run(&["paywall", "bulk-query", &batch], &[]));
    assert!(out.contains(&format!("{total} payments")), "{out}");

    let line = fails(
        &sandbox.run(
            &["paywall", "bulk-query", &batch],
            &[("PAYWALL_API_KEY_PUBLIC", "wrong-key")],
        ),
        "Paywall",
    );
    assert!(!line.contains("wrong-key"), "{line}");
    fails(
        &sandbox.run(&["paywall", "bulk-query", &batch, "--page-size", "0"], &[]),
        "page-size",
    );
}

/// A 2,500-payment batch, 25 pages: `--json` is the same document whatever the prefetch
/// (flag or variable) and as `--output json`; NDJSON is its payments, one a line.
#[test]
fn paywall_bulk_query_streams_the_same_json_and_ndjson_whatever_the_prefetch() {
    let sandbox = sandbox_with(&["--paywall-batch-size", "2500"]);
    let batch = sandbox.batch();
    let run = |extra: &[&str], env: &[(&str, &str)]| {
        let args = [
            &["paywall", "bulk-query", &batch, "--page-size", "100"],
            extra,
        ]
        .concat();
        ok(&sandbox.run(&args, env))
    };

    let json = run(&["--json"], &[]);
    assert_eq!(run(&["--json", "--prefetch", "1"], &[]), json, "sequential");
    assert_eq!(run(&["--json", "--prefetch", "7"], &[]), json);
    assert_eq!(
        run(&["--output", "json"], &[("PAYMENTS_PREFETCH", "2")]),
        json
    );
    let doc: Value = serde_json::from_str(&json).expect("one JSON document");
    let ids: Vec<i64> = doc["payments"]
        .as_array()
        .expect("payments")
        .iter()
        .map(|p| p["id"].as_str().expect("id").parse().expect("numeric id"))
        .collect();
    assert_eq!(
        ids,
        (2_094_937..2_094_937 + 2_500).collect::<Vec<i64>>(),
        "in order"
    );
    assert_eq!(doc["summary"]["total_count"], 2_500);

    let ndjson = run(&["--output", "ndjson"], &[]);
    let lines: Vec<&str> = ndjson.lines().collect();
    assert_eq!(lines.len(), 2_500);
    let rebuilt = format!(
        "{{\"merchant_unique_code\":{},\"summary\":{},\"payments\":[{}]}}\n",
        Value::from(batch.as_str()),
        doc["summary"],
        lines.join(",")
    );
    assert_eq!(
        json, rebuilt,
        "the document is the summary and the NDJSON lines"
    );
}

/// A page that fails part-way: exit 1, one error line, and stdout keeps the payments of the
/// page before it (NDJSON: complete lines; JSON: the document left unclosed).
#[test]
fn a_bulk_query_failing_part_way_keeps_what_was_written_and_exits_1() {
    for format in ["json", "ndjson"] {
        let sandbox = sandbox_with(&[
            "--paywall-batch-size",
            "500",
            "--fault",
            "GET /api/paywall/payment/bulk/payment/query=pass,503*40",
        ]);
        let batch = sandbox.batch();
        let args = [
            &bulk_query(&batch, "100", format)[..],
            &["--max-attempts", "1"],
        ]
        .concat();
        let out = sandbox.run(&args, &[]);
        let line = fails(&out, "Paywall");
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert!(line.contains("503"), "{format}: {line}");
        let stdout = text(&out.stdout);
        if format == "json" {
            assert!(
                stdout.starts_with(r#"{"merchant_unique_code":"sandbox-bulk-0001","summary":{"#),
                "{stdout}"
            );
            assert!(
                stdout.ends_with("}\n") && !stdout.ends_with("]}\n"),
                "{stdout}"
            );
            assert!(serde_json::from_str::<Value>(&stdout).is_err(), "unclosed");
            assert_eq!(stdout.matches(r#"{"id":"#).count(), 100, "the first page");
        } else {
            let lines: Vec<&str> = stdout.lines().collect();
            assert_eq!(lines.len(), 100, "the first page");
            for l in lines {
                serde_json::from_str::<Value>(l).expect("complete lines");
            }
        }
    }
}

#[test]
fn a_prefetch_of_zero_is_a_usage_error() {
    let sandbox = SandboxProcess::start();
    let batch = sandbox.batch();
    let out = sandbox.run(&["paywall", "bulk-query", &batch, "--prefetch", "0"], &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let out = sandbox.run(
        &["paywall", "bulk-query", &batch],
        &[("PAYMENTS_PREFETCH", "0")],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(fails(&out, "PAYMENTS_PREFETCH").contains("at least 1"));
    let out = sandbox.run(
        &[
            "paywall",
            "bulk-query",
            &batch,
            "--json",
            "--output",
            "ndjson",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2), "--json is --output json");
}

/// A page size above Paywall's documented maximum (1,000) is refused before any request:
/// both Paywall URLs point at a listener that must not see a single connection.
#[test]
fn paywall_bulk_query_refuses_an_oversized_page_before_any_request() {
    let sandbox = SandboxProcess::start();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("listener");
    listener.set_nonblocking(true).expect("non-blocking");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let line = fails(
        &sandbox.run(
            &["paywall", "bulk-query", "batch-1", "--page-size", "5000"],
            &[
                ("PAYWALL_PAYMENT_API_URL", url.as_str()),
                ("PAYWALL_PRIVATE_API_URL", url.as_str()),
            ],
        ),
        "Paywall",
    );
    assert!(
        line.contains("page size") && line.contains("1000"),
        "{line}"
    );
    assert!(
        matches!(listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "a request was sent for a page size Paywall refuses"
    );
}

#[test]
fn craftgate_operations_against_the_sandbox() {
    let sandbox = SandboxProcess::start();
    let payment = sandbox.info["craftgate"]["payment_id"].to_string();

    let out = ok(&sandbox.run(&["craftgate", "breakdown", &payment, "--json"], &[]));
    let items: Value = serde_json::from_str(&out).expect("breakdown JSON");
    let items = items.as_array().expect("items");
    assert!(!items.is_empty());
    assert!(
        items
            .iter()
            .any(|i| i["refund_status"] == "partially refunded"),
        "{out}"
    );

    let out = ok(&sandbox.run(&["craftgate", "breakdown", &payment], &[]));
    assert!(out.contains("refund status"), "{out}");

    let out = ok(&sandbox.run(&["craftgate", "payment", &payment, "--json"], &[]));
    let p: Value = serde_json::from_str(&out).expect("payment JSON");
    assert_eq!(p["id"], payment.as_str());

    let line = fails(
        &sandbox.run(
            &["craftgate", "payment", &payment],
            &[("CRAFTGATE_SECRET_KEY", "wrong-secret")],
        ),
        "Craftgate",
    );
    assert!(!line.contains("wrong-secret"), "{line}");
}

/// A bare HTTP/1.1 GET of `path` at `base_url` (`http://host:port`): every byte the
/// server sent before closing, or the socket error.
fn raw_get(base_url: &str, path: &str) -> std::io::Result<Vec<u8>> {
    use std::io::{Read, Write};
    let host = base_url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(host)?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    Ok(answer)
}

#[test]
fn sandbox_serves_the_faults_of_its_fault_flags() {
    let sandbox = sandbox_with(&[
        "--fault",
        "GET /payment-reporting/v1/payments/*/transactions=503,reset",
        "--fault",
        "get /payment/v1/card-payments/*=429:7",
    ]);
    let base = sandbox.info["craftgate"]["base_url"]
        .as_str()
        .expect("craftgate URL")
        .to_string();
    let payment = sandbox.info["craftgate"]["payment_id"].to_string();
    let breakdown = format!("/payment-reporting/v1/payments/{payment}/transactions");

    let first = text(&raw_get(&base, &breakdown).expect("an answer"));
    assert!(first.starts_with("HTTP/1.1 503 "), "{first}");
    assert!(first.contains("<html>"), "{first}");

    match raw_get(&base, &breakdown) {
        Ok(bytes) => assert!(bytes.is_empty(), "no answer expected: {}", text(&bytes)),
        Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::ConnectionReset, "{e}"),
    }

    // The faults are used up: Craftgate itself refuses the unsigned request.
    let third = text(&raw_get(&base, &breakdown).expect("an answer"));
    assert!(third.starts_with("HTTP/1.1 401 "), "{third}");

    let limited =
        text(&raw_get(&base, &format!("/payment/v1/card-payments/{payment}")).expect("an answer"));
    assert!(limited.starts_with("HTTP/1.1 429 "), "{limited}");
    assert!(
        limited
            .to_ascii_lowercase()
            .contains("\r\nretry-after: 7\r\n"),
        "{limited}"
    );
}

#[test]
fn sandbox_refuses_a_bad_fault_flag_and_documents_the_syntax() {
    let out = Command::new(BIN)
        .args(["sandbox", "--fault", "GET /x=503,resett"])
        .output()
        .expect("run payments sandbox");
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("unknown fault `resett`"), "{err}");
    assert!(out.stdout.is_empty(), "no sandbox started");

    let help = ok(&Command::new(BIN)
        .args(["sandbox", "--help"])
        .output()
        .expect("run payments sandbox --help"));
    for expected in [
        "--fault <SPEC>",
        "METHOD PATH=FAULT",
        "reset-after",
        "429:N",
        "Example:",
    ] {
        assert!(help.contains(expected), "missing `{expected}` in:\n{help}");
    }
}
