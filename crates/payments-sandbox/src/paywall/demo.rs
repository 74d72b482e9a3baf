//! The demo data the fake Paywall starts with (the values of [`crate::seed::paywall`]).

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate, NaiveTime};
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use super::model::{Batch, Card, Payment, State, Totals, scope, status};
use crate::clock::ProviderClock;
use crate::seed::paywall as seed;
use crate::util::dec;

pub(super) const CARDS: [Card; 2] = [
    Card {
        number: "552608******0006",
        owner: "Christina Thomas",
        bank: "Sandbox Bank",
        brand: "MasterCard",
        kind: "Credit",
        family: "Bonus",
    },
    Card {
        number: "454671******7894",
        owner: "Haluk Demir",
        bank: "Demo Katilim",
        brand: "Visa",
        kind: "Debit",
        family: "World",
    },
];

/// A deterministic v4-shaped GUID from a label (seeded data stays the same across runs).
pub(super) fn guid(label: &str) -> String {
    let digest = Sha256::digest(label.as_bytes());
    let bytes = digest.first_chunk::<16>().copied().unwrap_or_default();
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

impl State {
    /// One batch of `batch_size` payments (by default [`seed::BULK_PAYMENT_COUNT`]) dated
    /// the previous day and three single payments (previous day, same day, failed), the
    /// days counted on `clock` (Paywall's day, Istanbul).
    pub(crate) fn seeded(clock: ProviderClock, batch_size: usize) -> Self {
        let today = clock.today();
        let yesterday = today.checked_sub_days(Days::new(1)).unwrap_or(today);
        let at = |day: NaiveDate, h: u32, m: u32| {
            day.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default())
        };
        let amounts = [
            "1.59", "1.59", "1.59", "2.50", "10.00", "1.59", "0.99", "25.75",
        ];
        let mut payments = BTreeMap::new();
        let mut batch_ids = Vec::with_capacity(batch_size);
        let mut activity = 9_000_000;
        let rows = amounts.iter().cycle().zip(CARDS.iter().cycle());
        for (i, (amount, card)) in rows.take(batch_size).enumerate() {
            let payment_id = seed::FIRST_BULK_PAYMENT_ID + i as i64;
            let amount = dec(amount);
            // Mostly successful sales; three declines, one awaiting settlement, two already
            // refunded and one cancelled (on the batch day).
            let (status_id, error_message) = match i {
                5 | 19 => (status::FAILED, Some("Insufficient funds".to_string())),
                12 => (
                    status::FAILED,
                    Some("Card declined by the issuer".to_string()),
                ),
                9 => (status::WAITING_SETTLEMENT, None),
                _ => (status::SUCCESSFUL, None),
            };
            let last_type = match i {
                2 | 14 => scope::REFUND,
                7 => scope::CANCEL,
                _ => scope::SALE,
            };
            activity += 1;
            let created = at(yesterday, 9, (i % 60) as u32);
            payments.insert(
                payment_id,
                Payment {
                    payment_id,
                    activity_id: activity,
                    unique_code: guid(&format!("paywall/unique/{payment_id}")),
                    merchant_unique_code: guid(&format!("{}/{i}", seed::BULK_MERCHANT_UNIQUE_CODE)),
                    tracking_code: None,
                    date: yesterday,
                    amount,
                    status_id,
                    error_message,
                    refunded: if last_type == scope::REFUND {
                        amount
                    } else {
                        Decimal::ZERO
                    },
                    partially_refunded: false,
                    cancelled: last_type == scope::CANCEL,
                    last_type,
                    last_activity: created,
                    activity_amount: amount,
                    card: card.clone(),
                },
            );
            batch_ids.push(payment_id);
        }
        let singles = [
            (
                seed::PREVIOUS_DAY_PAYMENT_ID,
                seed::PREVIOUS_DAY_PAYMENT_CODE,
                yesterday,
                "150.00",
                status::SUCCESSFUL,
                None,
            ),
            (
                seed::SAME_DAY_PAYMENT_ID,
                seed::SAME_DAY_PAYMENT_CODE,
                today,
                "89.90",
                status::SUCCESSFUL,
                None,
            ),
            (
                seed::FAILED_PAYMENT_ID,
                seed::FAILED_PAYMENT_CODE,
                yesterday,
                "42.00",
                status::FAILED,
                Some("Do not honour"),
            ),
        ];
        for (k, ((payment_id, code, day, amount, status_id, error), card)) in
            singles.into_iter().zip(CARDS.iter().cycle()).enumerate()
        {
            activity += 1;
            let amount = dec(amount);
            payments.insert(
                payment_id,
                Payment {
                    payment_id,
                    activity_id: activity,
                    unique_code: guid(&format!("paywall/unique/{payment_id}")),
                    merchant_unique_code: code.into(),
                    tracking_code: Some(seed::TRACKING_CODE.into()),
                    date: day,
                    amount,
                    status_id,
                    error_message: error.map(str::to_string),
                    refunded: Decimal::ZERO,
                    partially_refunded: false,
                    cancelled: false,
                    last_type: scope::SALE,
                    last_activity: at(day, 0, k as u32),
                    activity_amount: amount,
                    card: card.clone(),
                },
            );
        }
        let totals = Totals::of(batch_ids.iter().filter_map(|id| payments.get(id)));
        Self {
            payments,
            batches: vec![Batch {
                merchant_unique_code: seed::BULK_MERCHANT_UNIQUE_CODE.into(),
                bulk_payment_id: seed::BULK_PAYMENT_ID,
                date: yesterday,
                payment_ids: batch_ids,
                totals,
                callback_url: None,
            }],
            next_activity: activity + 1,
            next_bulk_id: seed::BULK_PAYMENT_ID + 1,
            clock,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SandboxClock;

    #[test]
    fn seeded_batch_has_the_documented_shape() {
        let clock = SandboxClock::system().istanbul();
        let state = State::seeded(clock.clone(), seed::BULK_PAYMENT_COUNT);
        let batch = state.batch(seed::BULK_MERCHANT_UNIQUE_CODE).unwrap();
        let payments = state.batch_payments(batch);
        assert_eq!(payments.len(), seed::BULK_PAYMENT_COUNT);
        assert_eq!(payments[0].payment_id, 2_094_937);
        assert_eq!(payments[0].amount.to_string(), "1.59");
        let count = |s| payments.iter().filter(|p| p.status_id == s).count();
        assert_eq!(count(status::SUCCESSFUL), 19);
        assert_eq!(count(status::FAILED), 3);
        assert_eq!(count(status::WAITING_SETTLEMENT), 1);
        // Deterministic codes.
        assert_eq!(
            State::seeded(clock, seed::BULK_PAYMENT_COUNT).payments[&2_094_937]
                .merchant_unique_code,
            payments[0].merchant_unique_code
        );
    }

    #[test]
    fn a_larger_batch_keeps_the_seeded_payments_and_adds_successful_sales() {
        let clock = SandboxClock::system().istanbul();
        let small = State::seeded(clock.clone(), seed::BULK_PAYMENT_COUNT);
        let big = State::seeded(clock, 2_500);
        let seeded = small.batch_payments(small.batch(seed::BULK_MERCHANT_UNIQUE_CODE).unwrap());
        let payments = big.batch_payments(big.batch(seed::BULK_MERCHANT_UNIQUE_CODE).unwrap());
        assert_eq!(payments.len(), 2_500);
        for (a, b) in seeded.iter().zip(&payments) {
            assert_eq!(
                (a.payment_id, &a.merchant_unique_code, a.amount, a.status_id),
                (b.payment_id, &b.merchant_unique_code, b.amount, b.status_id)
            );
        }
        assert!(
            payments[seed::BULK_PAYMENT_COUNT..]
                .iter()
                .all(|p| p.status_id == status::SUCCESSFUL && p.last_type == scope::SALE)
        );
        assert_eq!(big.payments.len(), 2_500 + 3, "ids never clash");
        assert!(big.payments.contains_key(&seed::PREVIOUS_DAY_PAYMENT_ID));
    }
}
