//! A runnable webhook receiver: Craftgate webhooks and Paywall bulk callbacks, verified,
//! confirmed against the embedded sandbox, de-duplicated, printed.
//!
//! ```sh
//! cargo run -p payments-webhooks --example receiver -- [ADDR]
//! ```
//!
//! No accounts are needed: it starts the sandbox (fake Craftgate and Paywall on loopback)
//! and confirms every event there, then serves the receiver on `ADDR` (default
//! `127.0.0.1:8088`) under `/webhooks` (`/webhooks/craftgate` and `/webhooks/paywall` take
//! one provider each). It prints curl commands that POST signed sample deliveries: a
//! Craftgate `API_AUTH` for the sandbox's demo payment, and a Paywall bulk callback for its
//! demo batch. Run one twice to see a duplicate; change a signed field to see a 401.
//!
//! `payments listen` (the CLI forwarding the sandbox's deliveries to a URL) does not exist
//! yet; until it does, the curl commands stand in for it. The keys are `demo-craftgate-key`
//! and `demo-paywall-key`, or `CRAFTGATE_WEBHOOK_KEY` and `PAYWALL_WEBHOOK_HASH_KEY` when
//! set. Against the real providers, build the facade with `Payments::from_env()` instead.

use std::time::{SystemTime, UNIX_EPOCH};

use payments::{BaseUrl, CraftgateConfig, Payments, PaymentsConfig, PaywallConfig, Secret};
use payments_sandbox::Sandbox;
use payments_webhooks::delivery::{CraftgateWebhook, PaywallBulkCallback};
use payments_webhooks::{Event, HandlerError, Receiver};

type Error = Box<dyn std::error::Error + Send + Sync>;

/// The facade, confirming through the sandbox's Craftgate and Paywall.
fn facade(sandbox: &Sandbox) -> Result<Payments, Error> {
    let p = &sandbox.info().paywall;
    let c = &sandbox.info().craftgate;
    Ok(Payments::new(PaymentsConfig {
        paywall: Some(
            PaywallConfig::with_urls(
                BaseUrl::parse(&p.payment_api_url)?,
                BaseUrl::parse(&p.private_api_url)?,
            )
            .with_public_keys(p.api_key_public.clone(), p.api_client_public.clone())
            .with_private_keys(p.api_key_private.clone(), p.api_client_private.clone()),
        ),
        craftgate: Some(
            CraftgateConfig::new(c.api_key.clone(), c.secret_key.clone())
                .with_base_url(BaseUrl::parse(&c.base_url)?),
        ),
        ..PaymentsConfig::default()
    })?)
}

fn key(variable: &str, demo: &str) -> Secret {
    Secret::new(std::env::var(variable).unwrap_or_else(|_| demo.to_string()))
}

/// One line about what was handled.
fn describe(event: &Event) -> String {
    match event {
        Event::CraftgatePayment(e) => match &e.payment {
            Some(p) => format!(
                "Craftgate {} for payment {}: {:?}, {} (refunds: {:?})",
                e.signed.event_type, p.id, p.status, p.amount, p.refund_status
            ),
            None => format!(
                "Craftgate {} for payment {}",
                e.signed.event_type, e.signed.payload_id
            ),
        },
        Event::CraftgateRefund(e) => format!(
            "Craftgate {} for refund {}: {:?}",
            e.signed.event_type,
            e.signed.payload_id,
            e.refund.as_ref().map(|r| &r.outcome)
        ),
        Event::PaywallBatch(b) => match &b.result {
            Some(r) => format!(
                "Paywall batch {} ({}): {} payments, {:?} succeeded, {:?} failed",
                b.bulk_payment_id,
                b.merchant_unique_code,
                r.payments.len(),
                r.summary.succeeded_count,
                r.summary.failed_count
            ),
            None => format!("Paywall batch {}", b.bulk_payment_id),
        },
        other => format!("{other:?}"),
    }
}

/// A curl command POSTing `request` to `url`.
fn curl(url: &str, request: &http::Request<bytes::Bytes>) -> String {
    let headers: String = request
        .headers()
        .iter()
        .map(|(name, value)| format!(" -H '{name}: {}'", value.to_str().unwrap_or_default()))
        .collect();
    format!(
        "curl -i{headers} --data '{}' {url}",
        String::from_utf8_lossy(request.body())
    )
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "payments_webhooks=info".into()),
        )
        .init();
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8088".into());
    let craftgate_key = key("CRAFTGATE_WEBHOOK_KEY", "demo-craftgate-key");
    let paywall_key = key("PAYWALL_WEBHOOK_HASH_KEY", "demo-paywall-key");

    let sandbox = Sandbox::start().await?;
    let receiver = Receiver::builder()
        .confirm_with(facade(&sandbox)?)
        .craftgate_keys([craftgate_key.clone()])
        .paywall_keys([paywall_key.clone()])
        .build()?;
    let handler = |event: Event| async move {
        // A real service records the event in its database here, in one transaction.
        println!("handled: {}", describe(&event));
        Ok::<_, HandlerError>(())
    };
    let app = axum::Router::new().nest(
        "/webhooks",
        payments_webhooks::axum::router(receiver, handler),
    );
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    let url = format!("http://{}/webhooks", listener.local_addr()?);

    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
    let webhook = CraftgateWebhook::new(
        "API_AUTH",
        i64::try_from(now)?,
        "SUCCESS",
        sandbox.info().craftgate.payment_id.to_string(),
    );
    let callback = PaywallBulkCallback::new(
        payments_sandbox::seed::paywall::BULK_PAYMENT_ID.to_string(),
        sandbox.info().paywall.bulk_merchant_unique_code.clone(),
        Vec::new(),
    );
    println!(
        "receiving on {url} (sandbox: {:?})",
        sandbox.info().craftgate.base_url
    );
    println!("\n# a Craftgate webhook for the demo payment:");
    println!("{}", curl(&url, &webhook.request(&craftgate_key)));
    for request in callback.requests(&paywall_key) {
        println!("\n# a Paywall bulk callback for the demo batch:");
        println!("{}", curl(&url, &request));
    }
    println!("\nCtrl-C stops.");

    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    sandbox.shutdown().await;
    Ok(())
}
