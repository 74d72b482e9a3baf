//! [`Service`]: one provider's API as the shared call scaffolding sees it.

use std::fmt::Debug;

use http::StatusCode;

use crate::kind::ErrorKind;
use crate::metadata::ErrorMetadata;

/// One provider's API as the shared call scaffolding sees it: its name, its documented
/// error answer, and what its client refuses on its own.
///
/// Each client crate declares one uninhabited marker type implementing this; its error
/// type is [`CallError`](crate::CallError) over that marker.
pub trait Service: Debug + Send + Sync + Sized + 'static {
    /// The provider's name, as messages show it.
    const NAME: &'static str;

    /// What a success that lacks its payload means for this provider (e.g. Craftgate
    /// answers some unknown ids with an empty 204: [`ErrorKind::NotFound`]).
    const NO_CONTENT: ErrorKind;

    /// The provider's own error answer: a decoded error body, or a business failure
    /// reported inside a success answer.
    type ApiError: ErrorMetadata + std::error::Error + Send + Sync + 'static;

    /// What this provider's client refuses on its own, before or instead of sending (no
    /// key pair for the operation, nobody signed in).
    type Refusal: ErrorMetadata + std::error::Error + Send + Sync + 'static;

    /// Reads the body of a non-2xx answer as the provider's error, when it is one.
    fn api_error(status: StatusCode, body: &[u8]) -> Option<Self::ApiError>;
}
