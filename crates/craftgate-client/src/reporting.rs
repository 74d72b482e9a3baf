//! Helpers on the generated reporting types.

use crate::types::{PaymentError, ReportingPaymentRefund, ReportingPaymentTransactionRefund};

impl ReportingPaymentRefund {
    /// Why the refund failed: `error` (DOCS, JAVA, NODE, PY) or, when only that was sent,
    /// `paymentError` (GO's name; docs/providers/craftgate.md#refund-reporting). Both fields
    /// stay readable.
    pub fn refund_error(&self) -> Option<&PaymentError> {
        self.error.as_ref().or(self.payment_error.as_ref())
    }
}

impl ReportingPaymentTransactionRefund {
    /// Why the item refund failed: `error`, or GO's `paymentError` when only that was sent
    /// (docs/providers/craftgate.md#refund-reporting).
    pub fn refund_error(&self) -> Option<&PaymentError> {
        self.error.as_ref().or(self.payment_error.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn either_error_field_is_found_and_error_wins() {
        let only_go: ReportingPaymentRefund =
            serde_json::from_str(r#"{"paymentError":{"errorCode":"10051"}}"#).unwrap();
        assert_eq!(
            only_go.refund_error().and_then(|e| e.error_code.as_deref()),
            Some("10051")
        );
        let both: ReportingPaymentTransactionRefund =
            serde_json::from_str(r#"{"error":{"errorCode":"1"},"paymentError":{"errorCode":"2"}}"#)
                .unwrap();
        assert_eq!(
            both.refund_error().and_then(|e| e.error_code.as_deref()),
            Some("1")
        );
        assert_eq!(
            both.payment_error
                .as_ref()
                .and_then(|e| e.error_code.as_deref()),
            Some("2")
        );
        let none = ReportingPaymentRefund::default();
        assert!(none.refund_error().is_none());
    }
}
