//! Reading the configuration from environment variables.
//!
//! | provider | variables |
//! |---|---|
//! | OneEntry | `ONEENTRY_PROJECT_URL` (required), `ONEENTRY_APP_TOKEN`, `ONEENTRY_AUTH_MARKER` (default `email`), `ONEENTRY_LOGIN`, `ONEENTRY_PASSWORD`, `ONEENTRY_LOGIN_FIELD` (default `email_reg`), `ONEENTRY_PASSWORD_FIELD` (default `password_reg`), or `ONEENTRY_ACCESS_TOKEN` / `ONEENTRY_REFRESH_TOKEN` |
//! | Paywall | `PAYWALL_API_KEY_PUBLIC` + `PAYWALL_API_CLIENT_PUBLIC` and/or `PAYWALL_API_KEY_PRIVATE` + `PAYWALL_API_CLIENT_PRIVATE`; `PAYWALL_PAYMENT_API_URL`, `PAYWALL_PRIVATE_API_URL` (default: the test hosts) |
//! | Craftgate | `CRAFTGATE_API_KEY`, `CRAFTGATE_SECRET_KEY`; `CRAFTGATE_BASE_URL` (default: the sandbox host) |
//!
//! The request policy of every provider: `PAYMENTS_TIMEOUT` (seconds one attempt may take,
//! fractions allowed; default 60), `PAYMENTS_DEADLINE` (seconds a whole call may take with
//! its retries; default 150) and `PAYMENTS_MAX_ATTEMPTS` (default 3; 1 turns retries off).
//! Streams over all pages: `PAYMENTS_PREFETCH` (how many pages a stream holds at once,
//! requested ahead; default 4, 1 turns prefetch off).
//!
//! A provider is configured when any of its variables is set; a half-configured provider
//! is an error that names the missing variable. Base URLs default to the providers' test
//! and sandbox hosts: production is only reached when a production URL is given. A
//! provider whose cargo feature is off is not read.

use std::num::{NonZeroU32, NonZeroUsize};
use std::time::Duration;

use payments_core::Paging;
#[cfg(any(feature = "oneentry", feature = "paywall", feature = "craftgate"))]
use payments_wire::BaseUrl;
use payments_wire::RequestPolicy;

use super::error::ConfigError;
use super::settings::PaymentsConfig;

/// A variable's value, `None` when unset or empty.
pub(super) type Lookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The configuration the variables describe.
pub(super) fn read(var: Lookup<'_>) -> Result<PaymentsConfig, ConfigError> {
    Ok(PaymentsConfig {
        #[cfg(feature = "oneentry")]
        oneentry: oneentry(var)?,
        #[cfg(feature = "paywall")]
        paywall: paywall(var)?,
        #[cfg(feature = "craftgate")]
        craftgate: craftgate(var)?,
        policy: policy(var)?,
        paging: paging(var)?,
    })
}

/// The paging `PAYMENTS_PREFETCH` sets, on top of the default.
fn paging(var: Lookup<'_>) -> Result<Paging, ConfigError> {
    let prefetch = whole::<NonZeroUsize>(
        var,
        "PAYMENTS_PREFETCH",
        "expected a whole number of pages, at least 1 (1 turns prefetch off)",
    )?;
    Ok(prefetch.map_or_else(Paging::default, Paging::new))
}

/// The request policy the variables set, on top of the defaults.
fn policy(var: Lookup<'_>) -> Result<RequestPolicy, ConfigError> {
    let mut policy = RequestPolicy::default();
    if let Some(timeout) = seconds(var, "PAYMENTS_TIMEOUT")? {
        policy.attempt_timeout = timeout;
    }
    if let Some(deadline) = seconds(var, "PAYMENTS_DEADLINE")? {
        policy.deadline = deadline;
    }
    if let Some(attempts) = whole::<NonZeroU32>(
        var,
        "PAYMENTS_MAX_ATTEMPTS",
        "expected a whole number of attempts, at least 1",
    )? {
        policy.max_attempts = attempts;
    }
    Ok(policy)
}

/// A whole-number variable's value, or `reason` when it is not one `T` takes.
fn whole<T: std::str::FromStr>(
    var: Lookup<'_>,
    variable: &'static str,
    reason: &'static str,
) -> Result<Option<T>, ConfigError> {
    var(variable)
        .map(|raw| {
            raw.trim().parse::<T>().map_err(|_| ConfigError::Invalid {
                variable,
                value: raw,
                reason,
            })
        })
        .transpose()
}

