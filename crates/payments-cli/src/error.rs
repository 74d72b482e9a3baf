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
