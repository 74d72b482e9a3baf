//! The sandbox's request parsers never panic: every operation of every spec, sent to a
//! running sandbox over HTTP with valid credentials (so the request reaches the parsers)
//! and hostile inputs: mutated documented request bodies, random bytes, JSON-token noise
//! (see `crates/payments-wire/tests/support/json.rs`), mutated query strings, path
//! segments, Paywall's header inputs and OneEntry's `x-device-metadata`.
//!
//! Properties: every request gets a complete answer (a handler panic drops the
//! connection), never a 5xx; a body that is not JSON, sent to an operation that takes
//! one, is a 4xx.
//!
//! `PAYMENTS_FUZZ_SANDBOX_CASES` sets the requests per operation (default 48, sized for
//! CI): `PAYMENTS_FUZZ_SANDBOX_CASES=2000 cargo test --release -p payments-sandbox --test
//! request_fuzz -- --nocapture`.

#[path = "../../payments-wire/tests/support/json.rs"]
mod json;
#[path = "../../payments-wire/tests/support/spec.rs"]
mod spec;

use std::sync::Mutex;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use json::{Doc, Input};
use payments_sandbox::{Sandbox, SandboxInfo, seed};
use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestError};
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::{Client, Method, StatusCode};
use serde_json::Value;
use sha2::{Digest, Sha256};
use spec::{Operation, Parameter, Spec};

const CASES_VAR: &str = "PAYMENTS_FUZZ_SANDBOX_CASES";
const DEFAULT_CASES: u32 = 48;

/// The `x-device-metadata` the OneEntry SDK sends.
const DEVICE: &str = r#"{"fingerprint":"UQ_fuzz","deviceInfo":{"os":"Linux","browser":"reqwest","location":"en-US"}}"#;

/// One request of a case.
#[derive(Clone)]
struct Case {
    /// The path segments that replace the template's `{..}`, in order.
    path: Vec<String>,
    /// The raw query string (without `?`), if any.
    query: Option<String>,
    /// Header inputs (name, bytes).
    headers: Vec<(String, Vec<u8>)>,
    /// The body, if the operation takes one.
    body: Option<Input>,
    /// The `Content-Type` sent with a body: JSON (most), none, or another type.
    content_type: Option<&'static str>,
}

impl std::fmt::Debug for Case {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path: Vec<String> = self.path.iter().map(|p| json::show(p.as_bytes())).collect();
        let headers: Vec<String> = self
            .headers
            .iter()
            .map(|(name, value)| format!("{name}: {}", json::show(value)))
            .collect();
        f.debug_struct("Case")
            .field("path", &path)
            .field(
                "query",
                &self.query.as_ref().map(|q| json::show(q.as_bytes())),
            )
            .field("headers", &headers)
            .field("content_type", &self.content_type)
            .field("body", &self.body)
            .finish()
    }
}

/// What a scalar input (path segment, query value, header value) may become.
fn scalar(valid: String) -> BoxedStrategy<String> {
    let palette: Vec<String> = json::HUGE_NUMBERS
        .iter()
        .chain(json::BROKEN_NUMBERS)
        .map(|s| s.to_string())
        .chain(
            [
                "-1", "0", "", " ", "null", "true", "[]", "{}", "a b", "%", "%zz", "%ff", "%00",
                "%2F", "..", "é", "😀", "+", "&", "=", "#",
            ]
            .map(String::from),
        )
        .collect();
    prop_oneof![
        4 => Just(valid),
        2 => prop::sample::select(palette),
        2 => "\\PC{0,40}",
        1 => (1usize..8000, prop::sample::select(vec!['a', '9', 'ş', '%'])).prop_map(|(n, c)| c.to_string().repeat(n)),
    ]
    .boxed()
}

/// `text` cut to at most `max` bytes (at a character boundary): URLs stay within what an
/// HTTP client can send.
fn cut(mut text: String, max: usize) -> String {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text
}

/// A path segment: percent-encoded (most), or with its `%` sequences as they are.
fn segment(valid: String) -> BoxedStrategy<String> {
    (scalar(valid), any::<bool>())
        .prop_map(|(value, raw_percent)| {
            let value = cut(value, 4 * 1024);
            if raw_percent {
                value
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || c == '%' {
                            c.to_string()
                        } else {
                            percent_encoding::utf8_percent_encode(
                                &c.to_string(),
                                percent_encoding::NON_ALPHANUMERIC,
                            )
                            .to_string()
                        }
                    })
                    .collect()
            } else {
                percent_encoding::utf8_percent_encode(&value, percent_encoding::NON_ALPHANUMERIC)
                    .to_string()
            }
        })
        .boxed()
}