/// A duration variable in seconds (fractions allowed, above zero).
fn seconds(var: Lookup<'_>, variable: &'static str) -> Result<Option<Duration>, ConfigError> {
    let Some(raw) = var(variable) else {
        return Ok(None);
    };
    raw.trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= 86_400.0)
        .map(|s| Some(Duration::from_secs_f64(s)))
        .ok_or(ConfigError::Invalid {
            variable,
            value: raw,
            reason: "expected seconds above 0 (fractions allowed), at most a day",
        })
}

/// A base URL variable's value, checked.
#[cfg(any(feature = "oneentry", feature = "paywall", feature = "craftgate"))]
fn base_url(var: Lookup<'_>, variable: &'static str) -> Result<Option<BaseUrl>, ConfigError> {
    var(variable)
        .map(|raw| BaseUrl::parse(&raw).map_err(|source| ConfigError::BaseUrl { variable, source }))
        .transpose()
}

/// The error for `provider`'s missing variable.
#[cfg(any(feature = "oneentry", feature = "paywall", feature = "craftgate"))]
fn missing(provider: &'static str) -> impl Fn(&'static str) -> ConfigError {
    move |variable| ConfigError::Missing { provider, variable }
}

#[cfg(feature = "oneentry")]
const ONEENTRY_VARS: [&str; 9] = [
    "ONEENTRY_PROJECT_URL",
    "ONEENTRY_APP_TOKEN",
    "ONEENTRY_AUTH_MARKER",
    "ONEENTRY_LOGIN",
    "ONEENTRY_PASSWORD",
    "ONEENTRY_LOGIN_FIELD",
    "ONEENTRY_PASSWORD_FIELD",
    "ONEENTRY_ACCESS_TOKEN",
    "ONEENTRY_REFRESH_TOKEN",
];

#[cfg(feature = "oneentry")]
fn oneentry(var: Lookup<'_>) -> Result<Option<super::settings::OneEntrySettings>, ConfigError> {
    use oneentry_client::TokenPair;
    use payments_core::Credentials;

    if ONEENTRY_VARS.iter().all(|v| var(v).is_none()) {
        return Ok(None);
    }
    let missing = missing("OneEntry");
    let url = base_url(var, "ONEENTRY_PROJECT_URL")?.ok_or(missing("ONEENTRY_PROJECT_URL"))?;
    let mut settings = super::settings::OneEntrySettings::new(url);
    settings.client.app_token = var("ONEENTRY_APP_TOKEN").map(Into::into);
    if let Some(marker) = var("ONEENTRY_AUTH_MARKER") {
        settings.client.auth_provider_marker = marker;
    }
    if let Some(field) = var("ONEENTRY_LOGIN_FIELD") {
        settings.login_field = field;
    }
    if let Some(field) = var("ONEENTRY_PASSWORD_FIELD") {
        settings.password_field = field;
    }
    match (
        var("ONEENTRY_LOGIN"),
        var("ONEENTRY_PASSWORD"),
        var("ONEENTRY_ACCESS_TOKEN"),
        var("ONEENTRY_REFRESH_TOKEN"),
    ) {
        (Some(login), Some(password), _, _) => {
            settings.sign_in = Some(Credentials {
                login,
                password: password.into(),
            });
        }
        (Some(_), None, _, _) => return Err(missing("ONEENTRY_PASSWORD")),
        (None, Some(_), _, _) => return Err(missing("ONEENTRY_LOGIN")),
        (None, None, Some(access), Some(refresh)) => {
            settings.client.tokens = Some(TokenPair::new(access, refresh));
        }
        (None, None, Some(_), None) => return Err(missing("ONEENTRY_REFRESH_TOKEN")),
        (None, None, None, Some(_)) => return Err(missing("ONEENTRY_ACCESS_TOKEN")),
        (None, None, None, None) => {}
    }
    Ok(Some(settings))
}

