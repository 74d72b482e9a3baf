//! Shared set-up: a client pointed at a wiremock server and request assertions.

use oneentry_client::{
    BaseUrl, Client, DeviceMetadata, OneEntryConfig, OneEntryError, RequestPolicy, TokenPair,
};
use reqwest::StatusCode;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

pub const APP_TOKEN: &str = "app-token-1";
pub const ACCESS: &str = "access-1";
pub const REFRESH: &str = "refresh-1";
/// The `x-device-metadata` value of [`config`].
pub const DEVICE: &str = r#"{"fingerprint":"UQ_test","deviceInfo":{"os":"test-os","browser":"test/1","location":"en-US"}}"#;

/// Headers a request may carry: what OneEntry expects plus what HTTP itself needs.
const ALLOWED_HEADERS: [&str; 7] = [
    "content-type",
    "x-app-token",
    "authorization",
    "x-device-metadata",
    "accept",
    "host",
    "content-length",
];

pub fn config(server: &MockServer) -> OneEntryConfig {
    let mut config = OneEntryConfig::new(base_url(&server.uri()));
    config.app_token = Some(APP_TOKEN.into());
    config.device = DeviceMetadata::new("UQ_test").with_device_info("test-os", "test/1", "en-US");
    config
}

/// A client with an app token and nobody signed in.
pub fn anonymous(server: &MockServer) -> Client {
    Client::from_config(&config(server)).unwrap()
}

/// A client with an app token and the user's tokens [`ACCESS`] / [`REFRESH`].
pub fn signed_in(server: &MockServer) -> Client {
    let client = anonymous(server);
    client.set_tokens(TokenPair::new(ACCESS, REFRESH));
    client
}

/// A 200 answer with `body` sent byte for byte as JSON.
pub fn json(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

/// A 201 answer with `body` sent byte for byte as JSON.
pub fn created(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(201).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

/// Answers `verb path` with `response`, expecting exactly one such request.
pub async fn answer(server: &MockServer, verb: &str, at: &str, response: ResponseTemplate) {
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(response)
        .expect(1)
        .mount(server)
        .await;
}

/// The one request the server received.
pub async fn the_request(server: &MockServer) -> Request {
    let mut received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1, "expected exactly one request");
    received.remove(0)
}

/// Path and query exactly as sent.
pub fn target(request: &Request) -> String {
    match request.url.query() {
        Some(query) => format!("{}?{query}", request.url.path()),
        None => request.url.path().to_string(),
    }
}

pub fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

pub fn body(request: &Request) -> &str {
    std::str::from_utf8(&request.body).unwrap()
}

/// The OneEntry headers: JSON content type on every method, the app token, the Bearer
/// token when `bearer` is given, device metadata on POST only, no `api-version`, nothing
/// else.
pub fn assert_headers(request: &Request, bearer: Option<&str>) {
    assert_eq!(header(request, "content-type"), Some("application/json"));
    assert_eq!(header(request, "x-app-token"), Some(APP_TOKEN));
    let expected = bearer.map(|token| format!("Bearer {token}"));
    assert_eq!(header(request, "authorization"), expected.as_deref());
    let is_post = request.method.as_str() == "POST";
    assert_eq!(
        header(request, "x-device-metadata"),
        is_post.then_some(DEVICE)
    );
    for name in request.headers.keys() {
        assert!(
            ALLOWED_HEADERS.contains(&name.as_str()),
            "unexpected header `{name}` on {} {}",
            request.method,
            target(request)
        );
    }
}

/// Checks the one request: method, path and query, headers and body bytes.
pub async fn assert_sent(
    server: &MockServer,
    verb: &str,
    expected_target: &str,
    bearer: Option<&str>,
    expected_body: &str,
) {
    let request = the_request(server).await;
    assert_eq!(request.method.as_str(), verb);
    assert_eq!(target(&request), expected_target);
    assert_headers(&request, bearer);
    assert_eq!(body(&request), expected_body);
}

/// A signed-in client that sends each call once (no retries), for tests about what one
/// answer turns into.
pub fn signed_in_single_attempt(server: &MockServer) -> Client {
    let mut config = config(server);
    config.policy = RequestPolicy::default().with_max_attempts(std::num::NonZeroU32::MIN);
    let client = Client::from_config(&config).unwrap();
    client.set_tokens(TokenPair::new(ACCESS, REFRESH));
    client
}

/// A local server's address as a base URL.
pub fn base_url(uri: &str) -> BaseUrl {
    BaseUrl::parse(uri).unwrap()
}

/// The message texts of OneEntry's error body, when it sent one.
pub fn messages(err: &OneEntryError) -> &[String] {
    err.api().map(|api| api.body.messages()).unwrap_or(&[])
}

/// `statusCode` of OneEntry's error body, when it sent one.
pub fn status_code(err: &OneEntryError) -> Option<i64> {
    err.api().and_then(|api| api.body.status_code)
}

/// Whether OneEntry answered 401 (after the client's one refresh-and-retry).
pub fn is_unauthorized(err: &OneEntryError) -> bool {
    err.status() == Some(StatusCode::UNAUTHORIZED)
}
