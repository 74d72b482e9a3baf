//! `payments trigger`: makes a running sandbox's provider act so that it pushes (through
//! its control listener's `POST /trigger`), or makes a Paywall batch with the sandbox's
//! seeding API (`POST /paywall/batches`, the event `batch-seeded`).

use clap::Args;
use payments_sandbox::{BatchSeed, PushProvider, TRIGGERS, TriggerRequest};
use rust_decimal::Decimal;

use crate::args::{PolicyArgs, PushProviderArg, parse_amount, parse_id};
use crate::control_api::{self, ControlApi};
use crate::error::CliError;

/// The event the CLI adds to the sandbox's triggers: a Paywall batch made with the seeding
/// API (its completion callback follows).
const BATCH_SEEDED: &str = "batch-seeded";
/// What `batch-seeded` takes.
const BATCH_SEEDED_ARGS: &str = "size [batch] [callback-url] [days-ago]";
/// What `batch-seeded` does.
const BATCH_SEEDED_DOES: &str =
    "make a batch of N payments with the seeding API (its bulk callback follows)";

/// What `payments trigger` takes.
#[derive(Debug, Args)]
pub struct TriggerArgs {
    /// Whose event.
    #[arg(value_enum)]
    provider: PushProviderArg,
    /// The event (the list is below).
    event: String,
    /// The Craftgate payment (`payment-refunded`).
    #[arg(long, value_name = "ID", value_parser = parse_id)]
    payment: Option<i64>,
    /// The Craftgate payment item, a payment transaction (`item-refunded`).
    #[arg(long, value_name = "ID", value_parser = parse_id)]
    item: Option<i64>,
    /// How much of the item to refund, exact (`item-refunded`; default: what is left).
    #[arg(long, value_name = "X", value_parser = parse_amount)]
    amount: Option<Decimal>,
    /// The Paywall batch's merchant unique code (`bulk-*`; for `batch-seeded` the code to
    /// give the new batch, default `sandbox-bulk-<BulkPaymentId>`).
    #[arg(long, value_name = "CODE")]
    batch: Option<String>,
    /// How many payments the new batch holds, 1 to 1000000 (`batch-seeded`).
    #[arg(long, value_name = "N")]
    size: Option<usize>,
    /// The new batch's own callback address, an http:// URL; the listening endpoints get
    /// its callbacks as well (`batch-seeded`).
    #[arg(long, value_name = "URL")]
    callback_url: Option<String>,
    /// How many days before Paywall's today the new batch was made: 0 can be cancelled,
    /// 1 or more refunded (`batch-seeded`; default 1).
    #[arg(long, value_name = "N")]
    days_ago: Option<u32>,
    /// The control URL of the running sandbox (`payments sandbox` prints the line that
    /// sets PAYMENTS_SANDBOX_URL).
    #[arg(long, env = control_api::VARIABLE, value_name = "URL")]
    sandbox: Option<String>,
    /// Print the sandbox's answer as one JSON object.
    #[arg(long)]
    json: bool,
}

/// `--help`'s list of events (from [`TRIGGERS`], and `batch-seeded`), then an example.
pub fn help() -> String {
    let events = every_event();
    let usage: Vec<String> = events
        .iter()
        .map(|(provider, name, args, _)| {
            let flags = args
                .split_whitespace()
                .map(|word| match word.strip_prefix('[') {
                    Some(optional) => format!("[{}]", flag(optional.trim_end_matches(']'))),
                    None => flag(word),
                })
                .collect::<Vec<_>>()
                .join(" ");
            format!("{provider} {name} {flags}")
        })
        .collect();
    let mut help = String::from("Events:\n");
    for (line, (.., does)) in usage.iter().zip(&events) {
        help.push_str(&format!("  {line}\n      {does}\n"));
    }
    help.push_str(
        "\nExample:\n  payments trigger craftgate payment-refunded --payment 1001\n  payments trigger paywall batch-seeded --size 2345",
    );
    help
}

/// Every event: the sandbox's triggers and `batch-seeded`.
fn every_event() -> Vec<(PushProvider, &'static str, &'static str, &'static str)> {
    TRIGGERS
        .iter()
        .copied()
        .chain([(
            PushProvider::Paywall,
            BATCH_SEEDED,
            BATCH_SEEDED_ARGS,
            BATCH_SEEDED_DOES,
        )])
        .collect()
}

