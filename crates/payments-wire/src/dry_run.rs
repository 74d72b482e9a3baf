//! Dry runs: a client whose policy carries a [`DryRun`] prepares every request exactly as
//! it would send it (routed, signed, credentials and idempotency key set), records it with
//! its secrets redacted as a [`PreparedRequest`], and sends nothing.
//!
//! The stop sits in the request path itself: the shared `pre` hook records the request
//! once the client has prepared it and ends the call before `exec` runs (the call fails
//! with [`CallError::NotSent`](crate::CallError::NotSent)), and [`send`](crate::send)
//! (requests a client builds by hand) records and returns [`NotSent`] without sending. No
//! connection is opened, whatever the request.
//!
//! What is redacted: every header value marked sensitive (the clients mark every
//! credential, token and signature header so), and the body values at the paths the
//! client names ([`Hooks::secret_body_paths`](crate::Hooks::secret_body_paths), e.g. a
//! password or a refresh token in a JSON body).

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::Value;

/// What a redacted value reads as.
pub const REDACTED: &str = "<redacted>";

/// Where a dry run records the requests it prepared instead of sending them. Clones share
/// the record, so a clone given to a client's policy fills the caller's.
///
/// Two `DryRun`s are equal when they share one record.
#[derive(Clone, Default)]
pub struct DryRun {
    requests: Arc<Mutex<Vec<PreparedRequest>>>,
}

impl DryRun {
    /// An empty record.
    pub fn new() -> Self {
        Self::default()
    }

    /// The requests prepared so far, in the order they were prepared.
    pub fn requests(&self) -> Vec<PreparedRequest> {
        self.lock().clone()
    }

    pub(crate) fn record(&self, request: PreparedRequest) {
        tracing::debug!(service = request.service, operation = request.operation,
            method = %request.method, url = %request.url, "dry run: prepared, not sent");
        self.lock().push(request);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<PreparedRequest>> {
        // A list of finished records: a panic elsewhere cannot leave one half-written.
        self.requests.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl PartialEq for DryRun {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.requests, &other.requests)
    }
}

impl Eq for DryRun {}

impl fmt::Debug for DryRun {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DryRun({} prepared)", self.lock().len())
    }
}

/// A request as it would have been sent, secrets redacted: what a dry run records.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PreparedRequest {
    /// The provider ([`Service::NAME`](crate::Service::NAME)).
    pub service: &'static str,
    /// The operation (snake_case id).
    pub operation: &'static str,
    /// The HTTP method.
    pub method: http::Method,
    /// The full URL, query included.
    pub url: String,
    /// The headers in the order they would be sent; a sensitive value reads [`REDACTED`],
    /// one that is not visible ASCII reads `<N bytes, not text>`.
    pub headers: Vec<(String, String)>,
    /// The body as it would be sent, its secret values replaced by [`REDACTED`]; `None`
    /// without a body.
    pub body: Option<String>,
}

impl PreparedRequest {
    /// `request` with its secrets redacted: sensitive header values, and the body values
    /// at `secret_body_paths` (see [`Hooks::secret_body_paths`](crate::Hooks::secret_body_paths)).
    pub(crate) fn of(
        service: &'static str,
        operation: &'static str,
        request: &reqwest::Request,
        secret_body_paths: &[&str],
    ) -> Self {
        let headers = request
            .headers()
            .iter()
            .map(|(name, value)| {
                let shown = if value.is_sensitive() {
                    REDACTED.to_string()
                } else {
                    value.to_str().map_or_else(
                        |_| format!("<{} bytes, not text>", value.len()),
                        str::to_string,
                    )
                };
                (name.as_str().to_string(), shown)
            })
            .collect();
        let body = request.body().map(|body| match body.as_bytes() {
            Some(bytes) => redact_body(bytes, secret_body_paths),
            None => "<a streamed body>".to_string(),
        });
        Self {
            service,
            operation,
            method: request.method().clone(),
            url: request.url().to_string(),
            headers,
            body,
        }
    }
}

