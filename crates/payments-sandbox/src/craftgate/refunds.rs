//! Craftgate's refund rules: what a payment refund and an item refund may take, and what
//! they book.

use rust_decimal::Decimal;
use serde_json::Value;

use super::error::CgError;
use super::model::{PaymentRefund, State, TxRefund};
use super::render::item_refunds_json;

/// Whether `price` can be refunded at all: positive, with at most 8 decimals (the API's
/// check and the trigger's).
pub(super) fn is_refund_price(price: Decimal) -> bool {
    price > Decimal::ZERO && price.normalize().scale() <= 8
}

impl State {
    /// `POST /payment/v1/refunds`: refunds everything left of a payment. On the payment day
    /// with nothing refunded yet it is a `CANCEL` (an id, no item refunds); otherwise a
    /// `REFUND` of each item's rest (no id, the item refunds listed) —
    /// docs/providers/craftgate.md#same-day-cancel. The day is the merchant's: the Istanbul
    /// calendar day of [`State::clock`] (docs/providers/craftgate.md#time-zone).
    pub(crate) fn refund_payment(
        &mut self,
        payment_id: i64,
        destination: &str,
        conversation_id: Option<String>,
    ) -> Result<Value, CgError> {
        let payment = self
            .payments
            .get(&payment_id)
            .cloned()
            .ok_or_else(|| CgError::not_found(format!("Payment {payment_id} not found")))?;
        if payment.status != "SUCCESS" {
            return Err(CgError::invalid(format!(
                "Payment {payment_id} did not succeed; there is nothing to refund"
            )));
        }
        let (_, refunded, refundable) = self.payment_sums(&payment);
        if refundable.is_zero() {
            return Err(CgError::invalid(format!(
                "Payment {payment_id} is already fully refunded"
            )));
        }
        let now = self.clock.now();
        if refunded.is_zero() && payment.created.date() == now.date() {
            let refund = PaymentRefund {
                id: self.next_refund,
                payment_id,
                created: now,
                destination: destination.to_string(),
                price: refundable,
                conversation_id,
            };
            self.next_refund += 1;
            for id in &payment.transaction_ids {
                if let Some(t) = self.transactions.get_mut(id) {
                    t.refunded = t.paid_price;
                }
            }
            let answer = self.refund_json(&refund);
            self.refunds.insert(refund.id, refund);
            return Ok(answer);
        }
        let mut item_refunds = Vec::new();
        for id in &payment.transaction_ids {
            let rest = self
                .transactions
                .get(id)
                .map_or(Decimal::ZERO, |t| self.tx_refundable(t));
            if rest > Decimal::ZERO {
                item_refunds.push(self.refund_item(
                    *id,
                    rest,
                    destination,
                    conversation_id.clone(),
                ));
            }
        }
        Ok(item_refunds_json(
            payment_id,
            now,
            destination,
            refundable,
            conversation_id,
            item_refunds,
        ))
    }

    /// `POST /payment/v1/refund-transactions`: refunds `price` (`None` = the rest) of one
    /// item, at most its refundable price.
    pub(crate) fn refund_transaction(
        &mut self,
        tx_id: i64,
        price: Option<Decimal>,
        destination: &str,
        conversation_id: Option<String>,
    ) -> Result<Value, CgError> {
        let tx = self
            .transactions
            .get(&tx_id)
            .ok_or_else(|| CgError::not_found(format!("Payment transaction {tx_id} not found")))?;
        if self.payment_of(tx).is_none_or(|p| p.status != "SUCCESS") {
            return Err(CgError::invalid(format!(
                "The payment of transaction {tx_id} did not succeed; there is nothing to refund"
            )));
        }
        let refundable = self.tx_refundable(tx);
        if refundable.is_zero() {
            return Err(CgError::invalid(format!(
                "Payment transaction {tx_id} is already fully refunded"
            )));
        }
        let price = price.unwrap_or(refundable);
        if !is_refund_price(price) {
            return Err(CgError::invalid(
                "refundPrice must be positive with at most 8 decimals",
            ));
        }
        if price > refundable {
            return Err(CgError::invalid(format!(
                "refundPrice {} exceeds the refundable price {} of payment transaction {tx_id}",
                price.normalize(),
                refundable.normalize()
            )));
        }
        Ok(self.refund_item(tx_id, price, destination, conversation_id))
    }

