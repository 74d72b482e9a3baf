//! Shared set-up: a sandbox and a facade pointed at it.

// Each test binary uses a subset of these helpers.
#![allow(dead_code)]

use std::num::NonZeroUsize;

use payments::{
    BaseUrl, CraftgateConfig, OneEntrySettings, Paging, Payments, PaymentsConfig, PaywallConfig,
    Secret,
};
use payments_sandbox::{Sandbox, SandboxInfo};

fn url(raw: &str) -> BaseUrl {
    BaseUrl::parse(raw).expect("the sandbox serves on base URLs")
}

/// The facade configuration for every provider of `info`.
pub fn config(info: &SandboxInfo) -> PaymentsConfig {
    let o = &info.oneentry;
    let p = &info.paywall;
    let c = &info.craftgate;
    let mut oneentry = OneEntrySettings::new(url(&o.url));
    oneentry.client.app_token = Some(Secret::new(o.app_token.clone()));
    oneentry.client.auth_provider_marker = o.auth_marker.clone();
    oneentry.login_field = o.login_field.clone();
    oneentry.password_field = o.password_field.clone();
    PaymentsConfig {
        oneentry: Some(oneentry),
        paywall: Some(
            PaywallConfig::with_urls(url(&p.payment_api_url), url(&p.private_api_url))
                .with_public_keys(p.api_key_public.clone(), p.api_client_public.clone())
                .with_private_keys(p.api_key_private.clone(), p.api_client_private.clone()),
        ),
        craftgate: Some(
            CraftgateConfig::new(c.api_key.clone(), c.secret_key.clone())
                .with_base_url(url(&c.base_url)),
        ),
        ..PaymentsConfig::default()
    }
}

/// A running sandbox and a facade configured for it.
pub async fn start() -> (Sandbox, Payments) {
    let sandbox = Sandbox::start().await.expect("sandbox starts");
    let payments = Payments::new(config(sandbox.info())).expect("facade builds");
    (sandbox, payments)
}

/// Paging that holds up to `k` pages at once.
pub fn prefetch(k: usize) -> Paging {
    Paging::new(NonZeroUsize::new(k).expect("a prefetch above 0"))
}

/// A facade for `sandbox` whose streams hold up to `k` pages at once, whose calls retry
/// quickly.
pub fn with_prefetch(sandbox: &Sandbox, k: usize) -> Payments {
    let mut config = config(sandbox.info());
    config.paging = prefetch(k);
    config.policy = payments::RequestPolicy::default().with_backoff(
        std::time::Duration::from_millis(5),
        std::time::Duration::from_millis(20),
    );
    Payments::new(config).expect("facade builds")
}

/// Delays that make later requests on a route answer sooner: the `i`-th of `n` requests
/// (after the first, which passes) waits `(n - i) * 15` ms.
pub fn later_answers_sooner(n: u32) -> Vec<payments_sandbox::Fault> {
    std::iter::once(payments_sandbox::Fault::Pass)
        .chain((1..n).map(|i| {
            payments_sandbox::Fault::Delay(std::time::Duration::from_millis(u64::from(
                (n - i) * 15,
            )))
        }))
        .collect()
}
