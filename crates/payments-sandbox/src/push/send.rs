//! One attempt: an HTTP/1.1 POST over a fresh TCP connection, with a deadline.

use std::time::Duration;

use bytes::Bytes;
use http::{HeaderName, HeaderValue, Request, header};
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use url::Url;

/// POSTs `body` (JSON) with `headers` to `url`; the answer's status, or why there was none.
/// The answer's body is read (so the endpoint is not cut off mid-answer) and dropped.
pub(crate) async fn post(
    url: &Url,
    headers: &[(HeaderName, HeaderValue)],
    body: Bytes,
    timeout: Duration,
) -> Result<u16, String> {
    match tokio::time::timeout(timeout, attempt(url, headers, body)).await {
        Ok(answer) => answer,
        Err(_) => Err(format!("no answer within {} ms", timeout.as_millis())),
    }
}

async fn attempt(
    url: &Url,
    headers: &[(HeaderName, HeaderValue)],
    body: Bytes,
) -> Result<u16, String> {
    let host = url.host_str().ok_or("the URL has no host")?;
    let port = url.port_or_known_default().unwrap_or(80);
    let authority = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    };
    let target = match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_string(),
    };
    // `[::1]` in the URL is `::1` to connect to.
    let connect_host = host.trim_start_matches('[').trim_end_matches(']');
    let stream = TcpStream::connect((connect_host, port))
        .await
        .map_err(|e| format!("cannot connect to {authority}: {e}"))?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("HTTP handshake with {authority} failed: {e}"))?;
    let driver = tokio::spawn(connection);
    let mut request = Request::post(target)
        .header(header::HOST, &authority)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::USER_AGENT, "payments-sandbox")
        .body(Full::new(body))
        .map_err(|e| format!("cannot build the request: {e}"))?;
    for (name, value) in headers {
        request.headers_mut().insert(name.clone(), value.clone());
    }
    let answer = sender
        .send_request(request)
        .await
        .map_err(|e| format!("{authority} did not answer: {e}"));
    let status = match answer {
        Ok(response) => {
            let status = response.status().as_u16();
            let _ = response.into_body().collect().await;
            Ok(status)
        }
        Err(e) => Err(e),
    };
    driver.abort();
    status
}