    /// Books an item refund (already checked) and answers its JSON.
    fn refund_item(
        &mut self,
        tx_id: i64,
        price: Decimal,
        destination: &str,
        conversation_id: Option<String>,
    ) -> Value {
        let now = self.clock.now();
        let Some(tx) = self.transactions.get_mut(&tx_id) else {
            return Value::Null;
        };
        tx.refunded += price;
        let refund = TxRefund {
            id: self.next_tx_refund,
            transaction_id: tx_id,
            payment_id: tx.payment_id,
            created: now,
            destination: destination.to_string(),
            price,
            conversation_id,
            after_settlement: tx.payout_status == "PAYOUT_COMPLETED",
        };
        self.next_tx_refund += 1;
        let answer = self.tx_refund_json(&refund);
        self.tx_refunds.insert(refund.id, refund);
        answer
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::clock::SandboxClock;
    use crate::seed::craftgate as seed;
    use crate::util::dec;

    /// The demo data, seeded at `clock`'s time.
    fn seeded(clock: &SandboxClock) -> State {
        State::seeded(clock.istanbul())
    }

    #[test]
    fn item_refunds_move_the_refund_status() {
        let mut state = seeded(&SandboxClock::system());
        assert!(
            state
                .refund_transaction(2002, Some(dec("25.01")), "PROVIDER", None)
                .is_err()
        );
        state
            .refund_transaction(2002, Some(dec("25.00")), "PROVIDER", None)
            .unwrap();
        assert_eq!(
            state.tx_refund_status(&state.transactions[&2002]),
            "FULLY_REFUNDED"
        );
        let p = state.payments[&seed::PAYMENT_ID].clone();
        assert_eq!(state.payment_refund_status(&p), "PARTIAL_REFUNDED");
        let full = state
            .refund_payment(seed::PAYMENT_ID, "PROVIDER", None)
            .unwrap();
        assert_eq!(full["refundType"], "REFUND");
        assert!(full.get("id").is_none());
        assert_eq!(
            full["paymentTransactionRefunds"].as_array().unwrap().len(),
            2
        );
        assert_eq!(state.payment_refund_status(&p), "FULLY_REFUNDED");
        assert!(
            state
                .refund_payment(seed::PAYMENT_ID, "PROVIDER", None)
                .is_err()
        );
    }

    #[test]
    fn same_day_full_refund_is_a_cancel() {
        let mut state = seeded(&SandboxClock::system());
        let answer = state
            .refund_payment(seed::SAME_DAY_PAYMENT_ID, "PROVIDER", None)
            .unwrap();
        assert_eq!(answer["refundType"], "CANCEL");
        assert_eq!(answer["id"], 3001);
        assert_eq!(
            serde_json::to_string(&answer["refundPrice"]).unwrap(),
            "59.90000000"
        );
        assert!(
            state
                .refund_payment(seed::FAILED_PAYMENT_ID, "PROVIDER", None)
                .is_err()
        );
    }

    #[test]
    fn the_payment_day_ends_at_the_istanbul_midnight() {
        // 23:59:59 in Istanbul; 21:00:00 UTC is 00:00 the next Istanbul day, same UTC day.
        let clock = SandboxClock::frozen_at(Utc.with_ymd_and_hms(2024, 3, 10, 20, 59, 59).unwrap());
        let mut before = seeded(&clock);
        let mut after = seeded(&clock);
        let cancel = before
            .refund_payment(seed::SAME_DAY_PAYMENT_ID, "PROVIDER", None)
            .unwrap();
        assert_eq!(cancel["refundType"], "CANCEL");
        assert_eq!(cancel["createdDate"], "2024-03-10T23:59:59");
        clock.advance(Duration::from_secs(1));
        let refund = after
            .refund_payment(seed::SAME_DAY_PAYMENT_ID, "PROVIDER", None)
            .unwrap();
        assert_eq!(refund["refundType"], "REFUND", "{refund}");
        assert_eq!(refund["createdDate"], "2024-03-11T00:00:00");
    }
}
