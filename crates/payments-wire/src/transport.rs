//! The transport step shared by every client's hooks.

use std::future::Future;

use bytes::Bytes;
use reqwest::ResponseBuilderExt;

use crate::body_read::read_body;
use crate::config_error::ConfigError;
use crate::policy::RequestPolicy;
use crate::tls::client_builder;

/// Builds the HTTP client a provider client uses: redirects off (a payment API that
/// redirects is misconfigured, and a redirect would carry signed headers and secrets to
/// another place), reqwest's own retries off (the request policy is the one place that
/// decides and counts attempts; reqwest would otherwise copy every request ahead for retries
/// of its own: its headers, URI and extensions, on every call), the policy's connect
/// timeout, TLS as [`client_builder`] sets it up. Each attempt's own timeout is set by the
/// request policy.
pub fn http_client(
    service: &'static str,
    policy: &RequestPolicy,
) -> Result<reqwest::Client, ConfigError> {
    client_builder(service)?
        .redirect(reqwest::redirect::Policy::none())
        // `never()` alone still copies each request (for the retries it then refuses);
        // no retries per request skips the copy.
        .retry(reqwest::retry::never().max_retries_per_request(0))
        .connect_timeout(policy.connect_timeout)
        .build()
        .map_err(|source| ConfigError::HttpClient { service, source })
}

/// Sends `request` and returns the response, presenting an empty 2xx body as `{}`.
///
/// Providers may answer a successful call with no body (HTTP 204, or 200 with nothing):
/// the generated decoders expect JSON, and `{}` is what the providers' own SDKs turn an
/// empty success into. Non-2xx responses are passed through untouched.
///
/// Not an `async fn`: the request is handed to reqwest when this is called, so the
/// future does not hold it (an `async fn` keeps its arguments beside everything it
/// awaits, and each level of a call copies the future of the level below into its own).
pub fn execute(
    client: &reqwest::Client,
    request: reqwest::Request,
) -> impl Future<Output = reqwest::Result<reqwest::Response>> + Send + use<> {
    let method = request.method().clone();
    let answer = client.execute(request);
    async move {
        let mut response = answer.await?;
        let status = response.status();
        tracing::debug!(%method, path = response.url().path(), status = status.as_u16(),
            "provider answered");
        if !status.is_success() {
            return Ok(response);
        }
        // The whole body is read here, inside the attempt (a body cut short is retried),
        // and the answer handed on as it came: its parts are moved, not copied.
        let body = read_body(&mut response).await?;
        let version = response.version();
        let mut headers = std::mem::take(response.headers_mut());
        let mut extensions = std::mem::take(response.extensions_mut());
        // reqwest parses a placeholder URL for a response built without one; give it the
        // answer's own (a copy is far cheaper than a parse). Only a builder's `url` can
        // hand it over: the builder lends its extensions to the answer's, so the URL goes
        // straight in with the others.
        let url = response.url().clone();
        let mut with_url = http::Response::builder();
        if let Some(lent) = with_url.extensions_mut() {
            std::mem::swap(lent, &mut extensions);
        }
        let mut with_url = with_url.url(url);
        if let Some(lent) = with_url.extensions_mut() {
            std::mem::swap(lent, &mut extensions);
        }
        let body = if body.iter().all(u8::is_ascii_whitespace) {
            headers.remove(http::header::CONTENT_LENGTH);
            Bytes::from_static(b"{}")
        } else {
            body
        };
        let mut rebuilt = http::Response::new(body);
        *rebuilt.status_mut() = status;
        *rebuilt.version_mut() = version;
        *rebuilt.headers_mut() = headers;
        *rebuilt.extensions_mut() = extensions;
        Ok(reqwest::Response::from(rebuilt))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wiremock::matchers::path;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    #[tokio::test]
    async fn empty_success_reads_as_empty_object_and_errors_pass_through() {
        let server = MockServer::start().await;
        Mock::given(path("/empty"))
            .respond_with(ResponseTemplate::new(204))
            .mount(&server)
            .await;
        Mock::given(path("/body"))
            .respond_with(ResponseTemplate::new(200).set_body_string("{\"a\":1}"))
            .mount(&server)
            .await;
        let large: String = (0..60_000).map(|i| format!("{i:05}")).collect();
        Mock::given(path("/large"))
            .respond_with(ResponseTemplate::new(200).set_body_string(large.clone()))
            .mount(&server)
            .await;
        Mock::given(path("/err"))
            .respond_with(ResponseTemplate::new(500).set_body_string(""))
            .mount(&server)
            .await;
        let client = http_client("Test", &RequestPolicy::default()).unwrap();
        let get = |p: &str| client.get(format!("{}{p}", server.uri())).build().unwrap();

        let r = execute(&client, get("/empty")).await.unwrap();
        assert_eq!(r.status(), 204);
        assert_eq!(r.bytes().await.unwrap(), "{}");
        let r = execute(&client, get("/body")).await.unwrap();
        assert_eq!(r.url().as_str(), format!("{}/body", server.uri()));
        // The answer's own extensions are kept (the peer's address among them).
        assert_eq!(r.remote_addr(), Some(*server.address()));
        assert_eq!(r.headers()["content-length"], "7");
        assert_eq!(r.bytes().await.unwrap(), "{\"a\":1}");
        // A large body, read whole with its stated length kept.
        let r = execute(&client, get("/large")).await.unwrap();
        assert_eq!(r.headers()["content-length"], large.len().to_string());
        assert_eq!(r.bytes().await.unwrap(), large);
        let r = execute(&client, get("/err")).await.unwrap();
        assert_eq!(r.status(), 500);
        assert_eq!(r.bytes().await.unwrap(), "");
    }
}
