//! [`Payments`]: the one entry point that hands out each configured provider's capabilities.

use payments_core::{
    Breakdowns, BulkPayments, ErrorKind, Orders, PaymentLookup, PaymentSessions, PaymentsError,
    Provider, Refunds, SignedIn, UserSignIn,
};

use crate::config::{ConfigError, PaymentsConfig};

/// Every configured provider, behind the capability traits of `payments-core`.
///
/// Built without any network traffic; each accessor returns a typed `Configuration` error
/// when its provider is not configured (or its cargo feature is off).
pub struct Payments {
    #[cfg(feature = "oneentry")]
    oneentry: Option<crate::oneentry::OneEntry>,
    #[cfg(feature = "paywall")]
    paywall: Option<crate::paywall::Paywall>,
    #[cfg(feature = "craftgate")]
    craftgate: Option<crate::craftgate::Craftgate>,
}

impl std::fmt::Debug for Payments {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct("Payments");
        #[cfg(feature = "oneentry")]
        d.field("oneentry", &self.oneentry.is_some());
        #[cfg(feature = "paywall")]
        d.field("paywall", &self.paywall.is_some());
        #[cfg(feature = "craftgate")]
        d.field("craftgate", &self.craftgate.is_some());
        d.finish()
    }
}

fn not_configured(provider: Provider) -> PaymentsError {
    let feature = provider.to_string().to_lowercase();
    PaymentsError::new(
        provider,
        ErrorKind::Configuration,
        format!(
            "{provider} is not configured (set its variables, and keep the `{feature}` feature on)"
        ),
    )
}

fn unsupported(provider: Provider, what: &str) -> PaymentsError {
    PaymentsError::new(
        provider,
        ErrorKind::Configuration,
        format!("{provider} does not offer {what}"),
    )
}

impl Payments {
    /// Builds a client for every configured provider, each under the configuration's
    /// request policy, its paginated capabilities under its paging. No request is sent.
    #[cfg_attr(
        not(any(feature = "oneentry", feature = "paywall", feature = "craftgate")),
        allow(unused_variables)
    )]
    pub fn new(config: PaymentsConfig) -> Result<Self, ConfigError> {
        config.validate()?;
        let policy = config.policy;
        #[cfg(any(feature = "oneentry", feature = "paywall"))]
        let paging = config.paging;
        Ok(Self {
            #[cfg(feature = "oneentry")]
            oneentry: config
                .oneentry
                .map(|mut settings| {
                    settings.client.policy = policy.clone();
                    crate::oneentry::OneEntry::new(&settings).map(|o| o.with_paging(paging))
                })
                .transpose()?,
            #[cfg(feature = "paywall")]
            paywall: config
                .paywall
                .map(|c| {
                    crate::paywall::Paywall::new(&c.with_policy(policy.clone()))
                        .map(|p| p.with_paging(paging))
                })
                .transpose()?,
            #[cfg(feature = "craftgate")]
            craftgate: config
                .craftgate
                .map(|c| crate::craftgate::Craftgate::new(&c.with_policy(policy.clone())))
                .transpose()?,
        })
    }

    /// Builds from the environment variables listed in the README.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::new(PaymentsConfig::from_env()?)
    }

    /// Signs the configured OneEntry user in, when the configuration holds a login and
    /// password (tokens from the configuration are already in use). Returns `None` when
    /// there is nothing to sign in with.
    pub async fn sign_in_configured(&self) -> Result<Option<SignedIn>, PaymentsError> {
        #[cfg(feature = "oneentry")]
        if let Some(o) = &self.oneentry {
            return o.sign_in_configured().await;
        }
        Ok(None)
    }

    /// The OneEntry adapter itself, for what only OneEntry offers.
    #[cfg(feature = "oneentry")]
    pub fn oneentry(&self) -> Result<&crate::oneentry::OneEntry, PaymentsError> {
        self.oneentry
            .as_ref()
            .ok_or_else(|| not_configured(Provider::OneEntry))
    }

    /// The Paywall adapter itself, for what only Paywall offers.
    #[cfg(feature = "paywall")]
    pub fn paywall(&self) -> Result<&crate::paywall::Paywall, PaymentsError> {
        self.paywall
            .as_ref()
            .ok_or_else(|| not_configured(Provider::Paywall))
    }

    /// The Craftgate adapter itself, for what only Craftgate offers.
    #[cfg(feature = "craftgate")]
    pub fn craftgate(&self) -> Result<&crate::craftgate::Craftgate, PaymentsError> {
        self.craftgate
            .as_ref()
            .ok_or_else(|| not_configured(Provider::Craftgate))
    }

    /// Signing users in (OneEntry).
    pub fn users(&self) -> Result<&dyn UserSignIn, PaymentsError> {
        #[cfg(feature = "oneentry")]
        if let Some(o) = &self.oneentry {
            return Ok(o);
        }
        Err(not_configured(Provider::OneEntry))
    }

    /// Orders (OneEntry).
    pub fn orders(&self) -> Result<&dyn Orders, PaymentsError> {
        #[cfg(feature = "oneentry")]
        if let Some(o) = &self.oneentry {
            return Ok(o);
        }
        Err(not_configured(Provider::OneEntry))
    }

    /// Payment sessions (OneEntry).
    pub fn sessions(&self) -> Result<&dyn PaymentSessions, PaymentsError> {
        #[cfg(feature = "oneentry")]
        if let Some(o) = &self.oneentry {
            return Ok(o);
        }
        Err(not_configured(Provider::OneEntry))
    }

    /// Bulk payment batches (Paywall).
    pub fn bulk(&self) -> Result<&dyn BulkPayments, PaymentsError> {
        #[cfg(feature = "paywall")]
        if let Some(p) = &self.paywall {
            return Ok(p);
        }
        Err(not_configured(Provider::Paywall))
    }

    /// Per-item payment breakdowns (Craftgate).
    pub fn breakdowns(&self) -> Result<&dyn Breakdowns, PaymentsError> {
        #[cfg(feature = "craftgate")]
        if let Some(c) = &self.craftgate {
            return Ok(c);
        }
        Err(not_configured(Provider::Craftgate))
    }

    /// Looking payments up at `provider` (Paywall or Craftgate).
    pub fn lookup(&self, provider: Provider) -> Result<&dyn PaymentLookup, PaymentsError> {
        match provider {
            #[cfg(feature = "paywall")]
            Provider::Paywall => self.paywall().map(|p| p as &dyn PaymentLookup),
            #[cfg(feature = "craftgate")]
            Provider::Craftgate => self.craftgate().map(|c| c as &dyn PaymentLookup),
            Provider::OneEntry => Err(unsupported(provider, "payment lookup")),
            #[allow(unreachable_patterns)]
            other => Err(not_configured(other)),
        }
    }

    /// Refunds at `provider` (Paywall or Craftgate).
    pub fn refunds(&self, provider: Provider) -> Result<&dyn Refunds, PaymentsError> {
        match provider {
            #[cfg(feature = "paywall")]
            Provider::Paywall => self.paywall().map(|p| p as &dyn Refunds),
            #[cfg(feature = "craftgate")]
            Provider::Craftgate => self.craftgate().map(|c| c as &dyn Refunds),
            Provider::OneEntry => Err(unsupported(
                provider,
                "refunds through this API (use its order refund requests)",
            )),
            #[allow(unreachable_patterns)]
            other => Err(not_configured(other)),
        }
    }
}
