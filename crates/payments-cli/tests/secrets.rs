//! Secrets never leave: the demo and every operation, run with `RUST_LOG=trace` (every
//! crate's spans and events, reqwest and hyper included), print none of the sandbox's
//! credentials, tokens or client secrets, nor the wrong credentials a caller passed, in
//! clear or in any encoding the code produces (base64, base64url, percent-encoding, hex).
//! The one exception is `payments sandbox`'s first stdout line, its info, which hands out
//! the throwaway credentials by design.
//!
//! The sandboxes write every secret they handed out to `PAYMENTS_SANDBOX_SECRETS_FILE` as
//! they stop, so the scan also knows the access and refresh tokens and client secrets
//! issued during the run.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use serde_json::Value;

mod common;

const BIN: &str = env!("CARGO_BIN_EXE_payments");

/// Every log, span and event of every crate.
const TRACE: (&str, &str) = ("RUST_LOG", "trace");

/// Wrong credentials a caller might pass; they must not be echoed either.
const WRONG: [(&str, &str); 5] = [
    ("ONEENTRY_APP_TOKEN", "wrong-app-token-6c1f0a9d2b7e"),
    ("ONEENTRY_PASSWORD", "wrong-password-3e8d51b0c4a2"),
    ("PAYWALL_API_KEY_PUBLIC", "wrong-paywall-key-9a04e7c1d35b"),
    ("CRAFTGATE_API_KEY", "wrong-craftgate-key-58b2f1e0a7c6"),
    (
        "CRAFTGATE_SECRET_KEY",
        "wrong-craftgate-secret-d7a3c9e2f104",
    ),
];

/// A scratch file named for this test, removed first.
fn scratch(name: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("payments-secrets-{}-{name}", std::process::id()));
    let _ = std::fs::remove_file(&path);
    path
}

fn read_secrets(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("the sandbox wrote its secrets");
    text.lines()
        .map(str::to_string)
        .filter(|s| !s.is_empty())
        .collect()
}

/// The substring a base64 engine produces for `secret` wherever it sits in the encoded data:
/// one per byte alignment (0, 1 or 2 bytes before it), without the characters it shares
/// with its neighbours.
fn base64_cores(engine: &impl Engine, secret: &[u8]) -> Vec<String> {
    (0..3usize)
        .map(|lead| {
            let mut data = vec![0u8; lead];
            data.extend_from_slice(secret);
            let encoded = engine.encode(&data);
            let first = (lead * 8).div_ceil(6);
            let last = (lead + secret.len()) * 8 / 6;
            encoded[first..last].to_string()
        })
        .collect()
}

/// `secret` in every form the code could write it.
fn forms(secret: &str) -> Vec<(String, &'static str)> {
    let mut out = vec![(secret.to_string(), "in clear")];
    let percent = percent_encoding::utf8_percent_encode(secret, percent_encoding::NON_ALPHANUMERIC)
        .to_string();
    if percent != secret {
        out.push((percent, "percent-encoded"));
    }
    for core in base64_cores(&STANDARD_NO_PAD, secret.as_bytes()) {
        out.push((core, "base64"));
    }
    for core in base64_cores(&URL_SAFE_NO_PAD, secret.as_bytes()) {
        out.push((core, "base64url"));
    }
    let hex: String = secret.bytes().map(|b| format!("{b:02x}")).collect();
    out.push((hex, "hex"));
    out
}

