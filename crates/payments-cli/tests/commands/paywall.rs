//! `payments paywall payment | cancel | refund | bulk-*`.

use serde_json::Value;

use crate::common::{SandboxProcess, ok};
use crate::{fails_with, json};

/// A successful payment of the day before the sandbox started (refundable).
const PREVIOUS_DAY: &str = "sandbox-order-1001";
const PREVIOUS_DAY_ID: &str = "3100001";
/// A successful payment of the day the sandbox started (cancellable).
const SAME_DAY: &str = "sandbox-order-1002";
const SAME_DAY_ID: &str = "3100002";
/// The tracking code the three single payments share.
const TRACKING: &str = "sandbox-customer-42";

/// A payment's record by payment id.
fn record(sandbox: &SandboxProcess, id: &str) -> Value {
    json(&sandbox.run(&["paywall", "payment", "--payment-id", id, "--json"], &[]))
}

/// The payment's day, Paywall's (the sandbox's seeded payments' last activity is on it).
fn day_of(record: &Value) -> String {
    let at = record["LastActivityDateTime"]
        .as_str()
        .expect("last activity");
    at.split('T').next().expect("a date").to_string()
}

#[test]
fn a_payment_is_found_by_each_of_its_codes() {
    let sandbox = SandboxProcess::start();
    let by_id = record(&sandbox, SAME_DAY_ID);
    assert_eq!(by_id["MerchantUniqueCode"], SAME_DAY);
    let unique = by_id["UniqueCode"]
        .as_str()
        .expect("unique code")
        .to_string();
    for (flag, value) in [
        ("--merchant-unique-code", SAME_DAY),
        ("--unique-code", unique.as_str()),
    ] {
        let found = json(&sandbox.run(&["paywall", "payment", flag, value, "--json"], &[]));
        assert_eq!(found, by_id, "{flag}");
    }
    let tracked = json(&sandbox.run(
        &["paywall", "payment", "--tracking-code", TRACKING, "--json"],
        &[],
    ));
    assert_eq!(tracked.as_array().map(Vec::len), Some(3), "{tracked}");
    let table = ok(&sandbox.run(&["paywall", "payment", "--tracking-code", TRACKING], &[]));
    assert!(
        table.contains(PREVIOUS_DAY) && table.contains("4 Successful"),
        "{table}"
    );

    fails_with(
        &sandbox.run(
            &[
                "paywall",
                "payment",
                "--merchant-unique-code",
                "no-such-order",
            ],
            &[],
        ),
        1,
        "Paywall",
    );
    let line = fails_with(
        &sandbox.run(
            &["paywall", "payment", "--payment-id", SAME_DAY_ID],
            &[("PAYWALL_API_KEY_PRIVATE", "wrong-private-key")],
        ),
        1,
        "Paywall",
    );
    assert!(
        line.contains("401") && !line.contains("wrong-private-key"),
        "{line}"
    );
}

#[test]
fn a_payment_is_cancelled_on_its_day_once() {
    let sandbox = SandboxProcess::start();
    let day = day_of(&record(&sandbox, SAME_DAY_ID));
    let cancel = || {
        sandbox.run(
            &[
                "paywall",
                "cancel",
                "--merchant-unique-code",
                SAME_DAY,
                "--date",
                &day,
                "--json",
            ],
            &[],
        )
    };
    let cancelled = json(&cancel());
    assert_eq!(cancelled["cancelled"], true);
    assert_eq!(cancelled["merchant_unique_code"], SAME_DAY);
    assert_eq!(cancelled["date"], day.as_str());
    assert_eq!(record(&sandbox, SAME_DAY_ID)["AnySuccessCancel"], true);
    // Cancelled already: Paywall refuses, and nothing is sent twice.
    fails_with(&cancel(), 1, "Paywall");
    // Another day: not that payment's.
    fails_with(
        &sandbox.run(
            &[
                "paywall",
                "cancel",
                "--merchant-unique-code",
                PREVIOUS_DAY,
                "--date",
                "2020-01-01",
            ],
            &[],
        ),
        1,
        "Paywall",
    );
    let out = sandbox.run(
        &[
            "paywall",
            "cancel",
            "--unique-code",
            "x",
            "--date",
            "12.12.2024",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2), "a day is YYYY-MM-DD");
}

