//! What kind of failure a call met: the one vocabulary every client error reports.

use http::StatusCode;

/// What kind of failure a call met, for deciding what to do about it.
///
/// Every client error reports one through [`ErrorMetadata::kind`](crate::ErrorMetadata::kind);
/// the facade turns it into its own, coarser, kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The request did not complete: connection refused or reset, DNS, TLS, a body cut
    /// short.
    Transport,
    /// No answer in the time allowed, or the provider answered HTTP 408.
    Timeout,
    /// The provider asked the client to slow down (HTTP 429).
    RateLimited,
    /// The provider, or a proxy in front of it, failed (HTTP 5xx).
    Unavailable,
    /// Credentials missing, wrong or expired (HTTP 401 or 403, nobody signed in).
    Auth,
    /// What was asked for does not exist (HTTP 404, or an empty answer where the provider
    /// answers an unknown id that way).
    NotFound,
    /// The request was refused as malformed: by the client before anything was sent, or
    /// by the provider (any other 4xx).
    InvalidRequest,
    /// The provider processed the request and refused it: a business error such as
    /// insufficient funds or a refund larger than the payment.
    Rejected,
    /// The answer could not be read as the operation's documented result.
    Decode,
    /// The client is not configured for this call (e.g. it lacks the key pair the
    /// operation needs); nothing was sent.
    Configuration,
    /// A write was sent and no complete answer came back: the provider may have acted.
    OutcomeUnknown,
}

/// The kind of failure an HTTP status stands for, when the body says nothing more.
pub fn kind_for_status(status: StatusCode) -> ErrorKind {
    match status.as_u16() {
        401 | 403 => ErrorKind::Auth,
        404 => ErrorKind::NotFound,
        408 => ErrorKind::Timeout,
        429 => ErrorKind::RateLimited,
        500..=599 => ErrorKind::Unavailable,
        400..=499 => ErrorKind::InvalidRequest,
        _ => ErrorKind::Decode,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_kinds() {
        for (status, kind) in [
            (400, ErrorKind::InvalidRequest),
            (401, ErrorKind::Auth),
            (403, ErrorKind::Auth),
            (404, ErrorKind::NotFound),
            (408, ErrorKind::Timeout),
            (409, ErrorKind::InvalidRequest),
            (429, ErrorKind::RateLimited),
            (500, ErrorKind::Unavailable),
            (502, ErrorKind::Unavailable),
            (200, ErrorKind::Decode),
            (302, ErrorKind::Decode),
        ] {
            let status = StatusCode::from_u16(status).unwrap();
            assert_eq!(kind_for_status(status), kind, "{status}");
        }
    }
}
