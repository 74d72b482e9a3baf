//! Shared set-up: a sandbox and a facade pointed at it.

use payments::{
    CraftgateConfig, OneEntryConfig, Payments, PaymentsConfig, PaywallConfig, PaywallKeys, Secret,
};
use payments_sandbox::{Sandbox, SandboxInfo};

/// The facade configuration for every provider of `info`.
pub fn config(info: &SandboxInfo) -> PaymentsConfig {
    let o = &info.oneentry;
    let p = &info.paywall;
    let c = &info.craftgate;
    let mut oneentry = OneEntryConfig::new(o.url.clone());
    oneentry.app_token = Some(Secret::new(o.app_token.clone()));
    oneentry.auth_marker = o.auth_marker.clone();
    oneentry.login_field = o.login_field.clone();
    oneentry.password_field = o.password_field.clone();
    PaymentsConfig {
        oneentry: Some(oneentry),
        paywall: Some(PaywallConfig {
            payment_api_url: p.payment_api_url.clone(),
            private_api_url: p.private_api_url.clone(),
            public: Some(PaywallKeys {
                api_key: Secret::new(p.api_key_public.clone()),
                api_client: Secret::new(p.api_client_public.clone()),
            }),
            private: Some(PaywallKeys {
                api_key: Secret::new(p.api_key_private.clone()),
                api_client: Secret::new(p.api_client_private.clone()),
            }),
        }),
        craftgate: Some(CraftgateConfig {
            base_url: c.base_url.clone(),
            api_key: Secret::new(c.api_key.clone()),
            secret_key: Secret::new(c.secret_key.clone()),
        }),
        ..PaymentsConfig::default()
    }
}

/// A running sandbox and a facade configured for it.
pub async fn start() -> (Sandbox, Payments) {
    let sandbox = Sandbox::start().await.expect("sandbox starts");
    let payments = Payments::new(config(sandbox.info())).expect("facade builds");
    (sandbox, payments)
}
