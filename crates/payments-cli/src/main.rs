//! `payments`: a demo on the embedded sandbox, the sandbox itself, and operations against
//! real providers (or the sandbox) configured from the environment.

/// Writes a line to stdout; a closed stdout becomes an error instead of a panic.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($arg)*)?
    }};
}

mod demo;
mod ops;
mod render;
mod serve;
mod table;

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

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

/// Output options every operation takes.
#[derive(Debug, Args, Clone, Copy)]
pub struct Output {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// `payments oneentry ...`
#[derive(Debug, Subcommand)]
pub enum OneEntryCommand {
    /// List payment sessions.
    Sessions {
        /// How many sessions to skip.
        #[arg(long, default_value_t = 0)]
        offset: u64,
        /// How many sessions to list.
        #[arg(long, default_value_t = 30)]
        limit: u32,
        /// Output format.
        #[command(flatten)]
        output: Output,
    },
    /// The payment session(s) of an order.
    SessionByOrder {
        /// The order's id.
        order_id: String,
        /// Output format.
        #[command(flatten)]
        output: Output,
    },
    /// Sign in, create an order for the products and open a payment session for it.
    Checkout {
        /// A product and quantity, `ID` or `ID:QTY` (repeatable).
        #[arg(long = "product", required = true, value_parser = ops::parse_product)]
        products: Vec<(i64, u32)>,
        /// The order storage marker.
        #[arg(long, default_value = "orders")]
        storage: String,
        /// The order form identifier.
        #[arg(long, default_value = "order")]
        form: String,
        /// The payment account identifier.
        #[arg(long, default_value = "cash")]
        account: String,
        /// The customer name written to the order form's `name` field.
        #[arg(long, default_value = "Christina Thomas")]
        name: String,
        /// Output format.
        #[command(flatten)]
        output: Output,
    },
}

/// `payments paywall ...`
#[derive(Debug, Subcommand)]
pub enum PaywallCommand {
    /// Every payment of a bulk batch, all pages.
    BulkQuery {
        /// The batch's merchant unique code.
        merchant_unique_code: String,
        /// Payments per page (Paywall allows at most 1000).
        #[arg(long, default_value_t = 100)]
        page_size: u32,
        /// Output format.
        #[command(flatten)]
        output: Output,
    },
}

/// `payments craftgate ...`
#[derive(Debug, Subcommand)]
pub enum CraftgateCommand {
    /// The per-item breakdown of a payment.
    Breakdown {
        /// The payment's id.
        payment_id: String,
        /// Output format.
        #[command(flatten)]
        output: Output,
    },
    /// A payment.
    Payment {
        /// The payment's id.
        payment_id: String,
        /// Output format.
        #[command(flatten)]
        output: Output,
    },
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
