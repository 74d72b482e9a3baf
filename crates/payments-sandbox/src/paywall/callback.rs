//! Bulk callbacks (docs/providers/paywall.md#bulk-callback): a batch's result in pages of
//! 1,000 payments, each with the batch's `Hash`.

use bytes::Bytes;
use chrono::NaiveDateTime;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::model::{Batch, State};
use crate::push::Message;

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

/// The pages of `batch`'s callback for operation `bulk_payment_id`, finished at `now`
/// (Paywall's wall clock). The body's form is inferred: JSON with the documented names, the
/// batch's `MerchantUniqueCode` (the hash covers it), `PageNumber` from 1, and the payments
/// as the bulk query lists them.
pub(crate) fn pages(
    key: &str,
    state: &State,
    batch: &Batch,
    bulk_payment_id: i64,
    now: NaiveDateTime,
) -> Vec<Message> {
    let hash = hash(key, bulk_payment_id, &batch.merchant_unique_code);
    let rows: Vec<Value> = state
        .each_batch_payment(batch)
        .map(|p| p.bulk_row())
        .collect();
    let total = rows.len().div_ceil(PAGE_SIZE).max(1);
    let time = now.format("%Y-%m-%dT%H:%M:%S").to_string();
    let created = batch
        .date
        .and_time(chrono::NaiveTime::MIN)
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string();
    let mut chunks: Vec<&[Value]> = rows.chunks(PAGE_SIZE).collect();
    if chunks.is_empty() {
        chunks.push(&[]);
    }
    let total_u32 = u32::try_from(total).unwrap_or(u32::MAX);
    chunks
        .into_iter()
        .zip(1u32..)
        .map(|(payments, number)| {
            let body = json!({
                "BulkPaymentId": bulk_payment_id,
                "MerchantUniqueCode": batch.merchant_unique_code,
                "ErrorMessage": null,
                "CreatedAt": created,
                "DateTime": time,
                "FinishedAt": time,
                "DurationTime": 0,
                "PageNumber": number,
                "TotalPages": total,
                "HasMorePages": number < total_u32,
                "Hash": hash,
                "Payments": payments,
            });
            Message {
                event: EVENT.to_string(),
                subject: bulk_payment_id.to_string(),
                page: Some((number, total_u32)),
                headers: Vec::new(),
                body: Bytes::from(body.to_string()),
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
                let body: Value = serde_json::from_slice(&m.body).unwrap();
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
