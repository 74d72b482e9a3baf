//! Cancels and refunds: when a payment may be cancelled or refunded, and what that does to
//! it.

use rust_decimal::Decimal;

use super::envelope::{FAILURE, Failure, INVALID};
use super::model::{Payment, State, scope, status};

impl State {
    /// Why `payment` cannot be cancelled now; cancellation is same-day only, on Paywall's
    /// day ([`State::clock`]; docs/providers/paywall.md#cancels,
    /// docs/providers/paywall.md#time-zone).
    pub(crate) fn cancel_refusal(&self, payment: &Payment) -> Option<Failure> {
        let message = if payment.status_id != status::SUCCESSFUL {
            "Only a successful payment can be cancelled"
        } else if payment.cancelled {
            "The payment is already cancelled"
        } else if payment.refunded > Decimal::ZERO {
            "The payment has refunds and can no longer be cancelled"
        } else if payment.date != self.clock.today() {
            "A payment can only be cancelled on its payment day; refund it instead"
        } else {
            return None;
        };
        Some(Failure::business(
            FAILURE,
            format!("{message} ({})", payment.merchant_unique_code),
        ))
    }

    /// Why `amount` (`None` = everything left) of `payment` cannot be refunded now. With
    /// `any_day` false, refunds are for payments of an earlier day on Paywall's day ("after
    /// the end of the payment day", docs/providers/paywall.md#refunds).
    pub(crate) fn refund_refusal(
        &self,
        payment: &Payment,
        amount: Option<Decimal>,
        any_day: bool,
    ) -> Option<Failure> {
        let remaining = payment.remaining();
        let refused = |message: String| {
            Some(Failure::business(
                FAILURE,
                format!("{message} ({})", payment.merchant_unique_code),
            ))
        };
        if payment.status_id != status::SUCCESSFUL {
            return refused("Only a successful payment can be refunded".into());
        }
        if payment.cancelled {
            return refused("The payment is cancelled".into());
        }
        if !any_day && payment.date >= self.clock.today() {
            return refused(
                "A payment can only be refunded after its payment day; cancel it instead".into(),
            );
        }
        if remaining <= Decimal::ZERO {
            return refused("The payment is already fully refunded".into());
        }
        match amount {
            Some(a) if a <= Decimal::ZERO || a.normalize().scale() > 2 => Some(Failure::business(
                INVALID,
                format!("Amount {a} must be positive with at most 2 decimals"),
            )),
            Some(a) if a > remaining => refused(format!(
                "Refund amount {a} exceeds the refundable amount {remaining}"
            )),
            _ => None,
        }
    }

    /// Cancels payment `id` (checked by [`State::cancel_refusal`]).
    pub(crate) fn cancel(&mut self, id: i64) {
        let activity = self.take_activity();
        let now = self.clock.now();
        if let Some(p) = self.payments.get_mut(&id) {
            p.cancelled = true;
            p.last_type = scope::CANCEL;
            p.activity_id = activity;
            p.activity_amount = p.amount;
            p.last_activity = now;
        }
    }

    /// Refunds `amount` (`None` = everything left) of payment `id` (checked by
    /// [`State::refund_refusal`]).
    pub(crate) fn refund(&mut self, id: i64, amount: Option<Decimal>) {
        let activity = self.take_activity();
        let now = self.clock.now();
        if let Some(p) = self.payments.get_mut(&id) {
            let amount = amount.unwrap_or_else(|| p.remaining());
            p.refunded += amount;
            p.partially_refunded = p.refunded < p.amount;
            p.last_type = scope::REFUND;
            p.activity_id = activity;
            p.activity_amount = amount;
            p.last_activity = now;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::clock::SandboxClock;
    use crate::seed::paywall as seed;
    use crate::util::dec;

    /// The demo data, seeded at `clock`'s time.
    fn seeded(clock: &SandboxClock) -> State {
        State::seeded(clock.istanbul(), crate::seed::paywall::BULK_PAYMENT_COUNT)
    }

    #[test]
    fn batch_totals_hold_through_cancels_and_refunds() {
        use super::super::model::Totals;
        let mut state = seeded(&SandboxClock::system());
        let batch = state
            .batch(seed::BULK_MERCHANT_UNIQUE_CODE)
            .unwrap()
            .clone();
        let [first, second, third, ..] = batch.payment_ids[..] else {
            panic!("a batch of at least three");
        };
        state.cancel(first);
        state.refund(second, None);
        state.refund(third, Some(dec("0.50")));
        assert_eq!(
            batch.totals,
            Totals::of(state.batch_payments(&batch)),
            "counted once, still true"
        );
        assert_eq!(batch.totals.all.count, seed::BULK_PAYMENT_COUNT);
    }

    #[test]
    fn refunds_are_bounded_by_what_was_paid() {
        let mut state = seeded(&SandboxClock::system());
        let id = seed::PREVIOUS_DAY_PAYMENT_ID;
        let p = state.payments[&id].clone();
        assert!(
            state
                .refund_refusal(&p, Some(dec("150.01")), false)
                .is_some()
        );
        assert!(
            state
                .refund_refusal(&p, Some(dec("0.001")), false)
                .is_some()
        );
        assert!(
            state
                .refund_refusal(&p, Some(dec("50.00")), false)
                .is_none()
        );
        state.refund(id, Some(dec("50.00")));
        let p = state.payments[&id].clone();
        assert_eq!(p.remaining(), dec("100.00"));
        assert!(p.partially_refunded);
        assert!(state.cancel_refusal(&p).is_some());
        state.refund(id, None);
        let p = state.payments[&id].clone();
        assert_eq!(p.remaining(), Decimal::ZERO);
        assert!(state.refund_refusal(&p, None, false).is_some());
    }

    #[test]
    fn cancel_is_same_day_and_refund_is_later() {
        let state = seeded(&SandboxClock::system());
        let same_day = &state.payments[&seed::SAME_DAY_PAYMENT_ID];
        assert!(state.cancel_refusal(same_day).is_none());
        assert!(state.refund_refusal(same_day, None, false).is_some());
        assert!(state.refund_refusal(same_day, None, true).is_none());
        let earlier = &state.payments[&seed::PREVIOUS_DAY_PAYMENT_ID];
        assert!(state.cancel_refusal(earlier).is_some());
        let failed = &state.payments[&seed::FAILED_PAYMENT_ID];
        assert!(state.refund_refusal(failed, None, false).is_some());
    }

    #[test]
    fn the_payment_day_ends_at_the_istanbul_midnight() {
        // 23:59:59 in Istanbul; 21:00:00 UTC is 00:00 the next Istanbul day, same UTC day.
        let clock = SandboxClock::frozen_at(Utc.with_ymd_and_hms(2024, 3, 10, 20, 59, 59).unwrap());
        let mut state = seeded(&clock);
        let id = seed::SAME_DAY_PAYMENT_ID;
        let payment = state.payments[&id].clone();
        assert_eq!(payment.date.to_string(), "2024-03-10");
        assert!(state.cancel_refusal(&payment).is_none());
        assert!(state.refund_refusal(&payment, None, false).is_some());
        clock.advance(Duration::from_secs(1));
        assert!(state.cancel_refusal(&payment).is_some());
        assert!(state.refund_refusal(&payment, None, false).is_none());
        state.refund(id, None);
        assert_eq!(
            state.payments[&id].last_activity.to_string(),
            "2024-03-11 00:00:00"
        );
    }
}
