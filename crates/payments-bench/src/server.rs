//! The loopback server: fixed provider bodies, an optional delay per answer, run in a
//! process of its own (`payments-bench serve`) so that the client's CPU figure holds no
//! server work.
//!
//! Every route checks the request the way a strict provider would, so a layer that sends
//! less (or more) than the others fails instead of looking fast: the exact set of header
//! names (besides `host`), the fixed values (content type, keys, tokens, ids) and
//! Craftgate's signature, recomputed with `craftgate_client::signature`. A refused request
//! gets a 400 with the reason, which ends the benchmark.

use std::collections::BTreeSet;
use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header::{CONTENT_TYPE, HOST};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use percent_encoding::percent_decode_str;

use crate::failure::{Failure, fail};
use crate::fixtures::{
    CRAFTGATE_API_KEY, CRAFTGATE_ITEMS, CRAFTGATE_PAYMENT_ID, CRAFTGATE_SECRET_KEY,
    ONEENTRY_ACCESS_TOKEN, ONEENTRY_APP_TOKEN, ONEENTRY_SESSION_ID, PAYWALL_BATCH,
    PAYWALL_PAGE_NUMBER, PAYWALL_PAGE_SIZE, PAYWALL_PAYMENT_ID, PAYWALL_PRIVATE, PAYWALL_PUBLIC,
    craftgate_breakdown, oneentry_session, paywall_bulk_page, paywall_payment,
};

/// The line the server prints first, followed by its base URL.
const LISTENING: &str = "listening on ";

/// What the server answers, and how late.
struct Served {
    craftgate_breakdown: Bytes,
    paywall_payment: Bytes,
    paywall_bulk_page: Bytes,
    oneentry_session: Bytes,
    latency: Duration,
}

type Shared = State<Arc<Served>>;

/// A header the route wants: its name, and its exact value when that is fixed.
type Want<'a> = (&'a str, Option<&'a str>);

