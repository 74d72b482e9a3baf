//! [`ErrorMetadata`]: what every client error tells about itself.

use std::borrow::Cow;
use std::convert::Infallible;

use http::StatusCode;

use crate::kind::ErrorKind;

/// What an error of any provider client tells about itself, in the same terms for all
/// three (in the spirit of smithy-rs' `ProvideErrorMetadata`): the kind of failure, the
/// HTTP status, and the provider's code, message and group when it sent them.
pub trait ErrorMetadata {
    /// The kind of failure.
    fn kind(&self) -> ErrorKind;

    /// The HTTP status, when the provider (or something in front of it) answered.
    fn http_status(&self) -> Option<StatusCode> {
        None
    }

    /// The provider's error code, when it sent one.
    fn code(&self) -> Option<Cow<'_, str>> {
        None
    }

    /// What went wrong in the provider's own words, when it gave any.
    fn message(&self) -> Option<Cow<'_, str>> {
        None
    }

    /// The provider's error group (a category above the code), when it sent one.
    fn group(&self) -> Option<&str> {
        None
    }

    /// The idempotency key a write whose outcome is unknown carried: sending the same
    /// request with it again is safe.
    fn idempotency_key(&self) -> Option<&str> {
        None
    }

    /// How long the provider asked to wait before another try, when that is why the call
    /// ended.
    fn retry_after(&self) -> Option<std::time::Duration> {
        None
    }
}

/// For clients whose provider has no refusals of its own.
impl ErrorMetadata for Infallible {
    fn kind(&self) -> ErrorKind {
        match *self {}
    }
}
