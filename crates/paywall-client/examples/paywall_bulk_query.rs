//! Every payment of a Paywall bulk (batch) order, page after page, then one of them through
//! the private API, against the embedded sandbox (no account needed):
//!
//! ```sh
//! cargo run --example paywall_bulk_query
//! ```
//!
//! Against Paywall's test hosts, build the client from `PaywallConfig::test()` with your
//! key pairs instead.

use payments_sandbox::Sandbox;
use paywall_client::{BaseUrl, CallExt, Client, PaywallConfig};

/// Payments per page (Paywall takes 1 to 1,000).
const PAGE_SIZE: u32 = 10;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sandbox = Sandbox::start().await?;
    let info = &sandbox.info().paywall;
    // Paywall runs two hosts, each with its own key pair: PaymentAPI (bulk operations,
    // public keys) and PaymentPrivateAPI (single-payment queries, private keys).
    let config = PaywallConfig::with_urls(
        BaseUrl::parse(&info.payment_api_url)?,
        BaseUrl::parse(&info.private_api_url)?,
    )
    .with_public_keys(info.api_key_public.clone(), info.api_client_public.clone())
    .with_private_keys(
        info.api_key_private.clone(),
        info.api_client_private.clone(),
    );
    let client = Client::from_config(&config)?;
    let batch = &info.bulk_merchant_unique_code;

    let summary = client
        .bulk_payment_query_summary()
        .merchantuniquecode(batch)
        .send()
        .payload()
        .await?;
    println!(
        "batch {batch}: {:?} payments, {:?} in total, {:?} succeeded",
        summary.total_payment_count,
        summary.total_payment_amount,
        summary.total_success_payment_count
    );

    let mut page_number = 1; // Paywall counts pages from 1
    let mut seen = Vec::new();
    loop {
        let page = client
            .bulk_payment_query()
            .merchantuniquecode(batch)
            .page_size(PAGE_SIZE)
            .page_number(page_number)
            .send()
            .payload()
            .await?;
        println!(
            "page {page_number} of {:?}: {} payments",
            page.total_pages,
            page.payments.len()
        );
        for payment in &page.payments {
            println!(
                "  {:?} {:?} {:?} ({:?})",
                payment.payment_id, payment.amount, payment.status, payment.merchant_unique_code
            );
        }
        seen.extend(page.payments.iter().filter_map(|p| p.payment_id));
        let last = page.total_pages.is_none_or(|total| page_number >= total);
        if last || page.payments.is_empty() {
            break;
        }
        page_number += 1;
    }
    println!("{} payments read", seen.len());

    // One payment in full, from the private API.
    let id = *seen.first().ok_or("an empty batch")?;
    let record = client
        .private_query_by_payment_id()
        .paymentid(id)
        .send()
        .payload()
        .await?;
    println!(
        "payment {id}: status {:?}, {:?} {:?}",
        record.status_id, record.payment_amount, record.currency_id
    );

    sandbox.shutdown().await;
    Ok(())
}
