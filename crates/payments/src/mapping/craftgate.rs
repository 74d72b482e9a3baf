//! Craftgate's payment, refund and breakdown values in the shared vocabularies.

use craftgate_client::wire::{
    PaymentRefundStatus, PaymentStatus as WireStatus, RefundOutcome as WireRefundOutcome,
    TransactionStatus as WireTransactionStatus,
};
use payments_core::{PaymentStatus, RefundOutcome, RefundStatus, TransactionStatus};

use super::by_table;

/// `paymentStatus` (docs/providers/craftgate.md#payment-status).
pub const PAYMENT_STATUS: &[(WireStatus, PaymentStatus)] = &[
    (WireStatus::Success, PaymentStatus::Succeeded),
    (WireStatus::Failure, PaymentStatus::Failed),
    (WireStatus::InitThreeds, PaymentStatus::Pending),
    (WireStatus::CallbackThreeds, PaymentStatus::Pending),
    (WireStatus::Waiting, PaymentStatus::Pending),
];

/// `refundStatus` of payments and breakdown items
/// (docs/providers/craftgate.md#payment-refund-status).
pub const REFUND_STATUS: &[(PaymentRefundStatus, RefundStatus)] = &[
    (PaymentRefundStatus::NoRefund, RefundStatus::NoRefund),
    (PaymentRefundStatus::NotRefunded, RefundStatus::NotRefunded),
    (
        PaymentRefundStatus::PartialRefunded,
        RefundStatus::PartiallyRefunded,
    ),
    (
        PaymentRefundStatus::FullyRefunded,
        RefundStatus::FullyRefunded,
    ),
];

/// A refund's `status` (docs/providers/craftgate.md#refund-status).
pub const REFUND_OUTCOME: &[(WireRefundOutcome, RefundOutcome)] = &[
    (WireRefundOutcome::Success, RefundOutcome::Succeeded),
    (WireRefundOutcome::Failure, RefundOutcome::Failed),
    (WireRefundOutcome::Waiting, RefundOutcome::Pending),
];

/// A breakdown item's `transactionStatus` (docs/providers/craftgate.md#transaction-status).
pub const TRANSACTION_STATUS: &[(WireTransactionStatus, TransactionStatus)] = &[
    (
        WireTransactionStatus::WaitingForApproval,
        TransactionStatus::WaitingForApproval,
    ),
    (WireTransactionStatus::Approved, TransactionStatus::Approved),
    (
        WireTransactionStatus::PayoutStarted,
        TransactionStatus::PayoutStarted,
    ),
];

by_table! {
    WireStatus => PaymentStatus: PAYMENT_STATUS;
    PaymentRefundStatus => RefundStatus: REFUND_STATUS;
    WireRefundOutcome => RefundOutcome: REFUND_OUTCOME;
    WireTransactionStatus => TransactionStatus: TRANSACTION_STATUS;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::ToShared;

    /// Every row, written out again so a changed row fails here.
    #[test]
    fn craftgate_tables() {
        for (raw, want) in [
            ("SUCCESS", PaymentStatus::Succeeded),
            ("FAILURE", PaymentStatus::Failed),
            ("INIT_THREEDS", PaymentStatus::Pending),
            ("CALLBACK_THREEDS", PaymentStatus::Pending),
            ("WAITING", PaymentStatus::Pending),
            ("REVIEW", PaymentStatus::Unknown("REVIEW".into())),
        ] {
            assert_eq!(WireStatus::from(raw).to_shared(), want, "{raw}");
        }
        for (raw, want) in [
            ("NO_REFUND", RefundStatus::NoRefund),
            ("NOT_REFUNDED", RefundStatus::NotRefunded),
            ("PARTIAL_REFUNDED", RefundStatus::PartiallyRefunded),
            ("FULLY_REFUNDED", RefundStatus::FullyRefunded),
            ("CHARGEBACK", RefundStatus::Unknown("CHARGEBACK".into())),
        ] {
            assert_eq!(PaymentRefundStatus::from(raw).to_shared(), want, "{raw}");
        }
        for (raw, want) in [
            ("SUCCESS", RefundOutcome::Succeeded),
            ("FAILURE", RefundOutcome::Failed),
            ("WAITING", RefundOutcome::Pending),
            ("PENDING", RefundOutcome::Unknown("PENDING".into())),
        ] {
            assert_eq!(WireRefundOutcome::from(raw).to_shared(), want, "{raw}");
        }
        for (raw, want) in [
            (
                "WAITING_FOR_APPROVAL",
                TransactionStatus::WaitingForApproval,
            ),
            ("APPROVED", TransactionStatus::Approved),
            ("PAYOUT_STARTED", TransactionStatus::PayoutStarted),
            ("HELD", TransactionStatus::Unknown("HELD".into())),
        ] {
            assert_eq!(WireTransactionStatus::from(raw).to_shared(), want, "{raw}");
        }
    }
}
