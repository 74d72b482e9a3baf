//! [`Fault`]: one way a request can go wrong, and [`RetryAfter`].

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use chrono::{DateTime, Utc};
use http::{HeaderValue, StatusCode};

/// What happens to one request that takes this fault from its route's queue.
///
/// "Handler not run" means the provider never sees the request: no state changes and the
/// route's `handled` count does not move. The request body is read in full first, as a
/// proxy in front of the provider would. A reset ends the whole connection (over HTTP/2,
/// every stream on it).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Served normally; only takes a place in the queue (to fault the second request, not
    /// the first).
    Pass,
    /// Answer `status` with `body` (and `Content-Type: content_type` when given), handler
    /// not run: a proxy's or load balancer's page rather than the provider's error.
    /// [`Fault::status`] builds the usual HTML page.
    Status {
        /// The HTTP status.
        status: StatusCode,
        /// The body, sent as is.
        body: Bytes,
        /// The `Content-Type`, if any.
        content_type: Option<HeaderValue>,
    },
    /// HTTP 429 with a `Retry-After` header and a short HTML body, handler not run.
    RateLimited {
        /// The `Retry-After` value.
        retry_after: RetryAfter,
    },
    /// The connection is reset (TCP RST) after the request is read, without any answer;
    /// handler not run.
    ResetBeforeProcessing,
    /// The handler runs (its effect happens) but the answer is lost: the connection is
    /// reset (TCP RST) before a byte of it is sent.
    ResetAfterProcessing,
    /// The handler runs; its answer goes out with its status, headers and the full
    /// `Content-Length`, but only the first half of the body (an empty body is announced
    /// as one byte and none is sent), then the connection closes.
    TruncatedBody,
    /// HTTP 200 with `Content-Type: application/json` and a body that is not JSON
    /// (`{"data": {`); handler not run.
    MalformedJson,
    /// Waits, then serves the request normally: the handler runs after the wait. A client
    /// that hangs up during the wait cancels the request (hyper drops it when the
    /// connection closes), so the handler does not run.
    Delay(Duration),
}

impl Fault {
    /// `status` with an nginx-style HTML error page (`text/html`), as a proxy in front of
    /// the provider answers.
    pub fn status(status: StatusCode) -> Self {
        Self::Status {
            status,
            body: Bytes::from(html_page(status)),
            content_type: Some(HeaderValue::from_static("text/html")),
        }
    }

    /// HTTP 429 with `Retry-After: seconds`.
    pub fn rate_limited(seconds: u64) -> Self {
        Self::RateLimited {
            retry_after: RetryAfter::Seconds(seconds),
        }
    }

    /// Whether the provider's handler runs for a request taking this fault (given the
    /// request passes the provider's own checks).
    pub fn runs_handler(&self) -> bool {
        matches!(
            self,
            Self::Pass | Self::ResetAfterProcessing | Self::TruncatedBody | Self::Delay(_)
        )
    }
}

/// The HTML error page a proxy sends with `status`.
pub(crate) fn html_page(status: StatusCode) -> String {
    let title = match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    };
    format!(
        "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    )
}

/// The value of a `Retry-After` header (RFC 9110 §10.2.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryAfter {
    /// Delta-seconds: `Retry-After: 3`.
    Seconds(u64),
    /// A fixed HTTP-date: `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT`.
    Date(SystemTime),
    /// The HTTP-date this long after the answer is sent, rounded up to a whole second
    /// (HTTP-dates have no fractions), so a client honouring it waits at least this long.
    DateIn(Duration),
}

impl RetryAfter {
    /// The header value, computed at `now` for [`RetryAfter::DateIn`].
    pub(crate) fn header_value(&self, now: SystemTime) -> HeaderValue {
        let text = match *self {
            Self::Seconds(seconds) => seconds.to_string(),
            Self::Date(at) => http_date(at),
            Self::DateIn(wait) => {
                let at = now.checked_add(wait).unwrap_or(now);
                http_date(round_up_to_second(at))
            }
        };
        // Digits or an IMF-fixdate: always a valid header value.
        HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("1"))
    }
}

/// `at` as an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
fn http_date(at: SystemTime) -> String {
    DateTime::<Utc>::from(at)
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

/// The first whole second at or after `at`.
fn round_up_to_second(at: SystemTime) -> SystemTime {
    let Ok(since_epoch) = at.duration_since(SystemTime::UNIX_EPOCH) else {
        return at;
    };
    let fraction = since_epoch.subsec_nanos();
    if fraction == 0 {
        at
    } else {
        let rest = Duration::from_nanos(u64::from(1_000_000_000 - fraction));
        at.checked_add(rest).unwrap_or(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_pages_are_html_with_the_reason() {
        let Fault::Status {
            status,
            body,
            content_type,
        } = Fault::status(StatusCode::SERVICE_UNAVAILABLE)
        else {
            panic!("a status fault");
        };
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        let body = String::from_utf8(body.to_vec()).unwrap();
        assert!(
            body.contains("<title>503 Service Unavailable</title>"),
            "{body}"
        );
        assert_eq!(content_type.unwrap(), "text/html");
    }

    #[test]
    fn retry_after_renders_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_millis(784_111_777_250);
        assert_eq!(RetryAfter::Seconds(7).header_value(now), "7");
        assert_eq!(
            RetryAfter::Date(SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777))
                .header_value(now),
            "Sun, 06 Nov 1994 08:49:37 GMT"
        );
        // 08:49:37.250 + 2 s = 08:49:39.250, rounded up to :40.
        assert_eq!(
            RetryAfter::DateIn(Duration::from_secs(2)).header_value(now),
            "Sun, 06 Nov 1994 08:49:40 GMT"
        );
        let whole = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(
            RetryAfter::DateIn(Duration::from_secs(1)).header_value(whole),
            "Sun, 06 Nov 1994 08:49:38 GMT"
        );
    }

    #[test]
    fn which_faults_run_the_handler() {
        assert!(Fault::Pass.runs_handler());
        assert!(Fault::ResetAfterProcessing.runs_handler());
        assert!(Fault::TruncatedBody.runs_handler());
        assert!(Fault::Delay(Duration::from_millis(1)).runs_handler());
        assert!(!Fault::ResetBeforeProcessing.runs_handler());
        assert!(!Fault::MalformedJson.runs_handler());
        assert!(!Fault::rate_limited(1).runs_handler());
        assert!(!Fault::status(StatusCode::BAD_GATEWAY).runs_handler());
    }
}
