//! The one conversion of a client error into a [`PaymentsError`].

use payments_core::{ErrorKind, PaymentsError, Provider};
use payments_wire::ErrorMetadata;

/// The facade's kind for a client's kind of failure.
fn kind(kind: payments_wire::ErrorKind) -> ErrorKind {
    use payments_wire::ErrorKind as Wire;
    match kind {
        Wire::Auth => ErrorKind::Unauthorized,
        Wire::NotFound => ErrorKind::NotFound,
        Wire::InvalidRequest => ErrorKind::InvalidRequest,
        Wire::Rejected => ErrorKind::Rejected,
        Wire::Configuration => ErrorKind::Configuration,
        Wire::OutcomeUnknown => ErrorKind::OutcomeUnknown,
        Wire::Transport | Wire::Timeout | Wire::RateLimited | Wire::Unavailable => {
            ErrorKind::Unavailable
        }
        // Decode, and any kind a later wire version adds: the answer was not understood.
        _ => ErrorKind::UnexpectedResponse,
    }
}

/// A client error as a [`PaymentsError`]: its kind, the provider's message (or the
/// error's own text), code and HTTP status, and the error itself as the source. The facade
/// reports every client error so; use it for calls made on a client directly
/// (`payments.craftgate()?.client()`) to report them the same way.
pub fn from_client<E>(provider: Provider, error: E) -> PaymentsError
where
    E: ErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let message = error
        .message()
        .map(|m| m.into_owned())
        .unwrap_or_else(|| error.to_string());
    let mut out = PaymentsError::new(provider, kind(error.kind()), message);
    if let Some(code) = error.code() {
        out = out.with_code(code);
    }
    if let Some(status) = error.http_status() {
        out = out.with_status(status.as_u16());
    }
    if let Some(key) = error.idempotency_key() {
        out = out.with_idempotency_key(key);
    }
    if let Some(wait) = error.retry_after() {
        out = out.with_retry_after(wait);
    }
    out.with_source(error)
}

/// Says what an unknown outcome means for this operation ("the refund may have been
/// made"), and gives the reference to look it up by; other errors pass unchanged.
pub(crate) fn may_have(error: PaymentsError, what: &str, reference: Option<&str>) -> PaymentsError {
    if !error.is_outcome_unknown() {
        return error;
    }
    let mut error = error;
    error.message = format!("{what}: {}", error.message);
    if let Some(reference) = reference {
        error = error.with_reference(reference);
    }
    error
}

/// An error for input refused before any request was sent.
pub(crate) fn invalid_input(provider: Provider, message: impl Into<String>) -> PaymentsError {
    PaymentsError::new(provider, ErrorKind::InvalidRequest, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use payments_wire::ErrorKind as Wire;

    #[test]
    fn client_kinds_map_to_facade_kinds() {
        for (wire, facade) in [
            (Wire::Transport, ErrorKind::Unavailable),
            (Wire::Timeout, ErrorKind::Unavailable),
            (Wire::RateLimited, ErrorKind::Unavailable),
            (Wire::Unavailable, ErrorKind::Unavailable),
            (Wire::Auth, ErrorKind::Unauthorized),
            (Wire::NotFound, ErrorKind::NotFound),
            (Wire::InvalidRequest, ErrorKind::InvalidRequest),
            (Wire::Rejected, ErrorKind::Rejected),
            (Wire::Decode, ErrorKind::UnexpectedResponse),
            (Wire::Configuration, ErrorKind::Configuration),
            (Wire::OutcomeUnknown, ErrorKind::OutcomeUnknown),
        ] {
            assert_eq!(kind(wire), facade, "{wire:?}");
        }
    }

    #[test]
    fn statuses_map_to_kinds() {
        for (status, facade) in [
            (400, ErrorKind::InvalidRequest),
            (401, ErrorKind::Unauthorized),
            (403, ErrorKind::Unauthorized),
            (404, ErrorKind::NotFound),
            (409, ErrorKind::InvalidRequest),
            (429, ErrorKind::Unavailable),
            (502, ErrorKind::Unavailable),
            (302, ErrorKind::UnexpectedResponse),
        ] {
            let status = http::StatusCode::from_u16(status).unwrap();
            assert_eq!(
                kind(payments_wire::kind_for_status(status)),
                facade,
                "{status}"
            );
        }
    }
}
