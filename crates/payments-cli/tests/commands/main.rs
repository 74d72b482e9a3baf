//! The commands that move money (and the lookups around them), end to end against a
//! running `payments sandbox`: each succeeds, a wrong input or credential fails with one
//! clear line and the table's exit code, a dry run sends nothing, and a write to a host
//! that is not a test host is refused before any request without `--live`.

#[path = "../common/mod.rs"]
mod common;

mod craftgate;
mod oneentry;
mod paywall;
mod verify;
mod writes;

use std::process::Output;

use serde_json::Value;

/// A successful command's stdout as one JSON document.
fn json(out: &Output) -> Value {
    let stdout = common::ok(out);
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"))
}

/// A failure with exit code `code` and one error line naming `provider`; the line.
fn fails_with(out: &Output, code: i32, provider: &str) -> String {
    let line = common::fails(out, provider);
    assert_eq!(out.status.code(), Some(code), "{line}");
    line
}
