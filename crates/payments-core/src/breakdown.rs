//! The per-item breakdown of a payment (Craftgate's payment transactions).

use chrono::NaiveDateTime;
use rust_decimal::Decimal;

use crate::ids::ItemId;
use crate::money::Money;
use crate::status::{RefundStatus, TransactionStatus};

/// A sub-merchant's share of a breakdown item (marketplaces).
#[derive(Clone, Debug, PartialEq)]
pub struct SubMerchantShare {
    /// The sub-merchant's member id.
    pub member_id: String,
    /// The sub-merchant's name, when reported.
    pub name: Option<String>,
    /// The item's price share that goes to the sub-merchant.
    pub price: Option<Money>,
    /// The ratio of the sub-merchant's payout to the merchant's.
    pub payout_rate: Option<Decimal>,
    /// The amount paid out to the sub-merchant.
    pub payout_amount: Option<Money>,
}

/// How an item's payout is split, and where each side's payout stands.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PayoutShare {
    /// The exchange rate applied, when reported.
    pub parity: Option<Decimal>,
    /// Paid price in the payout currency.
    pub paid_price: Option<Money>,
    /// What goes to the merchant.
    pub merchant_amount: Option<Money>,
    /// What goes to the sub-merchant.
    pub sub_merchant_amount: Option<Money>,
    /// The merchant's payout status, as the provider names it.
    pub merchant_status: Option<String>,
    /// The sub-merchant's payout status, as the provider names it.
    pub sub_merchant_status: Option<String>,
}

/// One item of a payment's breakdown: its prices, commissions, payouts and refund state.
#[derive(Clone, Debug, PartialEq)]
pub struct Breakdown {
    /// The item's id.
    pub id: ItemId,
    /// The product or service name sent with the payment.
    pub name: Option<String>,
    /// The merchant's external id for the item.
    pub external_id: Option<String>,
    /// The item's basket price.
    pub price: Option<Money>,
    /// The item's share of the charged amount.
    pub paid_price: Option<Money>,
    /// The item's share of what was taken from a wallet.
    pub wallet_price: Option<Money>,
    /// What can still be refunded.
    pub refundable_price: Option<Money>,
    /// Instalment interest rate passed on to the customer.
    pub merchant_commission_rate: Option<Decimal>,
    /// The item's share of that interest.
    pub merchant_commission_amount: Option<Money>,
    /// The bank's commission rate.
    pub bank_commission_rate: Option<Decimal>,
    /// The bank's commission amount.
    pub bank_commission_amount: Option<Money>,
    /// What the merchant receives for the item.
    pub merchant_payout_amount: Option<Money>,
    /// The sub-merchant's share, for marketplace items.
    pub sub_merchant: Option<SubMerchantShare>,
    /// The payout split and statuses.
    pub payout: Option<PayoutShare>,
    /// Approval state of the payout.
    pub transaction_status: Option<TransactionStatus>,
    /// How much of the item has been refunded.
    pub refund_status: Option<RefundStatus>,
    /// When the payment was made (provider wall-clock time, no zone).
    pub created_at: Option<NaiveDateTime>,
    /// When the transaction status last changed.
    pub transaction_status_at: Option<NaiveDateTime>,
    /// When the payout blockage ends.
    pub blockage_resolved_at: Option<NaiveDateTime>,
}
