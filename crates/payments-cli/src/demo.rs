//! `payments demo`: the seed scenario against the embedded sandbox, no set-up needed.

use std::num::NonZeroU32;

use payments::{
    BaseUrl, ConfigError, CraftgateConfig, Credentials, NewOrder, NewSession, OneEntrySettings,
    OrderLine, PageRequest, PaymentId, PaymentRef, Payments, PaymentsConfig, PaywallConfig,
    Provider, Secret,
};
use payments_sandbox::{Sandbox, SandboxInfo};

use crate::error::CliError;
use crate::render;
use crate::secrets_file;

/// Bulk query page size for the demo: small, so the batch spans several pages.
const DEMO_PAGE_SIZE: u32 = 10;

/// The facade configuration that points every provider at the sandbox.
pub fn sandbox_config(info: &SandboxInfo) -> Result<PaymentsConfig, ConfigError> {
    let o = &info.oneentry;
    let p = &info.paywall;
    let c = &info.craftgate;
    let url = |variable, raw: &str| {
        BaseUrl::parse(raw).map_err(|source| ConfigError::BaseUrl { variable, source })
    };
    let mut oneentry = OneEntrySettings::new(url("ONEENTRY_PROJECT_URL", &o.url)?);
    oneentry.client.app_token = Some(Secret::new(o.app_token.clone()));
    oneentry.client.auth_provider_marker = o.auth_marker.clone();
    oneentry.login_field = o.login_field.clone();
    oneentry.password_field = o.password_field.clone();
    Ok(PaymentsConfig {
        oneentry: Some(oneentry),
        paywall: Some(
            PaywallConfig::with_urls(
                url("PAYWALL_PAYMENT_API_URL", &p.payment_api_url)?,
                url("PAYWALL_PRIVATE_API_URL", &p.private_api_url)?,
            )
            .with_public_keys(p.api_key_public.clone(), p.api_client_public.clone())
            .with_private_keys(p.api_key_private.clone(), p.api_client_private.clone()),
        ),
        craftgate: Some(
            CraftgateConfig::new(c.api_key.clone(), c.secret_key.clone())
                .with_base_url(url("CRAFTGATE_BASE_URL", &c.base_url)?),
        ),
        ..PaymentsConfig::default()
    })
}

/// Runs the scenario and prints each step.
pub async fn run() -> Result<(), CliError> {
    let sandbox = Sandbox::start().await?;
    let info = sandbox.info().clone();
    say!(
        "Embedded sandbox: OneEntry {}, Paywall {} / {}, Craftgate {}\n",
        info.oneentry.url,
        info.paywall.payment_api_url,
        info.paywall.private_api_url,
        info.craftgate.base_url
    );
    let payments = Payments::new(sandbox_config(&info)?)?;
    let result = scenario(&payments, &info).await;
    let written = secrets_file::write(&sandbox);
    sandbox.shutdown().await;
    result.and(written)
}

async fn scenario(payments: &Payments, info: &SandboxInfo) -> Result<(), CliError> {
    let o = &info.oneentry;
    say!("== OneEntry");
    let user = payments
        .users()?
        .sign_in(&Credentials {
            login: o.login.clone(),
            password: Secret::new(o.password.clone()),
        })
        .await?;
    say!(
        "1. Signed in as {} (auth provider {})\n",
        user.user.as_deref().unwrap_or(&o.login),
        user.auth_provider.as_deref().unwrap_or(&o.auth_marker)
    );

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
    say!(
        "2. Created order\n{}",
        render::orders_table(std::slice::from_ref(&order))
    );

    let sessions = payments.sessions()?;
    let session = sessions
        .create_session(&NewSession::checkout(order.id.clone()))
        .await?;
    say!(
        "3. Created payment session\n{}",
        render::sessions_table(std::slice::from_ref(&session))
    );

    let by_order = sessions.sessions_for_order(&order.id).await?;
    say!(
        "4. Sessions of order {}\n{}",
        order.id,
        render::sessions_table(&by_order)
    );

    let size = NonZeroU32::new(30).unwrap_or(NonZeroU32::MIN);
    let listed = sessions.list_sessions(PageRequest::first(size)).await?;
    say!(
        "5. Payment sessions ({} of {})\n{}",
        listed.items.len(),
        listed.total_items.map_or("?".into(), |t| t.to_string()),
        render::sessions_table(&listed.items)
    );

    say!("== Paywall");
    let batch = &info.paywall.bulk_merchant_unique_code;
    let bulk = payments.bulk()?;
    let size = NonZeroU32::new(DEMO_PAGE_SIZE).unwrap_or(NonZeroU32::MIN);
    let mut request = PageRequest::first(size);
    let mut all = Vec::new();
    let summary = loop {
        let page = bulk.bulk_page(batch, request).await?;
        say!(
            "Bulk query {batch}: page {} of {} ({} payments)",
            request.number() + 1,
            page.payments
                .total_pages
                .map_or("?".into(), |t| t.to_string()),
            page.payments.items.len()
        );
        let more = page.payments.has_more();
        all.extend(page.payments.items);
        if !more {
            break page.summary;
        }
        request = request.next();
    };
    say!("\n{}", render::summary_table(batch, &summary));
    say!(
        "{} payments across all pages\n{}",
        all.len(),
        render::payments_table(&all)
    );

    say!("== Craftgate");
    let payment_id = PaymentId::from(info.craftgate.payment_id);
    let payment = payments
        .lookup(Provider::Craftgate)?
        .payment(&PaymentRef::Id(payment_id.clone()))
        .await?;
    say!(
        "Payment\n{}",
        render::payments_table(std::slice::from_ref(&payment))
    );
    let items = payments.breakdowns()?.breakdown(&payment_id).await?;
    say!(
        "Breakdown of payment {payment_id} ({} items)\n{}",
        items.len(),
        render::breakdown_table(&items)
    );
    Ok(())
}
