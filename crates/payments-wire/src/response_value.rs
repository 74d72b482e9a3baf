//! [`from_response`]: a success answer read into the generated code's `ResponseValue`.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use progenitor_client::{Error as GeneratedError, ResponseValue};
use serde::de::DeserializeOwned;

use crate::body_read::{read_now, read_rest};
use crate::scope::take_body;
use crate::transport::OwnBody;

/// What progenitor's `ResponseValue::from_response` does (the body read whole and decoded
/// as `T`, the status and headers kept), with the answer's headers moved out of it
/// instead of copied and the body decoded by [`from_json_slice`](crate::from_json_slice):
/// `cargo xtask codegen` has the generated code call this.
///
/// A success's body is already in memory when the generated code gets the answer (the
/// transport reads it inside the attempt): it is taken at once, and the future holds
/// little more than the answer (a call's future holds it). A body still coming is read on
/// the heap.
#[allow(clippy::result_large_err)] // the error type of progenitor's generated calls
pub fn from_response<T: DeserializeOwned, E>(
    response: reqwest::Response,
) -> impl Future<Output = Result<ResponseValue<T>, GeneratedError<E>>> + Send + use<T, E> {
    FromResponse {
        response: Some(response),
        rest: None,
        decoded: PhantomData,
    }
}

/// The rest of a body that was not all there, and the answer it belongs to.
type Rest = Pin<Box<dyn Future<Output = (reqwest::Response, reqwest::Result<Bytes>)> + Send>>;

/// [`from_response`]'s future.
struct FromResponse<T, E> {
    /// The answer, until its body is read.
    response: Option<reqwest::Response>,
    /// Reading a body that was not all there.
    rest: Option<Rest>,
    decoded: PhantomData<fn() -> (T, E)>,
}

impl<T: DeserializeOwned, E> Future for FromResponse<T, E> {
    type Output = Result<ResponseValue<T>, GeneratedError<E>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        if let Some(mut response) = this.response.take() {
            if let Some(body) = kept_body(&response) {
                return Poll::Ready(decode(response, Ok(body)));
            }
            match read_now(&mut response) {
                Ok(read) => return Poll::Ready(decode(response, read)),
                Err(begun) => {
                    this.rest = Some(Box::pin(async move {
                        let read = read_rest(&mut response, begun).await;
                        (response, read)
                    }));
                }
            }
        }
        let Some(rest) = &mut this.rest else {
            panic!("`from_response` polled after it was ready");
        };
        let (response, read) = ready!(rest.as_mut().poll(cx));
        this.rest = None;
        Poll::Ready(decode(response, read))
    }
}

/// The body the call keeps for `response` ([`execute_in_call`](crate::transport::execute_in_call)
/// kept it and handed on the answer with its body read), unless `response` carries its
/// body itself.
fn kept_body(response: &reqwest::Response) -> Option<Bytes> {
    if response.extensions().get::<OwnBody>().is_some() {
        return None;
    }
    take_body()
}

