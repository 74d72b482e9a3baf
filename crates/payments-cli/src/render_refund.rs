//! How a refund the facade made prints: a table row for people, JSON for programs.

use payments::Refund;
use serde_json::{Value, json};

use crate::render::{money_json, opt};
use crate::table::Table;

/// Refunds as a table.
pub fn refunds_table(refunds: &[Refund]) -> Table {
    let mut t = Table::new([
        "refund",
        "payment",
        "item",
        "amount",
        "outcome",
        "provider outcome",
        "created",
        "idempotency key",
    ]);
    for r in refunds {
        t.row(vec![
            opt(&r.id),
            opt(&r.payment_id),
            opt(&r.item_id),
            opt(&r.amount),
            r.outcome.to_string().into(),
            r.raw_outcome.clone().into(),
            opt(&r.created_at),
            opt(&r.idempotency_key),
        ]);
    }
    t
}

/// A refund as JSON.
pub fn refund_json(r: &Refund) -> Value {
    json!({
        "id": r.id.as_ref().map(ToString::to_string),
        "payment_id": r.payment_id.as_ref().map(ToString::to_string),
        "item_id": r.item_id.as_ref().map(ToString::to_string),
        "amount": money_json(&r.amount),
        "outcome": r.outcome.to_string(),
        "provider_outcome": r.raw_outcome,
        "created_at": r.created_at.map(|d| d.to_string()),
        "idempotency_key": r.idempotency_key,
    })
}