#[cfg(feature = "paywall")]
fn paywall(var: Lookup<'_>) -> Result<Option<paywall_client::PaywallConfig>, ConfigError> {
    use paywall_client::{ApiKeys, PaywallConfig};

    let missing = missing("Paywall");
    let pair = |key: &'static str, client: &'static str| match (var(key), var(client)) {
        (Some(k), Some(c)) => Ok(Some(ApiKeys::new(k, c))),
        (Some(_), None) => Err(missing(client)),
        (None, Some(_)) => Err(missing(key)),
        (None, None) => Ok(None),
    };
    let public = pair("PAYWALL_API_KEY_PUBLIC", "PAYWALL_API_CLIENT_PUBLIC")?;
    let private = pair("PAYWALL_API_KEY_PRIVATE", "PAYWALL_API_CLIENT_PRIVATE")?;
    let payment_url = base_url(var, "PAYWALL_PAYMENT_API_URL")?;
    let private_url = base_url(var, "PAYWALL_PRIVATE_API_URL")?;
    if public.is_none() && private.is_none() {
        return match payment_url.or(private_url) {
            Some(_) => Err(missing("PAYWALL_API_KEY_PUBLIC")),
            None => Ok(None),
        };
    }
    let test = PaywallConfig::test();
    Ok(Some(PaywallConfig {
        payment_api_url: payment_url.unwrap_or(test.payment_api_url),
        private_api_url: private_url.unwrap_or(test.private_api_url),
        public_keys: public,
        private_keys: private,
        ..test
    }))
}

#[cfg(feature = "craftgate")]
fn craftgate(var: Lookup<'_>) -> Result<Option<craftgate_client::CraftgateConfig>, ConfigError> {
    let missing = missing("Craftgate");
    let url = base_url(var, "CRAFTGATE_BASE_URL")?;
    match (var("CRAFTGATE_API_KEY"), var("CRAFTGATE_SECRET_KEY"), url) {
        (None, None, None) => Ok(None),
        (Some(key), Some(secret), url) => {
            let config = craftgate_client::CraftgateConfig::sandbox(key, secret);
            Ok(Some(match url {
                Some(url) => config.with_base_url(url),
                None => config,
            }))
        }
        (None, _, _) => Err(missing("CRAFTGATE_API_KEY")),
        (Some(_), None, _) => Err(missing("CRAFTGATE_SECRET_KEY")),
    }
}

