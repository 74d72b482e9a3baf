//! The error line of a transport failure names its cause in plain words, against real
//! sockets: a closed port, a server that never answers, a TLS server whose certificate is
//! self-signed, a host name that does not resolve. Each run prints exactly one line on
//! stderr and exits 1.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

mod common;

use common::{BIN, SandboxProcess, fails, text};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A throwaway self-signed certificate for `localhost` / `127.0.0.1` and its key
/// (`fixtures/README.md`).
const CERT: &[u8] = include_bytes!("fixtures/self-signed.cert.der");
const KEY: &[u8] = include_bytes!("fixtures/self-signed.key.der");

/// `payments craftgate payment 1` with Craftgate at `base_url`, one attempt of at most
/// `timeout` seconds.
fn craftgate_payment(base_url: &str, timeout: &str) -> Output {
    Command::new(BIN)
        .args([
            "craftgate",
            "payment",
            "1",
            "--max-attempts",
            "1",
            "--timeout",
            timeout,
        ])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CRAFTGATE_BASE_URL", base_url)
        .env("CRAFTGATE_API_KEY", "api-key-for-error-lines")
        .env("CRAFTGATE_SECRET_KEY", "secret-key-for-error-lines")
        .output()
        .expect("run payments")
}

/// The one error line of a failed run (exit 1), which must not be the HTTP stack's words.
fn error_line(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let line = fails(out, "Craftgate");
    assert!(!line.contains("error sending request"), "{line}");
    assert!(!line.contains("client error (Connect)"), "{line}");
    line
}

/// A loopback port nothing listens on (bound, then closed).
fn closed_port() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr")
}

/// A server that accepts connections (in a thread) and hands each to `serve`, until the
/// returned flag is set.
fn serve(serve: impl Fn(TcpStream) + Send + 'static) -> (SocketAddr, Arc<AtomicBool>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = Arc::clone(&stop);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            if stopped.load(Ordering::Relaxed) {
                break;
            }
            if let Ok(stream) = stream {
                serve(stream);
            }
        }
    });
    (addr, stop)
}

#[test]
fn a_closed_port_is_connection_refused() {
    let addr = closed_port();
    let line = error_line(&craftgate_payment(&format!("http://{addr}"), "5"));
    assert_eq!(
        line,
        format!(
            "error: Craftgate: could not connect to Craftgate: connection refused (http://{addr}/payment-reporting/v1/payments/1)"
        )
    );
}

#[test]
fn a_server_that_never_answers_times_out() {
    // Each connection is held open, read from by nobody, answered never.
    let held = Arc::new(std::sync::Mutex::new(Vec::new()));
    let keep = Arc::clone(&held);
    let (addr, stop) = serve(move |stream| keep.lock().expect("lock").push(stream));
    let line = error_line(&craftgate_payment(&format!("http://{addr}"), "0.5"));
    stop.store(true, Ordering::Relaxed);
    assert_eq!(
        line,
        format!(
            "error: Craftgate did not answer within 0.5 s (1 attempt): timed out (http://{addr}/payment-reporting/v1/payments/1)"
        )
    );
    assert_eq!(held.lock().expect("lock").len(), 1, "one attempt was sent");
}

#[test]
fn a_self_signed_certificate_is_not_trusted() {
    let config = Arc::new(
        rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from(CERT.to_vec())],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(KEY.to_vec())),
        )
        .expect("the fixture identity"),
    );
    let handshakes = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = Arc::clone(&handshakes);
    let (addr, stop) = serve(move |stream| {
        seen.fetch_add(1, Ordering::Relaxed);
        // The client gives up on the certificate: the handshake fails on this side too.
        let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
        let mut stream = stream;
        if let Ok(mut tls) = rustls::ServerConnection::new(Arc::clone(&config)) {
            let _ = tls.complete_io(&mut stream);
        }
    });
    let line = error_line(&craftgate_payment(&format!("https://{addr}"), "5"));
    stop.store(true, Ordering::Relaxed);
    assert_eq!(
        line,
        format!(
            "error: Craftgate: could not connect to Craftgate: certificate not trusted (https://{addr}/payment-reporting/v1/payments/1)"
        )
    );
    assert_eq!(handshakes.load(Ordering::Relaxed), 1);
}

#[test]
fn a_host_that_does_not_resolve_is_a_dns_failure() {
    // `.invalid` never resolves (RFC 6761); without a resolver the lookup fails too.
    let out = craftgate_payment("https://payments-cli-test.invalid", "10");
    let line = error_line(&out);
    assert!(
        line.starts_with("error: Craftgate: could not connect to Craftgate: dns: ")
            && line
                .ends_with(" (https://payments-cli-test.invalid/payment-reporting/v1/payments/1)"),
        "{line}"
    );
}

#[test]
fn errors_that_are_not_transport_keep_their_words() {
    let out = Command::new(BIN)
        .args(["craftgate", "payment", "1"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CRAFTGATE_BASE_URL", "http://example.com")
        .env("CRAFTGATE_API_KEY", "api-key-for-error-lines")
        .env("CRAFTGATE_SECRET_KEY", "secret-key-for-error-lines")
        .output()
        .expect("run payments");
    assert_eq!(out.status.code(), Some(2), "a configuration error");
    let line = fails(&out, "configuration: ");
    assert!(
        line.contains("CRAFTGATE_BASE_URL") && line.contains("https"),
        "{line}"
    );
}

/// The provider's own answer is said once: its words, code and status, not again as the
/// client error under it.
#[test]
fn a_provider_refusal_is_said_once() {
    let sandbox = SandboxProcess::start();
    let out = sandbox.run(
        &["paywall", "bulk-query", &sandbox.batch()],
        &[("PAYWALL_API_KEY_PUBLIC", "wrong-key-for-error-lines")],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        fails(&out, "Paywall"),
        "error: Paywall: Unauthorized: the apikeypublic/apiclientpublic pair is not valid (code 401) [HTTP 401]"
    );
}