/// A query string over the operation's query parameters (and some unknown ones): each
/// value valid or hostile, form-encoded or raw, keys repeated or left without `=`.
fn query(params: Vec<(String, String)>) -> BoxedStrategy<Option<String>> {
    if params.is_empty() {
        return Just(None).boxed();
    }
    let pair = (
        prop::sample::select(params),
        prop_oneof![3 => Just(None), 1 => "[a-zA-Z]{0,8}".prop_map(Some)],
        0u8..4,
    )
        .prop_flat_map(|((name, valid), other_name, style)| {
            (Just(other_name.unwrap_or(name)), scalar(valid), Just(style))
        })
        .prop_map(|(name, value, style)| {
            let enc =
                |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
            match style {
                0 | 1 => format!("{}={}", enc(&name), enc(&value)),
                2 => format!("{}={}", name, value.replace(['&', '#', ' '], "+")),
                _ => enc(&name),
            }
        });
    prop::collection::vec(pair, 0..8)
        .prop_map(|pairs| Some(cut(pairs.join("&"), 16 * 1024)))
        .boxed()
}

/// A header value: what `scalar` gives, without the bytes HTTP headers cannot carry.
fn header_value(valid: String) -> BoxedStrategy<Vec<u8>> {
    scalar(valid)
        .prop_map(|s| {
            s.into_bytes()
                .into_iter()
                .filter(|b| *b == b'\t' || (*b >= 0x20 && *b != 0x7f))
                .collect()
        })
        .boxed()
}

/// A valid value for a parameter of `op`, so that the other inputs reach the parsers.
fn valid_value(provider: &str, op: &Operation, p: &Parameter, spec: &Spec) -> String {
    use seed::{craftgate as cg, oneentry as oe, paywall as pw};
    let built = || match spec.build(&p.schema, 0, 0) {
        Value::String(s) => s,
        other => other.to_string(),
    };
    match (provider, p.name.as_str()) {
        ("craftgate", "id" | "paymentId") => cg::PAYMENT_ID.to_string(),
        ("craftgate", "paymentTransactionId") => cg::PAYMENT_TRANSACTION_IDS[0].to_string(),
        ("oneentry", "marker") if op.path.contains("orders-storage") => {
            oe::ORDER_STORAGE_MARKER.into()
        }
        ("oneentry", "marker") => oe::AUTH_MARKER.into(),
        ("oneentry", "id") if op.path.contains("sessions") => oe::PAID_SESSION_ID.to_string(),
        ("oneentry", "id") if op.path.contains("accounts") => oe::CASH_ACCOUNT_ID.to_string(),
        ("oneentry", "id" | "orderId") => oe::PAID_ORDER_ID.to_string(),
        ("paywall", "merchantuniquecode") if op.path.contains("bulk") => {
            pw::BULK_MERCHANT_UNIQUE_CODE.into()
        }
        ("paywall", "merchantuniquecode") => pw::PREVIOUS_DAY_PAYMENT_CODE.into(),
        ("paywall", "paymentid") => pw::PREVIOUS_DAY_PAYMENT_ID.to_string(),
        ("paywall", "trackingcode") => pw::TRACKING_CODE.into(),
        ("paywall", "pageSize") => "100".into(),
        ("paywall", "pageNumber") => "1".into(),
        _ => built(),
    }
}

/// The inputs of one operation.
fn hostile_requests(provider: &str, op: &Operation, spec: &Spec) -> BoxedStrategy<Case> {
    let of = |location: &str| -> Vec<&Parameter> {
        op.parameters
            .iter()
            .filter(|p| p.location == location && !p.client_hooks)
            .collect()
    };
    let path: Vec<BoxedStrategy<String>> = of("path")
        .into_iter()
        .map(|p| segment(valid_value(provider, op, p, spec)))
        .collect();
    let query_params: Vec<(String, String)> = of("query")
        .into_iter()
        .map(|p| (p.name.clone(), valid_value(provider, op, p, spec)))
        .collect();
    let mut headers: Vec<BoxedStrategy<(String, Vec<u8>)>> = of("header")
        .into_iter()
        .filter(|p| p.name != "x-idempotency-key")
        .map(|p| {
            let name = p.name.clone();
            header_value(valid_value(provider, op, p, spec))
                .prop_map(move |v| (name.clone(), v))
                .boxed()
        })
        .collect();
    if provider == "oneentry" && op.method == "POST" {
        let device: Value = serde_json::from_str(DEVICE).expect("device JSON");
        let strip = |input: Input| -> Vec<u8> {
            input
                .bytes
                .into_iter()
                .filter(|b| *b == b'\t' || (*b >= 0x20 && *b != 0x7f))
                .take(8 * 1024)
                .collect()
        };
        headers.push(
            prop_oneof![
                3 => Just(DEVICE.as_bytes().to_vec()),
                1 => json::inputs(vec![("x-device-metadata".into(), Doc::from_value(&device))]).prop_map(strip),
            ]
            .prop_map(|v| ("x-device-metadata".to_string(), v))
            .boxed(),
        );
    }
    let body: BoxedStrategy<Option<Input>> = if op.request.is_empty() {
        Just(None).boxed()
    } else {
        let mut seeds: Vec<(String, Doc)> = op
            .request
            .iter()
            .map(|(name, value)| (name.clone(), Doc::from_value(value)))
            .collect();
        seeds.push(("empty body".into(), Doc::Empty));
        json::inputs(seeds).prop_map(Some).boxed()
    };
    let content_type = prop_oneof![
        8 => Just(Some("application/json")),
        1 => Just(Some("application/json; charset=utf-8")),
        1 => Just(None),
        1 => Just(Some("text/plain")),
    ];
    (path, query(query_params), headers, body, content_type)
        .prop_map(|(path, query, headers, body, content_type)| Case {
            path,
            query,
            headers,
            body,
            content_type,
        })
        .boxed()
}

