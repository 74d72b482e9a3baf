//! Every write: `--dry-run` prints the request it would send, secrets redacted, and sends
//! nothing; a write to a host that is not a sandbox or test host is refused before any
//! request unless `--live` is given.

use std::net::TcpListener;

use serde_json::Value;

use crate::common::{SandboxProcess, fails, ok, sandbox_env, text};
use crate::{fails_with, json};

/// A listener on loopback (a test host) that must never see a connection.
struct Untouched(TcpListener);

impl Untouched {
    fn new() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("listener");
        listener.set_nonblocking(true).expect("non-blocking");
        Self(listener)
    }

    fn url(&self) -> String {
        format!("http://{}", self.0.local_addr().expect("addr"))
    }

    fn assert_untouched(&self, what: &str) {
        assert!(
            matches!(self.0.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
            "{what}: a connection was made"
        );
    }
}

/// Every write command, with the variable its host comes from.
fn writes(batch: &str) -> Vec<(Vec<&str>, &'static str)> {
    vec![
        (
            vec![
                "craftgate",
                "refund",
                "--item",
                "2001",
                "--amount",
                "1.00",
                "--idempotency-key",
                "dry-key-1",
            ],
            "CRAFTGATE_BASE_URL",
        ),
        (vec!["craftgate", "refund", "1001"], "CRAFTGATE_BASE_URL"),
        (
            vec![
                "paywall",
                "cancel",
                "--merchant-unique-code",
                "sandbox-order-1002",
                "--date",
                "2024-12-12",
            ],
            "PAYWALL_PRIVATE_API_URL",
        ),
        (
            vec![
                "paywall",
                "refund",
                "--merchant-unique-code",
                "sandbox-order-1001",
                "--date",
                "2024-12-11",
                "--amount",
                "2.50",
            ],
            "PAYWALL_PRIVATE_API_URL",
        ),
        (
            vec!["paywall", "refund", "--payment-id", "3100001"],
            "PAYWALL_PRIVATE_API_URL",
        ),
        (
            vec!["paywall", "bulk-cancel", batch, "--date", "2024-12-11"],
            "PAYWALL_PAYMENT_API_URL",
        ),
        (
            vec!["paywall", "bulk-refund", batch, "--date", "2024-12-11"],
            "PAYWALL_PAYMENT_API_URL",
        ),
        (
            vec!["paywall", "bulk-retry", batch, "--date", "2024-12-11"],
            "PAYWALL_PAYMENT_API_URL",
        ),
        (
            vec!["paywall", "bulk-callback", batch, "--date", "2024-12-11"],
            "PAYWALL_PAYMENT_API_URL",
        ),
        (vec!["oneentry", "sign-out"], "ONEENTRY_PROJECT_URL"),
        (
            vec!["oneentry", "checkout", "--product", "14"],
            "ONEENTRY_PROJECT_URL",
        ),
    ]
}

/// Every credential the sandbox handed out (not the names of the sign-in form's fields).
fn secrets(sandbox: &SandboxProcess) -> Vec<String> {
    sandbox_env(&sandbox.info)
        .into_iter()
        .filter(|(name, _)| {
            !name.ends_with("_FIELD")
                && ["KEY", "CLIENT", "TOKEN", "PASSWORD", "SECRET"]
                    .iter()
                    .any(|s| name.contains(s))
        })
        .map(|(_, value)| value)
        .collect()
}

#[test]
fn a_dry_run_prints_each_write_redacted_and_connects_nowhere() {
    let sandbox = SandboxProcess::start();
    let batch = sandbox.batch();
    let secrets = secrets(&sandbox);
    for (args, variable) in writes(&batch) {
        let host = Untouched::new();
        let url = host.url();
        let out = sandbox.run(
            &[&args[..], &["--dry-run", "--json"]].concat(),
            &[(variable, url.as_str())],
        );
        let what = args.join(" ");
        let printed = json(&out);
        assert_eq!(printed["dry_run"], true, "{what}");
        assert_eq!(printed["sent"], false, "{what}");
        let [request] = printed["requests"].as_array().expect("requests").as_slice() else {
            panic!("{what}: one request prepared: {printed}");
        };
        assert_eq!(request["method"], "POST", "{what}");
        assert!(
            request["url"].as_str().expect("url").starts_with(&url),
            "{what}: {request}"
        );
        let redacted = request["headers"]
            .as_array()
            .expect("headers")
            .iter()
            .filter(|h| h["value"] == "<redacted>")
            .count();
        assert!(
            redacted >= 1,
            "{what}: its credentials are shown redacted: {request}"
        );
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        for secret in &secrets {
            assert!(
                !all.contains(secret.as_str()),
                "{what}: a secret was printed:\n{all}"
            );
        }
        host.assert_untouched(&what);
    }
}

