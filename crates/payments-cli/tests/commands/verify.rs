//! `payments craftgate verify-webhook` and `payments paywall verify-callback` on the
//! documented test vectors (docs/providers/craftgate.md#webhook-test-vectors,
//! docs/providers/paywall.md#hash-verification): valid, invalid (exit 1), and the key
//! missing (exit 2).

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

use crate::common::{BIN, fails, ok};

/// DOCS `/webhook/transaction-webhook`.
const DOCS_KEY: &str = "1Q2w3E4r5T6y7U8i9Op";
const DOCS_BODY: &str = r#"{"eventType":"API_AUTH","eventTime":"2022-01-01T09:30:32.123456","eventTimestamp":1641018632,"status":"SUCCESS","payloadId":"2150001"}"#;
const DOCS_SIGNATURE: &str = "eNXKxfxUpVmp/wBrNUmOLjNXL0sYl0mh1s/rEB8K8NU=";
/// JAVA `HookSample` (also GO, PHP): `payloadId` sent as a number.
const JAVA_KEY: &str = "Aoh7tReTybO6wOjBmOJFFsOR53SBojEp";
const JAVA_BODY: &str = r#"{"eventType":"API_VERIFY_AND_AUTH","eventTimestamp":1661521221,"status":"SUCCESS","payloadId":584}"#;
const JAVA_SIGNATURE: &str = "0wRB5XqWJxwwPbn5Z9TcbHh8EGYFufSYTsRMB74N094=";

/// Paywall's vectors, key `k3y`.
const PAYWALL_KEY: &str = "k3y";
const PAYMENT_HASH: &str = "f366d7764ece506c5d4fe179837da1c45a446ae8a623e46429dcd93ae62f8819";
const BULK_HASH: &str = "1856a3c4be6f9f1bc40539a90bdf5b298bcc48e0db979bd07d2ebeb6e0ad599d";
const CHECKOUT_HASH: &str = "a71c405594b577dbc2af6e5dccf82e283da003101607d21068bdfabdd515c1a1";

/// Runs `payments ARGS` with only `env` (and `PATH`) set and `stdin` on its standard input.
fn run(args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run payments");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin.as_bytes()).expect("write stdin");
    drop(input);
    child.wait_with_output().expect("wait for payments")
}

fn verdict(out: &Output) -> Value {
    let stdout = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
}

/// Invalid: exit 1, `{"valid": false, "reason"}` on stdout, one error line; the reason.
fn invalid(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(1));
    let line = fails(out, "invalid: ");
    let reason = verdict(out)["reason"].as_str().expect("reason").to_string();
    assert!(line.ends_with(&reason), "{line}");
    reason
}

