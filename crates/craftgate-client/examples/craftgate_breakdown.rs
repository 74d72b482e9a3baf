//! The per-item breakdown of a Craftgate payment and a partial refund of one item, against
//! the embedded sandbox (no account needed):
//!
//! ```sh
//! cargo run --example craftgate_breakdown
//! ```
//!
//! Against Craftgate's own sandbox, build the client with
//! `CraftgateConfig::sandbox(api_key, secret_key)` instead.

use craftgate_client::wire::PaymentRefundStatus;
use craftgate_client::{BaseUrl, CallExt, Client, CraftgateConfig, CraftgateError};
use payments_sandbox::Sandbox;
use rust_decimal::Decimal;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sandbox = Sandbox::start().await?;
    let info = &sandbox.info().craftgate;
    let config = CraftgateConfig::new(info.api_key.clone(), info.secret_key.clone())
        .with_base_url(BaseUrl::parse(&info.base_url)?);
    let client = Client::from_config(&config)?;

    let payment = client
        .retrieve_payment()
        .id(info.payment_id)
        .send()
        .payload()
        .await?;
    println!(
        "payment {}: {:?} {:?}, {:?}",
        info.payment_id, payment.paid_price, payment.currency, payment.payment_status
    );

    let breakdown = client
        .retrieve_payment_transactions()
        .id(info.payment_id)
        .send()
        .payload()
        .await?;
    for item in &breakdown.items {
        println!(
            "  item {:?} {:?}: paid {:?}, refund status {:?}, refundable {:?}",
            item.id, item.name, item.paid_price, item.refund_status, item.refundable_price
        );
    }

    // Refund 0.50 of the first item nothing was refunded from. The idempotency key makes
    // the refund safe to send again after a lost answer (the client retries with it).
    let item = breakdown
        .items
        .iter()
        .find(|i| i.refund_status == Some(PaymentRefundStatus::NotRefunded))
        .ok_or("no unrefunded item")?;
    let item_id = item.id.ok_or("an item without id")?;
    let refund = client
        .refund_payment_transaction()
        .x_idempotency_key(format!("example-refund-{item_id}"))
        .body_map(|body| {
            body.payment_transaction_id(item_id)
                .refund_price(Some(Decimal::new(50, 2)))
        })
        .send()
        .payload()
        .await;
    match refund {
        Ok(refund) => println!("refund {:?}: {:?}", refund.id, refund.status),
        // Craftgate's own refusal (error code, description, group).
        Err(e @ CraftgateError::Api(_)) => println!("refused: {e}"),
        Err(e) => return Err(e.into()),
    }

    let after = client
        .retrieve_payment_transactions()
        .id(info.payment_id)
        .send()
        .payload()
        .await?;
    let refunded = after.items.iter().find(|i| i.id == Some(item_id));
    println!(
        "item {item_id} now: {:?}",
        refunded.map(|i| &i.refund_status)
    );

    sandbox.shutdown().await;
    Ok(())
}
