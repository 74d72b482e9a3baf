//! `payments craftgate refund | refunds | retrieve-refund | search`.

use serde_json::Value;

use crate::common::{SandboxProcess, ok};
use crate::{fails_with, json};

/// The seeded payment with a three-item breakdown (payments_sandbox::seed::craftgate).
const PAYMENT: &str = "1001";
/// Its first item (40.00 TRY, nothing refunded).
const ITEM: &str = "2001";
/// A payment made the day the sandbox started: a full refund cancels it.
const SAME_DAY_PAYMENT: &str = "1002";
/// A failed payment.
const FAILED_PAYMENT: &str = "1003";

#[test]
fn an_item_refund_is_made_once_per_idempotency_key_and_then_listed() {
    let sandbox = SandboxProcess::start();
    let refund = |key: &str| {
        json(&sandbox.run(
            &[
                "craftgate",
                "refund",
                "--item",
                ITEM,
                "--amount",
                "5.25",
                "--idempotency-key",
                key,
                "--reference",
                "order-42-return",
                "--json",
            ],
            &[],
        ))
    };
    let first = refund("retry-me-1");
    assert_eq!(first["item_id"], ITEM);
    assert_eq!(first["amount"]["amount"].to_string(), "5.25000000");
    assert_eq!(first["amount"]["currency"], "TRY");
    assert_eq!(first["outcome"], "succeeded");
    assert_eq!(first["idempotency_key"], "retry-me-1");
    // The same key again: Craftgate's answer to the first, no second refund.
    assert_eq!(refund("retry-me-1"), first);

    let listed = json(&sandbox.run(&["craftgate", "refunds", PAYMENT, "--json"], &[]));
    let items = listed["item_refunds"].as_array().expect("item refunds");
    let made: Vec<&Value> = items
        .iter()
        .filter(|r| r["paymentTransactionId"] == 2001)
        .collect();
    assert_eq!(made.len(), 1, "one refund for one key: {listed}");
    assert_eq!(made[0]["conversationId"], "order-42-return");
    assert_eq!(made[0]["id"].to_string(), first["id"].as_str().expect("id"));
    assert!(
        items.iter().any(|r| r["paymentTransactionId"] == 2002),
        "the seeded refund of item 2002 is listed too: {listed}"
    );
    let table = ok(&sandbox.run(&["craftgate", "refunds", PAYMENT], &[]));
    assert!(
        table.contains("of its items") && table.contains("item 2001"),
        "{table}"
    );

    let id = first["id"].as_str().expect("id");
    let found = json(&sandbox.run(
        &["craftgate", "retrieve-refund", id, "--item", "--json"],
        &[],
    ));
    assert_eq!(found["id"].to_string(), id);
    assert_eq!(found["refundPrice"].to_string(), "5.25000000");
    let ndjson = ok(&sandbox.run(
        &["craftgate", "refunds", PAYMENT, "--output", "ndjson"],
        &[],
    ));
    assert!(
        ndjson
            .lines()
            .all(|l| serde_json::from_str::<Value>(l).is_ok_and(|r| r["kind"] == "item")),
        "{ndjson}"
    );
}

#[test]
fn a_whole_payment_refund_on_its_day_is_a_cancel_that_can_be_retrieved() {
    let sandbox = SandboxProcess::start();
    let out = sandbox.run(&["craftgate", "refund", SAME_DAY_PAYMENT, "--json"], &[]);
    let refund = json(&out);
    assert_eq!(refund["payment_id"], SAME_DAY_PAYMENT);
    assert_eq!(refund["outcome"], "succeeded");
    let key = refund["idempotency_key"]
        .as_str()
        .expect("a generated key is printed");
    assert_eq!(key.len(), 36, "{key}");
    assert!(out.stderr.is_empty(), "nothing on stderr off a terminal");

    let id = refund["id"].as_str().expect("a cancel has an id");
    let table = ok(&sandbox.run(&["craftgate", "retrieve-refund", id], &[]));
    assert!(table.contains("payment (CANCEL)"), "{table}");
    let listed = json(&sandbox.run(&["craftgate", "refunds", SAME_DAY_PAYMENT, "--json"], &[]));
    assert_eq!(listed["payment_refunds"][0]["id"].to_string(), id);
}

