//! Batches made through the sandbox's seeding API (what a bulk start would make; the clients
//! do not start batches, docs/providers/paywall.md#bulk-start).

use chrono::{Days, NaiveTime};
use rust_decimal::Decimal;

use super::demo::{CARDS, guid};
use super::model::{Batch, Payment, State, Totals, scope, status};
use crate::util::dec;

/// The amounts the payments of a seeded batch cycle through.
const AMOUNTS: [&str; 5] = ["1.59", "2.50", "10.00", "0.99", "25.75"];
/// Every this many payments, one is declined.
const DECLINE_EVERY: usize = 97;

impl State {
    /// Adds batch `code` of `size` payments made `days_ago` days before today (Paywall's day),
    /// its callbacks also going to `callback_url`; the batch.
    pub(crate) fn add_batch(
        &mut self,
        code: String,
        size: usize,
        days_ago: u32,
        callback_url: Option<url::Url>,
    ) -> Batch {
        let bulk_payment_id = self.next_bulk_id();
        let today = self.clock.today();
        let date = today
            .checked_sub_days(Days::new(u64::from(days_ago)))
            .unwrap_or(today);
        let first_id = self.payments.keys().next_back().map_or(1, |last| last + 1);
        let mut payment_ids = Vec::with_capacity(size);
        let rows = AMOUNTS.iter().cycle().zip(CARDS.iter().cycle());
        for (i, (amount, card)) in rows.take(size).enumerate() {
            let payment_id = first_id + i as i64;
            let amount = dec(amount);
            let declined = i % DECLINE_EVERY == DECLINE_EVERY - 1;
            let activity_id = self.take_activity();
            let created =
                date.and_time(NaiveTime::from_hms_opt(10, (i % 60) as u32, 0).unwrap_or_default());
            self.payments.insert(
                payment_id,
                Payment {
                    payment_id,
                    activity_id,
                    unique_code: guid(&format!("paywall/unique/{payment_id}")),
                    merchant_unique_code: format!("{code}-{}", i + 1),
                    tracking_code: None,
                    date,
                    amount,
                    status_id: if declined {
                        status::FAILED
                    } else {
                        status::SUCCESSFUL
                    },
                    error_message: declined.then(|| "Insufficient funds".to_string()),
                    refunded: Decimal::ZERO,
                    partially_refunded: false,
                    cancelled: false,
                    last_type: scope::SALE,
                    last_activity: created,
                    activity_amount: amount,
                    card: card.clone(),
                },
            );
            payment_ids.push(payment_id);
        }
        let totals = Totals::of(payment_ids.iter().filter_map(|id| self.payments.get(id)));
        let batch = Batch {
            merchant_unique_code: code,
            bulk_payment_id,
            date,
            payment_ids,
            totals,
            callback_url,
        };
        self.batches.push(batch.clone());
        batch
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SandboxClock;

    #[test]
    fn a_seeded_batch_gets_new_payments_and_its_own_id() {
        let mut state = State::seeded(SandboxClock::system().istanbul(), 23);
        let before = state.payments.len();
        let batch = state.add_batch("b-1".into(), 200, 0, None);
        assert_eq!(state.payments.len(), before + 200);
        assert_eq!(batch.date, state.clock.today());
        assert_eq!(batch.totals.all.count, 200);
        assert_eq!(batch.totals.failed.count, 2, "the 97th and the 194th");
        assert!(state.batch("b-1").is_some());
        let again = state.add_batch("b-2".into(), 1, 3, None);
        assert_eq!(again.bulk_payment_id, batch.bulk_payment_id + 1);
        assert!(again.payment_ids[0] > *batch.payment_ids.last().unwrap());
    }
}