impl PreparedRequest {
    /// The first header named `name` (names compare without case), as recorded.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The body as text with the values at `paths` redacted. A body that must be redacted but
/// is not JSON is not shown at all.
fn redact_body(bytes: &[u8], paths: &[&str]) -> String {
    let text = || match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => format!("<{} bytes, not UTF-8>", bytes.len()),
    };
    if paths.is_empty() {
        return text();
    }
    let Ok(mut json) = serde_json::from_slice::<Value>(bytes) else {
        return format!(
            "<{} bytes, not JSON: not shown, it may hold secrets>",
            bytes.len()
        );
    };
    let mut changed = false;
    for path in paths {
        let segments: Vec<&str> = path.split('/').skip(1).collect();
        changed |= redact(&mut json, &segments);
    }
    if changed {
        // Object members keep their order and numbers their exact text (serde_json's
        // `preserve_order` and `arbitrary_precision`): the same bytes as sent, but for
        // the redacted values.
        json.to_string()
    } else {
        text()
    }
}

/// Replaces the values at `path` (member names, `*` for any member or element) by
/// [`REDACTED`]; whether any was there.
fn redact(value: &mut Value, path: &[&str]) -> bool {
    let Some((segment, rest)) = path.split_first() else {
        if value.is_null() {
            return false;
        }
        *value = Value::String(REDACTED.to_string());
        return true;
    };
    match value {
        Value::Object(members) if *segment == "*" => members
            .values_mut()
            .fold(false, |changed, v| redact(v, rest) | changed),
        Value::Object(members) => members.get_mut(*segment).is_some_and(|v| redact(v, rest)),
        Value::Array(items) if *segment == "*" => items
            .iter_mut()
            .fold(false, |changed, v| redact(v, rest) | changed),
        Value::Array(items) => segment
            .parse::<usize>()
            .ok()
            .and_then(|i| items.get_mut(i))
            .is_some_and(|v| redact(v, rest)),
        _ => false,
    }
}

/// A request [`send`](crate::send) did not send: the policy is a dry run, and the request
/// was recorded there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("dry run: {service} `{operation}` was prepared and not sent")]
pub struct NotSent {
    /// The provider.
    pub service: &'static str,
    /// The operation.
    pub operation: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(body: &str) -> reqwest::Request {
        let mut secret = http::HeaderValue::from_static("s3cr3t-key");
        secret.set_sensitive(true);
        crate::client_builder("Test")
            .unwrap()
            .build()
            .unwrap()
            .post("http://127.0.0.1:9/api/x?a=1")
            .header("apikeyprivate", secret)
            .header("merchantuniquecode", "order-1")
            .body(body.to_string())
            .build()
            .unwrap()
    }

    #[test]
    fn sensitive_headers_and_secret_body_values_are_redacted() {
        let body = r#"{"authData":[{"marker":"login","value":"me@x.test"},{"marker":"pw","value":"hunter2"}],"amount":10.50,"refreshToken":"rt-1"}"#;
        let prepared = PreparedRequest::of(
            "Test",
            "auth",
            &request(body),
            &["/authData/*/value", "/refreshToken", "/absent/x"],
        );
        assert_eq!(prepared.method, http::Method::POST);
        assert_eq!(prepared.url, "http://127.0.0.1:9/api/x?a=1");
        assert_eq!(
            prepared.headers,
            [
                ("apikeyprivate".to_string(), REDACTED.to_string()),
                ("merchantuniquecode".to_string(), "order-1".to_string()),
            ]
        );
        assert_eq!(
            prepared.body.as_deref(),
            Some(
                r#"{"authData":[{"marker":"login","value":"<redacted>"},{"marker":"pw","value":"<redacted>"}],"amount":10.50,"refreshToken":"<redacted>"}"#
            ),
            "order and exact numbers kept"
        );
    }

    #[test]
    fn bodies_without_secrets_are_shown_byte_for_byte() {
        let body = r#"{ "b": 1.000, "a": "x" }"#;
        let prepared = PreparedRequest::of("Test", "op", &request(body), &["/password"]);
        assert_eq!(prepared.body.as_deref(), Some(body));
        let prepared = PreparedRequest::of("Test", "op", &request("not json"), &[]);
        assert_eq!(prepared.body.as_deref(), Some("not json"));
        let prepared = PreparedRequest::of("Test", "op", &request("pw=1"), &["/pw"]);
        assert!(prepared.body.unwrap().contains("not shown"));
    }

    #[test]
    fn clones_share_one_record_and_compare_by_it() {
        let run = DryRun::new();
        let clone = run.clone();
        clone.record(PreparedRequest::of("Test", "op", &request("{}"), &[]));
        assert_eq!(run.requests().len(), 1);
        assert_eq!(run, clone);
        assert_ne!(run, DryRun::new());
        assert_eq!(format!("{run:?}"), "DryRun(1 prepared)");
    }
}
