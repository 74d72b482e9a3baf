//! Two local Paywall hosts (PaymentAPI and PaymentPrivateAPI) and checks of what reached them.

// Each test binary uses a subset of these helpers.
#![allow(dead_code)]

use paywall_client::KeyPair;
use paywall_client::{Client, PaywallConfig, RequestPolicy};
use wiremock::matchers::{any, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

pub const PUBLIC_KEY: &str = "pk-test-123";
pub const PUBLIC_CLIENT: &str = "pc-test-456";
pub const PRIVATE_KEY: &str = "sk-test-789";
pub const PRIVATE_CLIENT: &str = "sc-test-012";

/// The two fake hosts.
pub struct Hosts {
    pub payment: MockServer,
    pub private: MockServer,
}

impl Hosts {
    pub async fn start() -> Self {
        Self {
            payment: MockServer::start().await,
            private: MockServer::start().await,
        }
    }

    pub fn config(&self) -> PaywallConfig {
        PaywallConfig::from_urls(&self.payment.uri(), &format!("{}/", self.private.uri()))
            .expect("local hosts are base URLs")
    }

    /// A client with both key pairs.
    pub fn client(&self) -> Client {
        self.client_with(true, true)
    }

    pub fn client_with(&self, public: bool, private: bool) -> Client {
        let mut config = self.config();
        if public {
            config = config.with_public_keys(PUBLIC_KEY, PUBLIC_CLIENT);
        }
        if private {
            config = config.with_private_keys(PRIVATE_KEY, PRIVATE_CLIENT);
        }
        Client::from_config(&config).expect("valid config")
    }

    /// A client with both key pairs that sends each call once (no retries), for tests
    /// about what one answer turns into.
    pub fn client_single_attempt(&self) -> Client {
        let once = RequestPolicy::default().with_max_attempts(std::num::NonZeroU32::MIN);
        let config = self
            .config()
            .with_public_keys(PUBLIC_KEY, PUBLIC_CLIENT)
            .with_private_keys(PRIVATE_KEY, PRIVATE_CLIENT)
            .with_policy(once);
        Client::from_config(&config).expect("valid config")
    }

    /// The server an operation with `pair` goes to, and the other one.
    pub fn servers(&self, pair: KeyPair) -> (&MockServer, &MockServer) {
        match pair {
            KeyPair::Public => (&self.payment, &self.private),
            KeyPair::Private => (&self.private, &self.payment),
        }
    }

    /// Makes both hosts fail the test (on drop) if any request reaches them.
    pub async fn forbid_requests(&self) {
        for server in [&self.payment, &self.private] {
            Mock::given(any())
                .respond_with(ResponseTemplate::new(500))
                .expect(0)
                .mount(server)
                .await;
        }
    }

    /// Mounts the one expected call: `verb path` with the right key pair, on the right host.
    pub async fn expect(&self, verb: &str, route: &str, pair: KeyPair, response: ResponseTemplate) {
        let (server, _) = self.servers(pair);
        let (key_header, client_header) = pair.headers();
        let (key, client) = values(pair);
        Mock::given(method(verb))
            .and(path(route))
            .and(header(key_header, key))
            .and(header(client_header, client))
            .respond_with(response)
            .expect(1)
            .mount(server)
            .await;
    }

    /// Mounts `body` (JSON text) as the 200 answer of `verb path`.
    pub async fn expect_json(&self, verb: &str, route: &str, pair: KeyPair, body: &str) {
        let response =
            ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), "application/json");
        self.expect(verb, route, pair, response).await;
    }

    /// The single request that reached the host of `pair`, after checking the other host
    /// saw nothing and the request carries exactly the right key pair and no `api-version`.
    pub async fn sent(&self, pair: KeyPair) -> Request {
        let (server, other) = self.servers(pair);
        let other_requests = other.received_requests().await.expect("recording on");
        assert!(
            other_requests.is_empty(),
            "the other host got {other_requests:?}"
        );
        let mut requests = server.received_requests().await.expect("recording on");
        assert_eq!(requests.len(), 1, "{requests:?}");
        let request = requests.remove(0);
        assert_keys(&request, pair);
        assert_eq!(
            request.url.query(),
            None,
            "no query string: inputs are headers"
        );
        request
    }
}

fn values(pair: KeyPair) -> (&'static str, &'static str) {
    match pair {
        KeyPair::Public => (PUBLIC_KEY, PUBLIC_CLIENT),
        KeyPair::Private => (PRIVATE_KEY, PRIVATE_CLIENT),
    }
}

/// The right pair with the right values, the other pair absent, `api-version` absent.
pub fn assert_keys(request: &Request, pair: KeyPair) {
    let (key_header, client_header) = pair.headers();
    let (key, client) = values(pair);
    assert_eq!(header_value(request, key_header).as_deref(), Some(key));
    assert_eq!(
        header_value(request, client_header).as_deref(),
        Some(client)
    );
    let other = match pair {
        KeyPair::Public => KeyPair::Private,
        KeyPair::Private => KeyPair::Public,
    };
    let (other_key, other_client) = other.headers();
    for absent in [other_key, other_client, "api-version"] {
        assert!(
            request.headers.get(absent).is_none(),
            "{absent} must not be sent"
        );
    }
}

/// A header's value as text (all values, comma-joined, so a duplicate shows).
pub fn header_value(request: &Request, name: &str) -> Option<String> {
    let values: Vec<_> = request
        .headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().expect("ascii header").to_string())
        .collect();
    (!values.is_empty()).then(|| values.join(","))
}

/// The body as text.
pub fn body_text(request: &Request) -> &str {
    std::str::from_utf8(&request.body).expect("utf-8 body")
}

/// Checks a JSON POST: method, path, content type and the exact body bytes.
pub fn assert_post(request: &Request, route: &str, body: &str) {
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), route);
    assert_eq!(
        header_value(request, "content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(body_text(request), body);
}

/// Checks a GET: method, path, no body, and the given input headers.
pub fn assert_get(request: &Request, route: &str, inputs: &[(&str, &str)]) {
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), route);
    assert!(request.body.is_empty());
    for (name, value) in inputs {
        assert_eq!(
            header_value(request, name).as_deref(),
            Some(*value),
            "header {name}"
        );
    }
}

/// A day.
pub fn date(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}
