//! Turning each client's typed error into a [`PaymentsError`].

use payments_core::{ErrorKind, PaymentsError, Provider};

/// The kind of failure an HTTP status means.
pub(crate) fn kind_for_status(status: u16) -> ErrorKind {
    match status {
        401 | 403 => ErrorKind::Unauthorized,
        404 => ErrorKind::NotFound,
        408 | 429 | 500..=599 => ErrorKind::Unavailable,
        400..=499 => ErrorKind::InvalidRequest,
        _ => ErrorKind::UnexpectedResponse,
    }
}

/// An error for input refused before any request was sent.
pub(crate) fn invalid_input(provider: Provider, message: impl Into<String>) -> PaymentsError {
    PaymentsError::new(provider, ErrorKind::InvalidRequest, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_kinds() {
        for (status, kind) in [
            (400, ErrorKind::InvalidRequest),
            (401, ErrorKind::Unauthorized),
            (403, ErrorKind::Unauthorized),
            (404, ErrorKind::NotFound),
            (409, ErrorKind::InvalidRequest),
            (429, ErrorKind::Unavailable),
            (502, ErrorKind::Unavailable),
            (302, ErrorKind::UnexpectedResponse),
        ] {
            assert_eq!(kind_for_status(status), kind, "{status}");
        }
    }
}
