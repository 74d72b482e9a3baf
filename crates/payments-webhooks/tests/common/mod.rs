//! Shared set-up: the sandbox, a facade confirming through it, a receiver, handlers that
//! record what they get, and (with axum) the receiver served on loopback.

// Each test binary uses a subset of these helpers.
#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures::future::BoxFuture;
use payments::{
    BaseUrl, CraftgateConfig, Payments, PaymentsConfig, PaywallConfig, RequestPolicy, Secret,
};
use payments_sandbox::{Sandbox, SandboxConfig};
use payments_webhooks::{Event, Handler, HandlerError, Receiver};

pub const CRAFTGATE_KEY: &str = "craftgate-merchant-webhook-key";
pub const PAYWALL_KEY: &str = "paywall-system-webhook-hash-key";

pub fn craftgate_key() -> Secret {
    Secret::new(CRAFTGATE_KEY)
}

pub fn paywall_key() -> Secret {
    Secret::new(PAYWALL_KEY)
}

fn url(raw: &str) -> BaseUrl {
    BaseUrl::parse(raw).expect("the sandbox serves on base URLs")
}

/// A facade for the sandbox's Craftgate and Paywall, retrying quickly.
pub fn payments(sandbox: &Sandbox) -> Payments {
    let p = &sandbox.info().paywall;
    let c = &sandbox.info().craftgate;
    Payments::new(PaymentsConfig {
        paywall: Some(
            PaywallConfig::with_urls(url(&p.payment_api_url), url(&p.private_api_url))
                .with_public_keys(p.api_key_public.clone(), p.api_client_public.clone())
                .with_private_keys(p.api_key_private.clone(), p.api_client_private.clone()),
        ),
        craftgate: Some(
            CraftgateConfig::new(c.api_key.clone(), c.secret_key.clone())
                .with_base_url(url(&c.base_url)),
        ),
        policy: RequestPolicy::default()
            .with_backoff(Duration::from_millis(5), Duration::from_millis(20)),
        ..PaymentsConfig::default()
    })
    .expect("facade builds")
}

/// Every payment of the sandbox's seeded batch, as the facade's bulk query reads them.
pub async fn batch_payments(facade: &Payments) -> Vec<payments::Payment> {
    use futures::TryStreamExt;
    use payments::BulkPaymentsExt;
    facade
        .bulk()
        .expect("Paywall is configured")
        .all_bulk_payments(
            payments_sandbox::seed::paywall::BULK_MERCHANT_UNIQUE_CODE,
            1000.try_into().expect("a page size above 0"),
        )
        .try_collect()
        .await
        .expect("the batch is read")
}

/// A sandbox whose seeded Paywall batch has `batch_size` payments.
pub async fn sandbox(batch_size: usize) -> Sandbox {
    Sandbox::start_with(SandboxConfig {
        paywall_batch_size: batch_size,
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

/// A sandbox that pushes 1,000 times faster than the providers (Craftgate's five attempts in
/// under a second).
pub async fn pushing_sandbox() -> Sandbox {
    Sandbox::start_with(SandboxConfig {
        push_time_scale: 1000,
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

/// A receiver confirming through the sandbox, with the keys the sandbox signs its own pushes
/// with (Craftgate's listed after a rotated-in one).
pub fn receiver_of_pushes(sandbox: &Sandbox) -> Receiver {
    let info = sandbox.info();
    Receiver::builder()
        .confirm_with(payments(sandbox))
        .craftgate_keys([
            Secret::new("rotated-in-webhook-key"),
            Secret::new(info.craftgate.webhook_key.clone()),
        ])
        .paywall_keys([Secret::new(info.paywall.webhook_hash_key.clone())])
        .build()
        .expect("receiver builds")
}

/// A receiver confirming through the sandbox, with both providers' keys (Craftgate's
/// listed after a rotated-in one).
pub fn receiver(sandbox: &Sandbox) -> Receiver {
    Receiver::builder()
        .confirm_with(payments(sandbox))
        .craftgate_keys([Secret::new("rotated-in-webhook-key"), craftgate_key()])
        .paywall_keys([paywall_key()])
        .build()
        .expect("receiver builds")
}

/// Now, in epoch seconds.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// A handler recording every event it handles, failing its first `failures` runs.
#[derive(Clone, Default)]
pub struct Recorder {
    runs: Arc<AtomicUsize>,
    failures: usize,
    events: Arc<Mutex<Vec<Event>>>,
}

impl Recorder {
    pub fn failing(failures: usize) -> Self {
        Self {
            failures,
            ..Self::default()
        }
    }

    /// How often it ran, failures included.
    pub fn runs(&self) -> usize {
        self.runs.load(Ordering::SeqCst)
    }

    /// What it handled successfully.
    pub fn events(&self) -> Vec<Event> {
        self.events.lock().unwrap().clone()
    }
}

impl Handler for Recorder {
    fn handle(&self, event: Event) -> BoxFuture<'_, Result<(), HandlerError>> {
        let run = self.runs.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move {
            if run < self.failures {
                return Err(format!("the database was down ({})", run + 1).into());
            }
            self.events.lock().unwrap().push(event);
            Ok(())
        })
    }
}

/// `receiver` served on loopback under `/webhooks`; its base URL.
#[cfg(feature = "axum")]
pub async fn serve(receiver: Receiver, handler: Recorder) -> String {
    let app = axum::Router::new().nest(
        "/webhooks",
        payments_webhooks::axum::router(receiver, handler),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let addr = listener.local_addr().expect("its address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}/webhooks")
}

/// An HTTP client built the way the clients build theirs.
pub fn client() -> reqwest::Client {
    payments_wire::http_client("test", &RequestPolicy::default()).expect("client builds")
}

/// Another delivery of `request` (same method, headers and body).
pub fn copy(request: &http::Request<bytes::Bytes>) -> http::Request<bytes::Bytes> {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.headers_mut() = request.headers().clone();
    copy
}

/// POSTs `request`'s headers and body to `url`; the status and the JSON answer.
pub async fn post(
    client: &reqwest::Client,
    url: &str,
    request: http::Request<bytes::Bytes>,
) -> (u16, serde_json::Value) {
    let (parts, body) = request.into_parts();
    let response = client
        .post(url)
        .headers(parts.headers)
        .body(body)
        .send()
        .await
        .expect("the receiver answers");
    let status = response.status().as_u16();
    let body = response.json().await.expect("a JSON answer");
    (status, body)
}
