//! Paywall's payment values in the shared vocabularies.

use payments_core::{PaymentActivity, PaymentStatus};
use paywall_client::wire::{Currency, PaymentScope, PaymentStatus as WireStatus};

use super::by_table;

by_table! {
    /// Payment `Status` / `StatusId` (docs/providers/paywall.md#payment-status).
    pub const PAYMENT_STATUS: WireStatus => PaymentStatus = [
        Created => Pending,
        Started => Pending,
        // Pre-authorised, waiting for the capture ("financialisation").
        AwaitingSettlement => Authorized,
        Successful => Succeeded,
        Failed => Failed,
        // PayJump: failed, but the re-routing algorithm is still trying to recover it.
        PayJump => Pending,
        FailedOnQuery => Failed,
    ];
}

by_table! {
    /// Bulk `Scope`: inferred from the Physical-POS payment type table, unverified; its 4
    /// ("Unknown") stays unknown (docs/providers/paywall.md#scope).
    pub const SCOPE: PaymentScope => PaymentActivity = [
        Sale => Sale,
        Cancellation => Cancel,
        Refund => Refund,
    ];
}

/// `CurrencyId` to ISO 4217 (docs/providers/paywall.md#currency).
pub const CURRENCY: &[(Currency, &str)] = &[
    (Currency::Try, "TRY"),
    (Currency::Usd, "USD"),
    (Currency::Eur, "EUR"),
    (Currency::Bam, "BAM"),
    (Currency::Mkd, "MKD"),
    (Currency::All, "ALL"),
    (Currency::Gbp, "GBP"),
];

/// The ISO code of a Paywall currency, when the table knows it.
pub fn currency(currency: &Currency) -> Option<&'static str> {
    CURRENCY
        .iter()
        .find(|(id, _)| id == currency)
        .map(|(_, iso)| *iso)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::ToShared;

    /// Every row, written out again so a changed row fails here.
    #[test]
    fn paywall_tables() {
        for (code, want) in [
            (1, PaymentStatus::Pending),
            (2, PaymentStatus::Pending),
            (3, PaymentStatus::Authorized),
            (4, PaymentStatus::Succeeded),
            (5, PaymentStatus::Failed),
            (6, PaymentStatus::Pending),
            (7, PaymentStatus::Failed),
            (8, PaymentStatus::Unknown("8".into())),
        ] {
            assert_eq!(WireStatus::from(code).to_shared(), want, "{code}");
        }
        for (code, want) in [
            (1, Some("TRY")),
            (2, Some("USD")),
            (3, Some("EUR")),
            (4, Some("BAM")),
            (5, Some("MKD")),
            (6, Some("ALL")),
            (7, Some("GBP")),
            (8, None),
        ] {
            assert_eq!(currency(&Currency::from(code)), want, "{code}");
        }
        for (code, want) in [
            (1, PaymentActivity::Sale),
            (2, PaymentActivity::Cancel),
            (3, PaymentActivity::Refund),
            (4, PaymentActivity::Unknown("4".into())),
        ] {
            assert_eq!(PaymentScope::from(code).to_shared(), want, "{code}");
        }
    }
}
