//! Shared status vocabularies. Adapters map each provider's wire values into these with an
//! explicit table: only an explicit success or failure maps to one, ambiguous values are
//! pending, and a value the table does not know becomes `Unknown(raw)`, never a guess.

payments_wire::open_enum! {
    /// Where a payment (or payment session) stands.
    pub enum PaymentStatus: label {
        /// Not finished: created, started, waiting for the customer or 3-D Secure, or in an
        /// ambiguous state that may still turn either way.
        Pending = "pending" / "pending",
        /// Authorised (pre-authorisation), waiting to be captured.
        Authorized = "authorized" / "authorized",
        /// The provider explicitly reports success.
        Succeeded = "succeeded" / "succeeded",
        /// The provider explicitly reports failure.
        Failed = "failed" / "failed",
        /// Cancelled before completion.
        Cancelled = "cancelled" / "cancelled",
        /// Expired before completion.
        Expired = "expired" / "expired",
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

payments_wire::open_enum! {
    /// How much of a payment (or breakdown item) has been refunded.
    pub enum RefundStatus: label {
        /// Nothing to refund: the payment did not succeed.
        NoRefund = "no_refund" / "no refund",
        /// Refundable, nothing refunded yet.
        NotRefunded = "not_refunded" / "not refunded",
        /// Part of it refunded.
        PartiallyRefunded = "partially_refunded" / "partially refunded",
        /// All of it refunded.
        FullyRefunded = "fully_refunded" / "fully refunded",
    }
}

payments_wire::open_enum! {
    /// The outcome of one refund operation.
    pub enum RefundOutcome: label {
        /// The refund went through.
        Succeeded = "succeeded" / "succeeded",
        /// The refund was refused or failed.
        Failed = "failed" / "failed",
        /// The refund is not settled yet.
        Pending = "pending" / "pending",
    }
}

payments_wire::open_enum! {
    /// What a payment session is for.
    pub enum SessionKind: label {
        /// A hosted checkout: the customer is sent to the payment URL.
        Session = "session" / "session",
        /// An embedded payment (intent) completed with the client secret.
        Intent = "intent" / "intent",
    }
}

payments_wire::open_enum! {
    /// Approval state of a breakdown item's payout.
    pub enum TransactionStatus: label {
        /// Waiting for the merchant's approval before payout.
        WaitingForApproval = "waiting_for_approval" / "waiting for approval",
        /// Approved for payout.
        Approved = "approved" / "approved",
        /// Payout started.
        PayoutStarted = "payout_started" / "payout started",
    }
}

payments_wire::open_enum! {
    /// What kind of activity a payment record is (Paywall reports sales, cancellations and
    /// refunds in one list).
    pub enum PaymentActivity: label {
        /// A sale.
        Sale = "sale" / "sale",
        /// A cancellation.
        Cancel = "cancel" / "cancel",
        /// A refund.
        Refund = "refund" / "refund",
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