/// Checks that `headers` are exactly `want` (plus `host`), with the fixed values.
fn check_headers(headers: &HeaderMap, want: &[Want<'_>]) -> Result<(), String> {
    let got: BTreeSet<&str> = headers
        .keys()
        .map(|k| k.as_str())
        .filter(|k| *k != HOST.as_str())
        .collect();
    let wanted: BTreeSet<&str> = want.iter().map(|(name, _)| *name).collect();
    if got != wanted {
        return Err(format!("headers {got:?}, expected {wanted:?}"));
    }
    for (name, value) in want {
        let Some(value) = value else { continue };
        let all: Vec<_> = headers.get_all(*name).iter().collect();
        if all.len() != 1 || all.first().and_then(|v| v.to_str().ok()) != Some(*value) {
            return Err(format!("header {name}: {all:?}, expected {value:?}"));
        }
    }
    Ok(())
}

/// A header's text, or empty.
fn text<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// The body after the configured delay, or a 400 saying why the request was refused.
async fn answer(served: &Served, checked: Result<(), String>, body: &Bytes) -> Response {
    if let Err(why) = checked {
        return (StatusCode::BAD_REQUEST, why).into_response();
    }
    if !served.latency.is_zero() {
        tokio::time::sleep(served.latency).await;
    }
    ([(CONTENT_TYPE, "application/json")], body.clone()).into_response()
}

/// Checks Craftgate's signature: SHA-256 of the decoded URL as sent, the keys and the
/// random key (no body on a GET).
fn check_signature(headers: &HeaderMap, uri: &Uri) -> Result<(), String> {
    let url = format!("http://{}{uri}", text(headers, HOST.as_str()));
    let decoded = percent_decode_str(&url)
        .decode_utf8()
        .map_err(|_| "the URL is not UTF-8".to_string())?;
    let rnd_key = text(headers, "x-rnd-key");
    if rnd_key.len() < 16 {
        return Err(format!("x-rnd-key {rnd_key:?} is short"));
    }
    let expected = craftgate_client::signature(
        &decoded,
        CRAFTGATE_API_KEY,
        CRAFTGATE_SECRET_KEY,
        rnd_key,
        b"",
    );
    if text(headers, "x-signature") != expected {
        return Err("Signature is not equal!".to_string());
    }
    Ok(())
}

async fn craftgate(
    State(served): Shared,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let checked = check_headers(
        &headers,
        &[
            ("accept", Some("application/json")),
            ("content-type", Some("application/json")),
            ("x-api-key", Some(CRAFTGATE_API_KEY)),
            ("x-auth-version", Some("v1")),
            ("x-rnd-key", None),
            ("x-signature", None),
        ],
    )
    .and_then(|()| check_signature(&headers, &uri))
    .and_then(|()| expect("payment id", &id, CRAFTGATE_PAYMENT_ID))
    .and_then(|()| no_query(&uri));
    answer(&served, checked, &served.craftgate_breakdown).await
}

async fn paywall_private_query(State(served): Shared, uri: Uri, headers: HeaderMap) -> Response {
    let id = PAYWALL_PAYMENT_ID.to_string();
    let checked = check_headers(
        &headers,
        &[
            ("accept", Some("application/json")),
            ("paymentid", Some(&id)),
            ("apikeyprivate", Some(PAYWALL_PRIVATE.0)),
            ("apiclientprivate", Some(PAYWALL_PRIVATE.1)),
        ],
    )
    .and_then(|()| no_query(&uri));
    answer(&served, checked, &served.paywall_payment).await
}

async fn paywall_bulk_query(State(served): Shared, uri: Uri, headers: HeaderMap) -> Response {
    let number = PAYWALL_PAGE_NUMBER.to_string();
    let size = PAYWALL_PAGE_SIZE.to_string();
    let checked = check_headers(
        &headers,
        &[
            ("accept", Some("application/json")),
            ("merchantuniquecode", Some(PAYWALL_BATCH)),
            ("pagenumber", Some(&number)),
            ("pagesize", Some(&size)),
            ("apikeypublic", Some(PAYWALL_PUBLIC.0)),
            ("apiclientpublic", Some(PAYWALL_PUBLIC.1)),
        ],
    )
    .and_then(|()| no_query(&uri));
    answer(&served, checked, &served.paywall_bulk_page).await
}

async fn oneentry(
    State(served): Shared,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let bearer = format!("Bearer {ONEENTRY_ACCESS_TOKEN}");
    let checked = check_headers(
        &headers,
        &[
            ("accept", Some("application/json")),
            ("content-type", Some("application/json")),
            ("x-app-token", Some(ONEENTRY_APP_TOKEN)),
            ("authorization", Some(&bearer)),
        ],
    )
    .and_then(|()| expect("session id", &id, ONEENTRY_SESSION_ID))
    .and_then(|()| no_query(&uri));
    answer(&served, checked, &served.oneentry_session).await
}

/// `Ok` when the path parameter is `expected`.
fn expect(what: &str, got: &str, expected: i64) -> Result<(), String> {
    if got == expected.to_string() {
        Ok(())
    } else {
        Err(format!("{what} {got}, expected {expected}"))
    }
}

/// `Ok` when the request has no query string (none of the benchmarked reads has one).
fn no_query(uri: &Uri) -> Result<(), String> {
    match uri.query() {
        None => Ok(()),
        Some(q) => Err(format!("unexpected query {q:?}")),
    }
}

async fn unknown(uri: Uri) -> Response {
    (StatusCode::NOT_FOUND, format!("no route for {uri}")).into_response()
}

/// The server's routes, answering after `latency`.
pub fn router(latency: Duration) -> Router {
    let served = Served {
        craftgate_breakdown: Bytes::from(craftgate_breakdown(CRAFTGATE_ITEMS)),
        paywall_payment: Bytes::from(paywall_payment()),
        paywall_bulk_page: Bytes::from(paywall_bulk_page(
            usize::try_from(PAYWALL_PAGE_SIZE).unwrap_or(usize::MAX),
        )),
        oneentry_session: Bytes::from(oneentry_session()),
        latency,
    };
    Router::new()
        .route(
            "/payment-reporting/v1/payments/{id}/transactions",
            get(craftgate),
        )
        .route(
            "/api/paywall/private/query/by/paymentid",
            get(paywall_private_query),
        )
        .route(
            "/api/paywall/payment/bulk/payment/query",
            get(paywall_bulk_query),
        )
        .route("/api/content/payments/sessions/{id}", get(oneentry))
        .fallback(unknown)
        .with_state(Arc::new(served))
}

/// `payments-bench serve`: binds a loopback port, prints `listening on` and its base URL,
/// and serves until its standard input closes (the benchmark ended or died).
pub fn serve(latency: Duration) -> Result<(), Failure> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(fail)?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(fail)?;
        let address = listener.local_addr().map_err(fail)?;
        let mut out = std::io::stdout();
        writeln!(out, "{LISTENING}http://{address}").map_err(fail)?;
        out.flush().map_err(fail)?;
        std::thread::spawn(|| {
            let mut sink = Vec::new();
            let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut sink);
            std::process::exit(0);
        });
        axum::serve(listener, router(latency)).await.map_err(fail)
    })
}

