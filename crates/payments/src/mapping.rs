//! Status mapping tables: each provider's wire values into the shared vocabularies.
//!
//! The rule (as in hyperswitch's connectors): only a value the provider documents as an
//! explicit success or failure maps to one; in-between and ambiguous values are pending;
//! a value that is not in the table becomes `Unknown(raw)` and is never guessed. Each table
//! is data, printed in the README and tested row by row, and cites its source.

use payments_core::{
    PaymentActivity, PaymentStatus, RefundOutcome, RefundStatus, TransactionStatus,
};

/// Looks `raw` up in `table`, or keeps it as `unknown(raw)`.
fn lookup<T: Clone>(table: &[(&str, T)], raw: &str, unknown: fn(String) -> T) -> T {
    table
        .iter()
        .find(|(wire, _)| *wire == raw)
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| unknown(raw.to_string()))
}

/// OneEntry payment session `status` (api-notes/oneentry.md §4.2: the five
/// `PaymentStatusMapDto` keys; note the spelling `canceled`).
pub const ONEENTRY_SESSION_STATUS: &[(&str, PaymentStatus)] = &[
    ("waiting", PaymentStatus::Pending),
    // Partly paid: neither success nor failure yet.
    ("partial", PaymentStatus::Pending),
    ("completed", PaymentStatus::Succeeded),
    ("canceled", PaymentStatus::Cancelled),
    ("expired", PaymentStatus::Expired),
];

/// Paywall payment `Status` / `StatusId` (api-notes/paywall.md §5, [D-status]).
pub const PAYWALL_PAYMENT_STATUS: &[(&str, PaymentStatus)] = &[
    ("1", PaymentStatus::Pending),    // Created
    ("2", PaymentStatus::Pending),    // Started
    ("3", PaymentStatus::Authorized), // Waiting for financialization (pre-authorised)
    ("4", PaymentStatus::Succeeded),  // Successful
    ("5", PaymentStatus::Failed),     // Failed
    // PayJump: failed, but the re-routing algorithm is still trying to recover it.
    ("6", PaymentStatus::Pending),
    ("7", PaymentStatus::Failed), // Failed (on query)
];

/// Paywall bulk `Scope` (api-notes/paywall.md §5: INFERENCE from the Physical-POS
/// "Payment Type" table, UNVERIFIED; its 4 "Unknown" stays unknown).
pub const PAYWALL_SCOPE: &[(&str, PaymentActivity)] = &[
    ("1", PaymentActivity::Sale),
    ("2", PaymentActivity::Cancel),
    ("3", PaymentActivity::Refund),
];

/// Paywall `CurrencyId` to ISO 4217 (api-notes/paywall.md §5, [S9]).
pub const PAYWALL_CURRENCY: &[(&str, &str)] = &[
    ("1", "TRY"),
    ("2", "USD"),
    ("3", "EUR"),
    ("4", "BAM"),
    ("5", "MKD"),
    ("6", "ALL"),
    ("7", "GBP"),
];

/// Craftgate `paymentStatus` (api-notes/craftgate.md §5).
pub const CRAFTGATE_PAYMENT_STATUS: &[(&str, PaymentStatus)] = &[
    ("SUCCESS", PaymentStatus::Succeeded),
    ("FAILURE", PaymentStatus::Failed),
    ("INIT_THREEDS", PaymentStatus::Pending),
    ("CALLBACK_THREEDS", PaymentStatus::Pending),
    ("WAITING", PaymentStatus::Pending),
];

/// Craftgate `refundStatus` of payments and breakdown items (api-notes/craftgate.md §5,
/// PaymentRefundStatus).
pub const CRAFTGATE_REFUND_STATUS: &[(&str, RefundStatus)] = &[
    ("NO_REFUND", RefundStatus::NoRefund),
    ("NOT_REFUNDED", RefundStatus::NotRefunded),
    ("PARTIAL_REFUNDED", RefundStatus::PartiallyRefunded),
    ("FULLY_REFUNDED", RefundStatus::FullyRefunded),
];

/// Craftgate refund `status` (api-notes/craftgate.md §5, RefundStatus).
pub const CRAFTGATE_REFUND_OUTCOME: &[(&str, RefundOutcome)] = &[
    ("SUCCESS", RefundOutcome::Succeeded),
    ("FAILURE", RefundOutcome::Failed),
    ("WAITING", RefundOutcome::Pending),
];

/// Craftgate breakdown `transactionStatus` (api-notes/craftgate.md §5).
pub const CRAFTGATE_TRANSACTION_STATUS: &[(&str, TransactionStatus)] = &[
    (
        "WAITING_FOR_APPROVAL",
        TransactionStatus::WaitingForApproval,
    ),
    ("APPROVED", TransactionStatus::Approved),
    ("PAYOUT_STARTED", TransactionStatus::PayoutStarted),
];

