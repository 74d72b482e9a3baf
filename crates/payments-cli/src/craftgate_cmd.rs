//! `payments craftgate` commands about money: refunds (make one, list a payment's, look
//! one up), payment search, and webhook verification.
//!
//! The refund goes through the facade (`Refunds`, which keys it); the lookups call the
//! Craftgate client directly and print Craftgate's records (as received, in JSON).

use std::io::IsTerminal;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use clap::{ArgGroup, Subcommand, ValueEnum};
use craftgate_client::CallExt;
use craftgate_client::types::ReportingPaymentTransactionRefund;
use craftgate_client::wire::PaymentStatus;
use payments::{
    ErrorKind, ItemId, PaymentId, PaymentRef, Payments, PaymentsError, Provider, RefundRequest,
    RefundTarget,
};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::args::{Format, Output, PolicyArgs, WriteArgs, parse_amount, parse_id};
use crate::connect::connect;
use crate::error::CliError;
use crate::live::Host;
use crate::ops::emit;
use crate::print;
use crate::render_craftgate as render;
use crate::render_refund::{refund_json, refunds_table};
use crate::verify::{self, WebhookArgs};
use crate::write::Write;

/// 23:59:59, the last second of a day (Craftgate's times have whole seconds).
const LAST_SECOND: NaiveTime = match NaiveTime::from_hms_opt(23, 59, 59) {
    Some(time) => time,
    None => panic!("23:59:59 is a time of day"),
};

/// How many item refunds one page of the refund search asks for.
const REFUND_PAGE: i32 = 100;

/// How many pages of item refunds `refunds` reads at most: far more than a payment's items
/// can have, and a bound should an answer never end.
const MAX_REFUND_PAGES: i32 = 100;

/// A payment status to search for (docs/providers/craftgate.md#payment-status).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Status {
    /// The payment succeeded.
    #[value(name = "SUCCESS")]
    Success,
    /// The payment failed.
    #[value(name = "FAILURE")]
    Failure,
    /// 3-D Secure started.
    #[value(name = "INIT_THREEDS")]
    InitThreeds,
    /// 3-D Secure callback received.
    #[value(name = "CALLBACK_THREEDS")]
    CallbackThreeds,
    /// Pending.
    #[value(name = "WAITING")]
    Waiting,
}

impl From<Status> for PaymentStatus {
    fn from(status: Status) -> Self {
        match status {
            Status::Success => PaymentStatus::Success,
            Status::Failure => PaymentStatus::Failure,
            Status::InitThreeds => PaymentStatus::InitThreeds,
            Status::CallbackThreeds => PaymentStatus::CallbackThreeds,
            Status::Waiting => PaymentStatus::Waiting,
        }
    }
}

/// A day (`YYYY-MM-DD`) or a moment (`YYYY-MM-DDTHH:MM:SS`), Craftgate's wall-clock time
/// (Istanbul, docs/providers/craftgate.md#time-zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// A whole day.
    Day(NaiveDate),
    /// A moment.
    At(NaiveDateTime),
}

impl When {
    /// The first moment it covers.
    fn start(self) -> NaiveDateTime {
        match self {
            When::Day(day) => day.and_time(NaiveTime::MIN),
            When::At(at) => at,
        }
    }

    /// The last second it covers.
    fn end(self) -> NaiveDateTime {
        match self {
            When::Day(day) => day.and_time(LAST_SECOND),
            When::At(at) => at,
        }
    }
}

/// Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS`.
fn parse_when(arg: &str) -> Result<When, String> {
    let arg = arg.trim();
    NaiveDate::parse_from_str(arg, "%Y-%m-%d")
        .map(When::Day)
        .or_else(|_| NaiveDateTime::parse_from_str(arg, "%Y-%m-%dT%H:%M:%S").map(When::At))
        .map_err(|_| format!("`{arg}`: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS"))
}