/// The server, running in a child process (this program again, as `serve`); stopped when
/// dropped.
pub struct ServerProcess {
    child: Child,
    /// Kept open: the server stops when it closes.
    _stdin: Option<ChildStdin>,
    base: payments::BaseUrl,
}

impl ServerProcess {
    /// Starts the server with `latency` per answer and waits for its address.
    pub fn start(latency: Duration) -> Result<Self, Failure> {
        let exe = std::env::current_exe().map_err(fail)?;
        let mut child = Command::new(exe)
            .arg("serve")
            .arg("--latency-ms")
            .arg(format!("{}", latency.as_secs_f64() * 1000.0))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| fail(e).context("starting the server process"))?;
        let stdin = child.stdin.take();
        let line = match child.stdout.take() {
            Some(out) => {
                let mut line = String::new();
                BufReader::new(out).read_line(&mut line).map_err(fail)?;
                line
            }
            None => String::new(),
        };
        let base = line
            .trim()
            .strip_prefix(LISTENING)
            .ok_or_else(|| Failure::new(format!("the server said {line:?}")))
            .and_then(|url| payments::BaseUrl::parse(url).map_err(fail));
        match base {
            Ok(base) => Ok(Self {
                child,
                _stdin: stdin,
                base,
            }),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                Err(e)
            }
        }
    }

    /// The server's base URL (`http://127.0.0.1:PORT`).
    pub fn base(&self) -> &payments::BaseUrl {
        &self.base
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hand;

    /// The server on a loopback port of this process, for one test.
    async fn local() -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router(Duration::ZERO)).await });
        base
    }

    #[tokio::test]
    async fn signed_requests_pass_and_any_other_request_is_refused() {
        let base = local().await;
        let keys = hand::craftgate::Keys::new(CRAFTGATE_API_KEY, CRAFTGATE_SECRET_KEY).unwrap();
        let http = hand::wire::http_client().unwrap();
        let caller = hand::craftgate::Craftgate::new(http.clone(), &base, keys);
        let list = caller.breakdown(CRAFTGATE_PAYMENT_ID).await.unwrap();
        assert_eq!(list.items.len(), CRAFTGATE_ITEMS);

        let url = format!("{base}/payment-reporting/v1/payments/1/transactions");
        let keys = hand::craftgate::Keys::new(CRAFTGATE_API_KEY, CRAFTGATE_SECRET_KEY).unwrap();
        let signed = || {
            let mut request = http.get(&url).build().unwrap();
            hand::craftgate::sign(&keys, &mut request).unwrap();
            request
        };
        let status = |request| async { http.execute(request).await.unwrap().status() };
        assert_eq!(status(signed()).await, StatusCode::OK);
        let mut tampered = signed();
        tampered
            .headers_mut()
            .insert("x-signature", "AAAA".parse().unwrap());
        assert_eq!(status(tampered).await, StatusCode::BAD_REQUEST);
        let mut extra = signed();
        extra.headers_mut().insert("x-extra", "1".parse().unwrap());
        assert_eq!(status(extra).await, StatusCode::BAD_REQUEST);
        let mut missing = signed();
        missing.headers_mut().remove("x-auth-version");
        assert_eq!(status(missing).await, StatusCode::BAD_REQUEST);
        let other_payment = http
            .get(format!(
                "{base}/payment-reporting/v1/payments/2/transactions"
            ))
            .build()
            .unwrap();
        assert_eq!(status(other_payment).await, StatusCode::BAD_REQUEST);
        let unknown = http.get(format!("{base}/nowhere")).build().unwrap();
        assert_eq!(status(unknown).await, StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn wrong_credentials_are_refused() {
        let base = local().await;
        let http = hand::wire::http_client().unwrap();
        let oneentry =
            hand::oneentry::OneEntry::new(http.clone(), &base, ONEENTRY_APP_TOKEN, "other")
                .unwrap();
        let refused = oneentry.session(ONEENTRY_SESSION_ID).await.unwrap_err();
        assert!(refused.to_string().contains("400"), "{refused}");
        let paywall =
            hand::paywall::Paywall::new(http, &base, &base, PAYWALL_PRIVATE, PAYWALL_PRIVATE)
                .unwrap();
        assert!(paywall.payment(PAYWALL_PAYMENT_ID).await.is_ok());
        let refused = paywall
            .bulk_page(PAYWALL_BATCH, PAYWALL_PAGE_NUMBER, PAYWALL_PAGE_SIZE)
            .await
            .unwrap_err();
        assert!(refused.to_string().contains("apikeypublic"), "{refused}");
    }
}
