//! How Paywall's own records print in tables (their JSON is the record as Paywall sent it,
//! field names included).

use paywall_client::types::PaymentRecord;

use crate::render::opt;
use crate::table::Table;

/// What a record's history flags say happened after the sale.
fn history(r: &PaymentRecord) -> String {
    let flags = [
        (r.any_success_cancel, "cancelled"),
        (r.any_success_refund, "refunded"),
        (r.any_success_partial_refund, "partly refunded"),
    ];
    let happened: Vec<&str> = flags
        .iter()
        .filter(|(flag, _)| *flag == Some(true))
        .map(|(_, what)| *what)
        .collect();
    if happened.is_empty() {
        "-".into()
    } else {
        happened.join(", ")
    }
}

/// Payments as Paywall's private queries report them.
pub fn records_table(records: &[PaymentRecord]) -> Table {
    let mut t = Table::new([
        "payment",
        "merchant unique code",
        "tracking code",
        "amount",
        "currency",
        "status",
        "after the sale",
        "last activity",
        "card",
    ]);
    for r in records {
        t.row(vec![
            opt(&r.payment_id),
            opt(&r.merchant_unique_code),
            opt(&r.tracking_code),
            opt(&r.payment_amount),
            opt(&r.currency_name),
            match (&r.status_id, &r.status_name) {
                (Some(id), Some(name)) => format!("{id} {name}").into(),
                (id, name) => opt(&id.as_ref().map(ToString::to_string).or(name.clone())),
            },
            history(r).into(),
            opt(&r.last_activity_date_time),
            opt(&r.card_number),
        ]);
    }
    t
}
