//! What the CLI tests share: a running `payments sandbox` process, the environment that
//! points every provider at it, and checks of how a command ended.
// Each test binary uses a subset of these helpers.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};

use serde_json::Value;

/// The `payments` binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_payments");

/// The variables that point every provider at the sandbox whose info line is `info`.
pub fn sandbox_env(info: &Value) -> Vec<(&'static str, String)> {
    let s = |p: &str| {
        info.pointer(p)
            .and_then(Value::as_str)
            .expect(p)
            .to_string()
    };
    vec![
        ("ONEENTRY_PROJECT_URL", s("/oneentry/url")),
        ("ONEENTRY_APP_TOKEN", s("/oneentry/app_token")),
        ("ONEENTRY_AUTH_MARKER", s("/oneentry/auth_marker")),
        ("ONEENTRY_LOGIN_FIELD", s("/oneentry/login_field")),
        ("ONEENTRY_PASSWORD_FIELD", s("/oneentry/password_field")),
        ("ONEENTRY_LOGIN", s("/oneentry/login")),
        ("ONEENTRY_PASSWORD", s("/oneentry/password")),
        ("PAYWALL_PAYMENT_API_URL", s("/paywall/payment_api_url")),
        ("PAYWALL_PRIVATE_API_URL", s("/paywall/private_api_url")),
        ("PAYWALL_API_KEY_PUBLIC", s("/paywall/api_key_public")),
        ("PAYWALL_API_CLIENT_PUBLIC", s("/paywall/api_client_public")),
        ("PAYWALL_API_KEY_PRIVATE", s("/paywall/api_key_private")),
        (
            "PAYWALL_API_CLIENT_PRIVATE",
            s("/paywall/api_client_private"),
        ),
        ("CRAFTGATE_BASE_URL", s("/craftgate/base_url")),
        ("CRAFTGATE_API_KEY", s("/craftgate/api_key")),
        ("CRAFTGATE_SECRET_KEY", s("/craftgate/secret_key")),
    ]
}

/// A `payments sandbox` child process, killed on drop.
pub struct SandboxProcess {
    child: Child,
    /// Its info line.
    pub info: Value,
}

impl SandboxProcess {
    /// `payments sandbox` with its defaults.
    pub fn start() -> Self {
        sandbox_with(&[])
    }

    /// Runs `payments ARGS` with this sandbox's environment and `overrides` (nothing else
    /// of the test's environment but `PATH`).
    pub fn run(&self, args: &[&str], overrides: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default());
        for (k, v) in sandbox_env(&self.info) {
            cmd.env(k, v);
        }
        for (k, v) in overrides {
            cmd.env(k, v);
        }
        cmd.output().expect("run payments")
    }

    /// The merchant unique code of the sandbox's bulk batch.
    pub fn batch(&self) -> String {
        self.info["paywall"]["bulk_merchant_unique_code"]
            .as_str()
            .expect("batch")
            .to_string()
    }
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A `payments sandbox` child process started with `args` after `sandbox`.
pub fn sandbox_with(args: &[&str]) -> SandboxProcess {
    let mut child = Command::new(BIN)
        .arg("sandbox")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start payments sandbox");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("first line");
    let info: Value = serde_json::from_str(&line).expect("first line is JSON");
    SandboxProcess { child, info }
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A success: exit 0; its stdout.
pub fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

/// A failure: non-zero exit and exactly one line on stderr naming the provider.
pub fn fails(out: &Output, provider: &str) -> String {
    assert!(
        !out.status.success(),
        "expected failure, got:\n{}",
        text(&out.stdout)
    );
    let err = text(&out.stderr);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one error line expected:\n{err}");
    assert!(
        lines[0].starts_with("error: ") && lines[0].contains(provider),
        "{err}"
    );
    lines[0].to_string()
}
