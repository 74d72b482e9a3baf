//! [`copy`]: a generated call's request copied for another attempt, as reqwest's
//! `try_clone` copies it, without the work `try_clone` throws away.
//!
//! reqwest 0.13's `Request::try_clone` builds the copy's extension map twice: it sets the
//! copy's timeout (allocating a map and inserting into it), then replaces the whole map
//! with a clone of the original's (allocating another, freeing the first). Every call
//! copies its first request once (the template of its retries), so that is paid on every
//! call: about 850 instructions and two allocations of a Paywall payment query.

/// A copy of `request` for another attempt: its method, URL, headers, version, timeout and
/// body; `None` when its body cannot be copied (a stream).
///
/// Only for requests built by reqwest's `RequestBuilder`, as the generated code builds
/// them: their extensions hold nothing but the timeout (reqwest's own), which is copied
/// here. A request with a body is copied by `try_clone` itself (its body's bytes are
/// shared, not copied, which only reqwest can do).
pub(crate) fn copy(request: &reqwest::Request) -> Option<reqwest::Request> {
    if request.body().is_some() {
        return request.try_clone();
    }
    let mut copy = reqwest::Request::new(request.method().clone(), request.url().clone());
    *copy.headers_mut() = request.headers().clone();
    *copy.version_mut() = request.version();
    if let Some(timeout) = request.timeout() {
        *copy.timeout_mut() = Some(*timeout);
    }
    Some(copy)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use http::{HeaderValue, Method, Version};

    use super::*;

    fn request(body: Option<&'static str>, timeout: Option<Duration>) -> reqwest::Request {
        let mut builder = crate::transport::http_client("Test", &Default::default())
            .unwrap()
            .request(Method::PUT, "https://api.example.com/v1/things/7?page=2")
            .header("x-one", "1")
            .header("x-two", HeaderValue::from_static("2"))
            .header("x-two", "again")
            .version(Version::HTTP_11);
        if let Some(body) = body {
            builder = builder.body(body);
        }
        if let Some(timeout) = timeout {
            builder = builder.timeout(timeout);
        }
        builder.build().unwrap()
    }

    /// Everything a request carries that reqwest lets anyone see.
    fn seen(r: &reqwest::Request) -> String {
        format!(
            "{} {} {:?} {:?} {:?} {:?}",
            r.method(),
            r.url(),
            r.headers(),
            r.version(),
            r.timeout(),
            r.body().and_then(reqwest::Body::as_bytes)
        )
    }

    #[test]
    fn a_copy_carries_what_reqwest_s_own_copy_carries() {
        for (body, timeout) in [
            (None, None),
            (None, Some(Duration::from_millis(1500))),
            (Some("{\"a\":1}"), None),
            (Some("{}"), Some(Duration::from_secs(3))),
        ] {
            let original = request(body, timeout);
            let copied = copy(&original).unwrap();
            assert_eq!(seen(&copied), seen(&original.try_clone().unwrap()));
            assert_eq!(seen(&copied), seen(&original));
        }
    }

    #[test]
    fn a_streamed_body_is_not_copied() {
        let mut streamed = request(None, None);
        let chunks: Vec<Result<bytes::Bytes, std::io::Error>> = vec![Ok("{}".into())];
        *streamed.body_mut() = Some(reqwest::Body::wrap_stream(futures::stream::iter(chunks)));
        assert!(copy(&streamed).is_none());
    }
}
