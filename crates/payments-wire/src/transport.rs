//! The transport step shared by every client's hooks.

use std::future::Future;

use bytes::Bytes;
use reqwest::ResponseBuilderExt;

use crate::body_read::read_body;
use crate::config_error::ConfigError;
use crate::policy::RequestPolicy;
use crate::scope::keep_body;
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
    exchange(client, request, rebuild)
}

/// [`execute`] for one attempt of a generated call: inside the call's scope (awaited with
/// `payload()`), a success's body is kept with the call's notes for the generated code to
/// decode ([`take_body`](crate::scope::take_body)) and the answer handed on as it came, its body read;
/// elsewhere, or when the call keeps a body already, the answer is rebuilt around its body,
/// as [`execute`] does.
pub(crate) fn execute_in_call(
    client: &reqwest::Client,
    request: reqwest::Request,
) -> impl Future<Output = reqwest::Result<reqwest::Response>> + Send + use<> {
    exchange(client, request, |response, body| match keep_body(body) {
        Ok(()) => response,
        Err(body) => rebuild(response, body),
    })
}

/// Sends `request`; a success's body is read whole (inside the attempt: a body cut short
/// is retried), an empty one read as `{}`, and both handed to `deliver`.
fn exchange<D>(
    client: &reqwest::Client,
    request: reqwest::Request,
    deliver: D,
) -> impl Future<Output = reqwest::Result<reqwest::Response>> + Send + use<D>
where
    D: FnOnce(reqwest::Response, Bytes) -> reqwest::Response + Send,
{
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
        let body = read_body(&mut response).await?;
        let body = if body.iter().all(u8::is_ascii_whitespace) {
            response.headers_mut().remove(http::header::CONTENT_LENGTH);
            Bytes::from_static(b"{}")
        } else {
            body
        };
        Ok(deliver(response, body))
    }
}

/// `response` (its body read) rebuilt around `body`, marked [`OwnBody`]: its parts are
/// moved, not copied.
fn rebuild(mut response: reqwest::Response, body: Bytes) -> reqwest::Response {
    let status = response.status();
    let version = response.version();
    let headers = std::mem::take(response.headers_mut());
    let mut extensions = std::mem::take(response.extensions_mut());
    extensions.insert(OwnBody);
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
    let mut rebuilt = http::Response::new(body);
    *rebuilt.status_mut() = status;
    *rebuilt.version_mut() = version;
    *rebuilt.headers_mut() = headers;
    *rebuilt.extensions_mut() = extensions;
    reqwest::Response::from(rebuilt)
}

/// Marks an answer that carries its body itself (rebuilt by the transport): its body is
/// not one a call keeps in its notes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct OwnBody;

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

    /// Inside a call's scope a success's body is kept (once: a second answer carries its
    /// own), an empty one as `{}` without its stated length; outside any scope, and for
    /// an error, the answer carries its body.
    #[tokio::test]
    async fn in_a_call_one_success_body_is_kept_and_every_other_answer_carries_its_own() {
        use crate::after::Step;
        use crate::scope::{scoped, take_body};

        let server = MockServer::start().await;
        for (at, status, body) in [
            ("/a", 200, "{\"a\":1}"),
            ("/b", 200, "[2]"),
            ("/err", 500, "no"),
            ("/empty", 200, " \n"),
        ] {
            Mock::given(path(at))
                .respond_with(ResponseTemplate::new(status).set_body_string(body))
                .mount(&server)
                .await;
        }
        let client = http_client("Test", &RequestPolicy::default()).unwrap();
        let get = |p: &str| client.get(format!("{}{p}", server.uri())).build().unwrap();
        let own = |r: &reqwest::Response| r.extensions().get::<OwnBody>().is_some();

        let (a, b, err, kept, none) = scoped(
            async {
                let a = execute_in_call(&client, get("/a")).await.unwrap();
                let b = execute_in_call(&client, get("/b")).await.unwrap();
                let err = execute_in_call(&client, get("/err")).await.unwrap();
                let kept = take_body();
                (a, b, err, kept, take_body())
            },
            |out, _| Step::Now(out),
        )
        .await;
        assert_eq!(kept.as_deref(), Some(&b"{\"a\":1}"[..]));
        assert_eq!(none, None, "taken once");
        assert!(!own(&a));
        assert_eq!(a.headers()["content-length"], "7");
        assert_eq!(
            a.bytes().await.unwrap(),
            "",
            "its body was read into the notes"
        );
        assert!(own(&b));
        assert_eq!(b.bytes().await.unwrap(), "[2]");
        assert!(!own(&err));
        assert_eq!(err.status(), 500);
        assert_eq!(err.bytes().await.unwrap(), "no");

        let (empty, kept) = scoped(
            async {
                let empty = execute_in_call(&client, get("/empty")).await.unwrap();
                (empty, take_body())
            },
            |out, _| Step::Now(out),
        )
        .await;
        assert_eq!(kept.as_deref(), Some(&b"{}"[..]));
        assert!(!own(&empty) && empty.headers().get("content-length").is_none());

        let outside = execute_in_call(&client, get("/a")).await.unwrap();
        assert!(own(&outside));
        assert_eq!(outside.url().as_str(), format!("{}/a", server.uri()));
        assert_eq!(outside.bytes().await.unwrap(), "{\"a\":1}");
        assert_eq!(take_body(), None);
    }
}
