//! The HTTP client every provider client uses: redirects are never followed (the connect
//! timeout is proven through a client with TLS, in crates/craftgate-client/tests).

use payments_wire::{CallPolicy, RequestPolicy, http_client, send};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[path = "support/test_api.rs"]
mod test_api;
use test_api::TestApi;

#[tokio::test]
async fn redirects_are_not_followed() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(path("/x"))
        .respond_with(
            ResponseTemplate::new(302).insert_header("Location", format!("{}/y", elsewhere.uri())),
        )
        .mount(&server)
        .await;
    let policy = CallPolicy::new(RequestPolicy::default());
    let http = http_client("Test", policy.settings()).unwrap();
    let request = http
        .get(format!("{}/x", server.uri()))
        .header("x-api-key", "secret")
        .build()
        .unwrap();
    let sent = send::<TestApi>(&policy, &http, "op", request)
        .await
        .unwrap();
    assert_eq!(
        sent.result.unwrap().status(),
        302,
        "the redirect is the answer"
    );
    assert!(
        elsewhere.received_requests().await.unwrap().is_empty(),
        "nothing was sent where the redirect points"
    );
}
