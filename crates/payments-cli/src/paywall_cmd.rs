//! `payments paywall` commands about money: single-payment query, cancel and refund; bulk
//! summary, cancel, refund, retry and callback re-send; callback verification.
//!
//! Paywall documents no idempotency key, so none of its writes is ever sent twice: a write
//! whose answer is lost ends with exit code 3 (outcome unknown); look the payment or batch
//! up before trying again. Refunds and the bulk summary go through the facade; the other
//! calls use the Paywall client directly and print Paywall's records.

use chrono::NaiveDate;
use clap::{ArgGroup, Args, Subcommand};
use payments::{PaymentId, PaymentRef, Payments, Provider, RefundRequest, RefundTarget};
use paywall_client::CallExt;
use paywall_client::types::{BulkBatchRequest, CancelByUniqueCodeRequest, CancelRequest};
use rust_decimal::Decimal;
use serde_json::json;

use crate::args::{Output, PolicyArgs, WriteArgs, parse_amount, parse_date, parse_id};
use crate::connect::connect;
use crate::error::CliError;
use crate::live::Host;
use crate::print;
use crate::render;
use crate::render_paywall::records_table;
use crate::render_refund::{refund_json, refunds_table};
use crate::table::Table;
use crate::verify::{self, CallbackArgs};
use crate::write::Write;

/// Parses a value Paywall takes in an HTTP header (its queries' inputs): printable ASCII,
/// not empty.
fn parse_header_text(arg: &str) -> Result<String, String> {
    if !arg.trim().is_empty() && arg.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        Ok(arg.to_string())
    } else {
        Err(format!(
            "`{arg}`: expected printable ASCII text (Paywall takes it in an HTTP header)"
        ))
    }
}

/// A write to a bulk batch: the batch, its day, and how the write runs.
#[derive(Debug, Args)]
pub struct BulkWrite {
    /// The batch's merchant unique code.
    merchant_unique_code: String,
    /// The day the batch was made, in Paywall's day (Istanbul), YYYY-MM-DD.
    #[arg(long, value_parser = parse_date)]
    date: NaiveDate,
    /// Dry run and live mode.
    #[command(flatten)]
    write: WriteArgs,
    /// Output format.
    #[command(flatten)]
    output: Output,
}

