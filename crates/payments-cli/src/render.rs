//! How domain values print: table rows for people, JSON for programs.
//!
//! Secrets never print: a session's client secret shows as `***` in both forms.

use payments::{Breakdown, BulkSummary, Money, Order, Payment, Session};
use serde_json::{Value, json};

use crate::table::Table;

/// A value for a table cell; `-` when absent.
pub fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref()
        .map(ToString::to_string)
        .unwrap_or_else(|| "-".into())
}

/// An amount as `{"amount": <exact number>, "currency": ..}`; `null` when absent.
pub fn money_json(m: &Option<Money>) -> Value {
    match m {
        Some(m) => {
            json!({ "amount": m.amount, "currency": m.currency.as_ref().map(|c| c.as_str()) })
        }
        None => Value::Null,
    }
}

/// Sessions as a table.
pub fn sessions_table(sessions: &[Session]) -> Table {
    let mut t = Table::new([
        "session",
        "kind",
        "status",
        "provider status",
        "order",
        "account",
        "payment url",
        "updated",
    ]);
    for s in sessions {
        t.row(vec![
            s.id.to_string(),
            s.kind.to_string(),
            s.status.to_string(),
            s.raw_status.clone(),
            opt(&s.order_id),
            opt(&s.payment_account_id),
            opt(&s.payment_url),
            opt(&s.updated_at.map(|d| d.to_rfc3339())),
        ]);
    }
    t
}

/// A session as JSON.
pub fn session_json(s: &Session) -> Value {
    json!({
        "id": s.id.as_str(),
        "kind": s.kind.to_string(),
        "status": s.status.to_string(),
        "provider_status": s.raw_status,
        "order_id": s.order_id.as_ref().map(|o| o.as_str()),
        "payment_account_id": s.payment_account_id,
        "payment_url": s.payment_url,
        "client_secret": s.client_secret.as_ref().map(|_| "***"),
        "amount": money_json(&s.amount),
        "created_at": s.created_at.map(|d| d.to_rfc3339()),
        "updated_at": s.updated_at.map(|d| d.to_rfc3339()),
    })
}

/// Orders as a table.
pub fn orders_table(orders: &[Order]) -> Table {
    let mut t = Table::new([
        "order", "storage", "total", "account", "status", "products", "created",
    ]);
    for order in orders {
        t.row(vec![
            order.id.to_string(),
            order.storage.clone(),
            order.total.to_string(),
            opt(&order.payment_account),
            opt(&order.status),
            order
                .lines
                .iter()
                .map(|l| format!("{}x{}", l.product_id, l.quantity))
                .collect::<Vec<_>>()
                .join(" "),
            opt(&order.created_at.map(|d| d.to_rfc3339())),
        ]);
    }
    t
}

/// An order as JSON.
pub fn order_json(order: &Order) -> Value {
    json!({
        "id": order.id.as_str(),
        "storage": order.storage,
        "total": money_json(&Some(order.total.clone())),
        "payment_account": order.payment_account,
        "status": order.status,
        "products": order.lines.iter().map(|l| json!({"product_id": l.product_id, "quantity": l.quantity})).collect::<Vec<_>>(),
        "created_at": order.created_at.map(|d| d.to_rfc3339()),
    })
}

/// Payments as a table.
pub fn payments_table(payments: &[Payment]) -> Table {
    let mut t = Table::new([
        "payment",
        "merchant reference",
        "amount",
        "status",
        "provider status",
        "activity",
        "refund",
        "error",
    ]);
    for p in payments {
        t.row(vec![
            p.id.to_string(),
            opt(&p.merchant_reference),
            p.amount.to_string(),
            p.status.to_string(),
            p.raw_status.clone(),
            opt(&p.activity),
            opt(&p.refund_status),
            p.error
                .as_ref()
                .and_then(|e| e.message.clone().or(e.code.clone()))
                .unwrap_or_else(|| "-".into()),
        ]);
    }
    t
}

