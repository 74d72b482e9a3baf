//! [`from_response`]: a success answer read into the generated code's `ResponseValue`.

use std::future::Future;

use progenitor_client::{Error as GeneratedError, ResponseValue};
use serde::de::DeserializeOwned;

use crate::after::after;

/// What progenitor's `ResponseValue::from_response` does (the body read whole and decoded
/// as `T`, the status and headers kept), with the answer's headers moved out of it
/// instead of copied and the body decoded by [`from_json_slice`](crate::from_json_slice):
/// `cargo xtask codegen` has the generated code call this.
#[allow(clippy::result_large_err)] // the error type of progenitor's generated calls
pub fn from_response<T: DeserializeOwned, E>(
    mut response: reqwest::Response,
) -> impl Future<Output = Result<ResponseValue<T>, GeneratedError<E>>> + Send + use<T, E> {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    after(response.bytes(), move |read| {
        let full = read.map_err(GeneratedError::ResponseBodyError)?;
        let inner = crate::json_read::from_json_slice(&full)
            .map_err(|e| GeneratedError::InvalidResponsePayload(full, e))?;
        Ok(ResponseValue::new(inner, status, headers))
    })
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
}
