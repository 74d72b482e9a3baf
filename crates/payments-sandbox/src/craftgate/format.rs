//! Craftgate's conventions for time and money: zone-less Istanbul wall-clock date-times (the
//! clock itself is [`crate::clock`]) and JSON numbers with 8 decimals.

use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use serde_json::{Value, json};

/// Zone-less date-times, `2021-11-15T14:07:18` (docs/providers/craftgate.md#date-times).
pub(crate) fn local(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// Money and rates as JSON numbers with 8 decimals, like `100.00000000`
/// (docs/providers/craftgate.md#decimals).
pub(crate) fn m(value: Decimal) -> Value {
    let mut value = value;
    value.rescale(8);
    json!(value)
}
