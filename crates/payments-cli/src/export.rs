//! Listings written as their pages arrive: a JSON document whose last member is an array
//! written element by element, one JSON object a line (NDJSON), CSV a row at a time, or a
//! table a chunk of rows at a time. None holds more than one record (the table: one chunk
//! of at most [`CHUNK`] rows); the stream behind them holds at most its prefetch of pages.
//!
//! A listing that fails part-way leaves what was written and returns the error: NDJSON and
//! CSV keep the complete lines of the records before the failing page, the table its rows;
//! the JSON document is left unclosed (so it cannot pass for a complete export), followed
//! by a newline.

use std::io::Write;

use futures::{FutureExt, Stream, StreamExt};
use serde_json::Value;

use crate::csv_rows::CsvRows;
use crate::error::CliError;
use crate::table::{Cell, Layout};

/// The stdout buffer of a streamed listing: written out when full, and whenever the
/// listing waits for its next page.
pub const BUFFER: usize = 64 * 1024;

/// Writes `value` as compact JSON (as `Value`'s `Display` does).
fn write_json(out: &mut impl Write, value: &impl serde::Serialize) -> Result<(), CliError> {
    serde_json::to_writer(out, value).map_err(std::io::Error::from)?;
    Ok(())
}

/// The most rows a streamed table holds before it prints them.
pub const CHUNK: usize = 1000;

/// The next record; `flush` sends what was written so far out first when it has to wait
/// for it.
async fn next<S: Stream + Unpin>(
    flush: impl FnOnce() -> Result<(), CliError>,
    records: &mut S,
) -> Result<Option<S::Item>, CliError> {
    if let Some(ready) = records.next().now_or_never() {
        return Ok(ready);
    }
    flush()?;
    Ok(records.next().await)
}

/// `out`'s flush, for [`next`].
fn flushing(out: &mut impl Write) -> impl FnOnce() -> Result<(), CliError> {
    move || Ok(out.flush()?)
}

/// Writes the object `{"head member":..., ..., "key":[record, ...]}` and a newline, each
/// record as it arrives: the same bytes as the whole object's `Display` (insertion order).
pub async fn json_document<S>(
    out: &mut impl Write,
    head: &[(&str, Value)],
    key: &str,
    mut records: S,
) -> Result<(), CliError>
where
    S: Stream<Item = payments::Result<Value>> + Unpin,
{
    out.write_all(b"{")?;
    for (name, value) in head {
        write_json(out, name)?;
        out.write_all(b":")?;
        write_json(out, value)?;
        out.write_all(b",")?;
    }
    write_json(out, &key)?;
    out.write_all(b":[")?;
    let mut first = true;
    while let Some(record) = next(flushing(out), &mut records).await? {
        match record {
            Ok(record) => {
                if !first {
                    out.write_all(b",")?;
                }
                first = false;
                write_json(out, &record)?;
            }
            Err(error) => {
                out.write_all(b"\n")?;
                out.flush()?;
                return Err(error.into());
            }
        }
    }
    out.write_all(b"]}\n")?;
    out.flush()?;
    Ok(())
}

