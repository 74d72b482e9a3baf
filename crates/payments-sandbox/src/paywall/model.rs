//! Paywall's data: single and bulk payments, and the payment-day clock.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

use super::envelope::{Failure, NOT_FOUND};
use crate::clock::ProviderClock;

/// Payment status ids (docs/providers/paywall.md#payment-status).
pub(crate) mod status {
    /// Waiting for financialization / settlement.
    pub(crate) const WAITING_SETTLEMENT: i64 = 3;
    /// Successful.
    pub(crate) const SUCCESSFUL: i64 = 4;
    /// Failed.
    pub(crate) const FAILED: i64 = 5;
}

/// Activity types (`Scope` in the bulk query, `TypeId` in single queries). The closest
/// published table is the Physical-POS one: 1 Sale, 2 Cancellation, 3 Refund (inferred,
/// unverified; docs/providers/paywall.md#scope).
pub(crate) mod scope {
    /// A sale.
    pub(crate) const SALE: i64 = 1;
    /// A cancellation.
    pub(crate) const CANCEL: i64 = 2;
    /// A refund (full or partial).
    pub(crate) const REFUND: i64 = 3;
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
}

/// A count of payments and their amount.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Sum {
    pub(crate) count: usize,
    pub(crate) amount: Decimal,
}

impl Sum {
    fn add(&mut self, payment: &Payment) {
        self.count += 1;
        self.amount += payment.amount;
    }
}

/// A batch's totals (docs/providers/paywall.md#bulk-summary): status 4 is successful; 5, 6
/// and 7 unsuccessful; 1, 2 and 3 unprocessed.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Totals {
    pub(crate) all: Sum,
    pub(crate) succeeded: Sum,
    pub(crate) failed: Sum,
    pub(crate) unprocessed: Sum,
}

impl Totals {
    /// The totals of `payments`.
    pub(crate) fn of<'a>(payments: impl IntoIterator<Item = &'a Payment>) -> Self {
        let mut totals = Self::default();
        for p in payments {
            totals.all.add(p);
            match p.status_id {
                status::SUCCESSFUL => totals.succeeded.add(p),
                5..=7 => totals.failed.add(p),
                1..=3 => totals.unprocessed.add(p),
                _ => {}
            }
        }
        totals
    }
}

/// A bulk batch.
#[derive(Clone, Debug)]
pub(crate) struct Batch {
    pub(crate) merchant_unique_code: String,
    pub(crate) bulk_payment_id: i64,
    pub(crate) date: NaiveDate,
    pub(crate) payment_ids: Vec<i64>,
    /// The totals of its payments, counted once when the batch is made (every page of a
    /// large batch carries them): they hold because a payment's amount and status never
    /// change here (cancels and refunds are activities on top, a retried payment fails
    /// again).
    pub(crate) totals: Totals,
    /// Where its callbacks go besides the registered endpoints (the bulk start's
    /// `CallbackAddress`, a list operation's `CallbackUrl`).
    pub(crate) callback_url: Option<url::Url>,
}

/// Everything the fake Paywall knows.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) payments: BTreeMap<i64, Payment>,
    pub(crate) batches: Vec<Batch>,
    pub(crate) next_activity: i64,
    pub(crate) next_bulk_id: i64,
    /// Paywall's business day and time: Istanbul, UTC+3 (inferred, low confidence;
    /// docs/providers/paywall.md#time-zone). Its calendar day is the "payment day" of
    /// cancels and refunds; its time is stamped on a payment's activities.
    pub(crate) clock: ProviderClock,
}

impl State {
    /// The batch with `code`.
    pub(crate) fn batch(&self, code: &str) -> Option<&Batch> {
        self.batches.iter().find(|b| b.merchant_unique_code == code)
    }

    /// The batch's payments.
    pub(crate) fn batch_payments<'a>(&'a self, batch: &'a Batch) -> Vec<&'a Payment> {
        self.each_batch_payment(batch).collect()
    }

    /// The batch's payments, one after the other (without collecting a large batch).
    pub(crate) fn each_batch_payment<'a>(
        &'a self,
        batch: &'a Batch,
    ) -> impl Iterator<Item = &'a Payment> + 'a {
        batch
            .payment_ids
            .iter()
            .filter_map(|id| self.payments.get(id))
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

    pub(crate) fn take_activity(&mut self) -> i64 {
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