/// `payments paywall ...`: the commands about money.
#[derive(Debug, Subcommand)]
pub enum PaywallMoney {
    /// One payment, by your merchant unique code, Paywall's unique code or its payment id;
    /// or every payment with a tracking code (at most 100).
    #[command(group(ArgGroup::new("by").required(true).args([
        "merchant_unique_code", "unique_code", "payment_id", "tracking_code"
    ])))]
    #[command(
        after_help = "Example:\n  payments paywall payment --merchant-unique-code ORDER-1001"
    )]
    Payment {
        /// Your merchant unique code.
        #[arg(long, value_parser = parse_header_text)]
        merchant_unique_code: Option<String>,
        /// Paywall's unique code (a GUID).
        #[arg(long, value_parser = parse_header_text)]
        unique_code: Option<String>,
        /// Paywall's payment id.
        #[arg(long, value_parser = parse_id)]
        payment_id: Option<i64>,
        /// Your tracking code.
        #[arg(long, value_parser = parse_header_text)]
        tracking_code: Option<String>,
        /// Output format.
        #[command(flatten)]
        output: Output,
    },
    /// Cancel a payment on its payment day (later, refund it instead). Sent once, never
    /// retried; prints what Paywall answered.
    #[command(group(ArgGroup::new("by").required(true).args(["merchant_unique_code", "unique_code"])))]
    #[command(
        after_help = "Example:\n  payments paywall cancel --merchant-unique-code ORDER-1001 --date 2024-12-12 --dry-run"
    )]
    Cancel {
        /// Your merchant unique code.
        #[arg(long)]
        merchant_unique_code: Option<String>,
        /// Paywall's unique code (a GUID).
        #[arg(long)]
        unique_code: Option<String>,
        /// The payment's day, in Paywall's day (Istanbul), YYYY-MM-DD.
        #[arg(long, value_parser = parse_date)]
        date: NaiveDate,
        /// Dry run and live mode.
        #[command(flatten)]
        write: WriteArgs,
        /// Output format.
        #[command(flatten)]
        output: Output,
    },
    /// Refund a payment after its payment day, in full or (with --amount) in part. Sent
    /// once, never retried; prints the refund.
    ///
    /// By merchant unique code Paywall needs --date. A full refund by payment id is a
    /// revert: Paywall cancels or refunds, whichever its day allows, and needs no date.
    #[command(group(ArgGroup::new("by").required(true).args(["merchant_unique_code", "payment_id"])))]
    #[command(
        after_help = "Example:\n  payments paywall refund --payment-id 5001 --amount 10.50 --date 2024-12-12 --dry-run"
    )]
    Refund {
        /// Your merchant unique code.
        #[arg(long)]
        merchant_unique_code: Option<String>,
        /// Paywall's payment id.
        #[arg(long, value_parser = parse_id)]
        payment_id: Option<i64>,
        /// How much to refund (an exact amount, e.g. 10.50; default: all of it).
        #[arg(long, allow_negative_numbers = true, value_parser = parse_amount)]
        amount: Option<Decimal>,
        /// The payment's day, in Paywall's day (Istanbul), YYYY-MM-DD.
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// Dry run and live mode.
        #[command(flatten)]
        write: WriteArgs,
        /// Output format.
        #[command(flatten)]
        output: Output,
    },
    /// The totals of a bulk batch: its payments, succeeded, failed and unprocessed.
    #[command(after_help = "Example:\n  payments paywall bulk-summary BATCH-2024-01")]
    BulkSummary {
        /// The batch's merchant unique code.
        #[arg(value_parser = parse_header_text)]
        merchant_unique_code: String,
        /// Output format.
        #[command(flatten)]
        output: Output,
    },
    /// Cancel every payment of a bulk batch, on the batch's day. Paywall queues it and
    /// reports the outcome by callback.
    #[command(
        after_help = "Example:\n  payments paywall bulk-cancel BATCH-2024-01 --date 2024-12-12 --dry-run"
    )]
    BulkCancel(BulkWrite),
    /// Refund every payment of a bulk batch, after the batch's day. Paywall queues it and
    /// reports the outcome by callback.
    #[command(
        after_help = "Example:\n  payments paywall bulk-refund BATCH-2024-01 --date 2024-12-12 --dry-run"
    )]
    BulkRefund(BulkWrite),
    /// Put a bulk batch back in the queue (e.g. after a provider configuration error).
    #[command(
        after_help = "Example:\n  payments paywall bulk-retry BATCH-2024-01 --date 2024-12-12 --dry-run"
    )]
    BulkRetry(BulkWrite),
    /// Send a bulk batch's completion callback again (batches at most 7 days old).
    #[command(
        after_help = "Example:\n  payments paywall bulk-callback BATCH-2024-01 --date 2024-12-12"
    )]
    BulkCallback(BulkWrite),
    /// Check a callback's `Hash` (lowercase hex SHA-256 of the key and the hashed fields)
    /// under the key in PAYWALL_CALLBACK_KEY (and PAYWALL_CALLBACK_KEY_PREVIOUS while
    /// rotating).
    ///
    /// Prints `valid` and the hashed fields, or `invalid` and why; exits 1 when invalid.
    /// Each field is hashed exactly as received. Only the hashed fields are vouched for:
    /// confirm the payment with `payments paywall payment` before acting on it.
    #[command(
        after_help = "Example:\n  payments paywall verify-callback --kind payment --body-file callback.json"
    )]
    VerifyCallback(CallbackArgs),
}

/// A bulk write: which one.
#[derive(Debug, Clone, Copy)]
enum BulkAction {
    Cancel,
    Refund,
    Retry,
}

impl BulkAction {
    fn name(self) -> &'static str {
        match self {
            BulkAction::Cancel => "cancel",
            BulkAction::Refund => "refund",
            BulkAction::Retry => "retry",
        }
    }
}