/// Writes each record on a line of its own, as it arrives.
pub async fn ndjson<S>(out: &mut impl Write, mut records: S) -> Result<(), CliError>
where
    S: Stream<Item = payments::Result<Value>> + Unpin,
{
    while let Some(record) = next(flushing(out), &mut records).await? {
        match record {
            Ok(record) => {
                write_json(out, &record)?;
                out.write_all(b"\n")?;
            }
            Err(error) => {
                out.flush()?;
                return Err(error.into());
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// Writes a header row, then each record's row as it arrives.
pub async fn csv<S>(out: &mut impl Write, header: &[String], mut rows: S) -> Result<(), CliError>
where
    S: Stream<Item = payments::Result<Vec<Cell>>> + Unpin,
{
    let mut csv = CsvRows::new(out, header)?;
    while let Some(row) = next(|| csv.flush(), &mut rows).await? {
        match row {
            Ok(row) => csv.row(&row)?,
            Err(error) => {
                csv.flush()?;
                return Err(error.into());
            }
        }
    }
    csv.flush()
}

/// Writes the rows as a table under `header`, a chunk at a time: the rows at hand whenever
/// the listing waits, or [`CHUNK`] of them. The first chunk sets the column widths (fitted
/// to `width` when given); later chunks keep them, a wider cell wrapping inside its column.
pub async fn table<S>(
    out: &mut impl Write,
    header: &[String],
    width: Option<u16>,
    mut rows: S,
) -> Result<(), CliError>
where
    S: Stream<Item = payments::Result<Vec<Cell>>> + Unpin,
{
    let mut layout: Option<Layout> = None;
    let mut chunk: Vec<Vec<Cell>> = Vec::new();
    let mut print = |out: &mut dyn Write, chunk: &mut Vec<Vec<Cell>>| -> Result<(), CliError> {
        let text = match &layout {
            Some(_) if chunk.is_empty() => return Ok(()),
            Some(layout) => layout.render(None, chunk),
            None => {
                let first = Layout::fit(header, chunk, width);
                let text = first.render(Some(header), chunk);
                layout = Some(first);
                text
            }
        };
        chunk.clear();
        out.write_all(text.as_bytes())?;
        Ok(())
    };
    loop {
        let row = match rows.next().now_or_never() {
            Some(row) => row,
            None => {
                // The listing waits: print what is at hand, and let it out.
                if !chunk.is_empty() {
                    print(out, &mut chunk)?;
                }
                out.flush()?;
                rows.next().await
            }
        };
        match row {
            Some(Ok(row)) => {
                chunk.push(row);
                if chunk.len() >= CHUNK {
                    print(out, &mut chunk)?;
                }
            }
            Some(Err(error)) => {
                print(out, &mut chunk)?;
                out.flush()?;
                return Err(error.into());
            }
            None => {
                print(out, &mut chunk)?;
                out.flush()?;
                return Ok(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use futures::stream;
    use payments::{
        BulkSummary, ErrorKind, Money, Payment, PaymentError, PaymentId, PaymentStatus,
        PaymentsError, Provider,
    };
    use rust_decimal::Decimal;
    use serde_json::json;

    use super::*;
    use crate::render;

    fn amount(raw: &str) -> Money {
        Money::without_currency(Decimal::from_str_exact(raw).unwrap())
    }

    fn payment(id: &str, raw: &str, error: Option<&str>) -> Payment {
        Payment {
            id: PaymentId::new(id),
            merchant_reference: Some(format!("ref-\"{id}\"\n")),
            amount: amount(raw),
            paid_amount: None,
            status: PaymentStatus::Succeeded,
            raw_status: "4".into(),
            refund_status: None,
            activity: None,
            error: error.map(|m| PaymentError {
                code: None,
                message: Some(m.into()),
                group: None,
            }),
            created_at: None,
        }
    }

    fn payments() -> Vec<Payment> {
        vec![
            payment("1", "1.59", None),
            payment("2", "25.750", Some("Insufficient funds")),
            payment("3", "0.00000000000000000001", None),
        ]
    }

    fn summary() -> BulkSummary {
        BulkSummary {
            accepted: true,
            total_count: 3,
            total_amount: Some(amount("27.34")),
            ..BulkSummary::default()
        }
    }

    fn down() -> PaymentsError {
        PaymentsError::new(Provider::Paywall, ErrorKind::Unavailable, "down")
    }

    fn head() -> [(&'static str, Value); 2] {
        [
            ("merchant_unique_code", json!("batch-\"1\"")),
            ("summary", render::summary_json(&summary())),
        ]
    }

    fn records(
        items: Vec<payments::Result<Payment>>,
    ) -> impl Stream<Item = payments::Result<Value>> + Unpin {
        stream::iter(items).map(|r| r.map(|p| render::payment_json(&p)))
    }

    #[tokio::test]
    async fn the_streamed_document_is_the_collected_one_byte_for_byte() {
        for count in 0..=3 {
            let all: Vec<Payment> = payments().into_iter().take(count).collect();
            // What `bulk-query --json` printed when it collected the batch first.
            let collected = format!(
                "{}\n",
                json!({
                    "merchant_unique_code": "batch-\"1\"",
                    "summary": render::summary_json(&summary()),
                    "payments": all.iter().map(render::payment_json).collect::<Vec<_>>(),
                })
            );
            let mut out = Vec::new();
            json_document(
                &mut out,
                &head(),
                "payments",
                records(all.into_iter().map(Ok).collect()),
            )
            .await
            .unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                collected,
                "{count} payments"
            );
        }
    }

    #[tokio::test]
    async fn ndjson_is_one_record_a_line_with_exact_amounts() {
        let mut out = Vec::new();
        ndjson(&mut out, records(payments().into_iter().map(Ok).collect()))
            .await
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let expected: Vec<String> = payments()
            .iter()
            .map(|p| render::payment_json(p).to_string())
            .collect();
        assert_eq!(lines, expected);
        assert!(lines[1].contains(r#""amount":{"amount":25.750,"#), "{text}");
        assert!(lines[2].contains("0.00000000000000000001"), "{text}");
    }

    #[tokio::test]
    async fn a_failure_keeps_the_records_before_it_and_leaves_the_document_unclosed() {
        let failing = || {
            let mut items: Vec<payments::Result<Payment>> =
                payments().into_iter().take(2).map(Ok).collect();
            items.push(Err(down()));
            items.push(Ok(payment("9", "9.99", None)));
            records(items)
        };
        let mut out = Vec::new();
        let err = json_document(&mut out, &head(), "payments", failing())
            .await
            .unwrap_err();
        assert!(matches!(err, CliError::Provider(_)), "{err}");
        let text = String::from_utf8(out).unwrap();
        let second = render::payment_json(&payments()[1]).to_string();
        assert!(text.ends_with(&format!(",{second}\n")), "{text}");
        assert!(
            serde_json::from_str::<Value>(&text).is_err(),
            "not a document"
        );

        let mut out = Vec::new();
        let err = ndjson(&mut out, failing()).await.unwrap_err();
        assert!(matches!(err, CliError::Provider(_)), "{err}");
        assert_eq!(String::from_utf8(out).unwrap().lines().count(), 2);
    }

    /// A writer that keeps what it was given and what had gone out at each flush.
    #[derive(Default)]
    struct Recorder {
        written: Vec<u8>,
        flushed: Vec<String>,
    }

    impl Write for Recorder {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.written.extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            self.flushed
                .push(String::from_utf8_lossy(&self.written).into_owned());
            Ok(())
        }
    }

    #[tokio::test]
    async fn what_was_written_goes_out_whenever_the_listing_waits() {
        // Every record makes the listing wait once.
        let waiting = records(payments().into_iter().map(Ok).collect()).then(|r| async move {
            tokio::task::yield_now().await;
            r
        });
        let mut out = Recorder::default();
        ndjson(&mut out, Box::pin(waiting)).await.unwrap();
        let lines: Vec<String> = payments()
            .iter()
            .map(|p| format!("{}\n", render::payment_json(p)))
            .collect();
        assert_eq!(
            out.flushed,
            [
                String::new(),
                lines[..1].concat(),
                lines[..2].concat(),
                lines.concat()
            ],
            "before each wait (the end comes at once), and at the end"
        );
    }
}
