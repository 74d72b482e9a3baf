//! [`CliError`]: why a command failed.

/// Why a command failed: one line for the terminal.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The configuration is missing or wrong.
    #[error("configuration: {0}")]
    Config(#[from] payments::ConfigError),
    /// A provider call failed.
    #[error("{0}")]
    Provider(#[from] payments::PaymentsError),
    /// The sandbox failed.
    #[error("sandbox: {0}")]
    Sandbox(#[from] payments_sandbox::SandboxError),
    /// Writing output failed.
    #[error("output: {0}")]
    Io(#[from] std::io::Error),
    /// Bad command-line input.
    #[error("{0}")]
    Usage(String),
}

impl CliError {
    /// The process exit code (the table is in `--help` and the README): 1 refused or
    /// failed, 2 usage or configuration, 3 outcome unknown.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Config(_) | CliError::Usage(_) => 2,
            CliError::Provider(e) if e.is_outcome_unknown() => 3,
            CliError::Provider(_) | CliError::Sandbox(_) | CliError::Io(_) => 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use payments::{ErrorKind, PaymentsError, Provider};

    #[test]
    fn exit_codes_follow_the_table() {
        let provider = |kind| CliError::Provider(PaymentsError::new(Provider::Paywall, kind, "x"));
        assert_eq!(provider(ErrorKind::Rejected).exit_code(), 1);
        assert_eq!(provider(ErrorKind::Unavailable).exit_code(), 1);
        assert_eq!(provider(ErrorKind::OutcomeUnknown).exit_code(), 3);
        assert_eq!(CliError::Usage("x".into()).exit_code(), 2);
        assert_eq!(
            CliError::Config(payments::ConfigError::Nothing).exit_code(),
            2
        );
    }
}
