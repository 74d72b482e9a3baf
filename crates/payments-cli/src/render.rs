//! How domain values print: table rows for people, JSON for programs.
//!
//! Secrets never print: a session's client secret shows as `***` in both forms.

use payments::{Breakdown, BulkSummary, Currency, Money, Order, Payment, Session};
use serde_json::{Value, json};

use crate::table::{Cell, Table};

/// A cell of an optional value: empty when absent.
pub fn opt<T: ToString>(v: &Option<T>) -> Cell {
    v.as_ref().map(ToString::to_string).into()
}

/// The currency of a row whose amounts share a column of their own: the first amount's
/// that has one.
pub fn currency<'a>(amounts: impl IntoIterator<Item = Option<&'a Money>>) -> Option<&'a Currency> {
    amounts
        .into_iter()
        .flatten()
        .find_map(|m| m.currency.as_ref())
}

/// An amount whose currency has its own column: the exact amount alone (as the
/// `Decimal` writes it, never through a float), or with its currency when that differs from
/// the row's.
pub fn amount(m: Option<&Money>, row: Option<&Currency>) -> Cell {
    m.map(|m| match &m.currency {
        Some(c) if Some(c) != row => m.to_string(),
        _ => m.amount.to_string(),
    })
    .into()
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
        t.row([
            s.id.to_string().into(),
            s.kind.to_string().into(),
            s.status.to_string().into(),
            s.raw_status.as_ref().into(),
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
        "order", "storage", "total", "currency", "account", "status", "products", "created",
    ]);
    for order in orders {
        t.row([
            order.id.to_string().into(),
            order.storage.clone().into(),
            amount(Some(&order.total), order.total.currency.as_ref()),
            opt(&order.total.currency),
            opt(&order.payment_account),
            opt(&order.status),
            order
                .lines
                .iter()
                .map(|l| format!("{}x{}", l.product_id, l.quantity))
                .collect::<Vec<_>>()
                .join(" ")
                .into(),
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
        "currency",
        "status",
        "provider status",
        "activity",
        "refund",
        "error",
    ]);
    for p in payments {
        t.row(payment_row(p));
    }
    t
}

/// A payment's cells in [`payments_table`]'s columns (a streamed listing writes them a row
/// at a time).
pub fn payment_row(p: &Payment) -> Vec<Cell> {
    let currency = p.amount.currency.as_ref();
    vec![
        p.id.to_string().into(),
        opt(&p.merchant_reference),
        amount(Some(&p.amount), currency),
        opt(&p.amount.currency),
        p.status.to_string().into(),
        p.raw_status.as_ref().into(),
        opt(&p.activity),
        opt(&p.refund_status),
        p.error
            .as_ref()
            .and_then(|e| e.message.clone().or(e.code.clone()))
            .into(),
    ]
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
    let text = |v: Option<String>| v.unwrap_or_else(|| "-".into());
    let count_amount = |c: Option<u64>, a: &Option<Money>| {
        format!(
            "{} / {}",
            text(c.map(|c| c.to_string())),
            text(a.as_ref().map(ToString::to_string))
        )
    };
    t.row([
        batch.into(),
        s.accepted.to_string().into(),
        s.total_count.to_string().into(),
        opt(&s.total_amount),
        count_amount(s.succeeded_count, &s.succeeded_amount).into(),
        count_amount(s.failed_count, &s.failed_amount).into(),
        count_amount(s.unprocessed_count, &s.unprocessed_amount).into(),
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
        "currency",
        "paid",
        "merchant payout",
        "sub-merchant payout",
        "refundable",
        "transaction",
        "refund status",
    ]);
    for b in items {
        let payout = b
            .sub_merchant
            .as_ref()
            .and_then(|s| s.payout_amount.as_ref());
        let currency = currency([
            b.price.as_ref(),
            b.paid_price.as_ref(),
            b.merchant_payout_amount.as_ref(),
            payout,
            b.refundable_price.as_ref(),
        ]);
        t.row([
            b.id.to_string().into(),
            opt(&b.name),
            amount(b.price.as_ref(), currency),
            opt(&currency),
            amount(b.paid_price.as_ref(), currency),
            amount(b.merchant_payout_amount.as_ref(), currency),
            amount(payout, currency),
            amount(b.refundable_price.as_ref(), currency),
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