/// Sends cases with the credentials each provider wants.
struct Sender {
    http: Client,
    info: SandboxInfo,
    /// The OneEntry access token, or `None` when a sign-in is due.
    oneentry_token: Mutex<Option<String>>,
}

/// What the sandbox answered.
struct Answer {
    status: StatusCode,
    body: Vec<u8>,
}

impl Sender {
    fn base(&self, provider: &str, path: &str) -> String {
        match provider {
            "craftgate" => self.info.craftgate.base_url.clone(),
            "oneentry" => self.info.oneentry.url.clone(),
            _ if path.contains("/private/") => self.info.paywall.private_api_url.clone(),
            _ => self.info.paywall.payment_api_url.clone(),
        }
    }

    async fn oneentry_sign_in(&self) -> Result<String, String> {
        let info = &self.info.oneentry;
        let body = serde_json::json!({"authData": [
            {"marker": info.login_field, "value": info.login},
            {"marker": info.password_field, "value": info.password},
        ]});
        let response = self
            .http
            .post(format!(
                "{}/api/content/users-auth-providers/marker/{}/users/auth",
                info.url, info.auth_marker
            ))
            .header("content-type", "application/json")
            .header("x-app-token", &info.app_token)
            .header("x-device-metadata", DEVICE)
            .body(body.to_string())
            .send()
            .await
            .map_err(|e| format!("sign-in: {e}"))?;
        let body: Value = response.json().await.map_err(|e| format!("sign-in: {e}"))?;
        body["accessToken"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("sign-in answered {body}"))
    }

    async fn send(&self, provider: &str, op: &Operation, case: &Case) -> Result<Answer, String> {
        let mut path = op.path.clone();
        for value in &case.path {
            let (Some(open), Some(close)) = (path.find('{'), path.find('}')) else {
                break;
            };
            path.replace_range(open..=close, value);
        }
        let mut raw = format!("{}{path}", self.base(provider, &op.path));
        if let Some(query) = &case.query {
            raw.push('?');
            raw.push_str(query);
        }
        let url = reqwest::Url::parse(&raw).map_err(|e| format!("test bug: URL {raw}: {e}"))?;
        let method = Method::from_bytes(op.method.as_bytes()).expect("method");
        let body = case.body.as_ref().map(|b| b.bytes.clone());
        let mut request = self.http.request(method, url.clone());
        if let Some(ct) = case.content_type {
            request = request.header("content-type", ct);
        }
        for (name, value) in &case.headers {
            let name = HeaderName::from_bytes(name.as_bytes()).expect("header name");
            if let Ok(value) = HeaderValue::from_bytes(value) {
                request = request.header(name, value);
            }
        }
        match provider {
            "craftgate" => {
                let info = &self.info.craftgate;
                let host = url.host_str().unwrap_or_default();
                let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
                let full = format!("http://{host}{port}{}", &url[url::Position::BeforePath..]);
                let decoded = percent_encoding::percent_decode_str(&full).decode_utf8_lossy();
                let rnd = format!("fuzz-{}", rand_suffix());
                let mut hasher = Sha256::new();
                hasher.update(decoded.as_bytes());
                hasher.update(info.api_key.as_bytes());
                hasher.update(info.secret_key.as_bytes());
                hasher.update(rnd.as_bytes());
                hasher.update(body.as_deref().unwrap_or_default());
                request = request
                    .header("x-api-key", &info.api_key)
                    .header("x-rnd-key", rnd)
                    .header("x-auth-version", "v1")
                    .header("x-signature", STANDARD.encode(hasher.finalize()));
            }
            "paywall" => {
                let info = &self.info.paywall;
                request = if op.path.contains("/private/") {
                    request
                        .header("apikeyprivate", &info.api_key_private)
                        .header("apiclientprivate", &info.api_client_private)
                } else {
                    request
                        .header("apikeypublic", &info.api_key_public)
                        .header("apiclientpublic", &info.api_client_public)
                };
            }
            _ => {
                let token = self.oneentry_token.lock().expect("token").clone();
                let token = match token {
                    Some(token) => token,
                    None => {
                        let token = self.oneentry_sign_in().await?;
                        *self.oneentry_token.lock().expect("token") = Some(token.clone());
                        token
                    }
                };
                request = request
                    .header("x-app-token", &self.info.oneentry.app_token)
                    .bearer_auth(token);
            }
        }
        if let Some(body) = body {
            request = request.body(body);
        }
        let response = request
            .timeout(Duration::from_secs(20))
            .send()
            .await
            .map_err(|e| format!("no answer (a dropped connection: a panic?): {e:?}"))?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|e| format!("HTTP {status}, but the body was cut short: {e:?}"))?
            .to_vec();
        if provider == "oneentry"
            && (status == StatusCode::UNAUTHORIZED
                || (status.is_success() && op.path.contains("/logout")))
        {
            *self.oneentry_token.lock().expect("token") = None;
        }
        Ok(Answer { status, body })
    }
}