/// `payments craftgate ...`: the commands about money.
#[derive(Debug, Subcommand)]
pub enum CraftgateMoney {
    /// Refund a whole payment, or one item of its breakdown, fully or partly.
    ///
    /// A whole payment (PAYMENT_ID) is refunded in full; on the payment's day Craftgate
    /// cancels it instead. An item (--item) is refunded by --amount, or by what is left of
    /// it. Every refund carries an idempotency key, and Craftgate makes one refund per key.
    /// Without --idempotency-key one is generated: it is printed with the refund, in the
    /// error line when the outcome is unknown (exit code 3), and on a terminal before
    /// anything is sent. Run the same command with that key to retry safely. Prints the
    /// refund made.
    #[command(group(ArgGroup::new("target").required(true).args(["payment_id", "item"])))]
    #[command(after_help = "Example:\n  payments craftgate refund 1001 --dry-run")]
    Refund {
        /// The payment to refund in full.
        #[arg(value_parser = parse_id)]
        payment_id: Option<i64>,
        /// Refund this breakdown item (payment transaction) instead of a whole payment.
        #[arg(long, value_name = "ITEM_ID", value_parser = parse_id)]
        item: Option<i64>,
        /// How much of the item to refund (an exact amount, e.g. 10.50; default: what is
        /// left of it).
        #[arg(long, requires = "item", allow_negative_numbers = true, value_parser = parse_amount)]
        amount: Option<Decimal>,
        /// The refund's idempotency key (printable ASCII); reuse it to retry the same
        /// refund.
        #[arg(long, value_name = "KEY")]
        idempotency_key: Option<String>,
        /// Your reference for the refund (Craftgate's conversationId).
        #[arg(long)]
        reference: Option<String>,
        /// Dry run and live mode.
        #[command(flatten)]
        write: WriteArgs,
        /// Output format.
        #[command(flatten)]
        output: Output,
    },
    /// The refunds of a payment: refunds of the whole payment, and refunds of its items.
    #[command(after_help = "Example:\n  payments craftgate refunds 1001")]
    Refunds {
        /// The payment's id.
        #[arg(value_parser = parse_id)]
        payment_id: i64,
        /// Output format.
        #[command(flatten)]
        output: Output,
    },
    /// One refund by its id: a refund of a whole payment, or with --item of an item.
    #[command(after_help = "Example:\n  payments craftgate retrieve-refund 301 --json")]
    RetrieveRefund {
        /// The refund's id.
        #[arg(value_parser = parse_id)]
        refund_id: i64,
        /// The id is an item refund's (a payment transaction refund).
        #[arg(long)]
        item: bool,
        /// Output format.
        #[command(flatten)]
        output: Output,
    },
    /// Search payments by creation time and status, newest first, one page at a time.
    ///
    /// Times are Craftgate's wall-clock time (Istanbul). A day given to --from starts at
    /// 00:00:00, a day given to --to ends at 23:59:59.
    #[command(
        after_help = "Example:\n  payments craftgate search --from 2024-12-01 --to 2024-12-31 --status SUCCESS --output csv"
    )]
    Search {
        /// Created at or after this day or moment (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS).
        #[arg(long, value_parser = parse_when)]
        from: Option<When>,
        /// Created at or before this day or moment (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS).
        #[arg(long, value_parser = parse_when)]
        to: Option<When>,
        /// Only payments in this status.
        #[arg(long, value_enum, ignore_case = true)]
        status: Option<Status>,
        /// The page to show, from 0.
        #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(i32).range(0..))]
        page: i32,
        /// Payments per page.
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(i32).range(1..=1000))]
        size: i32,
        /// Output format.
        #[command(flatten)]
        output: Output,
    },
    /// Check a transaction webhook's signature (`x-cg-signature-v1`, an HMAC-SHA256 of the
    /// event under the merchant's webhook key).
    ///
    /// Prints `valid` and the signed fields, or `invalid` and why; exits 1 when invalid.
    /// Only eventType, eventTimestamp, status and payloadId are signed: confirm the payment
    /// by retrieving it before acting on it.
    #[command(
        after_help = "Example:\n  payments craftgate verify-webhook --header 'x-cg-signature-v1: SIGNATURE' --body-file webhook.json"
    )]
    VerifyWebhook(WebhookArgs),
}

/// Runs a Craftgate money command.
pub async fn run(command: CraftgateMoney, policy: &PolicyArgs) -> Result<(), CliError> {
    match command {
        CraftgateMoney::Refund {
            payment_id,
            item,
            amount,
            idempotency_key,
            reference,
            write,
            output,
        } => {
            let write = Write::new(policy, write, Host::Craftgate, output)?;
            let target = match (item, payment_id) {
                (Some(item), _) => RefundTarget::Item(ItemId::new(item.to_string())),
                (None, Some(id)) => {
                    RefundTarget::Payment(PaymentRef::Id(PaymentId::new(id.to_string())))
                }
                (None, None) => {
                    return Err(CliError::Usage(
                        "give a PAYMENT_ID or --item ITEM_ID".into(),
                    ));
                }
            };
            let key = match idempotency_key {
                Some(key) => key,
                None => {
                    let key = uuid::Uuid::new_v4().to_string();
                    // For an operator who may interrupt the call: the key to retry with.
                    // Elsewhere it comes with the refund, or in the error when the
                    // outcome is unknown.
                    if !write.is_dry_run() && std::io::stderr().is_terminal() {
                        eprintln!(
                            "idempotency key {key}: to retry this refund safely, run it again with --idempotency-key {key}"
                        );
                    }
                    key
                }
            };
            let request = RefundRequest {
                target: target.clone(),
                amount,
                payment_date: None,
                idempotency_key: Some(key),
                reference,
            };
            let result = refund(write.payments(), &request).await;
            write.finish(result, |refund, output| {
                let table = refunds_table(std::slice::from_ref(&refund));
                let title = format!("Refunded Craftgate {target}");
                print::one(output, title, table, refund_json(&refund))
            })
        }
        CraftgateMoney::Refunds { payment_id, output } => {
            refunds(&connect(policy)?, payment_id, output).await
        }
        CraftgateMoney::RetrieveRefund {
            refund_id,
            item,
            output,
        } => retrieve_refund(&connect(policy)?, refund_id, item, output).await,
        CraftgateMoney::Search {
            from,
            to,
            status,
            page,
            size,
            output,
        } => {
            let client = connect(policy)?;
            let client = client.craftgate()?.client();
            let mut search = client.search_payments().page(page).size(size);
            if let Some(from) = from {
                search = search.min_created_date(from.start());
            }
            if let Some(to) = to {
                search = search.max_created_date(to.end());
            }
            if let Some(status) = status {
                search = search.payment_status(PaymentStatus::from(status));
            }
            let found = search.send().payload().await.map_err(craftgate_error)?;
            let title = format!(
                "{} of {} payments (page {page}, {size} a page)",
                found.items.len(),
                found.total_size.map_or("?".into(), |t| t.to_string())
            );
            let head = [
                ("page", json!(page)),
                ("size", json!(size)),
                ("total", json!(found.total_size)),
            ];
            print::page(
                output,
                title,
                render::payments_table(&found.items),
                &head,
                found
                    .items
                    .iter()
                    .map(print::provider_json)
                    .collect::<Result<_, _>>()?,
            )
        }
        CraftgateMoney::VerifyWebhook(args) => verify::craftgate_webhook(args),
    }
}