/// Maps a OneEntry session status.
pub fn oneentry_session_status(raw: &str) -> PaymentStatus {
    lookup(ONEENTRY_SESSION_STATUS, raw, PaymentStatus::Unknown)
}

/// Maps a Paywall payment status code (its decimal text).
pub fn paywall_payment_status(raw: &str) -> PaymentStatus {
    lookup(PAYWALL_PAYMENT_STATUS, raw, PaymentStatus::Unknown)
}

/// Maps a Paywall bulk scope code (its decimal text).
pub fn paywall_scope(raw: &str) -> PaymentActivity {
    lookup(PAYWALL_SCOPE, raw, PaymentActivity::Unknown)
}

/// The ISO code of a Paywall currency id (its decimal text), when the table knows it.
pub fn paywall_currency(raw: &str) -> Option<&'static str> {
    PAYWALL_CURRENCY
        .iter()
        .find(|(id, _)| *id == raw)
        .map(|(_, iso)| *iso)
}

/// Maps a Craftgate payment status.
pub fn craftgate_payment_status(raw: &str) -> PaymentStatus {
    lookup(CRAFTGATE_PAYMENT_STATUS, raw, PaymentStatus::Unknown)
}

/// Maps a Craftgate payment or item refund status.
pub fn craftgate_refund_status(raw: &str) -> RefundStatus {
    lookup(CRAFTGATE_REFUND_STATUS, raw, RefundStatus::Unknown)
}

/// Maps a Craftgate refund's outcome.
pub fn craftgate_refund_outcome(raw: &str) -> RefundOutcome {
    lookup(CRAFTGATE_REFUND_OUTCOME, raw, RefundOutcome::Unknown)
}

/// Maps a Craftgate breakdown item's transaction status.
pub fn craftgate_transaction_status(raw: &str) -> TransactionStatus {
    lookup(
        CRAFTGATE_TRANSACTION_STATUS,
        raw,
        TransactionStatus::Unknown,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every row of every table, written out again so a changed row fails here.
    #[test]
    fn oneentry_session_status_table() {
        for (raw, want) in [
            ("waiting", PaymentStatus::Pending),
            ("partial", PaymentStatus::Pending),
            ("completed", PaymentStatus::Succeeded),
            ("canceled", PaymentStatus::Cancelled),
            ("expired", PaymentStatus::Expired),
            ("cancelled", PaymentStatus::Unknown("cancelled".into())),
            ("refunded", PaymentStatus::Unknown("refunded".into())),
        ] {
            assert_eq!(oneentry_session_status(raw), want, "{raw}");
        }
    }

    #[test]
    fn paywall_tables() {
        for (raw, want) in [
            ("1", PaymentStatus::Pending),
            ("2", PaymentStatus::Pending),
            ("3", PaymentStatus::Authorized),
            ("4", PaymentStatus::Succeeded),
            ("5", PaymentStatus::Failed),
            ("6", PaymentStatus::Pending),
            ("7", PaymentStatus::Failed),
            ("8", PaymentStatus::Unknown("8".into())),
        ] {
            assert_eq!(paywall_payment_status(raw), want, "{raw}");
        }
        for (raw, want) in [
            ("1", Some("TRY")),
            ("2", Some("USD")),
            ("3", Some("EUR")),
            ("7", Some("GBP")),
            ("8", None),
        ] {
            assert_eq!(paywall_currency(raw), want, "{raw}");
        }
        for (raw, want) in [
            ("1", PaymentActivity::Sale),
            ("2", PaymentActivity::Cancel),
            ("3", PaymentActivity::Refund),
            ("4", PaymentActivity::Unknown("4".into())),
        ] {
            assert_eq!(paywall_scope(raw), want, "{raw}");
        }
    }

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
            assert_eq!(craftgate_payment_status(raw), want, "{raw}");
        }
        for (raw, want) in [
            ("NO_REFUND", RefundStatus::NoRefund),
            ("NOT_REFUNDED", RefundStatus::NotRefunded),
            ("PARTIAL_REFUNDED", RefundStatus::PartiallyRefunded),
            ("FULLY_REFUNDED", RefundStatus::FullyRefunded),
            ("CHARGEBACK", RefundStatus::Unknown("CHARGEBACK".into())),
        ] {
            assert_eq!(craftgate_refund_status(raw), want, "{raw}");
        }
        for (raw, want) in [
            ("SUCCESS", RefundOutcome::Succeeded),
            ("FAILURE", RefundOutcome::Failed),
            ("WAITING", RefundOutcome::Pending),
            ("PENDING", RefundOutcome::Unknown("PENDING".into())),
        ] {
            assert_eq!(craftgate_refund_outcome(raw), want, "{raw}");
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
            assert_eq!(craftgate_transaction_status(raw), want, "{raw}");
        }
    }
}
