//! The command-line arguments of the provider operations.

use std::num::{NonZeroU32, NonZeroUsize};
use std::time::Duration;

use clap::{ArgAction, Args, Subcommand, ValueEnum};

/// Parses `ID` or `ID:QTY`.
pub fn parse_product(arg: &str) -> Result<(i64, u32), String> {
    let (id, qty) = arg.split_once(':').unwrap_or((arg, "1"));
    let id = id
        .trim()
        .parse::<i64>()
        .map_err(|_| format!("`{arg}`: the product id must be a number (ID or ID:QTY)"))?;
    let qty = qty
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|q| *q > 0)
        .ok_or_else(|| format!("`{arg}`: the quantity must be a whole number above 0"))?;
    Ok((id, qty))
}

/// The request policy and paging flags every provider operation takes (they override
/// `PAYMENTS_TIMEOUT`, `PAYMENTS_MAX_ATTEMPTS` and `PAYMENTS_PREFETCH`).
#[derive(Debug, Args, Clone, Copy, Default)]
pub struct PolicyArgs {
    /// Seconds one attempt of a call may take (fractions allowed; default 60).
    #[arg(long, global = true, value_name = "SECONDS", value_parser = parse_seconds)]
    pub timeout: Option<Duration>,
    /// How many times a call may be sent at most (default 3; 1 turns retries off).
    #[arg(long, global = true, value_name = "N")]
    pub max_attempts: Option<NonZeroU32>,
    /// How many pages a listing of every page holds at once, requested ahead (default 4;
    /// 1 fetches one page after the other).
    #[arg(long, global = true, value_name = "N")]
    pub prefetch: Option<NonZeroUsize>,
}

/// How much a run tells on stderr besides its error line.
#[derive(Debug, Args, Clone, Copy, Default)]
pub struct Verbosity {
    /// Log more on stderr: -v debug, -vv trace for this program and its libraries, -vvv
    /// trace for everything (HTTP included). RUST_LOG, when set, decides instead.
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub verbose: u8,
    /// No progress bar, and no log lines but errors (the error line itself still prints).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
}

/// The crates whose logs `-v` raises.
const OURS: [&str; 7] = [
    "payments",
    "payments_core",
    "payments_wire",
    "payments_sandbox",
    "oneentry_client",
    "paywall_client",
    "craftgate_client",
];

impl Verbosity {
    /// The log filter (`tracing_subscriber::EnvFilter` directives) these flags ask for:
    /// warnings by default, errors with `--quiet`.
    pub fn filter(&self) -> String {
        let ours = |level: &str| {
            OURS.iter()
                .map(|c| format!(",{c}={level}"))
                .collect::<String>()
        };
        match (self.quiet, self.verbose) {
            (true, _) => "error".into(),
            (false, 0) => "warn".into(),
            (false, 1) => format!("warn{}", ours("debug")),
            (false, 2) => format!("info{}", ours("trace")),
            (false, _) => "trace".into(),
        }
    }
}

/// Parses seconds above zero, fractions allowed, at most a day.
pub fn parse_seconds(arg: &str) -> Result<Duration, String> {
    arg.trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= 86_400.0)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| format!("`{arg}`: expected seconds above 0 (fractions allowed)"))
}

/// Parses an id the provider numbers: a whole number above 0.
pub fn parse_id(arg: &str) -> Result<i64, String> {
    arg.trim()
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| format!("`{arg}`: expected an id, a whole number above 0"))
}

/// Parses a calendar day, `YYYY-MM-DD`.
pub fn parse_date(arg: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(arg.trim(), "%Y-%m-%d")
        .map_err(|_| format!("`{arg}`: expected a day as YYYY-MM-DD"))
}

/// Parses an amount as an exact decimal (`10.50`; no exponent, no thousands separator).
pub fn parse_amount(arg: &str) -> Result<rust_decimal::Decimal, String> {
    rust_decimal::Decimal::from_str_exact(arg.trim())
        .map_err(|_| format!("`{arg}`: expected an amount such as 10.50"))
}

/// What every command that changes something at a provider takes. Such a command asks
/// nothing and prints what it did.
#[derive(Debug, Args, Clone, Copy, Default)]
pub struct WriteArgs {
    /// Print the request it would send (method, URL, headers and body, secrets redacted)
    /// and send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Send it although the provider's URL is not a sandbox or test host (production, or
    /// any host not known as a test host); without it such a write is refused before any
    /// request.
    #[arg(long)]
    pub live: bool,
}

