//! Bulk callbacks (docs/providers/paywall.md#bulk-callback): a batch's result in pages of
//! 1,000 payments, each with the batch's `Hash`.

use std::sync::Arc;

use bytes::Bytes;
use chrono::{NaiveDateTime, NaiveTime};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::model::{Batch, Payment, State};
use super::render::BulkRow;
use crate::push::{Body, Message};

/// Payments per callback page (docs/providers/paywall.md#bulk-callback).
pub(crate) const PAGE_SIZE: usize = 1000;

/// The `event` of a recorded callback delivery.
pub(crate) const EVENT: &str = "BULK_CALLBACK";

/// Lowercase hex SHA-256 of `key###bulkPaymentId###merchantUniqueCode`
/// (docs/providers/paywall.md#hash-verification).
pub(crate) fn hash(key: &str, bulk_payment_id: i64, merchant_unique_code: &str) -> String {
    let digest = Sha256::digest(format!(
        "{key}###{bulk_payment_id}###{merchant_unique_code}"
    ));
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A batch's callback as of the operation, rendered page by page when each is sent.
struct Source {
    hash: String,
    bulk_payment_id: i64,
    merchant_unique_code: String,
    created: String,
    finished: String,
    rows: Vec<BulkRow>,
    total: u32,
}

impl Source {
    /// Page `number` (from 1).
    fn page(&self, number: u32) -> Bytes {
        let index = usize::try_from(number.saturating_sub(1)).unwrap_or(usize::MAX);
        let payments: Vec<Value> = self
            .rows
            .chunks(PAGE_SIZE)
            .nth(index)
            .unwrap_or_default()
            .iter()
            .map(BulkRow::json)
            .collect();
        let body = json!({
            "BulkPaymentId": self.bulk_payment_id,
            "MerchantUniqueCode": self.merchant_unique_code,
            "ErrorMessage": null,
            "CreatedAt": self.created,
            "DateTime": self.finished,
            "FinishedAt": self.finished,
            "DurationTime": 0,
            "PageNumber": number,
            "TotalPages": self.total,
            "HasMorePages": number < self.total,
            "Hash": self.hash,
            "Payments": payments,
        });
        Bytes::from(body.to_string())
    }
}

/// The pages of `batch`'s callback for operation `bulk_payment_id`, finished at `now`
/// (Paywall's wall clock). The body's form is inferred: JSON with the documented names, the
/// batch's `MerchantUniqueCode` (the hash covers it), `PageNumber` from 1, and the payments
/// as the bulk query lists them. The payments are taken as they are now; each page's body is
/// rendered when it is sent, so a large batch's callback is never held whole.
pub(crate) fn pages(
    key: &str,
    state: &State,
    batch: &Batch,
    bulk_payment_id: i64,
    now: NaiveDateTime,
) -> Vec<Message> {
    let rows: Vec<BulkRow> = state
        .each_batch_payment(batch)
        .map(Payment::bulk_fields)
        .collect();
    let total = u32::try_from(rows.len().div_ceil(PAGE_SIZE).max(1)).unwrap_or(u32::MAX);
    let format = |at: NaiveDateTime| at.format("%Y-%m-%dT%H:%M:%S").to_string();
    let source = Arc::new(Source {
        hash: hash(key, bulk_payment_id, &batch.merchant_unique_code),
        bulk_payment_id,
        merchant_unique_code: batch.merchant_unique_code.clone(),
        created: format(batch.date.and_time(NaiveTime::MIN)),
        finished: format(now),
        rows,
        total,
    });
    (1..=total)
        .map(|number| {
            let source = Arc::clone(&source);
            Message {
                event: EVENT.to_string(),
                subject: bulk_payment_id.to_string(),
                page: Some((number, total)),
                headers: Vec::new(),
                body: Body::later(move || source.page(number)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SandboxClock;

    #[test]
    fn the_hash_matches_the_documented_vector() {
        // docs/providers/paywall.md#hash-verification
        assert_eq!(
            hash("k3y", 389, "8279c96e"),
            "1856a3c4be6f9f1bc40539a90bdf5b298bcc48e0db979bd07d2ebeb6e0ad599d"
        );
    }

    #[test]
    fn a_batch_of_2345_payments_is_three_pages_of_at_most_1000() {
        let state = State::seeded(SandboxClock::system().istanbul(), 2345);
        let batch = state.batches[0].clone();
        let now = state.clock.now();
        let pages = pages("k", &state, &batch, 400, now);
        let shape: Vec<_> = pages
            .iter()
            .map(|m| {
                let body: Value = serde_json::from_slice(&m.body.render()).unwrap();
                (
                    m.page,
                    body["HasMorePages"].as_bool().unwrap(),
                    body["Payments"].as_array().unwrap().len(),
                    body["Hash"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let h = hash("k", 400, &batch.merchant_unique_code);
        assert_eq!(
            shape,
            [
                (Some((1, 3)), true, 1000, h.clone()),
                (Some((2, 3)), true, 1000, h.clone()),
                (Some((3, 3)), false, 345, h)
            ]
        );
    }
}