/// A request-unique suffix (the sandbox does not check `x-rnd-key` for reuse; this keeps
/// the requests realistic).
fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Checks one answer.
fn check(op: &Operation, case: &Case, answer: &Answer) -> Result<(), String> {
    let shown = || json::show(&answer.body);
    if answer.status.is_server_error() {
        return Err(format!("answered HTTP {}: {}", answer.status, shown()));
    }
    if !(answer.status.is_success() || answer.status.is_client_error()) {
        return Err(format!("answered HTTP {}: {}", answer.status, shown()));
    }
    if let Some(body) = &case.body
        && serde_json::from_slice::<serde::de::IgnoredAny>(&body.bytes).is_err()
        && !op.request.is_empty()
        && !answer.status.is_client_error()
    {
        return Err(format!(
            "a body that is not JSON was answered HTTP {}: {}",
            answer.status,
            shown()
        ));
    }
    Ok(())
}

#[test]
fn every_operation_answers_hostile_requests_without_5xx_or_a_dropped_connection() {
    let cases = json::cases_from_env(CASES_VAR, DEFAULT_CASES);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let sandbox = runtime.block_on(Sandbox::start()).expect("sandbox starts");
    let sender = Sender {
        // One connection per request: a dropped connection is then the answer to this
        // request, never a pooled connection the server closed after an earlier one.
        http: payments_wire::client_builder("test")
            .unwrap()
            .pool_max_idle_per_host(0)
            .build()
            .expect("HTTP client"),
        info: sandbox.info().clone(),
        oneentry_token: Mutex::new(None),
    };
    for provider in ["craftgate", "paywall", "oneentry"] {
        let spec = Spec::load(provider);
        let started = Instant::now();
        let mut requests = 0u64;
        let mut statuses = std::collections::BTreeMap::<u16, u64>::new();
        for op in spec.operations() {
            let strategy = hostile_requests(provider, &op, &spec);
            let seen = Mutex::new((0u64, std::collections::BTreeMap::<u16, u64>::new()));
            let result = json::runner(cases).run(&strategy, |case| {
                let answer = runtime
                    .block_on(sender.send(provider, &op, &case))
                    .map_err(TestCaseError::fail)?;
                {
                    let mut seen = seen.lock().expect("stats");
                    seen.0 += 1;
                    *seen.1.entry(answer.status.as_u16()).or_default() += 1;
                }
                check(&op, &case, &answer).map_err(TestCaseError::fail)
            });
            match result {
                Ok(()) => {}
                Err(TestError::Fail(reason, case)) => panic!(
                    "{provider} {} {} ({}): minimal failing request {case:#?}\n{reason}",
                    op.method, op.path, op.id
                ),
                Err(TestError::Abort(reason)) => panic!("{provider} {}: {reason}", op.id),
            }
            let (n, by_status) = seen.into_inner().expect("stats");
            eprintln!("  {} {} {}: {by_status:?}", provider, op.method, op.path);
            requests += n;
            for (status, count) in by_status {
                *statuses.entry(status).or_default() += count;
            }
        }
        eprintln!(
            "sandbox {provider}: {requests} requests over {} operations in {:.1} s; statuses {statuses:?}",
            spec.operations().len(),
            started.elapsed().as_secs_f64()
        );
    }
    runtime.block_on(sandbox.shutdown());
}
