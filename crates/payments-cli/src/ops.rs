//! Operations against a provider configured from the environment (a real one, or the
//! sandbox with the values `payments sandbox` prints).

use std::io::Write;
use std::num::NonZeroU32;

use futures::{StreamExt, TryStreamExt};
use payments::{BulkPaymentsExt, OrderId, PaymentId, PaymentRef, Payments, Provider};
use serde_json::{Value, json};

use crate::args::{CraftgateCommand, Format, OneEntryCommand, Output, PaywallCommand, PolicyArgs};
use crate::connect::connect;
use crate::csv_rows::CsvRows;
use crate::error::CliError;
use crate::export;
use crate::progress::{self, Progress};
use crate::render;
use crate::table::{self, Table};

/// Prints what a command got in the format asked for: tables (each under its title, when
/// it has one), JSON, NDJSON (each element of a JSON array on a line of its own, any other
/// value on one line), or CSV (the last table, the command's records: a header row and
/// its rows).
pub fn emit(
    output: Output,
    table: impl FnOnce() -> Vec<(String, Table)>,
    json: impl FnOnce() -> Value,
) -> Result<(), CliError> {
    match output.format() {
        Format::Json => say!("{json}", json = json()),
        Format::Ndjson => match json() {
            Value::Array(records) => {
                for record in records {
                    say!("{record}");
                }
            }
            other => say!("{other}"),
        },
        Format::Table => print_tables(table())?,
        Format::Csv => {
            if let Some((_, records)) = table().pop() {
                let mut csv = CsvRows::new(std::io::stdout().lock(), records.header())?;
                for row in records.rows() {
                    csv.row(row)?;
                }
                csv.flush()?;
            }
        }
    }
    Ok(())
}

/// Prints tables, each under its title (when it has one).
fn print_tables(tables: Vec<(String, Table)>) -> Result<(), CliError> {
    for (title, table) in tables {
        if !title.is_empty() {
            say!("{title}");
        }
        say!("{table}");
    }
    Ok(())
}

fn page_size(n: u32) -> Result<NonZeroU32, CliError> {
    NonZeroU32::new(n).ok_or_else(|| CliError::Usage("--page-size must be at least 1".into()))
}

/// Runs a OneEntry command.
pub async fn oneentry(command: OneEntryCommand, policy: &PolicyArgs) -> Result<(), CliError> {
    let payments = connect(policy)?;
    payments.sign_in_configured().await?;
    match command {
        OneEntryCommand::Sessions {
            offset,
            limit,
            output,
        } => {
            let page = payments.oneentry()?.list_sessions_at(offset, limit).await?;
            let items = || {
                page.items
                    .iter()
                    .map(render::session_json)
                    .collect::<Vec<_>>()
            };
            emit(
                output,
                || {
                    let title = format!(
                        "{} of {} sessions (offset {offset})",
                        page.items.len(),
                        page.total_items.map_or("?".into(), |t| t.to_string())
                    );
                    vec![(title, render::sessions_table(&page.items))]
                },
                || match output.format() {
                    // The listing's records: its sessions.
                    Format::Ndjson => Value::Array(items()),
                    _ => json!({
                        "total": page.total_items,
                        "offset": offset,
                        "limit": limit,
                        "items": items(),
                    }),
                },
            )?;
        }
        OneEntryCommand::SessionByOrder { order_id, output } => {
            let sessions = payments
                .sessions()?
                .sessions_for_order(&OrderId::new(order_id))
                .await?;
            emit(
                output,
                || vec![(String::new(), render::sessions_table(&sessions))],
                || Value::Array(sessions.iter().map(render::session_json).collect()),
            )?;
        }
    }
    Ok(())
}

/// Runs a Paywall command.
pub async fn paywall(command: PaywallCommand, policy: &PolicyArgs) -> Result<(), CliError> {
    let payments = connect(policy)?;
    match command {
        PaywallCommand::BulkQuery {
            merchant_unique_code,
            page_size: size,
            output,
        } => {
            let size = page_size(size)?;
            // Refused before the summary is asked for: nothing is sent for a page size
            // Paywall does not serve.
            payments::paywall::check_page_size(size.get())?;
            bulk_query(&payments, &merchant_unique_code, size, output.format()).await?;
        }
    }
    Ok(())
}

