//! Shared helpers: a wiremock server, a client pointed at it, and checks of what was sent.
#![allow(dead_code)] // each test binary uses a different subset

use craftgate_client::{BaseUrl, Client, CraftgateConfig, RequestPolicy, signature};
use percent_encoding::percent_decode_str;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

pub const API_KEY: &str = "api-key-test";
pub const SECRET_KEY: &str = "secret-key-test";

/// A fake Craftgate and a client for it.
pub async fn setup() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let base_url = BaseUrl::parse(&server.uri()).unwrap();
    let client =
        Client::from_config(&CraftgateConfig::new(API_KEY, SECRET_KEY).with_base_url(base_url))
            .unwrap();
    (server, client)
}

/// A fake Craftgate and a client for it that sends each call once (no retries), for
/// tests about what one answer turns into.
pub async fn setup_single_attempt() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let base_url = BaseUrl::parse(&server.uri()).unwrap();
    let once = RequestPolicy::default().with_max_attempts(std::num::NonZeroU32::MIN);
    let client = Client::from_config(
        &CraftgateConfig::new(API_KEY, SECRET_KEY)
            .with_base_url(base_url)
            .with_policy(once),
    )
    .unwrap();
    (server, client)
}

/// A JSON answer with the exact body text.
pub fn json(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

/// Answers `verb path` with `response`, expecting exactly one call.
pub async fn answer(server: &MockServer, verb: &str, route: &str, response: ResponseTemplate) {
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(response)
        .expect(1)
        .mount(server)
        .await;
}

/// The one request the server received.
pub async fn only_request(server: &MockServer) -> Request {
    let mut received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1, "expected exactly one request");
    received.remove(0)
}

/// The full URL as sent (wiremock rebuilds it with `localhost`; the client signed it with
/// the server's address), still percent-encoded.
pub fn sent_url(server: &MockServer, request: &Request) -> String {
    match request.url.query() {
        Some(q) => format!("{}{}?{}", server.uri(), request.url.path(), q),
        None => format!("{}{}", server.uri(), request.url.path()),
    }
}

fn header<'a>(request: &'a Request, name: &str) -> &'a str {
    request
        .headers
        .get(name)
        .unwrap_or_else(|| panic!("header {name} missing"))
        .to_str()
        .unwrap()
}

/// Checks the request line, the auth headers and the signature, recomputed here from what
/// the server received: the percent-decoded URL and the exact body bytes.
pub fn assert_sent(
    server: &MockServer,
    request: &Request,
    verb: &str,
    route: &str,
    query: Option<&str>,
    body: &[u8],
) {
    assert_eq!(request.method.as_str(), verb);
    assert_eq!(request.url.path(), route);
    assert_eq!(request.url.query(), query, "raw query string");
    assert_eq!(
        request.body,
        body,
        "body bytes: {}",
        String::from_utf8_lossy(&request.body)
    );
    assert!(
        request.headers.get("api-version").is_none(),
        "api-version must not be sent"
    );
    assert_eq!(header(request, "x-api-key"), API_KEY);
    assert_eq!(header(request, "x-auth-version"), "v1");
    assert_eq!(header(request, "content-type"), "application/json");
    assert_eq!(header(request, "accept"), "application/json");
    let rnd = header(request, "x-rnd-key");
    assert!(
        rnd.len() >= 16 && rnd.chars().all(|c| c.is_ascii_alphanumeric()),
        "x-rnd-key {rnd:?}"
    );
    let url = sent_url(server, request);
    let decoded = percent_decode_str(&url).decode_utf8().unwrap();
    let expected = signature(&decoded, API_KEY, SECRET_KEY, rnd, &request.body);
    assert_eq!(
        header(request, "x-signature"),
        expected,
        "signature over {decoded}"
    );
}

/// The spec, parsed once per test binary.
fn spec() -> &'static serde_json::Value {
    static SPEC: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    SPEC.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../specs/craftgate.yaml");
        let text = std::fs::read_to_string(path).unwrap();
        serde_yaml::from_str(&text).unwrap()
    })
}

fn operation(operation_id: &str) -> &'static serde_json::Value {
    spec()["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .find(|op| op["operationId"] == operation_id)
        .unwrap_or_else(|| panic!("no operation {operation_id} in the spec"))
}

/// The documented 200 example of an operation, as JSON text.
pub fn example(operation_id: &str) -> String {
    let example =
        &operation(operation_id)["responses"]["200"]["content"]["application/json"]["example"];
    assert!(example.is_object(), "{operation_id} has no 200 example");
    serde_json::to_string(example).unwrap()
}

/// The documented error example, as JSON text.
pub fn error_example() -> String {
    let example =
        &spec()["components"]["responses"]["Error"]["content"]["application/json"]["example"];
    assert!(example.is_object(), "no error example");
    serde_json::to_string(example).unwrap()
}

/// Every operation id in the spec.
pub fn operation_ids() -> Vec<String> {
    spec()["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .map(|op| op["operationId"].as_str().unwrap().to_string())
        .collect()
}