/// A payment as JSON.
pub fn payment_json(p: &Payment) -> Value {
    json!({
        "id": p.id.as_str(),
        "merchant_reference": p.merchant_reference,
        "amount": money_json(&Some(p.amount.clone())),
        "paid_amount": money_json(&p.paid_amount),
        "status": p.status.to_string(),
        "provider_status": p.raw_status,
        "activity": p.activity.as_ref().map(ToString::to_string),
        "refund_status": p.refund_status.as_ref().map(ToString::to_string),
        "error": p.error.as_ref().map(|e| json!({"code": e.code, "message": e.message, "group": e.group})),
        "created_at": p.created_at.map(|d| d.to_string()),
    })
}

/// A bulk batch's totals as a table.
pub fn summary_table(batch: &str, s: &BulkSummary) -> Table {
    let mut t = Table::new([
        "batch",
        "accepted",
        "payments",
        "amount",
        "succeeded",
        "failed",
        "unprocessed",
    ]);
    let count_amount = |c: Option<u64>, a: &Option<Money>| format!("{} / {}", opt(&c), opt(a));
    t.row(vec![
        batch.to_string(),
        s.accepted.to_string(),
        s.total_count.to_string(),
        opt(&s.total_amount),
        count_amount(s.succeeded_count, &s.succeeded_amount),
        count_amount(s.failed_count, &s.failed_amount),
        count_amount(s.unprocessed_count, &s.unprocessed_amount),
    ]);
    t
}

/// A bulk batch's totals as JSON.
pub fn summary_json(s: &BulkSummary) -> Value {
    json!({
        "accepted": s.accepted,
        "total_count": s.total_count,
        "total_amount": money_json(&s.total_amount),
        "succeeded_count": s.succeeded_count,
        "succeeded_amount": money_json(&s.succeeded_amount),
        "failed_count": s.failed_count,
        "failed_amount": money_json(&s.failed_amount),
        "unprocessed_count": s.unprocessed_count,
        "unprocessed_amount": money_json(&s.unprocessed_amount),
    })
}

/// A breakdown as a table.
pub fn breakdown_table(items: &[Breakdown]) -> Table {
    let mut t = Table::new([
        "item",
        "name",
        "price",
        "paid",
        "merchant payout",
        "sub-merchant payout",
        "refundable",
        "transaction",
        "refund status",
    ]);
    for b in items {
        t.row(vec![
            b.id.to_string(),
            opt(&b.name),
            opt(&b.price),
            opt(&b.paid_price),
            opt(&b.merchant_payout_amount),
            opt(&b
                .sub_merchant
                .as_ref()
                .and_then(|s| s.payout_amount.clone())),
            opt(&b.refundable_price),
            opt(&b.transaction_status),
            opt(&b.refund_status),
        ]);
    }
    t
}

/// A breakdown item as JSON.
pub fn breakdown_json(b: &Breakdown) -> Value {
    json!({
        "id": b.id.as_str(),
        "name": b.name,
        "external_id": b.external_id,
        "price": money_json(&b.price),
        "paid_price": money_json(&b.paid_price),
        "wallet_price": money_json(&b.wallet_price),
        "refundable_price": money_json(&b.refundable_price),
        "merchant_commission_rate": b.merchant_commission_rate,
        "merchant_commission_amount": money_json(&b.merchant_commission_amount),
        "bank_commission_rate": b.bank_commission_rate,
        "bank_commission_amount": money_json(&b.bank_commission_amount),
        "merchant_payout_amount": money_json(&b.merchant_payout_amount),
        "sub_merchant": b.sub_merchant.as_ref().map(|s| json!({
            "member_id": s.member_id,
            "name": s.name,
            "price": money_json(&s.price),
            "payout_rate": s.payout_rate,
            "payout_amount": money_json(&s.payout_amount),
        })),
        "payout": b.payout.as_ref().map(|p| json!({
            "parity": p.parity,
            "paid_price": money_json(&p.paid_price),
            "merchant_amount": money_json(&p.merchant_amount),
            "sub_merchant_amount": money_json(&p.sub_merchant_amount),
            "merchant_status": p.merchant_status,
            "sub_merchant_status": p.sub_merchant_status,
        })),
        "transaction_status": b.transaction_status.as_ref().map(ToString::to_string),
        "refund_status": b.refund_status.as_ref().map(ToString::to_string),
        "created_at": b.created_at.map(|d| d.to_string()),
        "transaction_status_at": b.transaction_status_at.map(|d| d.to_string()),
        "blockage_resolved_at": b.blockage_resolved_at.map(|d| d.to_string()),
    })
}
