//! `payments`: a demo on the embedded sandbox, the sandbox itself, and operations against
//! real providers (or the sandbox) configured from the environment.
//!
//! ```sh
//! payments demo                                   # the seed scenario on the embedded sandbox
//! payments sandbox --addr 127.0.0.1:7000 &        # first line: URLs and credentials (JSON)
//! payments craftgate breakdown 1 --output csv     # with CRAFTGATE_* pointing at it
//! payments craftgate refund 1 --dry-run           # the signed request, secrets redacted
//! payments listen --forward-to http://127.0.0.1:8088/webhooks   # the sandbox's pushes
//! payments trigger craftgate payment-refunded --payment 1001     # with PAYMENTS_SANDBOX_URL
//! payments completions bash > ~/.local/share/bash-completion/completions/payments
//! ```

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
mod control_api;
mod craftgate_cmd;
mod csv_rows;
mod delivery_line;
mod demo;
mod dispatch;
mod dry_run;
mod error;
mod error_line;
mod export;
mod forward;
mod listen;
mod live;
mod oneentry_cmd;
mod ops;
mod paywall_cmd;
mod print;
mod progress;
mod received;
mod render;
mod render_craftgate;
mod render_paywall;
mod render_refund;
mod secrets_file;
mod serve;
mod signal;
mod table;
mod trigger_cmd;
mod verify;
mod write;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use crate::args::{PolicyArgs, Verbosity};
use crate::error::CliError;

/// Typed access to OneEntry, Paywall and Craftgate.
#[derive(Debug, Parser)]
#[command(name = "payments", version, about, after_help = EXAMPLES_AND_EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Request policy of the provider operations.
    #[command(flatten)]
    policy: PolicyArgs,
    /// Logs and progress.
    #[command(flatten)]
    verbosity: Verbosity,
}

/// Examples, and the exit codes (the README has the same table), as `--help` shows them.
const EXAMPLES_AND_EXIT_CODES: &str = "\
Example:
  payments demo
  payments paywall bulk-query BATCH-2024-01 --output csv > batch.csv

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
    #[command(after_help = "Example:\n  payments demo")]
    Demo,
    /// Run the embedded sandbox until interrupted; the first stdout line is its JSON info.
    ///
    /// With PAYMENTS_SANDBOX_SECRETS_FILE set, `demo` and `sandbox` write every secret the
    /// sandbox handed out (credentials, tokens, client secrets) to that file as they stop,
    /// one per line, for leak checks.
    ///
    /// It pushes Craftgate's webhooks and Paywall's bulk callbacks to the endpoints
    /// registered with --craftgate-webhook, --paywall-callback or `payments listen`, at
    /// --time-scale times the providers' pace. Its stderr shows the line that points
    /// `listen` and `trigger` at it (`export PAYMENTS_SANDBOX_URL=...`).
    #[command(
        after_help = "Example:\n  payments sandbox --addr 127.0.0.1:7000 --paywall-batch-size 50000\n  payments sandbox --craftgate-webhook http://127.0.0.1:8088/webhooks --time-scale 1"
    )]
    Sandbox(serve::SandboxArgs),
    /// OneEntry operations (ONEENTRY_* variables).
    #[command(
        subcommand,
        after_help = "Example:\n  payments oneentry sessions --limit 10"
    )]
    Oneentry(dispatch::OneEntry),
    /// Paywall operations (PAYWALL_* variables).
    #[command(
        subcommand,
        after_help = "Example:\n  payments paywall bulk-query BATCH-2024-01 --output ndjson"
    )]
    Paywall(dispatch::Paywall),
    /// Craftgate operations (CRAFTGATE_* variables).
    #[command(
        subcommand,
        after_help = "Example:\n  payments craftgate payment 1 --json"
    )]
    Craftgate(dispatch::Craftgate),
    /// Forward the sandbox's webhooks and callbacks to your endpoint, a line per delivery.
    ///
    /// Registers itself with the sandbox (PAYMENTS_SANDBOX_URL or --sandbox; without
    /// either it starts one and prints its JSON info line first), prints the keys the
    /// deliveries are signed with and a ready line on stderr, then POSTs every delivery to
    /// --forward-to with its headers and body as sent, answers the sandbox with your
    /// endpoint's status (502 when it did not answer) so that the provider's retries
    /// follow, and prints the time, provider, event, id, status and latency on stdout.
    /// Ctrl-C or SIGTERM unregisters it. The sandbox gives an endpoint 10 s to answer an
    /// attempt (whatever the time scale); --timeout (default 10 s) bounds the forward
    /// itself. The sandbox must run on this machine: listen receives on 127.0.0.1.
    #[command(
        after_help = "Example:\n  payments listen --forward-to http://127.0.0.1:8088/webhooks\n  payments listen --forward-to http://127.0.0.1:8088/webhooks --provider paywall --output ndjson"
    )]
    Listen(listen::ListenArgs),
    /// Make the running sandbox's provider act so that it pushes (or seed a Paywall batch).
    ///
    /// Performed as the provider's API would (the same booking, the same webhook or
    /// callback); prints what was done and the ids of the deliveries it queued. The
    /// sandbox is PAYMENTS_SANDBOX_URL or --sandbox.
    #[command(after_help = trigger_cmd::help())]
    Trigger(trigger_cmd::TriggerArgs),
    /// Print the completion script of a shell to stdout.
    #[command(after_help = "\