#[cfg(all(test, feature = "oneentry", feature = "paywall", feature = "craftgate"))]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn from(pairs: &[(&str, &str)]) -> Result<PaymentsConfig, ConfigError> {
        let env: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        PaymentsConfig::from_lookup(|k| env.get(k).cloned())
    }

    #[test]
    fn defaults_to_test_and_sandbox_hosts() {
        let c = from(&[
            ("PAYWALL_API_KEY_PUBLIC", "k"),
            ("PAYWALL_API_CLIENT_PUBLIC", "c"),
            ("CRAFTGATE_API_KEY", "a"),
            ("CRAFTGATE_SECRET_KEY", "s"),
        ])
        .unwrap();
        let p = c.paywall.unwrap();
        assert_eq!(p.payment_api_url, paywall_client::TEST_PAYMENT_API);
        assert_eq!(p.private_api_url, paywall_client::TEST_PRIVATE_API);
        assert!(p.private_keys.is_none());
        assert_eq!(c.craftgate.unwrap().base_url, craftgate_client::SANDBOX_URL);
        assert!(c.oneentry.is_none());
    }

    #[test]
    fn oneentry_defaults_and_sign_in_choices() {
        let c = from(&[
            ("ONEENTRY_PROJECT_URL", "https://demo.oneentry.cloud"),
            ("ONEENTRY_LOGIN", "u@example.com"),
            ("ONEENTRY_PASSWORD", "pw"),
        ])
        .unwrap()
        .oneentry
        .unwrap();
        assert_eq!(c.client.auth_provider_marker, "email");
        assert_eq!(c.login_field, "email_reg");
        assert_eq!(c.password_field, "password_reg");
        assert!(c.sign_in.is_some());
        assert!(c.client.tokens.is_none());
        let c = from(&[
            ("ONEENTRY_PROJECT_URL", "https://demo.oneentry.cloud"),
            ("ONEENTRY_ACCESS_TOKEN", "a"),
            ("ONEENTRY_REFRESH_TOKEN", "r"),
        ])
        .unwrap()
        .oneentry
        .unwrap();
        assert!(c.client.tokens.is_some());
        assert!(c.sign_in.is_none());
    }

    #[test]
    fn the_policy_variables_set_the_request_policy() {
        let c = from(&[
            ("CRAFTGATE_API_KEY", "a"),
            ("CRAFTGATE_SECRET_KEY", "s"),
            ("PAYMENTS_TIMEOUT", "2.5"),
            ("PAYMENTS_DEADLINE", "20"),
            ("PAYMENTS_MAX_ATTEMPTS", "1"),
            ("PAYMENTS_PREFETCH", " 8 "),
        ])
        .unwrap();
        assert_eq!(c.paging.prefetch().get(), 8);
        assert_eq!(c.policy.attempt_timeout, Duration::from_millis(2500));
        assert_eq!(c.policy.deadline, Duration::from_secs(20));
        assert_eq!(c.policy.max_attempts.get(), 1);
        let defaults = from(&[("CRAFTGATE_API_KEY", "a"), ("CRAFTGATE_SECRET_KEY", "s")]).unwrap();
        assert_eq!(defaults.policy, RequestPolicy::default());
        assert_eq!(defaults.paging, Paging::default());
        for (variable, value) in [
            ("PAYMENTS_TIMEOUT", "0"),
            ("PAYMENTS_TIMEOUT", "-1"),
            ("PAYMENTS_TIMEOUT", "soon"),
            ("PAYMENTS_TIMEOUT", "NaN"),
            ("PAYMENTS_DEADLINE", "1e9"),
            ("PAYMENTS_MAX_ATTEMPTS", "0"),
            ("PAYMENTS_MAX_ATTEMPTS", "2.5"),
            ("PAYMENTS_PREFETCH", "0"),
            ("PAYMENTS_PREFETCH", "-1"),
            ("PAYMENTS_PREFETCH", "four"),
        ] {
            let err = from(&[
                ("CRAFTGATE_API_KEY", "a"),
                ("CRAFTGATE_SECRET_KEY", "s"),
                (variable, value),
            ])
            .unwrap_err();
            assert!(
                matches!(&err, ConfigError::Invalid { variable: v, .. } if *v == variable),
                "{variable}={value}: {err}"
            );
        }
    }

    #[test]
    fn half_configured_providers_name_the_missing_variable() {
        let missing = |pairs: &[(&str, &str)]| match from(pairs) {
            Err(ConfigError::Missing { provider, variable }) => (provider, variable),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            missing(&[("CRAFTGATE_API_KEY", "a")]),
            ("Craftgate", "CRAFTGATE_SECRET_KEY")
        );
        assert_eq!(
            missing(&[("PAYWALL_API_KEY_PRIVATE", "a")]),
            ("Paywall", "PAYWALL_API_CLIENT_PRIVATE")
        );
        assert_eq!(
            missing(&[("ONEENTRY_LOGIN", "a")]),
            ("OneEntry", "ONEENTRY_PROJECT_URL")
        );
        assert!(matches!(from(&[]), Err(ConfigError::Nothing)));
    }

    #[test]
    fn base_urls_are_checked_and_secrets_never_printed() {
        for (variable, pairs) in [
            (
                "CRAFTGATE_BASE_URL",
                vec![
                    ("CRAFTGATE_API_KEY", "a"),
                    ("CRAFTGATE_SECRET_KEY", "topsecret"),
                    ("CRAFTGATE_BASE_URL", "https://api.craftgate.io/payment"),
                ],
            ),
            (
                "ONEENTRY_PROJECT_URL",
                vec![
                    ("ONEENTRY_PROJECT_URL", "https://x.test/path"),
                    ("ONEENTRY_APP_TOKEN", "t"),
                ],
            ),
        ] {
            let err = from(&pairs).unwrap_err();
            assert!(
                matches!(err, ConfigError::BaseUrl { variable: v, .. } if v == variable),
                "{err}"
            );
        }
        let c = from(&[
            ("CRAFTGATE_API_KEY", "key1"),
            ("CRAFTGATE_SECRET_KEY", "topsecret"),
        ])
        .unwrap();
        let debug = format!("{c:?}");
        assert!(
            !debug.contains("topsecret") && !debug.contains("key1"),
            "{debug}"
        );
    }
}