/// Runs a Paywall money command.
pub async fn run(command: PaywallMoney, policy: &PolicyArgs) -> Result<(), CliError> {
    match command {
        PaywallMoney::Payment {
            merchant_unique_code,
            unique_code,
            payment_id,
            tracking_code,
            output,
        } => {
            let payments = connect(policy)?;
            let client = payments.paywall()?.client();
            let by_tracking_code = tracking_code.is_some();
            let records = match (merchant_unique_code, unique_code, payment_id, tracking_code) {
                (Some(code), ..) => {
                    let query = client.private_query().merchantuniquecode(code);
                    query.send().payload().await.map(|r| vec![r])
                }
                (_, Some(code), ..) => {
                    let query = client.private_query_by_unique_code().uniquecode(code);
                    query.send().payload().await.map(|r| vec![r])
                }
                (_, _, Some(id), _) => {
                    let query = client.private_query_by_payment_id().paymentid(id);
                    query.send().payload().await.map(|r| vec![r])
                }
                (_, _, _, Some(code)) => {
                    let query = client.private_query_by_tracking_code().trackingcode(code);
                    query.send().payload().await
                }
                (None, None, None, None) => return Err(usage_one_of(PAYMENT_BY)),
            }
            .map_err(paywall_error)?;
            // A tracking code names a list; the other queries one payment.
            let json = if by_tracking_code {
                print::provider_json(&records)?
            } else {
                print::provider_json(&records.first())?
            };
            print::one(output, String::new(), records_table(&records), json)
        }
        PaywallMoney::Cancel {
            merchant_unique_code,
            unique_code,
            date,
            write,
            output,
        } => {
            let write = Write::new(policy, write, Host::PaywallPrivateApi, output)?;
            let code = match (merchant_unique_code, unique_code) {
                (Some(code), _) => Code::Merchant(code),
                (None, Some(code)) => Code::Paywall(code),
                (None, None) => return Err(usage_one_of(CANCEL_BY)),
            };
            let (what, shown) = (code.name(), code.value().to_string());
            let result = cancel(write.payments(), code, date).await;
            write.finish(result, |ack, output| {
                let message = ack.message.unwrap_or_default();
                let mut t = Table::new([what, "payment day", "Paywall's message"]);
                t.row(vec![shown.clone(), date.to_string(), message.clone()]);
                let json = json!({
                    "cancelled": true,
                    what.replace(' ', "_"): shown,
                    "date": date.to_string(),
                    "message": message,
                });
                print::one(output, "Cancelled Paywall payment".into(), t, json)
            })
        }
        PaywallMoney::Refund {
            merchant_unique_code,
            payment_id,
            amount,
            date,
            write,
            output,
        } => {
            let revert = payment_id.is_some() && merchant_unique_code.is_none() && amount.is_none();
            if date.is_none() && !revert {
                return Err(CliError::Usage(
                    "Paywall needs the payment's day for this refund: give --date YYYY-MM-DD (only a full refund by --payment-id goes without)".into(),
                ));
            }
            let write = Write::new(policy, write, Host::PaywallPrivateApi, output)?;
            let payment = match (merchant_unique_code, payment_id) {
                (Some(code), _) => PaymentRef::MerchantReference(code),
                (None, Some(id)) => PaymentRef::Id(PaymentId::new(id.to_string())),
                (None, None) => return Err(usage_one_of(REFUND_BY)),
            };
            let title = format!("Refunded Paywall {payment}");
            let request = RefundRequest {
                target: RefundTarget::Payment(payment),
                amount,
                payment_date: date,
                idempotency_key: None,
                reference: None,
            };
            let result = refund(write.payments(), &request).await;
            write.finish(result, |refund, output| {
                let table = refunds_table(std::slice::from_ref(&refund));
                print::one(output, title, table, refund_json(&refund))
            })
        }
        PaywallMoney::BulkSummary {
            merchant_unique_code,
            output,
        } => {
            let summary = connect(policy)?
                .bulk()?
                .bulk_summary(&merchant_unique_code)
                .await?;
            let table = render::summary_table(&merchant_unique_code, &summary);
            let json = json!({
                "merchant_unique_code": merchant_unique_code,
                "summary": render::summary_json(&summary),
            });
            print::one(output, String::new(), table, json)
        }
        PaywallMoney::BulkCancel(args) => bulk(policy, BulkAction::Cancel, args).await,
        PaywallMoney::BulkRefund(args) => bulk(policy, BulkAction::Refund, args).await,
        PaywallMoney::BulkRetry(args) => bulk(policy, BulkAction::Retry, args).await,
        PaywallMoney::BulkCallback(args) => bulk_callback(policy, args).await,
        PaywallMoney::VerifyCallback(args) => verify::paywall_callback(args),
    }
}

/// The flags that name a payment to query.
const PAYMENT_BY: &str = "--merchant-unique-code, --unique-code, --payment-id or --tracking-code";

/// The flags that name a payment to cancel.
const CANCEL_BY: &str = "--merchant-unique-code or --unique-code";

/// The flags that name a payment to refund.
const REFUND_BY: &str = "--merchant-unique-code or --payment-id";

/// The error for a command given none of the flags that name what it acts on (clap
/// refuses that first; this keeps the command total).
fn usage_one_of(flags: &str) -> CliError {
    CliError::Usage(format!("give one of {flags}"))
}

