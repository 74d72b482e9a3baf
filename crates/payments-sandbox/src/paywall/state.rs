//! Paywall's data: single and bulk payments and what cancels and refunds do to them.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::envelope::{FAILURE, Failure, INVALID, NOT_FOUND};
use crate::seed::paywall as seed;

/// Payment status ids (notes §5).
pub(crate) mod status {
    /// Waiting for financialization / settlement.
    pub(crate) const WAITING_SETTLEMENT: i64 = 3;
    /// Successful.
    pub(crate) const SUCCESSFUL: i64 = 4;
    /// Failed.
    pub(crate) const FAILED: i64 = 5;
}

/// Activity types (`Scope` in the bulk query, `TypeId` in single queries). The notes'
/// closest table is the Physical-POS one: 1 Sale, 2 Cancellation, 3 Refund (§5, UNVERIFIED).
pub(crate) mod scope {
    /// A sale.
    pub(crate) const SALE: i64 = 1;
    /// A cancellation.
    pub(crate) const CANCEL: i64 = 2;
    /// A refund (full or partial).
    pub(crate) const REFUND: i64 = 3;
}

fn status_name(id: i64) -> &'static str {
    match id {
        1 => "Created",
        2 => "Started",
        3 => "Waiting for Financialization",
        4 => "Successful",
        5 => "Failed",
        6 => "PayJump",
        7 => "Failed (On Query)",
        _ => "Unknown",
    }
}

fn type_name(id: i64) -> &'static str {
    match id {
        scope::SALE => "Sale",
        scope::CANCEL => "Cancellation",
        scope::REFUND => "Refund",
        _ => "Unknown",
    }
}

/// The card a payment was made with (masked).
#[derive(Clone, Debug)]
pub(crate) struct Card {
    pub(crate) number: &'static str,
    pub(crate) owner: &'static str,
    pub(crate) bank: &'static str,
    pub(crate) brand: &'static str,
    pub(crate) kind: &'static str,
    pub(crate) family: &'static str,
}

const CARDS: [Card; 2] = [
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

/// One payment, single or part of a batch.
#[derive(Clone, Debug)]
pub(crate) struct Payment {
    pub(crate) payment_id: i64,
    pub(crate) activity_id: i64,
    /// Paywall's own GUID (`UniqueCode`).
    pub(crate) unique_code: String,
    pub(crate) merchant_unique_code: String,
    pub(crate) tracking_code: Option<String>,
    /// The payment day (what `Date` in cancel/refund bodies must name).
    pub(crate) date: NaiveDate,
    pub(crate) amount: Decimal,
    pub(crate) status_id: i64,
    pub(crate) error_message: Option<String>,
    pub(crate) refunded: Decimal,
    pub(crate) partially_refunded: bool,
    pub(crate) cancelled: bool,
    /// The last activity's type (`Scope`/`TypeId`).
    pub(crate) last_type: i64,
    pub(crate) last_activity: NaiveDateTime,
    pub(crate) activity_amount: Decimal,
    pub(crate) card: Card,
}

impl Payment {
    /// What can still be refunded.
    pub(crate) fn remaining(&self) -> Decimal {
        self.amount - self.refunded
    }

    /// A row of the bulk query's `Payments[]` (notes §3.1).
    pub(crate) fn bulk_row(&self) -> Value {
        json!({
            "MerchantUniqueCode": self.merchant_unique_code,
            "PaymentId": self.payment_id,
            "Amount": self.amount,
            "Status": self.status_id,
            "Scope": self.last_type,
            "ErrorMessage": self.error_message,
        })
    }

    /// `Body.Paywall` of the single queries (notes §3.2 "Query a single payment").
    pub(crate) fn query_json(&self) -> Value {
        let successful = self.status_id == status::SUCCESSFUL;
        json!({
            "Paywall": {
                "PaymentId": self.payment_id,
                "ActivityId": self.activity_id,
                "UniqueCode": self.unique_code,
                "MerchantUniqueCode": self.merchant_unique_code,
                "TrackingCode": self.tracking_code,
                "PaymentGatewayId": 12,
                "PaymentGatewayName": "Sandbox Virtual POS",
                "PaymentGatewayProviderName": "SandboxBank",
                "AnySuccessPayment": successful,
                "AnySuccessRefund": self.refunded > Decimal::ZERO && !self.partially_refunded,
                "AnySuccessPartialRefund": self.partially_refunded,
                "AnySuccessCancel": self.cancelled,
                "Status": successful,
                "StatusName": status_name(self.status_id),
                "StatusId": self.status_id,
                "TypeName": type_name(self.last_type),
                "TypeId": self.last_type,
                "Installment": 1,
                "CurrencyId": 1,
                "CurrencyName": "TRY",
                "PaymentMethodId": 1,
                "PaymentMethodName": "Card",
                "PaymentChannelId": 1,
                "PaymentChannelName": "Web",
                "PaymentTagId": null,
                "PaymentTagName": null,
                "CardNumber": self.card.number,
                "CardOwnerName": self.card.owner,
                "CardBankName": self.card.bank,
                "CardBrandName": self.card.brand,
                "CardTypeName": self.card.kind,
                "CardFamilyName": self.card.family,
                "LastActivityDateTime": self.last_activity.format("%Y-%m-%dT%H:%M:%S").to_string(),
                "PaymentAmount": self.amount,
                "ActivityAmount": self.activity_amount,
                "IP": "127.0.0.1",
                "AppliedInterest": false,
                "InterestRate": Decimal::ZERO,
                "CommissionRate": Decimal::ZERO,
                "OriginalAmount": self.amount,
                "InterestAmount": Decimal::ZERO,
                "CommissionAmount": Decimal::ZERO,
                "ErrorMessage": self.error_message,
            }
        })
    }
}

/// A bulk batch.
#[derive(Clone, Debug)]
pub(crate) struct Batch {
    pub(crate) merchant_unique_code: String,
    pub(crate) bulk_payment_id: i64,
    pub(crate) date: NaiveDate,
    pub(crate) payment_ids: Vec<i64>,
}

/// Everything the fake Paywall knows.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) payments: BTreeMap<i64, Payment>,
    pub(crate) batches: Vec<Batch>,
    next_activity: i64,
    next_bulk_id: i64,
}

