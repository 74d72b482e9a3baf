//! `payments`: a demo on the embedded sandbox, the sandbox itself, and operations against
//! real providers (or the sandbox) configured from the environment.

/// Writes a line to stdout; a closed stdout becomes an error instead of a panic.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($arg)*)?
    }};
}

mod args;
mod demo;
mod error;
mod ops;
mod render;
mod serve;
mod table;

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::args::{CraftgateCommand, OneEntryCommand, PaywallCommand};
use crate::error::CliError;

/// Typed access to OneEntry, Paywall and Craftgate.
#[derive(Debug, Parser)]
#[command(name = "payments", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start the embedded sandbox and run the seed scenario against it (no set-up needed).
    Demo,
    /// Run the embedded sandbox until interrupted; the first stdout line is its JSON info.
    Sandbox {
        /// Address of the first listener; the others take the following ports
        /// (default: 127.0.0.1 with free ports).
        #[arg(long)]
        addr: Option<SocketAddr>,
    },
    /// OneEntry operations (ONEENTRY_* variables).
    #[command(subcommand)]
    Oneentry(OneEntryCommand),
    /// Paywall operations (PAYWALL_* variables).
    #[command(subcommand)]
    Paywall(PaywallCommand),
    /// Craftgate operations (CRAFTGATE_* variables).
    #[command(subcommand)]
    Craftgate(CraftgateCommand),
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo => demo::run().await,
        Command::Sandbox { addr } => serve::run(addr).await,
        Command::Oneentry(c) => ops::oneentry(c).await,
        Command::Paywall(c) => ops::paywall(c).await,
        Command::Craftgate(c) => ops::craftgate(c).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`payments ... | head`): stop quietly, as `cat` does.
        Err(CliError::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
