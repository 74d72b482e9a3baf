//! A `payments sandbox` process and running the binary against it (for the test files that
//! include this module; each uses a part of it).
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};

use serde_json::Value;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_payments");

/// A `payments sandbox` child process, killed on drop.
pub struct SandboxProcess {
    child: Child,
    /// Its info line.
    pub info: Value,
}

impl SandboxProcess {
    /// A sandbox with its defaults.
    pub fn start() -> Self {
        sandbox_with(&[])
    }

    /// `payments ARGS` with this sandbox's environment and `overrides`, nothing else.
    pub fn command(&self, args: &[&str], overrides: &[(&str, &str)]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default());
        for (k, v) in crate::common::sandbox_env(&self.info) {
            cmd.env(k, v);
        }
        for (k, v) in overrides {
            cmd.env(k, v);
        }
        cmd
    }

    /// Runs `payments ARGS` to its end (stdout and stderr are pipes).
    pub fn run(&self, args: &[&str], overrides: &[(&str, &str)]) -> Output {
        self.command(args, overrides)
            .output()
            .expect("run payments")
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

/// `paywall bulk-query BATCH --page-size N --output FORMAT`.
pub fn bulk_query<'a>(batch: &'a str, page_size: &'a str, format: &'a str) -> [&'a str; 7] {
    [
        "paywall",
        "bulk-query",
        batch,
        "--page-size",
        page_size,
        "--output",
        format,
    ]
}

/// Bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A success: its stdout.
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