/// Sends a bulk write's body (every one takes the batch and its day) and reads the answer.
macro_rules! send_batch {
    ($builder:expr, $args:expr) => {
        $builder
            .body(BulkBatchRequest {
                date: $args.date,
                merchant_unique_code: $args.merchant_unique_code.clone(),
            })
            .send()
            .payload()
            .await
            .map_err(paywall_error)
    };
}

/// The code a payment to cancel is named by.
enum Code {
    /// Your merchant unique code.
    Merchant(String),
    /// Paywall's unique code.
    Paywall(String),
}

impl Code {
    fn name(&self) -> &'static str {
        match self {
            Code::Merchant(_) => "merchant unique code",
            Code::Paywall(_) => "unique code",
        }
    }

    fn value(&self) -> &str {
        match self {
            Code::Merchant(code) | Code::Paywall(code) => code,
        }
    }
}

/// Cancels a payment by one of its codes.
async fn cancel(
    payments: &Payments,
    code: Code,
    date: NaiveDate,
) -> Result<paywall_client::Acknowledgement, CliError> {
    let client = payments.paywall()?.client();
    let answer = match code {
        Code::Merchant(code) => {
            client
                .private_cancel()
                .body(CancelRequest {
                    date,
                    market_place: None,
                    merchant_unique_code: code,
                })
                .send()
                .payload()
                .await
        }
        Code::Paywall(code) => {
            client
                .private_cancel_by_unique_code()
                .body(CancelByUniqueCodeRequest {
                    date,
                    market_place: None,
                    unique_code: code,
                })
                .send()
                .payload()
                .await
        }
    };
    answer.map_err(paywall_error)
}

/// Makes the refund; the facade checks the input before anything is sent.
async fn refund(
    payments: &Payments,
    request: &RefundRequest,
) -> Result<payments::Refund, CliError> {
    Ok(payments.refunds(Provider::Paywall)?.refund(request).await?)
}

/// Runs a bulk cancel, refund or retry and prints what Paywall queued.
async fn bulk(policy: &PolicyArgs, action: BulkAction, args: BulkWrite) -> Result<(), CliError> {
    let write = Write::new(policy, args.write, Host::PaywallPaymentApi, args.output)?;
    let result = async {
        let client = write.payments().paywall()?.client();
        match action {
            BulkAction::Cancel => send_batch!(client.bulk_payment_cancel(), args),
            BulkAction::Refund => send_batch!(client.bulk_payment_refund(), args),
            BulkAction::Retry => send_batch!(client.bulk_payment_retry(), args),
        }
    }
    .await;
    write.finish(result, |queued, output| {
        let mut t = Table::new(["batch", "batch day", "action", "bulk payment", "payments"]);
        t.row(vec![
            args.merchant_unique_code.clone().into(),
            args.date.to_string().into(),
            action.name().into(),
            render::opt(&queued.bulk_payment_id),
            render::opt(&queued.total_payment_count),
        ]);
        let json = json!({
            "merchant_unique_code": args.merchant_unique_code,
            "date": args.date.to_string(),
            "action": action.name(),
            "queued": true,
            "bulk_payment_id": queued.bulk_payment_id,
            "total_payment_count": queued.total_payment_count,
        });
        print::one(
            output,
            format!("Bulk {} queued by Paywall", action.name()),
            t,
            json,
        )
    })
}

/// Sends a bulk batch's completion callback again and prints what Paywall answered.
async fn bulk_callback(policy: &PolicyArgs, args: BulkWrite) -> Result<(), CliError> {
    let write = Write::new(policy, args.write, Host::PaywallPaymentApi, args.output)?;
    let result = async {
        let client = write.payments().paywall()?.client();
        send_batch!(client.bulk_payment_send_callback(), args)
    }
    .await;
    write.finish(result, |sent, output| {
        let message = sent.message.unwrap_or_default();
        let mut t = Table::new(["batch", "batch day", "bulk payment", "Paywall's message"]);
        t.row(vec![
            args.merchant_unique_code.clone().into(),
            args.date.to_string().into(),
            render::opt(&sent.bulk_payment_id),
            message.clone().into(),
        ]);
        let json = json!({
            "merchant_unique_code": args.merchant_unique_code,
            "date": args.date.to_string(),
            "bulk_payment_id": sent.bulk_payment_id,
            "message": message,
        });
        print::one(output, "Bulk callback scheduled again".into(), t, json)
    })
}

/// A Paywall client error as the facade reports errors (kind, message, code, status).
fn paywall_error(error: paywall_client::PaywallError) -> CliError {
    CliError::Provider(payments::from_client(Provider::Paywall, error))
}