/// Every payment of a bulk batch, written as its pages arrive in every format (the table
/// a chunk of rows at a time), with progress on stderr.
async fn bulk_query(
    payments: &Payments,
    code: &str,
    size: NonZeroU32,
    format: Format,
) -> Result<(), CliError> {
    let bulk = payments.bulk()?;
    let mut records = bulk.all_bulk_payments(code, size);
    let progress = Progress::new("payments", size.get());
    let mut out = std::io::BufWriter::with_capacity(export::BUFFER, progress::Stdout);
    let out = &mut out;
    let first_page = async { records.next().await.transpose() };
    match format {
        // The batch's summary, then its payments. Nothing is printed before the summary
        // and the first page have both arrived.
        Format::Json | Format::Table => {
            let (summary, first) =
                futures::future::try_join(bulk.bulk_summary(code), first_page).await?;
            progress.set_total(summary.total_count);
            let records = futures::stream::iter(first.map(Ok))
                .chain(records)
                .inspect_ok(|_| progress.advance());
            if format == Format::Json {
                // `{"merchant_unique_code":..,"summary":..,"payments":[..]}`.
                let head = [
                    ("merchant_unique_code", json!(code)),
                    ("summary", render::summary_json(&summary)),
                ];
                let records = records.map_ok(|p| render::payment_json(&p));
                export::json_document(out, &head, "payments", records).await?;
            } else {
                let width = table::stdout_width();
                let batch = render::summary_table(code, &summary).render(width);
                let title = format!("{} payments", summary.total_count);
                write!(out, "Batch\n{batch}\n{title}\n")?;
                let header = render::payments_table(&[]).header().to_vec();
                let rows = records.map_ok(|p| render::payment_row(&p));
                export::table(out, &header, width, rows).await?;
            }
        }
        // The payments alone. The progress bar (when shown) takes its total from the
        // summary, asked for alongside the first page; without it the bar has no total.
        Format::Csv | Format::Ndjson => {
            let first = if progress.is_shown() {
                let (summary, first) =
                    futures::future::join(bulk.bulk_summary(code), first_page).await;
                match summary {
                    Ok(summary) => progress.set_total(summary.total_count),
                    Err(error) => tracing::debug!(%error, "no total for the progress bar"),
                }
                first?
            } else {
                None
            };
            let records = futures::stream::iter(first.map(Ok))
                .chain(records)
                .inspect_ok(|_| progress.advance());
            if format == Format::Csv {
                let header = render::payments_table(&[]).header().to_vec();
                let rows = records.map_ok(|p| render::payment_row(&p));
                export::csv(out, &header, rows).await?;
            } else {
                export::ndjson(out, records.map_ok(|p| render::payment_json(&p))).await?;
            }
        }
    }
    progress.finish();
    Ok(())
}

/// Runs a Craftgate command.
pub async fn craftgate(command: CraftgateCommand, policy: &PolicyArgs) -> Result<(), CliError> {
    let payments = connect(policy)?;
    match command {
        CraftgateCommand::Breakdown { payment_id, output } => {
            let items = payments
                .breakdowns()?
                .breakdown(&PaymentId::new(payment_id))
                .await?;
            emit(
                output,
                || vec![(String::new(), render::breakdown_table(&items))],
                || Value::Array(items.iter().map(render::breakdown_json).collect()),
            )?;
        }
        CraftgateCommand::Payment { payment_id, output } => {
            let payment = payments
                .lookup(Provider::Craftgate)?
                .payment(&PaymentRef::Id(PaymentId::new(payment_id)))
                .await?;
            emit(
                output,
                || {
                    vec![(
                        String::new(),
                        render::payments_table(std::slice::from_ref(&payment)),
                    )]
                },
                || render::payment_json(&payment),
            )?;
        }
    }
    Ok(())
}