#[test]
fn a_dry_run_shows_the_signed_request_with_its_idempotency_key_and_changes_nothing() {
    let sandbox = SandboxProcess::start();
    let table = ok(&sandbox.run(
        &[
            "craftgate",
            "refund",
            "--item",
            "2001",
            "--amount",
            "7.10",
            "--idempotency-key",
            "key-7",
            "--dry-run",
        ],
        &[],
    ));
    assert!(
        table.starts_with(
            "Dry run, not sent: Craftgate `refund_payment_transaction`\nPOST http://127.0.0.1:"
        ),
        "{table}"
    );
    for line in [
        "x-api-key          <redacted>",
        "x-signature        <redacted>",
        "x-idempotency-key  key-7",
    ] {
        assert!(table.contains(line), "missing `{line}`:\n{table}");
    }
    assert!(
        table.contains(r#""paymentTransactionId":2001"#) && table.contains(r#""refundPrice":7.10"#),
        "{table}"
    );
    // Nothing was refunded: the item still has only its seeded refunds (none).
    let listed = json(&sandbox.run(&["craftgate", "refunds", "1001", "--json"], &[]));
    let items: Vec<&Value> = listed["item_refunds"]
        .as_array()
        .expect("item refunds")
        .iter()
        .collect();
    assert!(
        items.iter().all(|r| r["paymentTransactionId"] != 2001),
        "{listed}"
    );

    // The sign-in a command needs first is what a dry run shows, its password redacted.
    let out = ok(&sandbox.run(
        &["oneentry", "sign-out", "--dry-run", "--output", "ndjson"],
        &[],
    ));
    let request: Value = serde_json::from_str(out.trim()).expect("one line");
    assert_eq!(request["operation"], "auth");
    assert_eq!(
        request["body"],
        r#"{"authData":[{"marker":"email_reg","value":"<redacted>"},{"marker":"password_reg","value":"<redacted>"}]}"#
    );
    // Bad input is refused as without --dry-run.
    fails_with(
        &sandbox.run(
            &[
                "craftgate",
                "refund",
                "--item",
                "2001",
                "--amount",
                "0",
                "--dry-run",
            ],
            &[],
        ),
        2,
        "above zero",
    );
}

#[test]
fn a_write_to_a_host_that_is_not_a_test_host_is_refused_before_any_request() {
    let sandbox = SandboxProcess::start();
    let batch = sandbox.batch();
    let hosts = [
        ("CRAFTGATE_BASE_URL", "https://api.craftgate.io"),
        (
            "PAYWALL_PRIVATE_API_URL",
            "https://payment-private-api.itspaywall.com",
        ),
        (
            "PAYWALL_PAYMENT_API_URL",
            "https://payment-api.paywall.com.tr",
        ),
        ("ONEENTRY_PROJECT_URL", "https://shop.oneentry.cloud"),
    ];
    for (args, variable) in writes(&batch) {
        let (_, production) = hosts.iter().find(|(v, _)| *v == variable).expect("a host");
        // A production host, and one no resolver knows: neither is looked up or connected
        // to (no network error), the refusal comes first.
        for url in [*production, "https://payments.invalid"] {
            let what = format!("{} at {url}", args.join(" "));
            for extra in [&[][..], &["--dry-run"][..]] {
                let out = sandbox.run(&[&args[..], extra].concat(), &[(variable, url)]);
                let line = fails_with(&out, 2, "--live");
                assert_eq!(
                    line,
                    format!(
                        "error: refused: {url} ({variable}) is not a sandbox or test host, and this command changes something there; pass --live to send it anyway"
                    ),
                    "{what}"
                );
                assert!(out.stdout.is_empty(), "{what}");
            }
        }
    }
}

#[test]
fn with_live_the_write_goes_out_and_reads_need_no_live() {
    let sandbox = SandboxProcess::start();
    // --live lets the write through: it fails only where the host cannot be reached.
    let out = sandbox.run(
        &[
            "craftgate",
            "refund",
            "1001",
            "--live",
            "--max-attempts",
            "1",
            "--timeout",
            "5",
        ],
        &[("CRAFTGATE_BASE_URL", "https://payments.invalid")],
    );
    let line = fails(&out, "Craftgate");
    assert!(!line.contains("--live"), "{line}");
    // --live with --dry-run: prepared for that host, still not sent.
    let printed = json(&sandbox.run(
        &[
            "craftgate",
            "refund",
            "1001",
            "--live",
            "--dry-run",
            "--json",
        ],
        &[("CRAFTGATE_BASE_URL", "https://payments.invalid")],
    ));
    assert_eq!(
        printed["requests"][0]["url"],
        "https://payments.invalid/payment/v1/refunds"
    );
    // A Craftgate sandbox host passes without --live (a dry run, so nothing leaves).
    ok(&sandbox.run(
        &["craftgate", "refund", "1001", "--dry-run"],
        &[("CRAFTGATE_BASE_URL", "https://sandbox-api.craftgate.io")],
    ));
    // Reads are never refused.
    let out = sandbox.run(
        &[
            "paywall",
            "bulk-summary",
            &sandbox.batch(),
            "--max-attempts",
            "1",
            "--timeout",
            "5",
        ],
        &[("PAYWALL_PAYMENT_API_URL", "https://payments.invalid")],
    );
    let line = fails(&out, "Paywall");
    assert!(!line.contains("--live"), "{line}");
}