/// The answer and its body as the generated code's value.
#[allow(clippy::result_large_err)] // the error type of progenitor's generated calls
fn decode<T: DeserializeOwned, E>(
    mut response: reqwest::Response,
    read: reqwest::Result<Bytes>,
) -> Result<ResponseValue<T>, GeneratedError<E>> {
    let full = read.map_err(GeneratedError::ResponseBodyError)?;
    let inner = crate::json_read::from_json_slice(&full)
        .map_err(|e| GeneratedError::InvalidResponsePayload(full, e))?;
    let headers = std::mem::take(response.headers_mut());
    Ok(ResponseValue::new(inner, response.status(), headers))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::RequestPolicy;
    use crate::transport::http_client;
    use wiremock::matchers::path;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    #[tokio::test]
    async fn the_body_is_decoded_and_status_and_headers_kept() {
        let server = MockServer::start().await;
        Mock::given(path("/ok"))
            .respond_with(
                ResponseTemplate::new(201)
                    .insert_header("x-request-id", "r-1")
                    .set_body_string(r#"{"a":1.50}"#),
            )
            .mount(&server)
            .await;
        Mock::given(path("/bad"))
            .respond_with(ResponseTemplate::new(200).set_body_string("{"))
            .mount(&server)
            .await;
        let client = http_client("Test", &RequestPolicy::default()).unwrap();
        let get = |p: &str| client.get(format!("{}{p}", server.uri())).send();

        let value: ResponseValue<serde_json::Value> =
            from_response::<_, ()>(get("/ok").await.unwrap())
                .await
                .unwrap();
        assert_eq!(value.status(), 201);
        assert_eq!(value.headers()["x-request-id"], "r-1");
        assert_eq!(value.into_inner().to_string(), r#"{"a":1.50}"#);

        let error = from_response::<serde_json::Value, ()>(get("/bad").await.unwrap())
            .await
            .unwrap_err();
        assert!(
            matches!(&error, GeneratedError::InvalidResponsePayload(body, _) if body.as_ref() == b"{"),
            "{error:?}"
        );
    }

    /// A body in memory is decoded on the first poll; one still coming is read as it
    /// comes. The future holds little more than the answer.
    #[tokio::test]
    async fn a_body_in_memory_is_decoded_at_once_and_one_still_coming_later() {
        use futures::FutureExt;

        let here = reqwest::Response::from(http::Response::new(bytes::Bytes::from("[1]")));
        let read = from_response::<Vec<u8>, ()>(here);
        assert!(
            std::mem::size_of_val(&read) <= 200,
            "{}",
            std::mem::size_of_val(&read)
        );
        let value = read.now_or_never().expect("ready at once").unwrap();
        assert_eq!(value.into_inner(), [1]);

        let (tx, rx) = futures::channel::mpsc::unbounded::<Result<bytes::Bytes, std::io::Error>>();
        tx.unbounded_send(Ok(bytes::Bytes::from_static(b"[1,")))
            .unwrap();
        let coming = reqwest::Response::from(http::Response::new(reqwest::Body::wrap_stream(rx)));
        let mut read = Box::pin(from_response::<Vec<u8>, ()>(coming));
        assert!(
            (&mut read).now_or_never().is_none(),
            "the body is not all here"
        );
        tx.unbounded_send(Ok(bytes::Bytes::from_static(b"2]")))
            .unwrap();
        drop(tx);
        assert_eq!(read.await.unwrap().into_inner(), [1, 2]);
    }

    /// Two answers of one scope, decoded in either order: each gets its own body (the one
    /// kept in the notes, or the one it carries).
    #[tokio::test]
    async fn each_answer_is_decoded_from_its_own_body() {
        use crate::after::Step;
        use crate::scope::scoped;
        use crate::transport::execute_in_call;

        let server = MockServer::start().await;
        for (at, body) in [("/a", "[1]"), ("/b", "[2]")] {
            Mock::given(path(at))
                .respond_with(ResponseTemplate::new(200).set_body_string(body))
                .mount(&server)
                .await;
        }
        let client = http_client("Test", &RequestPolicy::default()).unwrap();
        let get = |p: &str| client.get(format!("{}{p}", server.uri())).build().unwrap();
        for b_first in [true, false] {
            let (a, b) = scoped(
                async {
                    let a = execute_in_call(&client, get("/a")).await.unwrap();
                    let b = execute_in_call(&client, get("/b")).await.unwrap();
                    let decode =
                        |r| async { from_response::<Vec<u8>, ()>(r).await.unwrap().into_inner() };
                    if b_first {
                        let b = decode(b).await;
                        (decode(a).await, b)
                    } else {
                        let a = decode(a).await;
                        (a, decode(b).await)
                    }
                },
                |out, _| Step::Now(out),
            )
            .await;
            assert_eq!((a, b), (vec![1], vec![2]), "b first: {b_first}");
        }
    }
}