/// How a command prints what it got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns, for people (fitted to the terminal's width on a terminal).
    Table,
    /// One JSON document.
    Json,
    /// One JSON object a line: each record of a listing (a bulk query's payments, sessions,
    /// breakdown items), or the one object a command prints; for pipes.
    Ndjson,
    /// A header row, then a row per record (the records of the table output); amounts
    /// exact, absent values empty; for spreadsheets and pipes.
    Csv,
}

/// Output options every operation takes.
#[derive(Debug, Args, Clone, Copy)]
pub struct Output {
    /// How to print (a bulk query writes NDJSON, CSV and JSON as its pages arrive).
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = Format::Table)]
    output: Format,
    /// Print JSON instead of a table (the same as `--output json`).
    #[arg(long, conflicts_with = "output")]
    json: bool,
}

impl Output {
    /// The format asked for (`--json` is `--output json`).
    pub fn format(&self) -> Format {
        if self.json { Format::Json } else { self.output }
    }
}

/// A provider that pushes, as `listen` and `trigger` name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PushProviderArg {
    /// Craftgate's transaction webhooks.
    Craftgate,
    /// Paywall's bulk callbacks.
    Paywall,
}

impl From<PushProviderArg> for payments_sandbox::PushProvider {
    fn from(provider: PushProviderArg) -> Self {
        match provider {
            PushProviderArg::Craftgate => Self::Craftgate,
            PushProviderArg::Paywall => Self::Paywall,
        }
    }
}

/// `payments oneentry ...`
#[derive(Debug, Subcommand)]
pub enum OneEntryCommand {
    /// List payment sessions.
    #[command(
        after_help = "Example:\n  payments oneentry sessions --offset 30 --limit 30 --output csv"
    )]
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
    #[command(after_help = "Example:\n  payments oneentry session-by-order 1764 --json")]
    SessionByOrder {
        /// The order's id.
        order_id: String,
        /// Output format.
        #[command(flatten)]
        output: Output,
    },
}

/// `payments paywall ...`
#[derive(Debug, Subcommand)]
pub enum PaywallCommand {
    /// Every payment of a bulk batch, all pages.
    #[command(
        after_help = "Example:\n  payments paywall bulk-query BATCH-2024-01 --page-size 1000 --output csv > batch.csv"
    )]
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
    #[command(after_help = "Example:\n  payments craftgate breakdown 1 --output csv")]
    Breakdown {
        /// The payment's id.
        payment_id: String,
        /// Output format.
        #[command(flatten)]
        output: Output,
    },
    /// A payment.
    #[command(after_help = "Example:\n  payments craftgate payment 1 --json")]
    Payment {
        /// The payment's id.
        payment_id: String,
        /// Output format.
        #[command(flatten)]
        output: Output,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_parse_with_and_without_quantity() {
        assert_eq!(parse_product("14"), Ok((14, 1)));
        assert_eq!(parse_product("14:3"), Ok((14, 3)));
        assert!(parse_product("x:1").unwrap_err().contains("product id"));
        assert!(parse_product("14:0").unwrap_err().contains("quantity"));
        assert_eq!(parse_seconds("2.5"), Ok(Duration::from_millis(2500)));
        assert!(parse_seconds("0").is_err() && parse_seconds("x").is_err());
    }

    #[test]
    fn verbosity_raises_our_crates_first() {
        let v = |verbose, quiet| Verbosity { verbose, quiet }.filter();
        assert_eq!(v(0, false), "warn");
        assert_eq!(v(0, true), "error");
        assert!(v(1, false).starts_with("warn,payments=debug,payments_core=debug"));
        assert!(v(2, false).starts_with("info,payments=trace,"));
        assert!(v(2, false).ends_with(",craftgate_client=trace"));
        assert_eq!(v(3, false), "trace");
        for verbose in 0..4 {
            tracing_subscriber::EnvFilter::try_new(v(verbose, false)).unwrap();
        }
    }

    #[test]
    fn ids_are_whole_numbers_above_zero() {
        assert_eq!(parse_id(" 1001 "), Ok(1001));
        for bad in ["0", "-1", "1.5", "abc", "99999999999999999999"] {
            assert!(
                parse_id(bad).unwrap_err().contains("expected an id"),
                "{bad}"
            );
        }
    }

    #[test]
    fn dates_and_amounts_parse_exactly() {
        assert_eq!(
            parse_date("2024-12-12"),
            Ok(chrono::NaiveDate::from_ymd_opt(2024, 12, 12).unwrap())
        );
        assert!(parse_date("12.12.2024").unwrap_err().contains("YYYY-MM-DD"));
        assert_eq!(parse_amount("10.50").unwrap().to_string(), "10.50");
        assert!(parse_amount("1e3").is_err() && parse_amount("1,5").is_err());
    }
}
