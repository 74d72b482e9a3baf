//! Authenticating every request: its headers and its signature.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State as AxumState};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::CgError;
use super::shared::Shared;
use super::signature;
use crate::util::{base64_signature_eq, constant_time_eq};

/// The largest request body the sandbox reads (refund bodies are tiny).
const MAX_BODY: usize = 1 << 20;

/// A header's text (lossless for the ASCII every client sends).
fn header<'a>(parts: &'a Parts, name: &str) -> Result<std::borrow::Cow<'a, str>, CgError> {
    parts
        .headers
        .get(name)
        .map(|v| String::from_utf8_lossy(v.as_bytes()))
        .filter(|v| !v.is_empty())
        .ok_or_else(|| CgError::auth(format!("{name} header is required")))
}

/// Checks the authentication headers and the signature of a request
/// (docs/providers/craftgate.md#authentication).
fn verify(shared: &Shared, parts: &Parts, body: &[u8]) -> Result<(), CgError> {
    let api_key = header(parts, "x-api-key")?;
    let rnd = header(parts, "x-rnd-key")?;
    let version = header(parts, "x-auth-version")?;
    let provided = header(parts, "x-signature")?;
    if !matches!(version.as_ref(), "v1" | "V1" | "1") {
        return Err(CgError::auth("x-auth-version must be v1"));
    }
    if !constant_time_eq(api_key.as_bytes(), shared.api_key.as_bytes()) {
        return Err(CgError::auth("API key is not valid"));
    }
    let host = parts
        .uri
        .authority()
        .map(|a| a.as_str().to_string())
        .or_else(|| {
            parts
                .headers
                .get(axum::http::header::HOST)
                .and_then(|h| h.to_str().ok())
                .map(str::to_string)
        })
        .ok_or_else(|| CgError::auth("Host header is required"))?;
    let path_and_query = parts.uri.path_and_query().map_or("/", |pq| pq.as_str());
    let decoded = signature::decode_url(&format!("http://{host}{path_and_query}"));
    let expected = signature::signature(&decoded, &shared.api_key, &shared.secret_key, &rnd, body);
    if base64_signature_eq(&expected, &provided) {
        Ok(())
    } else {
        Err(CgError::auth("Signature is not equal!"))
    }
}

/// Verifies every request before routing it on, and logs the outcome.
pub(crate) async fn gate(
    AxumState(shared): AxumState<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let method = parts.method.clone();
    let path = parts.uri.path().to_string();
    let response = match axum::body::to_bytes(body, MAX_BODY).await {
        Err(_) => {
            CgError::invalid("The request body is unreadable or larger than 1 MiB").into_response()
        }
        Ok(bytes) => match verify(&shared, &parts, &bytes) {
            Ok(()) => {
                next.run(Request::from_parts(parts, Body::from(bytes)))
                    .await
            }
            Err(error) => {
                shared.rejected.bump();
                error.into_response()
            }
        },
    };
    tracing::debug!(provider = "craftgate", %method, %path, status = response.status().as_u16(), "sandbox request");
    response
}