/// The flag of a trigger argument, with its value's name.
fn flag(argument: &str) -> String {
    let value = match argument {
        "payment" | "item" => "ID",
        "amount" => "X",
        "batch" => "CODE",
        "callback-url" => "URL",
        _ => "N",
    };
    format!("--{argument} {value}")
}

impl TriggerArgs {
    /// The arguments given, by their names in [`TRIGGERS`].
    fn given(&self) -> Vec<&'static str> {
        [
            ("payment", self.payment.is_some()),
            ("item", self.item.is_some()),
            ("amount", self.amount.is_some()),
            ("batch", self.batch.is_some()),
            ("size", self.size.is_some()),
            ("callback-url", self.callback_url.is_some()),
            ("days-ago", self.days_ago.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, given)| given.then_some(name))
        .collect()
    }

    /// Refuses an unknown event, a missing argument or one the event does not take,
    /// before anything is sent.
    fn check(&self) -> Result<(), CliError> {
        let provider = PushProvider::from(self.provider);
        let events = every_event();
        let Some((.., args, _)) = events
            .iter()
            .find(|(p, name, ..)| *p == provider && *name == self.event)
        else {
            let known: Vec<&str> = events
                .iter()
                .filter(|(p, ..)| *p == provider)
                .map(|(_, name, ..)| *name)
                .collect();
            return Err(CliError::Usage(format!(
                "{provider} has no event `{}` to trigger (it has: {})",
                self.event,
                known.join(", ")
            )));
        };
        let takes: Vec<(&str, bool)> = args
            .split_whitespace()
            .map(|word| match word.strip_prefix('[') {
                Some(optional) => (optional.trim_end_matches(']'), false),
                None => (word, true),
            })
            .collect();
        let given = self.given();
        if let Some((missing, _)) = takes
            .iter()
            .find(|(name, required)| *required && !given.contains(name))
        {
            return Err(CliError::Usage(format!(
                "`{}` needs {}",
                self.event,
                flag(missing)
            )));
        }
        if let Some(extra) = given
            .iter()
            .find(|name| !takes.iter().any(|(taken, _)| taken == *name))
        {
            let takes = takes
                .iter()
                .map(|(name, _)| format!("--{name}"))
                .collect::<Vec<_>>()
                .join(", ");
            return Err(CliError::Usage(format!(
                "`{}` takes no --{extra} (it takes {takes})",
                self.event
            )));
        }
        if let Some(url) = &self.callback_url {
            let plain_http =
                url::Url::parse(url).is_ok_and(|u| u.scheme() == "http" && u.host().is_some());
            if !plain_http {
                return Err(CliError::Usage(format!(
                    "--callback-url `{url}` is not an http:// URL (the sandbox pushes over plain HTTP only)"
                )));
            }
        }
        if self.batch.as_deref().is_some_and(|b| b.trim().is_empty()) {
            return Err(CliError::Usage("--batch is empty".into()));
        }
        let max = payments_sandbox::seed::paywall::MAX_BULK_PAYMENT_COUNT;
        if let Some(size) = self.size.filter(|size| !(1..=max).contains(size)) {
            return Err(CliError::Usage(format!(
                "--size {size}: a batch holds 1 to {max} payments"
            )));
        }
        Ok(())
    }
}

