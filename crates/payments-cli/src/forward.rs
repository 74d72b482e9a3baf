//! [`Forwarder`]: passes a delivery `listen` received on to the developer's endpoint, with
//! its headers (hop-by-hop ones dropped) and its body byte for byte.

use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderName};
use reqwest::{Method, Url};

use crate::control_api;
use crate::error::CliError;
use crate::error_line;

/// Headers that describe one connection, not the message; never forwarded (the client
/// sets its own `host`, `content-length` and framing).
const HOP_BY_HOP: [&str; 9] = [
    "host",
    "content-length",
    "connection",
    "transfer-encoding",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "upgrade",
];

/// How one forward went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forwarded {
    /// The status the endpoint answered with; `None` when it did not answer.
    pub status: Option<u16>,
    /// Why there was no answer, in plain words with the URL.
    pub error: Option<String>,
    /// From sending to the answer (or to giving up), in milliseconds.
    pub latency_ms: u64,
}

/// Forwards to one URL, following no redirect.
#[derive(Debug, Clone)]
pub struct Forwarder {
    url: Url,
    http: reqwest::Client,
}

impl Forwarder {
    /// Forwards to `url` (checked: http or https, a host, no credentials), each forward
    /// taking at most `timeout`.
    pub fn new(url: &str, timeout: Duration) -> Result<Self, CliError> {
        Ok(Self {
            url: control_api::parse_http_url(url, "--forward-to")?,
            http: control_api::http_client(timeout)?,
        })
    }

    /// Where it forwards.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// Sends `method`, `headers` (less the hop-by-hop ones) and `body` to the URL; what
    /// came back. The answer's body is read and dropped.
    pub async fn forward(
        &self,
        method: Method,
        headers: &HeaderMap,
        body: impl Into<reqwest::Body>,
    ) -> Forwarded {
        let started = Instant::now();
        let elapsed = || u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let request = self
            .http
            .request(method, self.url.clone())
            .headers(end_to_end(headers))
            .body(body);
        let answer = match request.send().await {
            Ok(answer) => answer,
            Err(e) => return failed(&e, elapsed()),
        };
        let status = answer.status().as_u16();
        // The whole answer, so that the latency covers it and the connection is reused.
        if let Err(e) = answer.bytes().await {
            return failed(&e, elapsed());
        }
        Forwarded {
            status: Some(status),
            error: None,
            latency_ms: elapsed(),
        }
    }
}

/// A forward that got no (complete) answer.
fn failed(error: &reqwest::Error, latency_ms: u64) -> Forwarded {
    let words = error_line::plain_words(error);
    let error = match error.url() {
        Some(url) => format!("{words} ({url})"),
        None => words,
    };
    Forwarded {
        status: None,
        error: Some(error),
        latency_ms,
    }
}

/// `headers` without the hop-by-hop ones (those named in `connection` too), in order.
fn end_to_end(headers: &HeaderMap) -> HeaderMap {
    let named: Vec<String> = headers
        .get_all(reqwest::header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|name| name.trim().to_ascii_lowercase())
        .collect();
    let mut kept = HeaderMap::new();
    for (name, value) in headers {
        let name_str = name.as_str();
        if HOP_BY_HOP.contains(&name_str) || named.iter().any(|n| n == name_str) {
            continue;
        }
        kept.append(HeaderName::clone(name), value.clone());
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn hop_by_hop_headers_stay_behind() {
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("host", "127.0.0.1:1"),
            ("content-length", "12"),
            ("connection", "keep-alive, x-hop"),
            ("transfer-encoding", "chunked"),
            ("x-hop", "1"),
            ("content-type", "application/json"),
            ("x-cg-signature-v1", "abc="),
            ("x-multi", "1"),
        ] {
            headers.append(name, HeaderValue::from_static(value));
        }
        headers.append("x-multi", HeaderValue::from_static("2"));
        let kept = end_to_end(&headers);
        let names: Vec<&str> = kept.keys().map(HeaderName::as_str).collect();
        assert_eq!(names, ["content-type", "x-cg-signature-v1", "x-multi"]);
        assert_eq!(kept.get_all("x-multi").iter().count(), 2);
    }

    #[test]
    fn the_forward_url_is_http_or_https() {
        let timeout = Duration::from_secs(1);
        assert!(Forwarder::new("https://shop.example/webhooks", timeout).is_ok());
        let refused = Forwarder::new("ftp://127.0.0.1/x", timeout).unwrap_err();
        assert_eq!(
            refused.to_string(),
            "--forward-to `ftp://127.0.0.1/x` is not an http:// or https:// URL"
        );
        assert_eq!(refused.exit_code(), 2);
        assert!(Forwarder::new("127.0.0.1:8088/webhooks", timeout).is_err());
    }
}