#[test]
fn wrong_refund_input_and_credentials_fail_with_one_line() {
    let sandbox = SandboxProcess::start();
    let refund = |args: &[&str], env: &[(&str, &str)]| {
        sandbox.run(&[&["craftgate", "refund"], args].concat(), env)
    };
    // Refused before sending: a usage error.
    let line = fails_with(
        &refund(&["--item", ITEM, "--amount", "0"], &[]),
        2,
        "Craftgate",
    );
    assert!(line.contains("above zero"), "{line}");
    let line = fails_with(
        &refund(&["--item", ITEM, "--amount", "-1"], &[]),
        2,
        "Craftgate",
    );
    assert!(line.contains("above zero"), "{line}");
    let line = fails_with(
        &refund(
            &[
                "--item",
                ITEM,
                "--amount",
                "1",
                "--idempotency-key",
                "key\twith tab",
            ],
            &[],
        ),
        2,
        "idempotency key",
    );
    assert!(line.contains("printable ASCII"), "{line}");
    // Refused by Craftgate.
    let line = fails_with(
        &refund(&["--item", ITEM, "--amount", "1000"], &[]),
        1,
        "Craftgate",
    );
    assert!(line.contains("refundable"), "{line}");
    let line = fails_with(&refund(&[FAILED_PAYMENT], &[]), 1, "Craftgate");
    assert!(line.contains("nothing to refund"), "{line}");
    let line = fails_with(
        &refund(
            &["--item", ITEM, "--amount", "1"],
            &[("CRAFTGATE_SECRET_KEY", "wrong-secret-1")],
        ),
        1,
        "Craftgate",
    );
    assert!(
        line.contains("401") && !line.contains("wrong-secret-1"),
        "{line}"
    );
    fails_with(
        &sandbox.run(&["craftgate", "retrieve-refund", "999999"], &[]),
        1,
        "not found",
    );
    let line = fails_with(
        &sandbox.run(
            &["craftgate", "refunds", PAYMENT],
            &[("CRAFTGATE_API_KEY", "wrong-key-1")],
        ),
        1,
        "Craftgate",
    );
    assert!(!line.contains("wrong-key-1"), "{line}");
    // Nothing was refunded by any of these.
    let listed = json(&sandbox.run(&["craftgate", "refunds", PAYMENT, "--json"], &[]));
    assert_eq!(
        listed["item_refunds"].as_array().map(Vec::len),
        Some(1),
        "{listed}"
    );
}

#[test]
fn search_filters_by_creation_day_and_status() {
    let sandbox = SandboxProcess::start();
    let search = |args: &[&str]| {
        let found = json(&sandbox.run(&[&["craftgate", "search", "--json"], args].concat(), &[]));
        let ids: Vec<String> = found["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|p| p["id"].to_string())
            .collect();
        (found, ids)
    };
    let (found, ids) = search(&[
        "--from",
        "2021-11-15",
        "--to",
        "2021-11-15",
        "--status",
        "success",
    ]);
    assert_eq!(ids, [PAYMENT], "{found}");
    assert_eq!(found["total"], 1);
    let (_, ids) = search(&["--from", "2021-11-15T14:07:19"]);
    assert!(
        !ids.contains(&PAYMENT.to_string()),
        "created a second earlier: {ids:?}"
    );
    let (_, ids) = search(&["--status", "FAILURE"]);
    assert_eq!(ids, [FAILED_PAYMENT]);
    let (found, ids) = search(&["--size", "1", "--page", "1"]);
    assert_eq!(ids.len(), 1);
    assert_eq!(found["page"], 1);

    let table = ok(&sandbox.run(&["craftgate", "search", "--status", "success"], &[]));
    assert!(
        table.contains("refund status") && table.contains(PAYMENT),
        "{table}"
    );
    let out = sandbox.run(&["craftgate", "search", "--status", "done"], &[]);
    assert_eq!(out.status.code(), Some(2), "clap refuses an unknown status");
    let line = fails_with(
        &sandbox.run(
            &["craftgate", "search"],
            &[("CRAFTGATE_SECRET_KEY", "wrong-secret-2")],
        ),
        1,
        "Craftgate",
    );
    assert!(line.contains("401"), "{line}");
}