/// Runs `payments trigger`.
pub async fn run(args: TriggerArgs, policy: &PolicyArgs) -> Result<(), CliError> {
    args.check()?;
    let timeout = policy.timeout.unwrap_or(control_api::DEFAULT_TIMEOUT);
    let control = ControlApi::from_arg(args.sandbox.as_deref(), timeout)?;
    if args.event == BATCH_SEEDED {
        let mut seed = BatchSeed::new(args.size.unwrap_or(1));
        seed.merchant_unique_code = args.batch;
        seed.callback_url = args.callback_url;
        if let Some(days) = args.days_ago {
            seed.days_ago = days;
        }
        let batch = control.seed_batch(&seed).await?;
        if args.json {
            say!("{}", json_line(&batch)?);
        } else {
            say!(
                "batch {}: BulkPaymentId {}, day {}, {} payments",
                batch.merchant_unique_code,
                batch.bulk_payment_id,
                batch.date,
                batch.payment_count
            );
            say!("{}", deliveries(&batch.deliveries));
        }
        return Ok(());
    }
    let mut request = TriggerRequest::new(args.provider.into(), args.event);
    request.payment = args.payment;
    request.item = args.item;
    request.amount = args.amount;
    request.batch = args.batch;
    let triggered = control.trigger(&request).await?;
    if args.json {
        say!("{}", json_line(&triggered)?);
    } else {
        say!("{}", triggered.summary);
        say!("{}", deliveries(&triggered.deliveries));
    }
    Ok(())
}

/// `value` on one line.
fn json_line(value: &impl serde::Serialize) -> Result<String, CliError> {
    serde_json::to_string(value).map_err(|e| CliError::Io(e.into()))
}

/// The deliveries line: their ids, or why there are none.
fn deliveries(ids: &[u64]) -> String {
    if ids.is_empty() {
        return "deliveries: none (no endpoint is registered; run payments listen)".into();
    }
    let ids: Vec<String> = ids.iter().map(u64::to_string).collect();
    format!("deliveries: {}", ids.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Line {
        #[command(flatten)]
        args: TriggerArgs,
    }

    fn checked(line: &str) -> Result<(), String> {
        let words = std::iter::once("trigger").chain(line.split_whitespace());
        let line = Line::try_parse_from(words).map_err(|e| e.to_string())?;
        line.args.check().map_err(|e| e.to_string())
    }

    #[test]
    fn the_help_lists_every_event_with_its_flags() {
        let help = help();
        for (provider, name, ..) in TRIGGERS {
            assert!(help.contains(&format!("{provider} {name} ")), "{help}");
        }
        assert!(help.contains("craftgate item-refunded --item ID [--amount X]"));
        assert!(help.contains(
            "paywall batch-seeded --size N [--batch CODE] [--callback-url URL] [--days-ago N]"
        ));
    }

    #[test]
    fn events_and_their_arguments_are_checked_before_sending() {
        assert_eq!(checked("craftgate payment-refunded --payment 1001"), Ok(()));
        assert_eq!(
            checked("craftgate item-refunded --item 2001 --amount 1.5"),
            Ok(())
        );
        assert_eq!(checked("paywall bulk-cancelled --batch b"), Ok(()));
        assert_eq!(
            checked("paywall batch-seeded --size 2345 --days-ago 0"),
            Ok(())
        );
        assert_eq!(
            checked("craftgate bulk-refunded --batch b").unwrap_err(),
            "craftgate has no event `bulk-refunded` to trigger (it has: payment-refunded, item-refunded)"
        );
        assert!(
            checked("paywall nothing")
                .unwrap_err()
                .ends_with("(it has: bulk-completed, bulk-cancelled, bulk-refunded, batch-seeded)")
        );
        assert_eq!(
            checked("craftgate item-refunded --amount 1").unwrap_err(),
            "`item-refunded` needs --item ID"
        );
        assert_eq!(
            checked("craftgate payment-refunded --payment 1 --batch b").unwrap_err(),
            "`payment-refunded` takes no --batch (it takes --payment)"
        );
        assert_eq!(
            checked("paywall batch-seeded --size 0").unwrap_err(),
            "--size 0: a batch holds 1 to 1000000 payments"
        );
        assert!(checked("stripe payment-refunded --payment 1").is_err());
        assert_eq!(
            checked("paywall batch-seeded --size 3 --callback-url https://shop.example/cb")
                .unwrap_err(),
            "--callback-url `https://shop.example/cb` is not an http:// URL (the sandbox pushes over plain HTTP only)"
        );
        assert_eq!(
            checked("paywall batch-seeded --size 3 --callback-url http://127.0.0.1:8088/cb"),
            Ok(())
        );
    }

    #[test]
    fn the_deliveries_line_says_when_none_went_out() {
        assert_eq!(deliveries(&[3, 4]), "deliveries: 3, 4");
        assert!(deliveries(&[]).contains("run payments listen"));
    }
}
