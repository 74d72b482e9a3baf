//! Craftgate's data: members, payments with their items (payment transactions) and refunds,
//! and what of a payment is paid, refunded and refundable (docs/providers/craftgate.md#breakdown,
//! docs/providers/craftgate.md#refunds).

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use rust_decimal::Decimal;

use crate::clock::ProviderClock;

/// A member (`MemberResponse`, docs/providers/craftgate.md#members).
#[derive(Clone, Debug)]
pub(crate) struct Member {
    pub(crate) id: i64,
    pub(crate) created: NaiveDateTime,
    pub(crate) external_id: &'static str,
    pub(crate) name: &'static str,
    pub(crate) email: &'static str,
    pub(crate) phone: &'static str,
    pub(crate) contact_name: &'static str,
    pub(crate) contact_surname: &'static str,
    pub(crate) member_type: &'static str,
    pub(crate) legal_company_title: Option<&'static str>,
    pub(crate) tax_office: Option<&'static str>,
    pub(crate) tax_number: Option<&'static str>,
    pub(crate) iban: Option<&'static str>,
    pub(crate) is_buyer: bool,
    pub(crate) is_sub_merchant: bool,
}

/// One item of a payment (a payment transaction).
#[derive(Clone, Debug)]
pub(crate) struct Transaction {
    pub(crate) id: i64,
    pub(crate) payment_id: i64,
    pub(crate) name: &'static str,
    pub(crate) external_id: String,
    pub(crate) price: Decimal,
    pub(crate) paid_price: Decimal,
    pub(crate) sub_merchant_member_id: i64,
    /// Share of the price that goes to the sub-merchant, in percent.
    pub(crate) sub_merchant_rate: Decimal,
    pub(crate) bank_commission_rate: Decimal,
    pub(crate) transaction_status: &'static str,
    pub(crate) transaction_status_date: NaiveDateTime,
    pub(crate) payout_status: &'static str,
    pub(crate) refunded: Decimal,
}

impl Transaction {
    pub(crate) fn bank_commission_amount(&self) -> Decimal {
        (self.paid_price * self.bank_commission_rate / Decimal::ONE_HUNDRED).round_dp(2)
    }

    pub(crate) fn sub_merchant_price(&self) -> Decimal {
        (self.price * self.sub_merchant_rate / Decimal::ONE_HUNDRED).round_dp(2)
    }

    pub(crate) fn merchant_payout(&self) -> Decimal {
        self.paid_price - self.bank_commission_amount() - self.sub_merchant_price()
    }
}

/// A payment.
#[derive(Clone, Debug)]
pub(crate) struct Payment {
    pub(crate) id: i64,
    pub(crate) created: NaiveDateTime,
    pub(crate) buyer_member_id: i64,
    pub(crate) conversation_id: &'static str,
    pub(crate) status: &'static str,
    pub(crate) card_holder: &'static str,
    pub(crate) bin: &'static str,
    pub(crate) last_four: &'static str,
    pub(crate) association: &'static str,
    pub(crate) error: Option<(&'static str, &'static str, &'static str)>,
    pub(crate) transaction_ids: Vec<i64>,
}

/// A payment-level refund (a `CANCEL`: only those have an id;
/// docs/providers/craftgate.md#same-day-cancel).
#[derive(Clone, Debug)]
pub(crate) struct PaymentRefund {
    pub(crate) id: i64,
    pub(crate) payment_id: i64,
    pub(crate) created: NaiveDateTime,
    pub(crate) destination: String,
    pub(crate) price: Decimal,
    pub(crate) conversation_id: Option<String>,
}

/// A refund of one item.
#[derive(Clone, Debug)]
pub(crate) struct TxRefund {
    pub(crate) id: i64,
    pub(crate) transaction_id: i64,
    pub(crate) payment_id: i64,
    pub(crate) created: NaiveDateTime,
    pub(crate) destination: String,
    pub(crate) price: Decimal,
    pub(crate) conversation_id: Option<String>,
    pub(crate) after_settlement: bool,
}

/// Everything the fake Craftgate knows.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) members: BTreeMap<i64, Member>,
    pub(crate) payments: BTreeMap<i64, Payment>,
    pub(crate) transactions: BTreeMap<i64, Transaction>,
    pub(crate) refunds: BTreeMap<i64, PaymentRefund>,
    pub(crate) tx_refunds: BTreeMap<i64, TxRefund>,
    pub(crate) next_refund: i64,
    pub(crate) next_tx_refund: i64,
    /// The merchant's wall clock: Istanbul time (docs/providers/craftgate.md#time-zone).
    pub(crate) clock: ProviderClock,
}

impl State {
    /// The items of `payment`.
    pub(crate) fn items(&self, payment: &Payment) -> Vec<&Transaction> {
        payment
            .transaction_ids
            .iter()
            .filter_map(|id| self.transactions.get(id))
            .collect()
    }

    /// The payment `tx` is an item of.
    pub(crate) fn payment_of(&self, tx: &Transaction) -> Option<&Payment> {
        self.payments.get(&tx.payment_id)
    }

    /// What can still be refunded of an item (nothing for a failed payment).
    pub(crate) fn tx_refundable(&self, tx: &Transaction) -> Decimal {
        match self.payment_of(tx) {
            Some(p) if p.status == "SUCCESS" => tx.paid_price - tx.refunded,
            _ => Decimal::ZERO,
        }
    }

    fn refund_status(paid: Decimal, refunded: Decimal, successful: bool) -> &'static str {
        if !successful {
            "NO_REFUND"
        } else if refunded.is_zero() {
            "NOT_REFUNDED"
        } else if refunded < paid {
            "PARTIAL_REFUNDED"
        } else {
            "FULLY_REFUNDED"
        }
    }

    /// An item's `PaymentRefundStatus` (docs/providers/craftgate.md#payment-refund-status).
    pub(crate) fn tx_refund_status(&self, tx: &Transaction) -> &'static str {
        let successful = self.payment_of(tx).is_some_and(|p| p.status == "SUCCESS");
        Self::refund_status(tx.paid_price, tx.refunded, successful)
    }

    /// `(paid, refunded, refundable)` of a payment, summed over its items.
    pub(crate) fn payment_sums(&self, payment: &Payment) -> (Decimal, Decimal, Decimal) {
        self.items(payment).iter().fold(
            (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO),
            |(paid, refunded, refundable), t| {
                (
                    paid + t.paid_price,
                    refunded + t.refunded,
                    refundable + self.tx_refundable(t),
                )
            },
        )
    }

    /// The payment's `PaymentRefundStatus`.
    pub(crate) fn payment_refund_status(&self, payment: &Payment) -> &'static str {
        let (paid, refunded, _) = self.payment_sums(payment);
        Self::refund_status(paid, refunded, payment.status == "SUCCESS")
    }
}