#[test]
fn craftgate_webhooks_of_the_documented_vectors_are_valid() {
    let key = [("CRAFTGATE_WEBHOOK_KEY", DOCS_KEY)];
    let args = ["craftgate", "verify-webhook", "--json"];
    // The signature as a flag, the body on stdin.
    let out = run(
        &[&args[..], &["--signature", DOCS_SIGNATURE]].concat(),
        &key,
        DOCS_BODY,
    );
    let valid = verdict(&out);
    assert!(out.status.success());
    assert_eq!(valid["valid"], true);
    assert_eq!(valid["signed"]["payloadId"], "2150001");
    assert_eq!(valid["signed"]["eventTimestamp"], "1641018632");
    // The header as a flag, the body as a flag.
    let header = format!("X-CG-Signature-V1: {DOCS_SIGNATURE}");
    let out = run(
        &[&args[..], &["--header", &header, "--body", DOCS_BODY]].concat(),
        &key,
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The whole request on stdin, signed with the old key while a new one is set.
    let request = format!(
        "POST /webhooks/craftgate HTTP/1.1\r\nHost: shop.test\r\nContent-Type: application/json\r\nx-cg-signature-v1: {JAVA_SIGNATURE}\r\n\r\n{JAVA_BODY}"
    );
    let rotating = [
        ("CRAFTGATE_WEBHOOK_KEY", "the-new-key"),
        ("CRAFTGATE_WEBHOOK_KEY_PREVIOUS", JAVA_KEY),
    ];
    let out = run(
        &[&args[..], &["--request", "-"]].concat(),
        &rotating,
        &request,
    );
    assert_eq!(verdict(&out)["signed"]["payloadId"], "584");
    // A file.
    let file = std::env::temp_dir().join(format!("payments-webhook-{}.json", std::process::id()));
    std::fs::write(&file, DOCS_BODY).expect("write body");
    let path = file.to_str().expect("path");
    let table = ok(&run(
        &[
            "craftgate",
            "verify-webhook",
            "--body-file",
            path,
            "--signature",
            DOCS_SIGNATURE,
        ],
        &key,
        "",
    ));
    let _ = std::fs::remove_file(&file);
    assert!(
        table.starts_with("valid\n") && table.contains("API_AUTH"),
        "{table}"
    );
}

#[test]
fn a_changed_or_unsigned_webhook_is_invalid_and_exits_1() {
    let key = [("CRAFTGATE_WEBHOOK_KEY", DOCS_KEY)];
    let verify = |extra: &[&str], env: &[(&str, &str)], body: &str| {
        run(
            &[&["craftgate", "verify-webhook", "--json"], extra].concat(),
            env,
            body,
        )
    };
    let changed = DOCS_BODY.replace("2150001", "2150002");
    let reason = invalid(&verify(&["--signature", DOCS_SIGNATURE], &key, &changed));
    assert_eq!(reason, "the Craftgate signature does not match");
    let reason = invalid(&verify(
        &["--signature", DOCS_SIGNATURE],
        &[("CRAFTGATE_WEBHOOK_KEY", JAVA_KEY)],
        DOCS_BODY,
    ));
    assert_eq!(
        reason, "the Craftgate signature does not match",
        "wrong key"
    );
    let reason = invalid(&verify(&[], &key, DOCS_BODY));
    assert!(reason.contains("no `x-cg-signature-v1`"), "{reason}");
    let reason = invalid(&verify(&["--signature", "not base64!"], &key, DOCS_BODY));
    assert!(reason.contains("not Base64"), "{reason}");
    let reason = invalid(&verify(&["--signature", DOCS_SIGNATURE], &key, "{}"));
    assert!(
        reason.contains("not a Craftgate transaction event"),
        "{reason}"
    );
    let table = verify(&["--signature", &DOCS_SIGNATURE[..43]], &key, DOCS_BODY);
    assert!(invalid(&table).contains("wrong length"));

    let out = verify(&["--signature", DOCS_SIGNATURE], &[], DOCS_BODY);
    assert_eq!(out.status.code(), Some(2), "no key: a configuration error");
    assert!(fails(&out, "CRAFTGATE_WEBHOOK_KEY").contains("set CRAFTGATE_WEBHOOK_KEY"));
}

#[test]
fn paywall_callbacks_of_the_documented_vectors_are_valid() {
    let key = [("PAYWALL_CALLBACK_KEY", PAYWALL_KEY)];
    let verify = |kind: &str, body: &str| {
        let out = run(
            &["paywall", "verify-callback", "--kind", kind, "--json"],
            &key,
            body,
        );
        assert!(
            out.status.success(),
            "{kind}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        verdict(&out)
    };
    // A server-to-server callback: JSON, the amount a number kept as its text.
    let payment = format!(
        r#"{{"Type":1,"PaymentId":2094937,"UniqueCode":"a4d6a8f3","Amount":1.59,"Installment":1,"Hash":"{PAYMENT_HASH}"}}"#
    );
    let valid = verify("payment", &payment);
    assert_eq!(valid["signed"]["amount"], "1.59");
    // A 3D callback: a form.
    let form = format!(
        "paymentId=2094937&uniqueCode=a4d6a8f3&amount=1.59&installment=1&status=Success&hash={PAYMENT_HASH}"
    );
    verify("payment", &form);
    verify(
        "bulk",
        &format!(r#"{{"BulkPaymentId":389,"MerchantUniqueCode":"8279c96e","Hash":"{BULK_HASH}"}}"#),
    );
    verify(
        "checkout",
        &format!("checkoutId=c1&paymentId=2094937&uniqueCode=u1&amount=10.00&hash={CHECKOUT_HASH}"),
    );
}

#[test]
fn a_changed_paywall_callback_is_invalid_and_exits_1() {
    let key = [("PAYWALL_CALLBACK_KEY", PAYWALL_KEY)];
    let form = format!("bulkPaymentId=389&merchantUniqueCode=8279c96e&hash={BULK_HASH}");
    let verify = |extra: &[&str], env: &[(&str, &str)]| {
        run(
            &[
                &["paywall", "verify-callback", "--kind", "bulk", "--json"],
                extra,
            ]
            .concat(),
            env,
            &form,
        )
    };
    let reason = invalid(&verify(&["--field", "bulkPaymentId=390"], &key));
    assert_eq!(reason, "the Paywall callback `Hash` does not match");
    let reason = invalid(&verify(&[], &[("PAYWALL_CALLBACK_KEY", "another-key")]));
    assert_eq!(
        reason, "the Paywall callback `Hash` does not match",
        "wrong key"
    );
    let reason = invalid(&verify(&["--field", "hash=abc"], &key));
    assert!(reason.contains("hex digits"), "{reason}");
    let reason = invalid(&run(
        &["paywall", "verify-callback", "--kind", "payment", "--json"],
        &key,
        &form,
    ));
    assert!(reason.contains("no `paymentId`"), "{reason}");
    let out = verify(&[], &[]);
    assert_eq!(out.status.code(), Some(2), "no key: a configuration error");
}