/// A deterministic v4-shaped GUID from a label (seeded data stays the same across runs).
fn guid(label: &str) -> String {
    let digest = Sha256::digest(label.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap_or_default()
}

/// The current UTC day: the sandbox's "payment day" clock.
pub(crate) fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

impl State {
    /// One batch of [`seed::BULK_PAYMENT_COUNT`] payments dated the previous UTC day, and three
    /// single payments (previous day, same day, failed).
    pub(crate) fn seeded() -> Self {
        let today = today();
        let yesterday = today.checked_sub_days(Days::new(1)).unwrap_or(today);
        let at = |day: NaiveDate, h: u32, m: u32| {
            day.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default())
        };
        let amounts = [
            "1.59", "1.59", "1.59", "2.50", "10.00", "1.59", "0.99", "25.75",
        ];
        let mut payments = BTreeMap::new();
        let mut batch_ids = Vec::new();
        let mut activity = 9_000_000;
        for i in 0..seed::BULK_PAYMENT_COUNT {
            let payment_id = seed::FIRST_BULK_PAYMENT_ID + i as i64;
            let amount = dec(amounts[i % amounts.len()]);
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
                    card: CARDS[i % CARDS.len()].clone(),
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
        for (k, (payment_id, code, day, amount, status_id, error)) in
            singles.into_iter().enumerate()
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
                    card: CARDS[k % CARDS.len()].clone(),
                },
            );
        }
        Self {
            payments,
            batches: vec![Batch {
                merchant_unique_code: seed::BULK_MERCHANT_UNIQUE_CODE.into(),
                bulk_payment_id: seed::BULK_PAYMENT_ID,
                date: yesterday,
                payment_ids: batch_ids,
            }],
            next_activity: activity + 1,
            next_bulk_id: seed::BULK_PAYMENT_ID + 1,
        }
    }

    /// The batch with `code`.
    pub(crate) fn batch(&self, code: &str) -> Option<&Batch> {
        self.batches.iter().find(|b| b.merchant_unique_code == code)
    }

    /// The batch's payments.
    pub(crate) fn batch_payments(&self, batch: &Batch) -> Vec<&Payment> {
        batch
            .payment_ids
            .iter()
            .filter_map(|id| self.payments.get(id))
            .collect()
    }

    /// A new id for a bulk operation (cancel, refund, retry).
    pub(crate) fn next_bulk_id(&mut self) -> i64 {
        let id = self.next_bulk_id;
        self.next_bulk_id += 1;
        id
    }

    /// The payment with merchant code `code`.
    pub(crate) fn by_merchant_code(&self, code: &str) -> Option<&Payment> {
        self.payments
            .values()
            .find(|p| p.merchant_unique_code == code)
    }

    /// The payment with Paywall's GUID `code` (compared case-insensitively).
    pub(crate) fn by_unique_code(&self, code: &str) -> Option<&Payment> {
        self.payments
            .values()
            .find(|p| p.unique_code.eq_ignore_ascii_case(code))
    }

    /// Why `payment` cannot be cancelled now; cancellation is same-day only (notes §3.2).
    pub(crate) fn cancel_refusal(payment: &Payment) -> Option<Failure> {
        let message = if payment.status_id != status::SUCCESSFUL {
            "Only a successful payment can be cancelled"
        } else if payment.cancelled {
            "The payment is already cancelled"
        } else if payment.refunded > Decimal::ZERO {
            "The payment has refunds and can no longer be cancelled"
        } else if payment.date != today() {
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
    /// `any_day` false, refunds are for payments of an earlier day (notes §3.2 "after the end
    /// of the day").
    pub(crate) fn refund_refusal(
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
        if !any_day && payment.date >= today() {
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
        if let Some(p) = self.payments.get_mut(&id) {
            p.cancelled = true;
            p.last_type = scope::CANCEL;
            p.activity_id = activity;
            p.activity_amount = p.amount;
            p.last_activity = now();
        }
    }

    /// Refunds `amount` (`None` = everything left) of payment `id` (checked by
    /// [`State::refund_refusal`]).
    pub(crate) fn refund(&mut self, id: i64, amount: Option<Decimal>) {
        let activity = self.take_activity();
        if let Some(p) = self.payments.get_mut(&id) {
            let amount = amount.unwrap_or_else(|| p.remaining());
            p.refunded += amount;
            p.partially_refunded = p.refunded < p.amount;
            p.last_type = scope::REFUND;
            p.activity_id = activity;
            p.activity_amount = amount;
            p.last_activity = now();
        }
    }

    fn take_activity(&mut self) -> i64 {
        let id = self.next_activity;
        self.next_activity += 1;
        id
    }

    /// A payment that must exist, or the -1 "not found" failure.
    pub(crate) fn require<'a>(
        payment: Option<&'a Payment>,
        what: &str,
    ) -> Result<&'a Payment, Failure> {
        payment.ok_or_else(|| Failure::business(NOT_FOUND, format!("Payment not found ({what})")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_batch_has_the_documented_shape() {
        let state = State::seeded();
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
            State::seeded().payments[&2_094_937].merchant_unique_code,
            payments[0].merchant_unique_code
        );
    }

    #[test]
    fn refunds_are_bounded_by_what_was_paid() {
        let mut state = State::seeded();
        let id = seed::PREVIOUS_DAY_PAYMENT_ID;
        let p = state.payments[&id].clone();
        assert!(State::refund_refusal(&p, Some(dec("150.01")), false).is_some());
        assert!(State::refund_refusal(&p, Some(dec("0.001")), false).is_some());
        assert!(State::refund_refusal(&p, Some(dec("50.00")), false).is_none());
        state.refund(id, Some(dec("50.00")));
        let p = state.payments[&id].clone();
        assert_eq!(p.remaining(), dec("100.00"));
        assert!(p.partially_refunded);
        assert!(State::cancel_refusal(&p).is_some());
        state.refund(id, None);
        let p = state.payments[&id].clone();
        assert_eq!(p.remaining(), Decimal::ZERO);
        assert!(State::refund_refusal(&p, None, false).is_some());
    }

    #[test]
    fn cancel_is_same_day_and_refund_is_later() {
        let state = State::seeded();
        let same_day = &state.payments[&seed::SAME_DAY_PAYMENT_ID];
        assert!(State::cancel_refusal(same_day).is_none());
        assert!(State::refund_refusal(same_day, None, false).is_some());
        assert!(State::refund_refusal(same_day, None, true).is_none());
        let earlier = &state.payments[&seed::PREVIOUS_DAY_PAYMENT_ID];
        assert!(State::cancel_refusal(earlier).is_some());
        let failed = &state.payments[&seed::FAILED_PAYMENT_ID];
        assert!(State::refund_refusal(failed, None, false).is_some());
    }
}
