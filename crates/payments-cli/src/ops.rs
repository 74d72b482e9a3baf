//! Operations against a provider configured from the environment (a real one, or the
//! sandbox with the values `payments sandbox` prints).

use std::num::NonZeroU32;

use futures::{StreamExt, TryStreamExt};
use payments::{BulkPaymentsExt, OrderId, PaymentId, PaymentRef, Provider};
use serde_json::{Value, json};

use crate::args::{CraftgateCommand, Format, OneEntryCommand, Output, PaywallCommand, PolicyArgs};
use crate::connect::connect;
use crate::error::CliError;
use crate::export;
use crate::render;
use crate::table::Table;

/// Prints a table, JSON, or NDJSON (each element of a JSON array on a line of its own,
/// any other value on one line), as asked.
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
            let bulk = payments.bulk()?;
            let mut payments = bulk.all_bulk_payments(&merchant_unique_code, size);
            let stdout = || std::io::BufWriter::with_capacity(export::BUFFER, std::io::stdout());
            match output.format() {
                // Columns aligned over every row: the table holds the whole batch.
                Format::Table => {
                    let summary = bulk.bulk_summary(&merchant_unique_code).await?;
                    let all: Vec<_> = payments.try_collect().await?;
                    print_tables(vec![
                        (
                            "Batch".into(),
                            render::summary_table(&merchant_unique_code, &summary),
                        ),
                        (
                            format!("{} payments", all.len()),
                            render::payments_table(&all),
                        ),
                    ])?;
                }
                // `{"merchant_unique_code":..,"summary":..,"payments":[..]}`, the payments
                // written as their pages arrive. Nothing is printed before the summary and
                // the first page have both arrived.
                Format::Json => {
                    let (summary, first) = futures::future::try_join(
                        bulk.bulk_summary(&merchant_unique_code),
                        async { payments.next().await.transpose() },
                    )
                    .await?;
                    let head = [
                        ("merchant_unique_code", json!(merchant_unique_code)),
                        ("summary", render::summary_json(&summary)),
                    ];
                    let records = futures::stream::iter(first.map(Ok)).chain(payments);
                    export::json_document(
                        &mut stdout(),
                        &head,
                        "payments",
                        records.map_ok(|p| render::payment_json(&p)),
                    )
                    .await?;
                }
                Format::Ndjson => {
                    export::ndjson(&mut stdout(), payments.map_ok(|p| render::payment_json(&p)))
                        .await?;
                }
            }
        }
    }
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
