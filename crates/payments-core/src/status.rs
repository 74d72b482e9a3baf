//! Shared status vocabularies. Adapters map each provider's wire values into these with an
//! explicit table: only an explicit success or failure maps to one, ambiguous values are
//! pending, and a value the table does not know becomes `Unknown(raw)`, never a guess.

use std::fmt;

macro_rules! core_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $(#[$vmeta:meta])* $variant:ident => $label:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// The provider's value, which does not map cleanly; kept as received.
            Unknown(String),
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    $( Self::$variant => f.write_str($label), )+
                    Self::Unknown(raw) => write!(f, "unknown ({raw})"),
                }
            }
        }
    };
}

core_enum! {
    /// Where a payment (or payment session) stands.
    pub enum PaymentStatus {
        /// Not finished: created, started, waiting for the customer or 3-D Secure, or in an
        /// ambiguous state that may still turn either way.
        Pending => "pending",
        /// Authorised (pre-authorisation), waiting to be captured.
        Authorized => "authorized",
        /// The provider explicitly reports success.
        Succeeded => "succeeded",
        /// The provider explicitly reports failure.
        Failed => "failed",
        /// Cancelled before completion.
        Cancelled => "cancelled",
        /// Expired before completion.
        Expired => "expired",
    }
}

impl PaymentStatus {
    /// Whether the status can no longer change by itself.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            Self::Succeeded | Self::Failed | Self::Cancelled | Self::Expired
        )
    }
}

core_enum! {
    /// How much of a payment (or breakdown item) has been refunded.
    pub enum RefundStatus {
        /// Nothing to refund: the payment did not succeed.
        NoRefund => "no refund",
        /// Refundable, nothing refunded yet.
        NotRefunded => "not refunded",
        /// Part of it refunded.
        PartiallyRefunded => "partially refunded",
        /// All of it refunded.
        FullyRefunded => "fully refunded",
    }
}

core_enum! {
    /// The outcome of one refund operation.
    pub enum RefundOutcome {
        /// The refund went through.
        Succeeded => "succeeded",
        /// The refund was refused or failed.
        Failed => "failed",
        /// The refund is not settled yet.
        Pending => "pending",
    }
}

core_enum! {
    /// What a payment session is for.
    pub enum SessionKind {
        /// A hosted checkout: the customer is sent to the payment URL.
        Session => "session",
        /// An embedded payment (intent) completed with the client secret.
        Intent => "intent",
    }
}

core_enum! {
    /// Approval state of a breakdown item's payout.
    pub enum TransactionStatus {
        /// Waiting for the merchant's approval before payout.
        WaitingForApproval => "waiting for approval",
        /// Approved for payout.
        Approved => "approved",
        /// Payout started.
        PayoutStarted => "payout started",
    }
}

core_enum! {
    /// What kind of activity a payment record is (Paywall reports sales, cancellations and
    /// refunds in one list).
    pub enum PaymentActivity {
        /// A sale.
        Sale => "sale",
        /// A cancellation.
        Cancel => "cancel",
        /// A refund.
        Refund => "refund",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_stay_visible() {
        let s = PaymentStatus::Unknown("8".into());
        assert_eq!(s.to_string(), "unknown (8)");
        assert!(!s.is_final());
        assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"unknown":"8"}"#);
        assert_eq!(
            serde_json::to_string(&RefundStatus::PartiallyRefunded).unwrap(),
            r#""partially_refunded""#
        );
    }
}
