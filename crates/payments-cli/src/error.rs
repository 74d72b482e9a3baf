//! [`CliError`]: why a command failed.

use payments::ErrorKind;

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
    /// What was checked (a webhook's signature, a callback's hash) is not valid.
    #[error("invalid: {0}")]
    Invalid(String),
    /// The sandbox's control listener refused a request: its `{"error": ..}` and status
    /// (400 bad input, 404 no such payment, item, batch or endpoint, 409 the provider
    /// refused).
    #[error("sandbox: {message}")]
    Control {
        /// The HTTP status it answered with.
        status: u16,
        /// What it said.
        message: String,
    },
    /// The sandbox's control listener could not be reached, or its answer not read.
    #[error("{what}")]
    ControlTransport {
        /// What was being done, and where.
        what: String,
        /// Whether a request that changes something (a trigger, a seeded batch) was sent
        /// and no complete answer came back: the sandbox may have acted.
        outcome_unknown: bool,
        /// The transport failure.
        #[source]
        source: reqwest::Error,
    },
}

impl CliError {
    /// The process exit code (the table is in `--help` and the README): 1 refused or
    /// failed, 2 usage or configuration, 3 outcome unknown. A provider call refused before
    /// anything was sent, for its input or for the configuration, is a usage or
    /// configuration error; so is what the sandbox's control listener refuses as bad input
    /// (400), while its 404 and 409 are refusals. A trigger sent to it that got no answer
    /// is an outcome unknown.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Config(_) | CliError::Usage(_) => 2,
            CliError::Control { status: 400, .. } => 2,
            CliError::ControlTransport {
                outcome_unknown: true,
                ..
            } => 3,
            CliError::Provider(e) if e.is_outcome_unknown() => 3,
            CliError::Provider(e) if refused_before_sending(e) => 2,
            CliError::Provider(_)
            | CliError::Sandbox(_)
            | CliError::Io(_)
            | CliError::Invalid(_)
            | CliError::Control { .. }
            | CliError::ControlTransport { .. } => 1,
        }
    }
}

/// Whether the client refused the call itself, before sending: a provider not configured
/// (or lacking what the call needs), or input it does not take. The provider's own refusals
/// carry the HTTP status they came with.
fn refused_before_sending(e: &payments::PaymentsError) -> bool {
    match e.kind {
        ErrorKind::Configuration => true,
        ErrorKind::InvalidRequest => e.http_status.is_none(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use payments::{PaymentsError, Provider};

    #[test]
    fn exit_codes_follow_the_table() {
        let provider = |kind| CliError::Provider(PaymentsError::new(Provider::Paywall, kind, "x"));
        assert_eq!(provider(ErrorKind::Rejected).exit_code(), 1);
        assert_eq!(provider(ErrorKind::Unavailable).exit_code(), 1);
        assert_eq!(provider(ErrorKind::OutcomeUnknown).exit_code(), 3);
        // Refused by the client before sending: the input or the configuration.
        assert_eq!(provider(ErrorKind::InvalidRequest).exit_code(), 2);
        assert_eq!(provider(ErrorKind::Configuration).exit_code(), 2);
        let answered = PaymentsError::new(Provider::Craftgate, ErrorKind::InvalidRequest, "x")
            .with_status(400);
        assert_eq!(
            CliError::Provider(answered).exit_code(),
            1,
            "the provider refused"
        );
        assert_eq!(CliError::Invalid("x".into()).exit_code(), 1);
        assert_eq!(CliError::Usage("x".into()).exit_code(), 2);
        let control = |status| {
            CliError::Control {
                status,
                message: "x".into(),
            }
            .exit_code()
        };
        assert_eq!(control(400), 2, "bad input");
        assert_eq!(control(404), 1, "no such payment");
        assert_eq!(control(409), 1, "the provider refused");
        assert_eq!(
            CliError::Config(payments::ConfigError::Nothing).exit_code(),
            2
        );
    }
}
