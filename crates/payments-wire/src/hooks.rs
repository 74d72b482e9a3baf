//! [`Hooks`]: what a client does to each request, and the one `pre`/`exec` pair every
//! generated client runs ([`client_hooks!`](crate::client_hooks)).
//!
//! A client says, in one [`Hooks`] impl on its generated client's inner state, how a
//! request is prepared (auth headers, signature, routing) and, optionally, how credentials
//! are renewed after a 401. Sending, and everything the request policy will add around
//! it, happens here, the same for every client.

use std::future::Future;

use progenitor_client::{Error as GeneratedError, OperationInfo};
use reqwest::StatusCode;

use crate::scope::refuse;
use crate::service::Service;
use crate::transport::execute;

/// Why a request could not be prepared; nothing was sent.
#[derive(Debug)]
#[non_exhaustive]
pub enum PrepareError<R> {
    /// The client refuses the call: the typed refusal, and the message a call awaited
    /// without `payload()` reports.
    Refused(R, String),
    /// The request cannot be made valid (a value a header cannot carry, a body that cannot
    /// be signed).
    Invalid(String),
}

/// What a client does to each request of its provider.
pub trait Hooks: Send + Sync {
    /// The provider.
    type Service: Service;

    /// Makes `request` ready to send: credentials, signature, routing. It is the whole
    /// request, built by the generated code, about to be sent for `operation`.
    fn prepare(
        &self,
        request: &mut reqwest::Request,
        operation: &'static str,
    ) -> Result<(), PrepareError<<Self::Service as Service>::Refusal>>;

    /// Whether a 401 to `operation` may be answered by renewing the credentials and
    /// sending once more ([`Hooks::renewed`]). Default: never.
    fn renews_on_401(&self, _operation: &'static str) -> bool {
        false
    }

    /// After a 401 to `sent`: renews the credentials and returns the request to send once
    /// more, or `None` when the 401 stands. Default: `None`.
    fn renewed(
        &self,
        _http: &reqwest::Client,
        _base_url: &str,
        _sent: reqwest::Request,
        _operation: &'static str,
    ) -> impl Future<Output = Option<reqwest::Request>> + Send {
        async { None }
    }
}

/// The `pre` hook of every client: prepares the request, turning a refusal into a typed
/// one for `payload()`.
#[allow(clippy::result_large_err)] // the error type of progenitor's `pre` hook
pub fn pre<H: Hooks, E>(
    hooks: &H,
    request: &mut reqwest::Request,
    info: &OperationInfo,
) -> Result<(), GeneratedError<E>> {
    request.headers_mut().remove("api-version");
    match hooks.prepare(request, info.operation_id) {
        Ok(()) => {
            tracing::debug!(
                service = H::Service::NAME,
                operation = info.operation_id,
                method = %request.method(),
                path = request.url().path(),
                "sending request"
            );
            Ok(())
        }
        Err(PrepareError::Refused(refusal, message)) => {
            Err(refuse::<H::Service, E>(refusal, message))
        }
        Err(PrepareError::Invalid(message)) => Err(GeneratedError::InvalidRequest(format!(
            "{}: {message}",
            info.operation_id
        ))),
    }
}

/// The `exec` hook of every client: sends the request and, when the client renews its
/// credentials on a 401, sends it once more with the renewed ones.
pub async fn exec<H: Hooks>(
    hooks: &H,
    http: &reqwest::Client,
    base_url: &str,
    request: reqwest::Request,
    info: &OperationInfo,
) -> reqwest::Result<reqwest::Response> {
    let operation = info.operation_id;
    let again = if hooks.renews_on_401(operation) {
        request.try_clone()
    } else {
        None
    };
    let response = execute(http, request).await?;
    if response.status() != StatusCode::UNAUTHORIZED {
        return Ok(response);
    }
    let Some(again) = again else {
        return Ok(response);
    };
    match hooks.renewed(http, base_url, again, operation).await {
        Some(retry) => {
            tracing::debug!(service = H::Service::NAME, operation, "retrying after 401");
            execute(http, retry).await
        }
        None => Ok(response),
    }
}
