//! A runnable webhook receiver: Craftgate webhooks and Paywall bulk callbacks, verified,
//! confirmed against the embedded sandbox, de-duplicated, printed.
//!
//! ```sh
//! cargo run -p payments-webhooks --example receiver -- [ADDR]
//! ```
//!
//! No accounts are needed. With `PAYMENTS_SANDBOX_URL` set (the control URL a running
//! `payments sandbox` or `payments listen` prints) it confirms every event against that
//! sandbox, so that what the sandbox pushes (through `payments listen --forward-to`) is
//! confirmed where it happened; without it, it starts a sandbox of its own. It serves the
//! receiver on `ADDR` (default `127.0.0.1:8088`) under `/webhooks` (`/webhooks/craftgate` and
//! `/webhooks/paywall` take one provider each) and prints one line per handled event.
//!
//! ```sh
//! payments sandbox                          # terminal 1: prints export PAYMENTS_SANDBOX_URL=...
//! PAYMENTS_SANDBOX_URL=... cargo run -p payments-webhooks --example receiver   # terminal 2
//! payments listen --forward-to http://127.0.0.1:8088/webhooks                  # terminal 3
//! payments trigger craftgate payment-refunded --payment 1002                    # terminal 4
//! ```
//!
//! It also prints curl commands that POST signed sample deliveries: a Craftgate `API_AUTH`
//! for the sandbox's demo payment, and a Paywall bulk callback for its demo batch. Run one
//! twice to see a duplicate; change a signed field to see a 401. The keys are the sandbox's
//! (its webhook key and hash key), or `CRAFTGATE_WEBHOOK_KEY` and `PAYWALL_WEBHOOK_HASH_KEY`
//! when set. Against the real providers, build the facade with `Payments::from_env()`
//! instead.

use std::time::{SystemTime, UNIX_EPOCH};

use payments::{BaseUrl, CraftgateConfig, Payments, PaymentsConfig, PaywallConfig, Secret};
use payments_sandbox::{Sandbox, SandboxInfo};
use payments_webhooks::delivery::{CraftgateWebhook, PaywallBulkCallback};
use payments_webhooks::{Event, HandlerError, Receiver};

type Error = Box<dyn std::error::Error + Send + Sync>;

/// The facade, confirming through the sandbox's Craftgate and Paywall.
fn facade(info: &SandboxInfo) -> Result<Payments, Error> {
    let p = &info.paywall;
    let c = &info.craftgate;
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

/// The key in `variable`, else the sandbox's.
fn key(variable: &str, sandbox: &str) -> Secret {
    Secret::new(std::env::var(variable).unwrap_or_else(|_| sandbox.to_string()))
}

/// The running sandbox at `PAYMENTS_SANDBOX_URL` (its info), or a new one.
async fn sandbox() -> Result<(SandboxInfo, Option<Sandbox>), Error> {
    match std::env::var("PAYMENTS_SANDBOX_URL") {
        Ok(control) => {
            let http = payments_wire::client_builder("receiver-example")?.build()?;
            let info = http
                .get(format!("{}/info", control.trim_end_matches('/')))
                .send()
                .await?
                .error_for_status()?
                .json::<SandboxInfo>()
                .await?;
            Ok((info, None))
        }
        Err(_) => {
            let sandbox = Sandbox::start().await?;
            Ok((sandbox.info().clone(), Some(sandbox)))
        }
    }
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
    // The log goes to stderr (stdout has one line per handled event), coloured on a terminal.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "payments_webhooks=info".into()),
        )
        .init();
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8088".into());
    let (info, own) = sandbox().await?;
    let craftgate_key = key("CRAFTGATE_WEBHOOK_KEY", &info.craftgate.webhook_key);
    let paywall_key = key("PAYWALL_WEBHOOK_HASH_KEY", &info.paywall.webhook_hash_key);

    let receiver = Receiver::builder()
        .confirm_with(facade(&info)?)
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
        info.craftgate.payment_id.to_string(),
    );
    let callback = PaywallBulkCallback::new(
        payments_sandbox::seed::paywall::BULK_PAYMENT_ID.to_string(),
        info.paywall.bulk_merchant_unique_code.clone(),
        Vec::new(),
    );
    println!(
        "receiving on {url} (confirming against the sandbox at {}, {})",
        info.control.url,
        if own.is_some() {
            "its own"
        } else {
            "already running"
        }
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
    if let Some(sandbox) = own {
        sandbox.shutdown().await;
    }
    Ok(())
}
