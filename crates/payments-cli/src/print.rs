//! The two shapes the money commands print, through [`emit`]: one record, and a page of a
//! listing.

use serde_json::{Map, Value};

use crate::args::{Format, Output};
use crate::error::CliError;
use crate::ops::emit;
use crate::table::Table;

/// One record: `table` under `title` for people, `json` for programs (on one line as
/// NDJSON).
pub fn one(output: Output, title: String, table: Table, json: Value) -> Result<(), CliError> {
    emit(output, || vec![(title, table)], || json)
}

/// A page of a listing: `table` under `title` for people; as JSON an object of the
/// members of `head` and `"items": [..]`; as NDJSON one item a line.
pub fn page(
    output: Output,
    title: String,
    table: Table,
    head: &[(&str, Value)],
    items: Vec<Value>,
) -> Result<(), CliError> {
    emit(
        output,
        || vec![(title, table)],
        || match output.format() {
            Format::Ndjson => Value::Array(items),
            _ => {
                let mut document: Map<String, Value> = head
                    .iter()
                    .map(|(name, value)| (name.to_string(), value.clone()))
                    .collect();
                document.insert("items".into(), Value::Array(items));
                Value::Object(document)
            }
        },
    )
}

/// A provider's record as JSON, exactly as it was read (its field names, exact amounts).
pub fn provider_json(record: &impl serde::Serialize) -> Result<Value, CliError> {
    serde_json::to_value(record).map_err(|e| CliError::Io(e.into()))
}
