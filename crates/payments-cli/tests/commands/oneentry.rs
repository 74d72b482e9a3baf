//! `payments oneentry orders | order | session | accounts | sign-out | checkout`.

use crate::common::{SandboxProcess, ok};
use crate::{fails_with, json};

/// The demo user's paid order and its completed session (payments_sandbox::seed::oneentry).
const PAID_ORDER: &str = "88";
const PAID_SESSION: &str = "45";

#[test]
fn orders_sessions_and_accounts_are_read_after_signing_in() {
    let sandbox = SandboxProcess::start();
    let listed = json(&sandbox.run(&["oneentry", "orders", "--limit", "1", "--json"], &[]));
    assert_eq!(listed["items"][0]["id"], PAID_ORDER, "{listed}");
    assert_eq!(listed["total"], 1);
    assert_eq!(listed["storage"], "orders");
    let past = json(&sandbox.run(
        &[
            "oneentry", "orders", "--page", "1", "--limit", "1", "--json",
        ],
        &[],
    ));
    assert_eq!(past["items"], serde_json::json!([]), "{past}");
    let table = ok(&sandbox.run(&["oneentry", "orders"], &[]));
    assert!(
        table.contains("1 of 1 orders") && table.contains("146x1"),
        "{table}"
    );

    let order = json(&sandbox.run(&["oneentry", "order", PAID_ORDER, "--json"], &[]));
    assert_eq!(order["id"], PAID_ORDER);
    assert_eq!(order["total"]["amount"].to_string(), "415.50");
    let session = json(&sandbox.run(&["oneentry", "session", PAID_SESSION, "--json"], &[]));
    assert_eq!(session["order_id"], PAID_ORDER);
    assert_eq!(session["provider_status"], "completed");

    let accounts = ok(&sandbox.run(&["oneentry", "accounts", "--json"], &[]));
    let parsed: serde_json::Value = serde_json::from_str(&accounts).expect("JSON");
    let identifiers: Vec<&str> = parsed
        .as_array()
        .expect("accounts")
        .iter()
        .filter_map(|a| a["identifier"].as_str())
        .collect();
    assert_eq!(identifiers, ["cash", "stripe"]);
    assert!(!accounts.to_lowercase().contains("secret"), "{accounts}");

    fails_with(
        &sandbox.run(&["oneentry", "order", "9999"], &[]),
        1,
        "not found",
    );
    fails_with(
        &sandbox.run(&["oneentry", "session", "9999"], &[]),
        1,
        "not found",
    );
    fails_with(
        &sandbox.run(&["oneentry", "orders", "--storage", "no/such"], &[]),
        2,
        "storage marker",
    );
    let line = fails_with(
        &sandbox.run(
            &["oneentry", "accounts"],
            &[("ONEENTRY_PASSWORD", "wrong-password-9")],
        ),
        1,
        "OneEntry",
    );
    assert!(!line.contains("wrong-password-9"), "{line}");
}

#[test]
fn sign_out_signs_the_user_out_of_this_device_or_every_device() {
    let sandbox = SandboxProcess::start();
    let out = json(&sandbox.run(&["oneentry", "sign-out", "--json"], &[]));
    assert_eq!(out["signed_out"], true);
    assert_eq!(out["scope"], "this device");
    assert_eq!(out["user"], sandbox.info["oneentry"]["login"]);
    let table = ok(&sandbox.run(&["oneentry", "sign-out", "--everywhere"], &[]));
    assert!(table.contains("every device"), "{table}");
    fails_with(
        &sandbox.run(
            &["oneentry", "sign-out"],
            &[("ONEENTRY_APP_TOKEN", "wrong-app-token")],
        ),
        1,
        "OneEntry",
    );
}
