//! [`CallExt::payload`]: a generated call's result as the bare resource or a
//! [`OneEntryError`].

use std::future::Future;

use payments_wire::Failure;
use progenitor_client::{ByteStream, Error as GeneratedError, ResponseValue};

use crate::error::OneEntryError;

/// Turns the future returned by a generated `send()` into the response body or a typed
/// error: `client.get_session_by_id().id(46).send().payload().await?`.
///
/// OneEntry has no envelope (api-notes §2): a 2xx body is the resource itself, and any
/// non-2xx carries the error body that [`OneEntryError::Api`] holds.
pub trait CallExt<T>: Sized {
    /// The response body, or the failure as a [`OneEntryError`].
    fn payload(self) -> impl Future<Output = Result<T, OneEntryError>> + Send;
}

impl<F, T> CallExt<T> for F
where
    F: Future<Output = Result<ResponseValue<T>, GeneratedError<ByteStream>>> + Send,
    T: Send,
{
    async fn payload(self) -> Result<T, OneEntryError> {
        match self.await {
            Ok(value) => Ok(value.into_inner()),
            Err(error) => Err(Failure::from_generated(error).await.into()),
        }
    }
}
