//! Live mode: a write goes to a host that is not a sandbox or test host only with `--live`
//! (as the Stripe CLI's live mode). What counts as a test host is each client's knowledge
//! (`is_test_host`): this machine, Craftgate's sandbox host, Paywall's `test-` and `dev-`
//! hosts; OneEntry documents none. The check reads the configured URL, so a refused write
//! never resolves or connects to anything.

use payments::{BaseUrl, PaymentsConfig};

use crate::error::CliError;

/// The host a write is sent to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Host {
    /// The OneEntry project (`ONEENTRY_PROJECT_URL`).
    OneEntry,
    /// Paywall's PaymentAPI, where bulk operations go (`PAYWALL_PAYMENT_API_URL`).
    PaywallPaymentApi,
    /// Paywall's PaymentPrivateAPI, where single-payment cancels and refunds go
    /// (`PAYWALL_PRIVATE_API_URL`).
    PaywallPrivateApi,
    /// Craftgate (`CRAFTGATE_BASE_URL`).
    Craftgate,
}

impl Host {
    /// The variable that sets this host's URL.
    fn variable(self) -> &'static str {
        match self {
            Host::OneEntry => "ONEENTRY_PROJECT_URL",
            Host::PaywallPaymentApi => "PAYWALL_PAYMENT_API_URL",
            Host::PaywallPrivateApi => "PAYWALL_PRIVATE_API_URL",
            Host::Craftgate => "CRAFTGATE_BASE_URL",
        }
    }

    /// The configured URL of this host; `None` when its provider is not configured (the
    /// command then fails saying so, before any request).
    fn url(self, config: &PaymentsConfig) -> Option<&BaseUrl> {
        match self {
            Host::OneEntry => config.oneentry.as_ref().map(|o| &o.client.project_url),
            Host::PaywallPaymentApi => config.paywall.as_ref().map(|p| &p.payment_api_url),
            Host::PaywallPrivateApi => config.paywall.as_ref().map(|p| &p.private_api_url),
            Host::Craftgate => config.craftgate.as_ref().map(|c| &c.base_url),
        }
    }

    /// Whether `url` is a sandbox or test host of this host's provider.
    fn is_test(self, url: &BaseUrl) -> bool {
        match self {
            Host::OneEntry => oneentry_client::is_test_host(url),
            Host::PaywallPaymentApi | Host::PaywallPrivateApi => paywall_client::is_test_host(url),
            Host::Craftgate => craftgate_client::is_test_host(url),
        }
    }
}

/// Refuses a write to `host` when its configured URL is not a sandbox or test host and
/// `live` is not set: a usage error (exit 2) naming the URL, why, and `--live`.
pub fn check(config: &PaymentsConfig, host: Host, live: bool) -> Result<(), CliError> {
    match host.url(config) {
        Some(url) if !live && !host.is_test(url) => Err(CliError::Usage(format!(
            "refused: {url} ({}) is not a sandbox or test host, and this command changes something there; pass --live to send it anyway",
            host.variable()
        ))),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> PaymentsConfig {
        PaymentsConfig::from_lookup(|name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
        .unwrap()
    }

    fn refused(config: &PaymentsConfig, host: Host) -> Option<String> {
        check(config, host, false).err().map(|e| e.to_string())
    }

    #[test]
    fn writes_to_test_hosts_pass_and_others_need_live() {
        let craftgate = |url: &str| {
            config(&[
                ("CRAFTGATE_API_KEY", "k"),
                ("CRAFTGATE_SECRET_KEY", "s"),
                ("CRAFTGATE_BASE_URL", url),
            ])
        };
        assert_eq!(
            refused(&craftgate("http://127.0.0.1:9"), Host::Craftgate),
            None
        );
        assert_eq!(
            refused(
                &craftgate("https://sandbox-api.craftgate.io"),
                Host::Craftgate
            ),
            None
        );
        let production = craftgate("https://api.craftgate.io");
        let line = refused(&production, Host::Craftgate).unwrap();
        assert_eq!(
            line,
            "refused: https://api.craftgate.io (CRAFTGATE_BASE_URL) is not a sandbox or test host, and this command changes something there; pass --live to send it anyway"
        );
        assert!(check(&production, Host::Craftgate, true).is_ok());
        assert_eq!(production_exit(&production), 2);
        let unknown = craftgate("https://payments.example.com");
        assert!(
            refused(&unknown, Host::Craftgate).is_some(),
            "unknown is live"
        );
    }

    fn production_exit(config: &PaymentsConfig) -> u8 {
        check(config, Host::Craftgate, false)
            .unwrap_err()
            .exit_code()
    }

    #[test]
    fn paywall_checks_the_host_the_write_goes_to_and_oneentry_has_no_test_host() {
        let paywall = config(&[
            ("PAYWALL_API_KEY_PRIVATE", "k"),
            ("PAYWALL_API_CLIENT_PRIVATE", "c"),
            (
                "PAYWALL_PRIVATE_API_URL",
                "https://payment-private-api.itspaywall.com",
            ),
        ]);
        assert!(
            refused(&paywall, Host::PaywallPrivateApi)
                .unwrap()
                .contains("PAYWALL_PRIVATE_API_URL")
        );
        assert_eq!(
            refused(&paywall, Host::PaywallPaymentApi),
            None,
            "the default PaymentAPI is the test host"
        );
        let oneentry = |url: &str| config(&[("ONEENTRY_PROJECT_URL", url)]);
        assert!(refused(&oneentry("https://shop.oneentry.cloud"), Host::OneEntry).is_some());
        assert_eq!(
            refused(&oneentry("http://localhost:8080"), Host::OneEntry),
            None
        );
        assert_eq!(
            refused(&oneentry("http://localhost:8080"), Host::Craftgate),
            None,
            "not configured"
        );
    }
}
