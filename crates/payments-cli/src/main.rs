//! `payments`: a demo on the embedded sandbox, the sandbox itself, and operations against
//! real providers (or the sandbox) configured from the environment.

// No panic a wire value or user input can reach: outside tests, no `unwrap`, `expect` or
// indexing (README, "Panics").
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

/// Writes a line to stdout; a closed stdout becomes an error instead of a panic.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($arg)*)?
    }};
}

mod args;
mod connect;
mod craftgate_cmd;
mod demo;
mod dispatch;
mod dry_run;
mod error;
mod export;
mod live;
mod oneentry_cmd;
mod ops;
mod paywall_cmd;
mod print;
mod received;
mod render;
mod render_craftgate;
mod render_paywall;
mod render_refund;
mod secrets_file;
mod serve;
mod table;
mod verify;
mod write;

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::args::PolicyArgs;
use crate::error::CliError;

/// Typed access to OneEntry, Paywall and Craftgate.
#[derive(Debug, Parser)]
#[command(name = "payments", version, about, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Request policy of the provider operations.
    #[command(flatten)]
    policy: PolicyArgs,
}

/// The exit codes, as `--help` shows them (the README has the same table).
const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  the provider refused the request, or the call failed; a verified signature or hash
     is invalid
  2  usage or configuration error (bad arguments, input the client refuses before
     sending, missing or wrong variables, a write to a host that is not a test host
     without --live)
  3  outcome unknown: a request that changes something was sent and no complete answer
     came back; the provider may have acted, look it up before trying again";

#[derive(Debug, Subcommand)]
enum Command {
    /// Start the embedded sandbox and run the seed scenario against it (no set-up needed).
    Demo,
    /// Run the embedded sandbox until interrupted; the first stdout line is its JSON info.
    ///
    /// With PAYMENTS_SANDBOX_SECRETS_FILE set, `demo` and `sandbox` write every secret the
    /// sandbox handed out (credentials, tokens, client secrets) to that file as they stop,
    /// one per line, for leak checks.
    Sandbox {
        /// Address of the first listener; the others take the following ports
        /// (default: 127.0.0.1 with free ports).
        #[arg(long)]
        addr: Option<SocketAddr>,
        /// How many payments the seeded Paywall bulk batch holds (1 to 1000000; default 23).
        /// The first 23 are the demo's; the rest are successful sales. For large exports.
        #[arg(long, value_name = "N", default_value_t = payments_sandbox::seed::paywall::BULK_PAYMENT_COUNT)]
        paywall_batch_size: usize,
        /// Make a route's next requests fail on purpose, in order (repeatable)
        ///
        /// SPEC is `METHOD PATH=FAULT[,FAULT...]`. PATH is matched against the request path
        /// as received, without the query; `*` stands for one path segment. Each request on
        /// the route takes the next fault; when none is left, requests are served normally.
        /// Faults:
        ///
        ///   NNN          that status (200-599) with a proxy's HTML page; the provider never
        ///                sees the request
        ///   429:N        429 with `Retry-After: N` (seconds)
        ///   429:date+N   429 with `Retry-After` the HTTP-date N seconds after the answer
        ///   reset        the connection is reset after the request is read; no answer, the
        ///                provider never sees the request
        ///   reset-after  the provider handles the request (a refund is made), then the
        ///                connection is reset; no answer
        ///   truncate     the provider's answer with its full Content-Length but only the
        ///                first half of its body, then the connection closes
        ///   malformed    200, `Content-Type: application/json`, body `{"data": {`
        ///   delay:S      wait S seconds (fractions allowed), then serve normally
        ///   pass         serve normally
        ///   FAULT*N      FAULT, N times (`503*3`)
        ///
        /// Example:
        ///
        ///   payments sandbox \
        ///     --fault 'GET /payment-reporting/v1/payments/*/transactions=503,429:1,reset,pass,truncate' \
        ///     --fault 'POST /payment/v1/refund-transactions=reset-after,delay:0.5'
        #[arg(long = "fault", value_name = "SPEC", verbatim_doc_comment)]
        faults: Vec<payments_sandbox::FaultSpec>,
    },
    /// OneEntry operations (ONEENTRY_* variables).
    #[command(subcommand)]
    Oneentry(dispatch::OneEntry),
    /// Paywall operations (PAYWALL_* variables).
    #[command(subcommand)]
    Paywall(dispatch::Paywall),
    /// Craftgate operations (CRAFTGATE_* variables).
    #[command(subcommand)]
    Craftgate(dispatch::Craftgate),
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        // Colour codes only for a terminal, not for a file or a pipe.
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo => demo::run().await,
        Command::Sandbox {
            addr,
            paywall_batch_size,
            faults,
        } => serve::run(addr, paywall_batch_size, faults).await,
        Command::Oneentry(c) => dispatch::oneentry(c, &cli.policy).await,
        Command::Paywall(c) => dispatch::paywall(c, &cli.policy).await,
        Command::Craftgate(c) => dispatch::craftgate(c, &cli.policy).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`payments ... | head`): stop quietly, as `cat` does.
        Err(CliError::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
