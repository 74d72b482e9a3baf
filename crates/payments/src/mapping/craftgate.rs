//! Craftgate's payment, refund and breakdown values in the shared vocabularies.

use craftgate_client::wire::{
    PaymentRefundStatus, PaymentStatus as WireStatus, RefundOutcome as WireRefundOutcome,
    TransactionStatus as WireTransactionStatus,
};
use payments_core::{PaymentStatus, RefundOutcome, RefundStatus, TransactionStatus};

use super::by_table;

by_table! {
    /// `paymentStatus` (docs/providers/craftgate.md#payment-status).
    pub const PAYMENT_STATUS: WireStatus => PaymentStatus = [
        Success => Succeeded,
        Failure => Failed,
        InitThreeds => Pending,
        CallbackThreeds => Pending,
        Waiting => Pending,
    ];
}

by_table! {
    /// `refundStatus` of payments and breakdown items
    /// (docs/providers/craftgate.md#payment-refund-status).
    pub const REFUND_STATUS: PaymentRefundStatus => RefundStatus = [
        NoRefund => NoRefund,
        NotRefunded => NotRefunded,
        PartialRefunded => PartiallyRefunded,
        FullyRefunded => FullyRefunded,
    ];
}

by_table! {
    /// A refund's `status` (docs/providers/craftgate.md#refund-status).
    pub const REFUND_OUTCOME: WireRefundOutcome => RefundOutcome = [
        Success => Succeeded,
        Failure => Failed,
        Waiting => Pending,
    ];
}

by_table! {
    /// A breakdown item's `transactionStatus` (docs/providers/craftgate.md#transaction-status).
    pub const TRANSACTION_STATUS: WireTransactionStatus => TransactionStatus = [
        WaitingForApproval => WaitingForApproval,
        Approved => Approved,
        PayoutStarted => PayoutStarted,
    ];
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
