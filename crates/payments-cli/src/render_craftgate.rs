//! How Craftgate's own records print in tables (their JSON is the record as Craftgate sent
//! it, field names included).

use craftgate_client::types::{
    PaymentError, PaymentRefund, PaymentTransactionRefund, ReportingPayment,
    ReportingPaymentRefund, ReportingPaymentTransactionRefund,
};

use crate::render::opt;
use crate::table::{Cell, Table};

/// Payments found by a search.
pub fn payments_table(payments: &[ReportingPayment]) -> Table {
    let mut t = Table::new([
        "payment",
        "created",
        "price",
        "paid",
        "currency",
        "status",
        "refund status",
        "conversation id",
        "error",
    ]);
    for p in payments {
        t.row(vec![
            opt(&p.id),
            opt(&p.created_date),
            opt(&p.price),
            opt(&p.paid_price),
            opt(&p.currency),
            opt(&p.payment_status),
            opt(&p.refund_status),
            opt(&p.conversation_id),
            error(p.payment_error.as_ref()),
        ]);
    }
    t
}

/// The columns of a refund table.
const REFUND_COLUMNS: [&str; 9] = [
    "kind",
    "refund",
    "of",
    "amount",
    "currency",
    "status",
    "created",
    "conversation id",
    "error",
];

/// A refund table row: `kind`, what it is `of`, its currency and error, and the fields every
/// refund record of Craftgate's has under the same names.
macro_rules! refund_row {
    ($kind:expr, $of:expr, $r:expr, $currency:expr, $error:expr) => {
        vec![
            $kind,
            opt(&$r.id),
            $of,
            opt(&$r.refund_price),
            $currency,
            opt(&$r.status),
            opt(&$r.created_date),
            opt(&$r.conversation_id),
            $error,
        ]
    };
}

/// What a reporting refund's error says.
fn error(e: Option<&PaymentError>) -> Cell {
    opt(&e.and_then(|e| e.error_description.clone().or(e.error_code.clone())))
}

/// A payment's refunds as its reporting lists them: refunds of the whole payment, then
/// refunds of its items.
pub fn reporting_refunds_table(
    payment: &[ReportingPaymentRefund],
    items: &[ReportingPaymentTransactionRefund],
) -> Table {
    let mut t = Table::new(REFUND_COLUMNS);
    for r in payment {
        let of = opt(&r.payment_id.map(|id| format!("payment {id}")));
        t.row(refund_row!(
            "payment".into(),
            of,
            r,
            Cell::default(),
            error(r.refund_error())
        ));
    }
    for r in items {
        let of = opt(&r.payment_transaction_id.map(|id| format!("item {id}")));
        t.row(refund_row!(
            "item".into(),
            of,
            r,
            Cell::default(),
            error(r.refund_error())
        ));
    }
    t
}

/// One refund of a whole payment, with the item refunds it was made of.
pub fn payment_refund_table(r: &PaymentRefund) -> Table {
    let mut t = Table::new(REFUND_COLUMNS);
    let kind = format!(
        "payment ({})",
        r.refund_type
            .as_ref()
            .map_or("-".into(), ToString::to_string)
    )
    .into();
    let of = opt(&r.payment_id.map(|id| format!("payment {id}")));
    t.row(refund_row!(kind, of, r, opt(&r.currency), Cell::default()));
    for item in r.payment_transaction_refunds.iter().flatten() {
        item_refund_row(&mut t, item);
    }
    t
}

/// One refund of a breakdown item.
pub fn item_refund_table(r: &PaymentTransactionRefund) -> Table {
    let mut t = Table::new(REFUND_COLUMNS);
    item_refund_row(&mut t, r);
    t
}

fn item_refund_row(t: &mut Table, r: &PaymentTransactionRefund) {
    let of = opt(&r.payment_transaction_id.map(|id| format!("item {id}")));
    t.row(refund_row!(
        "item".into(),
        of,
        r,
        opt(&r.currency),
        Cell::default()
    ));
}
