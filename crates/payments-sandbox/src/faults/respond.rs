//! The answers faults give instead of (or made from) the provider's.

use std::io;
use std::time::SystemTime;

use axum::body::Body;
use axum::response::Response;
use bytes::Bytes;
use futures::StreamExt;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER, TRANSFER_ENCODING};
use http::{HeaderValue, StatusCode};

use super::fault::{RetryAfter, html_page};

/// The largest provider answer [`truncated`] reads (the sandbox's are a few KiB).
const MAX_ANSWER: usize = 16 << 20;

/// The body of [`malformed`]: an envelope cut off after its opening.
pub(crate) const MALFORMED_JSON: &str = r#"{"data": {"#;

/// `status` with `body` and, when given, `content_type`.
pub(crate) fn status(
    status: StatusCode,
    body: Bytes,
    content_type: Option<HeaderValue>,
) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    if let Some(content_type) = content_type {
        response.headers_mut().insert(CONTENT_TYPE, content_type);
    }
    response
}

/// HTTP 429 with `Retry-After` and a proxy's HTML page.
pub(crate) fn rate_limited(retry_after: RetryAfter) -> Response {
    let code = StatusCode::TOO_MANY_REQUESTS;
    let mut response = status(
        code,
        Bytes::from(html_page(code)),
        Some(HeaderValue::from_static("text/html")),
    );
    response
        .headers_mut()
        .insert(RETRY_AFTER, retry_after.header_value(SystemTime::now()));
    response
}

/// HTTP 200, `application/json`, a body that is not JSON.
pub(crate) fn malformed() -> Response {
    status(
        StatusCode::OK,
        Bytes::from_static(MALFORMED_JSON.as_bytes()),
        Some(HeaderValue::from_static("application/json")),
    )
}

/// A body stream that fails: hyper aborts the connection when it reads the error.
fn failing() -> impl futures::Stream<Item = Result<Bytes, io::Error>> + Send + 'static {
    futures::stream::once(async {
        Err(io::Error::new(
            io::ErrorKind::ConnectionAborted,
            "answer cut off by a sandbox fault",
        ))
    })
}

/// An answer whose body fails at once. Used only where a connection cannot be reset
/// (a router served without the fault listener): hyper may still send the headers.
pub(crate) fn aborted() -> Response {
    let mut response = Response::new(Body::from_stream(failing()));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response
}

/// `answer` with its status and headers, `Content-Length` announcing its whole body (at
/// least one byte), and the first half of the body; then the connection is aborted.
pub(crate) async fn truncated(answer: Response) -> Response {
    let (mut parts, body) = answer.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ANSWER).await else {
        return aborted();
    };
    let announced = bytes.len().max(1);
    let half = bytes.slice(..bytes.len() / 2);
    parts.headers.remove(TRANSFER_ENCODING);
    parts
        .headers
        .insert(CONTENT_LENGTH, HeaderValue::from(announced));
    let first = futures::stream::iter((!half.is_empty()).then_some(Ok(half)));
    // Yielding once lets hyper flush the half before it reads the error and aborts.
    let rest = futures::stream::once(tokio::task::yield_now()).flat_map(|()| failing());
    Response::from_parts(parts, Body::from_stream(first.chain(rest)))
}
