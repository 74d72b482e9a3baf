//! The wire forms of Paywall's payments: rows of the bulk query and bodies of the single
//! queries.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::model::{Payment, scope, status};

fn status_name(id: i64) -> &'static str {
    match id {
        1 => "Created",
        2 => "Started",
        3 => "Waiting for Financialization",
        4 => "Successful",
        5 => "Failed",
        6 => "PayJump",
        7 => "Failed (On Query)",
        _ => "Unknown",
    }
}

fn type_name(id: i64) -> &'static str {
    match id {
        scope::SALE => "Sale",
        scope::CANCEL => "Cancellation",
        scope::REFUND => "Refund",
        _ => "Unknown",
    }
}

/// What a row of the bulk query's `Payments[]` shows of a payment
/// (docs/providers/paywall.md#bulk-payment-fields), taken out of the state so that it can be
/// rendered later (a callback page, when it is sent).
#[derive(Clone, Debug)]
pub(crate) struct BulkRow {
    merchant_unique_code: String,
    payment_id: i64,
    amount: Decimal,
    status_id: i64,
    last_type: i64,
    error_message: Option<String>,
}

impl BulkRow {
    /// The row as JSON.
    pub(crate) fn json(&self) -> Value {
        json!({
            "MerchantUniqueCode": self.merchant_unique_code,
            "PaymentId": self.payment_id,
            "Amount": self.amount,
            "Status": self.status_id,
            "Scope": self.last_type,
            "ErrorMessage": self.error_message,
        })
    }
}

impl Payment {
    /// What a bulk query row shows of it.
    pub(crate) fn bulk_fields(&self) -> BulkRow {
        BulkRow {
            merchant_unique_code: self.merchant_unique_code.clone(),
            payment_id: self.payment_id,
            amount: self.amount,
            status_id: self.status_id,
            last_type: self.last_type,
            error_message: self.error_message.clone(),
        }
    }

    /// A row of the bulk query's `Payments[]` (docs/providers/paywall.md#bulk-payment-fields).
    pub(crate) fn bulk_row(&self) -> Value {
        self.bulk_fields().json()
    }

    /// `Body.Paywall` of the single queries (docs/providers/paywall.md#payment-record).
    pub(crate) fn query_json(&self) -> Value {
        let successful = self.status_id == status::SUCCESSFUL;
        json!({
            "Paywall": {
                "PaymentId": self.payment_id,
                "ActivityId": self.activity_id,
                "UniqueCode": self.unique_code,
                "MerchantUniqueCode": self.merchant_unique_code,
                "TrackingCode": self.tracking_code,
                "PaymentGatewayId": 12,
                "PaymentGatewayName": "Sandbox Virtual POS",
                "PaymentGatewayProviderName": "SandboxBank",
                "AnySuccessPayment": successful,
                "AnySuccessRefund": self.refunded > Decimal::ZERO && !self.partially_refunded,
                "AnySuccessPartialRefund": self.partially_refunded,
                "AnySuccessCancel": self.cancelled,
                "Status": successful,
                "StatusName": status_name(self.status_id),
                "StatusId": self.status_id,
                "TypeName": type_name(self.last_type),
                "TypeId": self.last_type,
                "Installment": 1,
                "CurrencyId": 1,
                "CurrencyName": "TRY",
                "PaymentMethodId": 1,
                "PaymentMethodName": "Card",
                "PaymentChannelId": 1,
                "PaymentChannelName": "Web",
                "PaymentTagId": null,
                "PaymentTagName": null,
                "CardNumber": self.card.number,
                "CardOwnerName": self.card.owner,
                "CardBankName": self.card.bank,
                "CardBrandName": self.card.brand,
                "CardTypeName": self.card.kind,
                "CardFamilyName": self.card.family,
                "LastActivityDateTime": self.last_activity.format("%Y-%m-%dT%H:%M:%S").to_string(),
                "PaymentAmount": self.amount,
                "ActivityAmount": self.activity_amount,
                "IP": "127.0.0.1",
                "AppliedInterest": false,
                "InterestRate": Decimal::ZERO,
                "CommissionRate": Decimal::ZERO,
                "OriginalAmount": self.amount,
                "InterestAmount": Decimal::ZERO,
                "CommissionAmount": Decimal::ZERO,
                "ErrorMessage": self.error_message,
            }
        })
    }
}
