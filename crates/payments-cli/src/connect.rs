//! The facade the provider commands use: configured from the environment, with the
//! command line's policy flags on top.

use payments::{Paging, Payments, PaymentsConfig};

use crate::args::PolicyArgs;
use crate::error::CliError;

/// The configuration from the environment, with the command line's policy flags on top.
pub fn config(policy: &PolicyArgs) -> Result<PaymentsConfig, CliError> {
    let mut config = PaymentsConfig::from_env()?;
    if let Some(timeout) = policy.timeout {
        config.policy.attempt_timeout = timeout;
    }
    if let Some(attempts) = policy.max_attempts {
        config.policy.max_attempts = attempts;
    }
    if let Some(prefetch) = policy.prefetch {
        config.paging = Paging::new(prefetch);
    }
    Ok(config)
}

/// The facade from the environment, with the command line's policy flags on top.
pub fn connect(policy: &PolicyArgs) -> Result<Payments, CliError> {
    Ok(Payments::new(config(policy)?)?)
}
