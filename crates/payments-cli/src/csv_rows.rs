//! CSV output: a header row, then one row per record (the `csv` crate quotes a field only
//! where it must: a comma, a quote, a line break). Cells are written as their exact text:
//! amounts as the `Decimal` writes them (never through a float), an absent value as an
//! empty field. Lines end with `\n`.

use std::io::Write;

use crate::error::CliError;
use crate::table::Cell;

/// Writes CSV rows to `W`, each row as wide as the header.
pub struct CsvRows<W: Write> {
    writer: csv::Writer<W>,
    columns: usize,
}

impl<W: Write> CsvRows<W> {
    /// Writes the header row.
    pub fn new(out: W, header: &[String]) -> Result<Self, CliError> {
        let mut writer = csv::WriterBuilder::new().from_writer(out);
        writer.write_record(header).map_err(io)?;
        Ok(Self {
            writer,
            columns: header.len(),
        })
    }

    /// Writes one row: cells past the header's width are dropped, missing ones are empty.
    pub fn row(&mut self, cells: &[Cell]) -> Result<(), CliError> {
        let fields = (0..self.columns).map(|i| cells.get(i).and_then(Cell::text).unwrap_or(""));
        self.writer.write_record(fields).map_err(io)
    }

    /// Writes out what is buffered, down to the underlying writer's own flush.
    pub fn flush(&mut self) -> Result<(), CliError> {
        Ok(self.writer.flush()?)
    }
}

/// A CSV writer's error as the I/O error it comes from (the CLI writes strings only, so an
/// I/O error is the only one it can meet).
fn io(error: csv::Error) -> CliError {
    CliError::Io(error.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(header: &[&str], rows: &[Vec<Cell>]) -> String {
        let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        let mut out = Vec::new();
        let mut w = CsvRows::new(&mut out, &header).unwrap();
        for row in rows {
            w.row(row).unwrap();
        }
        w.flush().unwrap();
        drop(w);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn quotes_only_where_needed_and_keeps_amounts_exact() {
        let text = csv(
            &["id", "amount", "note"],
            &[
                vec!["1".into(), "25.750".into(), "plain".into()],
                vec![
                    "2".into(),
                    "0.00000000000000000001".into(),
                    "a, \"quoted\"\nline".into(),
                ],
                vec!["3".into(), Cell::from(None)],
            ],
        );
        assert_eq!(
            text,
            "id,amount,note\n1,25.750,plain\n2,0.00000000000000000001,\"a, \"\"quoted\"\"\nline\"\n3,,\n"
        );
    }
}
