//! The fixture of the fault tests: a sandbox, a plain reqwest client that signs Craftgate
//! requests from the documented formula (docs/providers/craftgate.md#signing), and what a
//! client can observe of a failed request.

use std::error::Error as _;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use payments_sandbox::{Route, Sandbox, seed};
use reqwest::header::CONTENT_TYPE;
use reqwest::{Client, Method, RequestBuilder, Response, StatusCode};
use serde_json::Value;
use sha2::{Digest, Sha256};

pub const BREAKDOWN: &str = "/payment-reporting/v1/payments/*/transactions";
pub const REFUND_ITEM: &str = "/payment/v1/refund-transactions";

/// A sandbox and a plain client that signs Craftgate requests.
pub struct Fixture {
    pub sandbox: Sandbox,
    pub http: Client,
}

impl Fixture {
    pub async fn start() -> Self {
        Self {
            sandbox: Sandbox::start().await.expect("sandbox starts"),
            http: payments_wire::client_builder("test")
                .unwrap()
                .build()
                .unwrap(),
        }
    }

    pub fn craftgate_url(&self, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.sandbox.info().craftgate.base_url)
    }

    /// A Craftgate request signed with the sandbox's keys: whatever comes back, or the
    /// transport error.
    pub async fn craftgate(
        &self,
        method: Method,
        path_and_query: &str,
        body: Option<&str>,
    ) -> reqwest::Result<Response> {
        self.signed(method, path_and_query, body).send().await
    }

    /// A Craftgate request signed with the sandbox's keys, ready to send.
    pub fn signed(
        &self,
        method: Method,
        path_and_query: &str,
        body: Option<&str>,
    ) -> RequestBuilder {
        let info = &self.sandbox.info().craftgate;
        let url = self.craftgate_url(path_and_query);
        let rnd = uuid::Uuid::new_v4().to_string();
        let text = format!(
            "{url}{}{}{rnd}{}",
            info.api_key,
            info.secret_key,
            body.unwrap_or_default()
        );
        let signature = STANDARD.encode(Sha256::digest(text.as_bytes()));
        let mut request = self
            .http
            .request(method, &url)
            .header("x-api-key", &info.api_key)
            .header("x-rnd-key", &rnd)
            .header("x-auth-version", "v1")
            .header("x-signature", signature)
            .header(CONTENT_TYPE, "application/json");
        if let Some(body) = body {
            request = request.body(body.to_string());
        }
        request
    }

    pub async fn breakdown(&self) -> reqwest::Result<Response> {
        self.craftgate(Method::GET, &breakdown_path(), None).await
    }

    /// The demo payment's items, read without faults.
    pub async fn items(&self) -> Vec<Value> {
        let response = self.breakdown().await.expect("breakdown answers");
        assert_eq!(response.status(), StatusCode::OK);
        let body: Value = response.json().await.expect("breakdown is JSON");
        body["data"]["items"].as_array().expect("items").clone()
    }

    /// `refundablePrice` of item 2001 of the demo payment.
    pub async fn refundable_2001(&self) -> String {
        let items = self.items().await;
        let item = items.iter().find(|i| i["id"] == 2001).expect("item 2001");
        item["refundablePrice"].to_string()
    }

    pub async fn refund_2001(&self, price: &str) -> reqwest::Result<Response> {
        let body = format!(r#"{{"paymentTransactionId":2001,"refundPrice":{price}}}"#);
        self.craftgate(Method::POST, REFUND_ITEM, Some(&body)).await
    }
}

/// The demo payment's breakdown.
pub fn breakdown_path() -> String {
    format!(
        "/payment-reporting/v1/payments/{}/transactions",
        seed::craftgate::PAYMENT_ID
    )
}

pub fn breakdown_route() -> Route {
    Route::new(Method::GET, BREAKDOWN)
}

pub fn refund_route() -> Route {
    Route::new(Method::POST, REFUND_ITEM)
}

/// The I/O error at the bottom of a reqwest error, if any.
pub fn io_kind(error: &reqwest::Error) -> Option<std::io::ErrorKind> {
    let mut source = error.source();
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        source = e.source();
    }
    None
}

/// A transport failure with no HTTP answer at all.
pub fn assert_no_response(result: reqwest::Result<Response>) -> reqwest::Error {
    let error = match result {
        Ok(response) => panic!("expected no answer, got HTTP {}", response.status()),
        Err(error) => error,
    };
    assert!(error.status().is_none(), "{error:?}");
    assert!(error.is_request(), "{error:?}");
    assert!(!error.is_timeout() && !error.is_connect(), "{error:?}");
    error
}