Example:
  payments completions bash > ~/.local/share/bash-completion/completions/payments
  payments completions zsh > \"${fpath[1]}/_payments\"
  payments completions fish > ~/.config/fish/completions/payments.fish
  payments completions powershell >> $PROFILE")]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// Logs go to stderr, at the level `-v`/`--quiet` ask for, or as RUST_LOG says when it is
/// set; colour codes only when stderr is a terminal (and NO_COLOR is not set).
fn init_logs(verbosity: &Verbosity) {
    use tracing_subscriber::EnvFilter;
    let filter = std::env::var("RUST_LOG")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .and_then(|v| EnvFilter::try_new(v).ok())
        .unwrap_or_else(|| EnvFilter::new(verbosity.filter()));
    let colour = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(|| progress::Stderr)
        .with_ansi(colour)
        .init();
}

/// Writes the completion script of `shell` to stdout.
fn completions(shell: clap_complete::Shell) -> Result<(), CliError> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "payments", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logs(&cli.verbosity);
    progress::set_quiet(cli.verbosity.quiet);
    let result = match cli.command {
        Command::Demo => demo::run().await,
        Command::Sandbox(args) => serve::run(args).await,
        Command::Listen(args) => listen::run(args, &cli.policy).await,
        Command::Trigger(args) => trigger_cmd::run(args, &cli.policy).await,
        Command::Oneentry(c) => dispatch::oneentry(c, &cli.policy).await,
        Command::Paywall(c) => dispatch::paywall(c, &cli.policy).await,
        Command::Craftgate(c) => dispatch::craftgate(c, &cli.policy).await,
        Command::Completions { shell } => completions(shell),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`payments ... | head`): stop quietly, as `cat` does.
        Err(CliError::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", error_line::one_line(&e));
            ExitCode::from(e.exit_code())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command but `help`, with its path (`payments paywall bulk-query`).
    fn commands(command: &clap::Command, path: &str, out: &mut Vec<(String, clap::Command)>) {
        for sub in command.get_subcommands() {
            if sub.get_name() == "help" {
                continue;
            }
            let path = format!("{path} {}", sub.get_name());
            out.push((path.clone(), sub.clone()));
            commands(sub, &path, out);
        }
    }

    #[test]
    fn every_command_shows_an_example_in_its_help() {
        let root = Cli::command();
        let mut all = vec![("payments".to_string(), root.clone())];
        commands(&root, "payments", &mut all);
        assert!(all.len() >= 12, "{}", all.len());
        for (path, command) in &all {
            let help = [command.get_after_help(), command.get_after_long_help()]
                .into_iter()
                .flatten()
                .map(|h| h.to_string())
                .collect::<String>();
            let example = help
                .lines()
                .skip_while(|l| !l.starts_with("Example:"))
                .nth(1)
                .unwrap_or_default();
            assert!(
                example.trim_start().starts_with(path.as_str()),
                "`{path} --help` shows no example of itself:\n{help}"
            );
            // The example is a command line this CLI accepts (up to a redirection).
            let line = example.split(" >").next().unwrap_or_default();
            if let Err(e) = Cli::try_parse_from(words(line)) {
                let help_asked = matches!(
                    e.kind(),
                    clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
                );
                assert!(help_asked && path == "payments", "`{line}`: {e}");
            }
        }
    }

    /// The words of a shell command line: split at spaces outside quotes, quotes removed.
    fn words(line: &str) -> Vec<String> {
        let (mut words, mut word, mut quote) = (Vec::new(), String::new(), None);
        for c in line.trim().chars() {
            match (quote, c) {
                (None, '\'' | '"') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, ' ') if !word.is_empty() => words.push(std::mem::take(&mut word)),
                (None, ' ') => {}
                _ => word.push(c),
            }
        }
        words.extend((!word.is_empty()).then_some(word));
        words
    }

    #[test]
    fn every_provider_operation_takes_every_output_format() {
        let root = Cli::command();
        let mut all = Vec::new();
        commands(&root, "payments", &mut all);
        let operations: Vec<_> = all
            .iter()
            .filter(|(path, c)| {
                ["oneentry", "paywall", "craftgate"]
                    .iter()
                    .any(|p| path.starts_with(&format!("payments {p} ")))
                    && !c.has_subcommands()
            })
            .collect();
        assert!(operations.len() >= 6);
        for (path, command) in operations {
            let output = command
                .get_arguments()
                .find(|a| a.get_id() == "output")
                .unwrap_or_else(|| panic!("`{path}` has no --output"));
            let formats: Vec<String> = output
                .get_possible_values()
                .iter()
                .map(|v| v.get_name().to_string())
                .collect();
            assert_eq!(formats, ["table", "json", "ndjson", "csv"], "{path}");
            assert!(
                command.get_arguments().any(|a| a.get_id() == "json"),
                "{path}"
            );
        }
    }

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
