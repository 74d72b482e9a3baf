//! One API over the three providers, against the embedded sandbox (no account needed):
//! OneEntry sign-in, order and payment session; every payment of a Paywall bulk batch as
//! a stream; a Craftgate payment's per-item breakdown and refund statuses.
//!
//! ```sh
//! cargo run --example facade_tour
//! RUST_LOG=payments_wire=debug cargo run --example facade_tour   # attempts too
//! ```
//!
//! Every provider call is one `provider_call` tracing span (provider, operation, method,
//! path template, status, attempts, elapsed_ms); this example prints each as it closes,
//! on stderr. Against real providers, build the facade with `Payments::from_env()`.

use std::io::IsTerminal;
use std::num::NonZeroU32;

use futures::TryStreamExt;
use payments::{
    BaseUrl, BulkPaymentsExt, CraftgateConfig, Credentials, NewOrder, NewSession, OneEntrySettings,
    OrderLine, PaymentId, PaymentRef, Payments, PaymentsConfig, PaywallConfig, Provider, Secret,
};
use payments_sandbox::{Sandbox, SandboxInfo};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

/// The facade configured for every provider of the sandbox.
fn config(info: &SandboxInfo) -> Result<PaymentsConfig, Box<dyn std::error::Error>> {
    let (o, p, c) = (&info.oneentry, &info.paywall, &info.craftgate);
    let mut oneentry = OneEntrySettings::new(BaseUrl::parse(&o.url)?);
    oneentry.client.app_token = Some(Secret::new(o.app_token.clone()));
    Ok(PaymentsConfig {
        oneentry: Some(oneentry),
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
    })
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Each call's span as it closes, with its fields; RUST_LOG overrides what is shown.
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| "payments_wire=info".into()),
        )
        .with_span_events(FmtSpan::CLOSE)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();

    let sandbox = Sandbox::start().await?;
    let info = sandbox.info().clone();
    let payments = Payments::new(config(&info)?)?;

    println!("== OneEntry");
    let o = &info.oneentry;
    let user = payments
        .users()?
        .sign_in(&Credentials {
            login: o.login.clone(),
            password: Secret::new(o.password.clone()),
        })
        .await?;
    println!("signed in as {:?}", user.user);
    let order = payments
        .orders()?
        .create_order(&NewOrder {
            storage: o.order_storage_marker.clone(),
            form_identifier: o.form_identifier.clone(),
            payment_account: o.payment_account_identifier.clone(),
            form_fields: vec![("name".into(), "Christina Thomas".into())],
            lines: vec![OrderLine {
                product_id: o.product_id,
                quantity: 1,
            }],
        })
        .await?;
    println!("order {} for {}", order.id, order.total);
    let session = payments
        .sessions()?
        .create_session(&NewSession::checkout(order.id.clone()))
        .await?;
    println!("session {} is {:?}", session.id, session.status);

    println!("== Paywall");
    let batch = &info.paywall.bulk_merchant_unique_code;
    let page_size = NonZeroU32::new(10).ok_or("page size must be above 0")?;
    let all: Vec<_> = payments
        .bulk()?
        .all_bulk_payments(batch, page_size)
        .try_collect()
        .await?;
    let succeeded = all.iter().filter(|p| p.status.is_final()).count();
    println!(
        "batch {batch}: {} payments, {succeeded} in a final state",
        all.len()
    );

    println!("== Craftgate");
    let id = PaymentId::from(info.craftgate.payment_id);
    let payment = payments
        .lookup(Provider::Craftgate)?
        .payment(&PaymentRef::Id(id.clone()))
        .await?;
    println!(
        "payment {} of {} is {:?}",
        payment.id, payment.amount, payment.status
    );
    for item in payments.breakdowns()?.breakdown(&id).await? {
        let paid = item
            .paid_price
            .map_or_else(|| "-".into(), |m| m.to_string());
        let refundable = item
            .refundable_price
            .map_or_else(|| "-".into(), |m| m.to_string());
        println!(
            "  item {}: paid {paid}, {:?}, {refundable} refundable",
            item.id, item.refund_status
        );
    }

    sandbox.shutdown().await;
    Ok(())
}
