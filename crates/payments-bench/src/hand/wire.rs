//! What every hand-written call shares: its HTTP client, its timeout and how an answer is
//! read.

use std::time::Duration;

use reqwest::header::HeaderValue;
use serde::de::DeserializeOwned;

use crate::failure::{Failure, fail};

/// The time one attempt may take: the clients' default per-attempt timeout.
pub const TIMEOUT: Duration = payments_wire::RequestPolicy::DEFAULT_ATTEMPT_TIMEOUT;

/// `application/json`.
pub const JSON: HeaderValue = HeaderValue::from_static("application/json");

/// The HTTP client of a hand-written call: the one every provider client builds (redirects
/// off, the default policy's connect timeout), so pools and timeouts match.
pub fn http_client() -> Result<reqwest::Client, Failure> {
    payments_wire::http_client("hand-written", &payments_wire::RequestPolicy::default())
        .map_err(fail)
}

/// A credential as a sensitive header value, built once.
pub fn secret_header(value: &str) -> Result<HeaderValue, Failure> {
    let mut header = HeaderValue::from_str(value).map_err(fail)?;
    header.set_sensitive(true);
    Ok(header)
}

/// The answer's whole body, after checking the status is a success.
pub async fn read_body(response: reqwest::Response) -> Result<bytes::Bytes, Failure> {
    let status = response.status();
    let body = response.bytes().await.map_err(fail)?;
    if !status.is_success() {
        return Err(Failure::new(format!(
            "HTTP {status}: {}",
            String::from_utf8_lossy(&body)
        )));
    }
    Ok(body)
}

/// The answer's body decoded as `T`, after checking the status is a success.
pub async fn read_json<T: DeserializeOwned>(response: reqwest::Response) -> Result<T, Failure> {
    let body = read_body(response).await?;
    serde_json::from_slice(&body).map_err(fail)
}