/// Fails naming the secret's form and where it showed up.
fn assert_clean(context: &str, text: &str, secrets: &[String]) {
    for secret in secrets {
        assert!(
            secret.len() >= 12,
            "scan only distinctive secrets: {secret:?} is short"
        );
        for (form, how) in forms(secret) {
            if let Some(at) = text.find(&form) {
                let from = text[..at].rfind('\n').map_or(0, |i| i + 1);
                let to = text[at..].find('\n').map_or(text.len(), |i| at + i);
                panic!("{context}: a secret appeared {how}:\n{}", &text[from..to]);
            }
        }
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// stdout and stderr, after proving the trace filter took effect (hyper's and reqwest's
/// events are there), so a quiet run cannot pass for a clean one.
fn traced(out: &Output) -> String {
    let all = format!("{}\n{}", text(&out.stdout), text(&out.stderr));
    assert!(
        all.contains("TRACE") && all.contains("hyper") && all.contains("reqwest"),
        "RUST_LOG=trace should show hyper's and reqwest's events:\n{}",
        &all[..all.len().min(2000)]
    );
    all
}

/// stdout and stderr of a dry run, after proving the trace filter took effect: a dry run
/// sends nothing, so instead of hyper's events it logs each request it prepared.
fn dry_run_traced(out: &Output) -> String {
    let all = format!("{}\n{}", text(&out.stdout), text(&out.stderr));
    assert!(
        all.contains("DEBUG") && all.contains("dry run: prepared, not sent"),
        "RUST_LOG=trace should show the dry run's event:\n{}",
        &all[..all.len().min(2000)]
    );
    all
}

#[test]
fn the_demo_at_trace_level_prints_no_secret() {
    let file = scratch("demo");
    let out = Command::new(BIN)
        .arg("demo")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env(TRACE.0, TRACE.1)
        .env("PAYMENTS_SANDBOX_SECRETS_FILE", &file)
        .output()
        .expect("run payments demo");
    assert!(out.status.success(), "demo failed:\n{}", text(&out.stderr));
    let secrets = read_secrets(&file);
    let _ = std::fs::remove_file(&file);
    assert!(
        secrets.iter().any(|s| s.starts_with("eyJ")) && secrets.len() >= 11,
        "8 credentials, the signing key and at least one access and refresh token: {} secrets",
        secrets.len()
    );
    assert_clean("payments demo", &traced(&out), &secrets);
}

/// `payments sandbox` at trace level, stopped with SIGTERM so it writes its secrets.
struct TracedSandbox {
    child: Child,
    info: Value,
    file: PathBuf,
    /// Reads whatever follows the info line on stdout, until the sandbox stops.
    rest: Option<std::thread::JoinHandle<String>>,
}

impl Drop for TracedSandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl TracedSandbox {
    fn start() -> Self {
        let file = scratch("sandbox");
        let mut child = Command::new(BIN)
            .arg("sandbox")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env(TRACE.0, TRACE.1)
            .env("PAYMENTS_SANDBOX_SECRETS_FILE", &file)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start payments sandbox");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        stdout.read_line(&mut line).expect("info line");
        let info: Value = serde_json::from_str(&line).expect("the info line is JSON");
        let rest = std::thread::spawn(move || {
            let mut rest = String::new();
            let _ = stdout.read_to_string(&mut rest);
            rest
        });
        Self {
            child,
            info,
            file,
            rest: Some(rest),
        }
    }

    /// Runs `payments ARGS` at trace level with this sandbox's environment and `overrides`.
    fn run(&self, args: &[&str], overrides: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env(TRACE.0, TRACE.1);
        for (k, v) in common::sandbox_env(&self.info) {
            cmd.env(k, v);
        }
        for (k, v) in overrides {
            cmd.env(k, v);
        }
        cmd.output().expect("run payments")
    }

    /// Stops the sandbox with SIGTERM; returns its secrets and what it printed after the
    /// info line (the rest of stdout, all of stderr).
    fn stop(&mut self) -> (Vec<String>, String) {
        let pid = self.child.id().to_string();
        let killed = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill");
        assert!(killed.success());
        let mut stderr = String::new();
        if let Some(mut err) = self.child.stderr.take() {
            let _ = err.read_to_string(&mut stderr);
        }
        let status = self.child.wait().expect("wait for the sandbox");
        assert!(
            status.success(),
            "the sandbox stops cleanly on SIGTERM: {status}"
        );
        let rest = self
            .rest
            .take()
            .and_then(|t| t.join().ok())
            .unwrap_or_default();
        let secrets = read_secrets(&self.file);
        let _ = std::fs::remove_file(&self.file);
        (secrets, format!("{rest}\n{stderr}"))
    }
}

#[test]
fn every_operation_at_trace_level_prints_no_secret() {
    let mut sandbox = TracedSandbox::start();
    let batch = sandbox.info["paywall"]["bulk_merchant_unique_code"]
        .as_str()
        .expect("batch")
        .to_string();
    let payment = sandbox.info["craftgate"]["payment_id"].to_string();
    let product = sandbox.info["oneentry"]["product_id"].to_string();
    let wrong = |name: &str| -> Vec<(&str, &str)> {
        WRONG
            .iter()
            .filter(|(k, _)| *k == name)
            .map(|&(k, v)| (k, v))
            .collect()
    };

    // Every operation, with good credentials and with each kind of wrong one.
    let runs: Vec<(String, Output)> = [
        (vec!["oneentry", "sessions"], vec![]),
        (vec!["oneentry", "sessions", "--json"], vec![]),
        (vec!["oneentry", "session-by-order", "88"], vec![]),
        (vec!["oneentry", "checkout", "--product", &product], vec![]),
        (
            vec!["oneentry", "checkout", "--product", &product, "--json"],
            vec![],
        ),
        (vec!["oneentry", "sessions"], wrong("ONEENTRY_APP_TOKEN")),
        (vec!["oneentry", "sessions"], wrong("ONEENTRY_PASSWORD")),
        (
            vec!["paywall", "bulk-query", &batch, "--page-size", "7"],
            vec![],
        ),
        (vec!["paywall", "bulk-query", &batch, "--json"], vec![]),
        (
            vec!["paywall", "bulk-query", &batch, "--output", "ndjson"],
            vec![],
        ),
        (
            vec!["paywall", "bulk-query", &batch],
            wrong("PAYWALL_API_KEY_PUBLIC"),
        ),
        (vec!["craftgate", "breakdown", &payment], vec![]),
        (vec!["craftgate", "breakdown", &payment, "--json"], vec![]),
        (vec!["craftgate", "payment", &payment], vec![]),
        (
            vec!["craftgate", "payment", &payment],
            wrong("CRAFTGATE_API_KEY"),
        ),
        (
            vec!["craftgate", "payment", &payment],
            wrong("CRAFTGATE_SECRET_KEY"),
        ),
        // The writes, their dry runs (which print the requests) and the lookups.
        (
            vec![
                "craftgate",
                "refund",
                "--item",
                "2003",
                "--amount",
                "1.00",
                "--dry-run",
            ],
            vec![],
        ),
        (
            vec![
                "craftgate",
                "refund",
                "--item",
                "2003",
                "--amount",
                "1.00",
                "--json",
            ],
            vec![],
        ),
        (vec!["craftgate", "refunds", &payment], vec![]),
        (vec!["craftgate", "search", "--json"], vec![]),
        (
            vec![
                "paywall",
                "payment",
                "--tracking-code",
                "sandbox-customer-42",
            ],
            vec![],
        ),
        (vec!["paywall", "bulk-summary", &batch], vec![]),
        (
            vec![
                "paywall",
                "refund",
                "--payment-id",
                "3100001",
                "--dry-run",
                "--json",
            ],
            vec![],
        ),
        (vec!["oneentry", "accounts", "--json"], vec![]),
        (vec!["oneentry", "orders"], vec![]),
        (vec!["oneentry", "sign-out", "--dry-run"], vec![]),
        (vec!["oneentry", "sign-out"], vec![]),
    ]
    .into_iter()
    .map(|(args, overrides)| (args.join(" "), sandbox.run(&args, &overrides)))
    .collect();

    let (mut secrets, sandbox_output) = sandbox.stop();
    assert!(
        secrets.iter().any(|s| s.starts_with("eyJ")),
        "the operations signed in, so the sandbox issued tokens"
    );
    secrets.extend(WRONG.iter().map(|(_, v)| v.to_string()));

    let mut failures = 0;
    for (args, out) in &runs {
        if !out.status.success() {
            failures += 1;
        }
        let shown = if args.contains("--dry-run") {
            dry_run_traced(out)
        } else {
            traced(out)
        };
        assert_clean(&format!("payments {args}"), &shown, &secrets);
    }
    assert_eq!(failures, 5, "exactly the five wrong-credential runs fail");
    assert_clean(
        "payments sandbox (after its info line)",
        &sandbox_output,
        &secrets,
    );
}

#[test]
fn the_scan_finds_a_secret_in_each_form() {
    let secret = "sandbox-app-Zq8Xw3Lm9Pd2Rt7Kv4Nc";
    let shown = [
        format!("x-app-token: {secret}"),
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("u:{secret}"))
        ),
        format!("token={}", URL_SAFE_NO_PAD.encode(format!("ab{secret}cd"))),
        format!(
            "q=a%20{}",
            percent_encoding::utf8_percent_encode(
                &format!("{secret}/"),
                percent_encoding::NON_ALPHANUMERIC
            )
        ),
        format!(
            "bytes {}",
            secret
                .bytes()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        ),
    ];
    for line in shown {
        let caught = std::panic::catch_unwind(|| {
            assert_clean(
                "probe",
                &format!("before\n{line}\nafter"),
                &[secret.to_string()],
            );
        });
        assert!(caught.is_err(), "the scan missed {line}");
    }
    assert_clean("probe", "nothing to see", &[secret.to_string()]);
}