/// Makes the refund; the facade checks the input before anything is sent.
async fn refund(
    payments: &Payments,
    request: &RefundRequest,
) -> Result<payments::Refund, CliError> {
    Ok(payments
        .refunds(Provider::Craftgate)?
        .refund(request)
        .await?)
}

/// Prints a payment's refunds: those of the whole payment, and every page of those of its
/// items.
async fn refunds(payments: &Payments, payment_id: i64, output: Output) -> Result<(), CliError> {
    let client = payments.craftgate()?.client();
    let whole = client
        .retrieve_payment_refunds()
        .id(payment_id)
        .send()
        .payload()
        .await
        .map_err(craftgate_error)?
        .items;
    let mut items: Vec<ReportingPaymentTransactionRefund> = Vec::new();
    for page in 0.. {
        if page == MAX_REFUND_PAGES {
            return Err(CliError::Provider(PaymentsError::new(
                Provider::Craftgate,
                ErrorKind::UnexpectedResponse,
                format!(
                    "payment {payment_id} has more than {} item refunds; stopped listing them",
                    MAX_REFUND_PAGES * REFUND_PAGE
                ),
            )));
        }
        let found = client
            .search_payment_transaction_refunds()
            .payment_id(payment_id)
            .page(page)
            .size(REFUND_PAGE)
            .send()
            .payload()
            .await
            .map_err(craftgate_error)?;
        let last = found.items.len() < REFUND_PAGE as usize
            || found
                .total_size
                .is_some_and(|total| items.len() as i64 + found.items.len() as i64 >= total);
        items.extend(found.items);
        if last {
            break;
        }
    }
    let (whole_json, items_json) = (print::provider_json(&whole)?, print::provider_json(&items)?);
    emit(
        output,
        || {
            let title = format!(
                "Refunds of Craftgate payment {payment_id}: {} of the payment, {} of its items",
                whole.len(),
                items.len()
            );
            vec![(title, render::reporting_refunds_table(&whole, &items))]
        },
        || match output.format() {
            Format::Ndjson => {
                let tagged = |kind: &str, list: &Value| -> Vec<Value> {
                    list.as_array()
                        .into_iter()
                        .flatten()
                        .map(|r| json!({ "kind": kind, "refund": r }))
                        .collect()
                };
                let mut all = tagged("payment", &whole_json);
                all.extend(tagged("item", &items_json));
                Value::Array(all)
            }
            _ => json!({
                "payment_id": payment_id,
                "payment_refunds": whole_json.clone(),
                "item_refunds": items_json.clone(),
            }),
        },
    )
}

/// Prints one refund, of a whole payment or (with `item`) of an item.
async fn retrieve_refund(
    payments: &Payments,
    refund_id: i64,
    item: bool,
    output: Output,
) -> Result<(), CliError> {
    let client = payments.craftgate()?.client();
    if item {
        let refund = client
            .retrieve_payment_transaction_refund()
            .id(refund_id)
            .send()
            .payload()
            .await
            .map_err(craftgate_error)?;
        let title = format!("Item refund {refund_id}");
        let table = render::item_refund_table(&refund);
        print::one(output, title, table, print::provider_json(&refund)?)
    } else {
        let refund = client
            .retrieve_payment_refund()
            .id(refund_id)
            .send()
            .payload()
            .await
            .map_err(craftgate_error)?;
        let title = format!("Payment refund {refund_id}");
        let table = render::payment_refund_table(&refund);
        print::one(output, title, table, print::provider_json(&refund)?)
    }
}

/// A Craftgate client error as the facade reports errors (kind, message, code, status).
fn craftgate_error(error: craftgate_client::CraftgateError) -> CliError {
    CliError::Provider(payments::from_client(Provider::Craftgate, error))
}