#[test]
fn a_payment_is_refunded_partly_then_in_full() {
    let sandbox = SandboxProcess::start();
    let day = day_of(&record(&sandbox, PREVIOUS_DAY_ID));
    let partial = json(&sandbox.run(
        &[
            "paywall",
            "refund",
            "--merchant-unique-code",
            PREVIOUS_DAY,
            "--date",
            &day,
            "--amount",
            "10.50",
            "--json",
        ],
        &[],
    ));
    assert_eq!(partial["amount"]["amount"].to_string(), "10.50");
    assert_eq!(partial["outcome"], "succeeded");
    assert_eq!(
        record(&sandbox, PREVIOUS_DAY_ID)["AnySuccessPartialRefund"],
        true
    );

    let line = fails_with(
        &sandbox.run(
            &["paywall", "refund", "--merchant-unique-code", PREVIOUS_DAY],
            &[],
        ),
        2,
        "--date",
    );
    assert!(line.contains("payment's day"), "{line}");
    let line = fails_with(
        &sandbox.run(
            &[
                "paywall",
                "refund",
                "--payment-id",
                PREVIOUS_DAY_ID,
                "--date",
                &day,
                "--amount",
                "1000",
            ],
            &[],
        ),
        1,
        "Paywall",
    );
    assert!(line.contains("exceeds the refundable amount"), "{line}");

    // A full refund by payment id is a revert: no day needed.
    let table = ok(&sandbox.run(&["paywall", "refund", "--payment-id", PREVIOUS_DAY_ID], &[]));
    assert!(
        table.contains("Refunded Paywall payment 3100001"),
        "{table}"
    );
    assert_eq!(record(&sandbox, PREVIOUS_DAY_ID)["AnySuccessRefund"], true);
}

#[test]
fn bulk_summary_refund_retry_and_callback() {
    let sandbox = SandboxProcess::start();
    let batch = sandbox.batch();
    let summary = json(&sandbox.run(&["paywall", "bulk-summary", &batch, "--json"], &[]));
    assert_eq!(summary["merchant_unique_code"], batch.as_str());
    assert_eq!(summary["summary"]["total_count"], 23);
    // The batch is of the day before the sandbox started.
    let first = json(&sandbox.run(
        &[
            "paywall",
            "bulk-query",
            &batch,
            "--page-size",
            "1",
            "--json",
        ],
        &[],
    ));
    let payment_id = first["payments"][0]["id"].as_str().expect("id").to_string();
    let day = day_of(&record(&sandbox, &payment_id));
    let bulk =
        |action: &str| sandbox.run(&["paywall", action, &batch, "--date", &day, "--json"], &[]);
    let refunded = json(&bulk("bulk-refund"));
    assert_eq!(refunded["action"], "refund");
    assert_eq!(refunded["queued"], true);
    assert!(refunded["bulk_payment_id"].is_i64(), "{refunded}");
    let retried = json(&bulk("bulk-retry"));
    assert_eq!(retried["action"], "retry");
    let resent = json(&bulk("bulk-callback"));
    assert_eq!(
        resent["message"],
        "Bulk payment file callback has been scheduled"
    );
    // Cancelling is for the batch's own day only; Paywall says so.
    let line = fails_with(&bulk("bulk-cancel"), 1, "Paywall");
    assert!(line.contains("payment day"), "{line}");

    let line = fails_with(
        &sandbox.run(
            &["paywall", "bulk-retry", &batch, "--date", &day],
            &[("PAYWALL_API_CLIENT_PUBLIC", "wrong-public-client")],
        ),
        1,
        "Paywall",
    );
    assert!(
        line.contains("401") && !line.contains("wrong-public-client"),
        "{line}"
    );
    fails_with(
        &sandbox.run(&["paywall", "bulk-summary", "no-such-batch"], &[]),
        1,
        "Paywall",
    );
}
