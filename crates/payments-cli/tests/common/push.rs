//! What the `listen` and `trigger` tests share: an in-process sandbox pushing fast, a
//! receiver that records what it gets and answers as scripted, and a `payments listen`
//! process whose lines arrive on a channel.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use payments_sandbox::{Sandbox, SandboxConfig};
use tokio::sync::mpsc;

use super::BIN;

/// How long a test waits for a line or a delivery.
pub const WAIT: Duration = Duration::from_secs(10);

/// A sandbox whose pushes run 1000 times faster than the providers'.
pub async fn fast_sandbox() -> Sandbox {
    Sandbox::start_with(SandboxConfig {
        push_time_scale: 1000,
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

/// The control URL of `sandbox`.
pub fn control_url(sandbox: &Sandbox) -> String {
    sandbox.info().control.url.clone()
}

/// A request the receiver got.
#[derive(Clone, Debug)]
pub struct Received {
    /// Its path.
    pub path: String,
    /// Its headers.
    pub headers: HeaderMap,
    /// Its body.
    pub body: Bytes,
}

/// A webhook endpoint on loopback: answers each request with the next scripted status
/// (200 when none is left) and records it.
pub struct Receiver {
    /// `http://127.0.0.1:PORT/webhooks`.
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

#[derive(Clone)]
struct Script {
    statuses: Arc<Mutex<VecDeque<u16>>>,
    received: Arc<Mutex<Vec<Received>>>,
}

async fn record(
    State(script): State<Script>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    script.received.lock().unwrap().push(Received {
        path: uri.path().to_string(),
        headers,
        body,
    });
    let status = script.statuses.lock().unwrap().pop_front().unwrap_or(200);
    StatusCode::from_u16(status).unwrap()
}

impl Receiver {
    /// A receiver answering `statuses` first, then 200.
    pub async fn start(statuses: &[u16]) -> Self {
        let received = Arc::new(Mutex::new(Vec::new()));
        let script = Script {
            statuses: Arc::new(Mutex::new(statuses.iter().copied().collect())),
            received: received.clone(),
        };
        let app = axum::Router::new().fallback(record).with_state(script);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Self {
            url: format!("http://{addr}/webhooks"),
            received,
            task,
        }
    }

    /// What it got so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Lines of a child's pipe, read on a thread of their own.
fn lines(pipe: impl Read + Send + 'static) -> mpsc::UnboundedReceiver<String> {
    let (tx, rx) = mpsc::unbounded_channel();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// A `payments listen` process, killed on drop.
pub struct Listen {
    child: Child,
    stdout: mpsc::UnboundedReceiver<String>,
    /// Its stderr up to the ready line.
    pub stderr: Vec<String>,
    stderr_rest: mpsc::UnboundedReceiver<String>,
}

impl Listen {
    /// `payments listen --forward-to FORWARD ARGS`, started and ready (its ready line read).
    pub async fn start(forward: &str, args: &[&str]) -> Self {
        let mut child = Command::new(BIN)
            .args(["listen", "--forward-to", forward])
            .args(args)
            .env_remove("PAYMENTS_SANDBOX_URL")
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start payments listen");
        let stdout = lines(child.stdout.take().unwrap());
        let mut stderr_rest = lines(child.stderr.take().unwrap());
        let mut stderr = Vec::new();
        loop {
            let line = tokio::time::timeout(WAIT, stderr_rest.recv())
                .await
                .expect("listen gets ready in time")
                .unwrap_or_else(|| panic!("listen ended before it was ready:\n{stderr:#?}"));
            let ready = line.starts_with("Ready: ");
            stderr.push(line);
            if ready {
                break;
            }
        }
        Self {
            child,
            stdout,
            stderr,
            stderr_rest,
        }
    }

    /// Its next stdout line.
    pub async fn line(&mut self) -> String {
        tokio::time::timeout(WAIT, self.stdout.recv())
            .await
            .expect("a line in time")
            .expect("listen still running")
    }

    /// Its next `n` stdout lines.
    pub async fn lines(&mut self, n: usize) -> Vec<String> {
        let mut lines = Vec::new();
        for _ in 0..n {
            lines.push(self.line().await);
        }
        lines
    }

    /// Whether a stdout line arrives within `wait`.
    pub async fn quiet_for(&mut self, wait: Duration) -> Option<String> {
        tokio::time::timeout(wait, self.stdout.recv())
            .await
            .ok()
            .flatten()
    }

    /// Sends SIGTERM and waits for the exit; the exit code and the rest of stderr.
    pub async fn terminate(mut self) -> (Option<i32>, Vec<String>) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(sent.success());
        let mut child = std::mem::replace(&mut self.child, Command::new("true").spawn().unwrap());
        let status = tokio::task::spawn_blocking(move || child.wait().unwrap())
            .await
            .unwrap();
        let mut rest = Vec::new();
        while let Ok(Some(line)) =
            tokio::time::timeout(Duration::from_secs(2), self.stderr_rest.recv()).await
        {
            rest.push(line);
        }
        (status.code(), rest)
    }
}

impl Drop for Listen {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `payments ARGS` with PAYMENTS_SANDBOX_URL set to `control` (off the async
/// workers).
pub async fn payments(control: &str, args: &[&str]) -> Output {
    let mut command = Command::new(BIN);
    command.args(args).env("PAYMENTS_SANDBOX_URL", control);
    tokio::task::spawn_blocking(move || command.output().expect("run payments"))
        .await
        .unwrap()
}
