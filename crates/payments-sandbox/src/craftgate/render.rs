//! The wire forms of Craftgate's data: members, payment items, payments and refunds, and the
//! `{"data": ...}` envelope of a success.

use chrono::{Duration, NaiveDateTime};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::format::{local, m};
use super::model::{Member, Payment, PaymentRefund, State, Transaction, TxRefund};
use crate::util::dec;

const CURRENCY: &str = "TRY";
const PAYMENT_TYPE: &str = "CARD_PAYMENT";
const BLOCKAGE_DAYS: i64 = 7;

/// `{"data": ...}` (docs/providers/craftgate.md#envelope).
pub(crate) fn data(value: serde_json::Value) -> axum::Json<serde_json::Value> {
    axum::Json(serde_json::json!({ "data": value }))
}

/// `(refundBankPrice, refundWalletPrice)` of a refund to `destination`.
fn split(destination: &str, price: Decimal) -> (Decimal, Decimal) {
    if destination == "WALLET" {
        (Decimal::ZERO, price)
    } else {
        (price, Decimal::ZERO)
    }
}

/// A refund's provider references (auth code, host reference, trans id).
fn references(id: i64) -> (String, String, String) {
    (
        format!("{:06}", 800_000 + id % 200_000),
        format!("host-ref-refund-{id}"),
        format!("trans-refund-{id}"),
    )
}

impl Member {
    fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "createdDate": local(self.created),
            "updatedDate": local(self.created),
            "status": "ACTIVE",
            "isBuyer": self.is_buyer,
            "isSubMerchant": self.is_sub_merchant,
            "memberType": self.member_type,
            "memberExternalId": self.external_id,
            "name": self.name,
            "email": self.email,
            "address": "Beylerbeyi Cad. Lale Sok. No: 38 Daire: 3 Üsküdar",
            "phoneNumber": self.phone,
            "contactName": self.contact_name,
            "contactSurname": self.contact_surname,
            "legalCompanyTitle": self.legal_company_title,
            "taxOffice": self.tax_office,
            "taxNumber": self.tax_number,
            "iban": self.iban,
            "settlementEarningsDestination": if self.is_sub_merchant { "IBAN" } else { "NONE" },
            "negativeWalletAmountLimit": null,
            "settlementDelayCount": 0,
        })
    }
}

impl State {
    /// A `PaymentTransaction` (the fields from `id` to `payout`,
    /// docs/providers/craftgate.md#breakdown-fields); with `reporting`, the
    /// `ReportingPaymentTransaction` fields too.
    pub(crate) fn tx_json(&self, tx: &Transaction, reporting: bool) -> Value {
        let created = self.payment_of(tx).map(|p| p.created).unwrap_or_default();
        let sub_price = tx.sub_merchant_price();
        let mut body = json!({
            "id": tx.id,
            "name": tx.name,
            "externalId": tx.external_id,
            "price": m(tx.price),
            "paidPrice": m(tx.paid_price),
            "walletPrice": m(Decimal::ZERO),
            "merchantCommissionRate": m(Decimal::ZERO),
            "merchantCommissionRateAmount": m(Decimal::ZERO),
            "merchantPayoutAmount": m(tx.merchant_payout()),
            "subMerchantMemberId": tx.sub_merchant_member_id,
            "subMerchantMemberPrice": m(sub_price),
            "subMerchantMemberPayoutRate": m(tx.sub_merchant_rate),
            "subMerchantMemberPayoutAmount": m(sub_price),
            "transactionStatus": tx.transaction_status,
            "blockageResolvedDate": local(created + Duration::days(BLOCKAGE_DAYS)),
            "payout": {
                "currency": CURRENCY,
                "parity": m(Decimal::ONE),
                "paidPrice": m(tx.paid_price),
                "merchantPayoutAmount": m(tx.merchant_payout()),
                "subMerchantMemberPayoutAmount": m(sub_price),
            },
        });
        if reporting && let Some(map) = body.as_object_mut() {
            map.insert("createdDate".into(), json!(local(created)));
            map.insert(
                "transactionStatusDate".into(),
                json!(local(tx.transaction_status_date)),
            );
            map.insert("refundablePrice".into(), m(self.tx_refundable(tx)));
            map.insert(
                "subMerchantMember".into(),
                self.members
                    .get(&tx.sub_merchant_member_id)
                    .map_or(Value::Null, Member::to_json),
            );
            map.insert("refundStatus".into(), json!(self.tx_refund_status(tx)));
            map.insert(
                "payoutStatus".into(),
                json!({
                    "merchantStatus": tx.payout_status,
                    "merchantStatusDate": local(tx.transaction_status_date),
                    "subMerchantMemberStatus": tx.payout_status,
                    "subMerchantMemberStatusDate": local(tx.transaction_status_date),
                }),
            );
            map.insert("bankCommissionRate".into(), m(tx.bank_commission_rate));
            map.insert(
                "bankCommissionRateAmount".into(),
                m(tx.bank_commission_amount()),
            );
        }
        body
    }

    /// `BasePaymentResponse` (docs/providers/craftgate.md#payment-fields), shared by reporting
    /// and `card-payments`.
    fn base_payment_json(&self, p: &Payment) -> Value {
        let items = self.items(p);
        let price: Decimal = items.iter().map(|t| t.price).sum();
        let paid: Decimal = items.iter().map(|t| t.paid_price).sum();
        let bank_amount: Decimal = items.iter().map(|t| t.bank_commission_amount()).sum();
        let successful = p.status == "SUCCESS";
        json!({
            "id": p.id,
            "createdDate": local(p.created),
            "price": m(price),
            "paidPrice": m(paid),
            "walletPrice": m(Decimal::ZERO),
            "currency": CURRENCY,
            "buyerMemberId": p.buyer_member_id,
            "installment": 1,
            "conversationId": p.conversation_id,
            "externalId": format!("ext-{}", p.id),
            "paymentType": PAYMENT_TYPE,
            "paymentProvider": "BANK",
            "paymentSource": "API",
            "paymentGroup": "PRODUCT",
            "paymentStatus": p.status,
            "paymentPhase": "AUTH",
            "paymentChannel": "WEB",
            "isThreeDS": true,
            "merchantCommissionRate": m(Decimal::ZERO),
            "merchantCommissionRateAmount": m(Decimal::ZERO),
            "bankCommissionRate": m(dec("1.8")),
            "bankCommissionRateAmount": m(bank_amount),
            "paidWithStoredCard": false,
            "binNumber": p.bin,
            "lastFourDigits": p.last_four,
            "authCode": successful.then(|| format!("{:06}", 840_000 + p.id % 100_000)),
            "hostReference": successful.then(|| format!("host-ref-{}", p.id)),
            "transId": format!("trans-{}", p.id),
            "mdStatus": 1,
            "orderId": format!("order-{}", p.id),
            "cardHolderName": p.card_holder,
            "bankCardHolderName": p.card_holder.to_uppercase(),
            "cardIssuerBankName": "Sandbox Bank",
            "cardIssuerBankId": 111,
            "cardType": "CREDIT_CARD",
            "cardAssociation": p.association,
            "cardBrand": "Bonus",
            "requestedPosAlias": null,
            "fraudId": null,
            "fraudRuleId": null,
            "fraudAction": null,
            "fraudScore": null,
            "blockageResolvedDate": local(p.created + Duration::days(BLOCKAGE_DAYS)),
            "pos": { "id": 1, "name": "Sandbox Bank POS", "alias": "sandbox-bank-pos", "bankId": 111 },
            "loyalty": null,
            "paymentError": p.error.map(|(code, description, group)| json!({
                "errorCode": code,
                "errorDescription": description,
                "errorGroup": group,
            })),
        })
    }

    /// `ReportingPaymentResponse` (with the reporting-only group,
    /// docs/providers/craftgate.md#payment-fields).
    pub(crate) fn reporting_payment_json(&self, p: &Payment) -> Value {
        let mut body = self.base_payment_json(p);
        let (_, _, refundable) = self.payment_sums(p);
        if let Some(map) = body.as_object_mut() {
            map.insert("retryCount".into(), json!(0));
            map.insert("refundablePrice".into(), m(refundable));
            map.insert("refundStatus".into(), json!(self.payment_refund_status(p)));
            map.insert(
                "buyerMember".into(),
                self.members
                    .get(&p.buyer_member_id)
                    .map_or(Value::Null, Member::to_json),
            );
            map.insert(
                "refunds".into(),
                Value::Array(
                    self.refunds
                        .values()
                        .filter(|r| r.payment_id == p.id)
                        .map(|r| self.reporting_refund_json(r))
                        .collect(),
                ),
            );
            map.insert(
                "paymentTransactions".into(),
                Value::Array(
                    self.items(p)
                        .iter()
                        .map(|t| self.tx_json(t, true))
                        .collect(),
                ),
            );
        }
        body
    }

    /// `PaymentResponse` of `GET /payment/v1/card-payments/{id}`
    /// (docs/providers/craftgate.md#retrieve-payment).
    pub(crate) fn card_payment_json(&self, p: &Payment) -> Value {
        let mut body = self.base_payment_json(p);
        if let Some(map) = body.as_object_mut() {
            map.insert("cardUserKey".into(), Value::Null);
            map.insert("cardToken".into(), Value::Null);
            map.insert("additionalData".into(), Value::Null);
            map.insert(
                "paymentTransactions".into(),
                Value::Array(
                    self.items(p)
                        .iter()
                        .map(|t| self.tx_json(t, false))
                        .collect(),
                ),
            );
        }
        body
    }

    /// The fields every refund form shares.
    fn refund_common(
        id: i64,
        created: NaiveDateTime,
        destination: &str,
        price: Decimal,
        conversation_id: &Option<String>,
    ) -> serde_json::Map<String, Value> {
        let (bank, wallet) = split(destination, price);
        let (auth_code, host_reference, trans_id) = references(id);
        let body = json!({
            "id": id,
            "createdDate": local(created),
            "status": "SUCCESS",
            "refundDestinationType": destination,
            "refundPrice": m(price),
            "refundBankPrice": m(bank),
            "refundWalletPrice": m(wallet),
            "conversationId": conversation_id,
            "authCode": auth_code,
            "hostReference": host_reference,
            "transId": trans_id,
        });
        match body {
            Value::Object(map) => map,
            _ => serde_json::Map::new(),
        }
    }

    /// `PaymentRefundResponse` of a `CANCEL` (docs/providers/craftgate.md#payment-refund).
    pub(crate) fn refund_json(&self, r: &PaymentRefund) -> Value {
        let mut map =
            Self::refund_common(r.id, r.created, &r.destination, r.price, &r.conversation_id);
        map.insert("paymentId".into(), json!(r.payment_id));
        map.insert("refundType".into(), json!("CANCEL"));
        map.insert("currency".into(), json!(CURRENCY));
        map.insert("paymentTransactionRefunds".into(), json!([]));
        Value::Object(map)
    }

    /// `ReportingPaymentRefundResponse` (docs/providers/craftgate.md#refund-reporting).
    pub(crate) fn reporting_refund_json(&self, r: &PaymentRefund) -> Value {
        let mut map =
            Self::refund_common(r.id, r.created, &r.destination, r.price, &r.conversation_id);
        map.insert("paymentId".into(), json!(r.payment_id));
        map.insert("paymentType".into(), json!(PAYMENT_TYPE));
        map.insert("error".into(), Value::Null);
        Value::Object(map)
    }

    /// `PaymentTransactionRefundResponse` (docs/providers/craftgate.md#item-refund).
    pub(crate) fn tx_refund_json(&self, r: &TxRefund) -> Value {
        let mut map =
            Self::refund_common(r.id, r.created, &r.destination, r.price, &r.conversation_id);
        map.insert("isAfterSettlement".into(), json!(r.after_settlement));
        map.insert("paymentTransactionId".into(), json!(r.transaction_id));
        map.insert("currency".into(), json!(CURRENCY));
        map.insert("paymentId".into(), json!(r.payment_id));
        Value::Object(map)
    }

    /// `ReportingPaymentTransactionRefundResponse` (docs/providers/craftgate.md#refund-reporting).
    pub(crate) fn reporting_tx_refund_json(&self, r: &TxRefund) -> Value {
        let mut map =
            Self::refund_common(r.id, r.created, &r.destination, r.price, &r.conversation_id);
        map.insert("isAfterSettlement".into(), json!(r.after_settlement));
        map.insert("paymentTransactionId".into(), json!(r.transaction_id));
        map.insert("paymentType".into(), json!(PAYMENT_TYPE));
        map.insert("error".into(), Value::Null);
        Value::Object(map)
    }
}

/// `PaymentRefundResponse` of a `REFUND`: no id, the item refunds listed.
pub(crate) fn item_refunds_json(
    payment_id: i64,
    created: NaiveDateTime,
    destination: &str,
    price: Decimal,
    conversation_id: Option<String>,
    item_refunds: Vec<Value>,
) -> Value {
    let (bank, wallet) = split(destination, price);
    json!({
        "createdDate": local(created),
        "status": "SUCCESS",
        "refundDestinationType": destination,
        "refundPrice": m(price),
        "refundBankPrice": m(bank),
        "refundWalletPrice": m(wallet),
        "conversationId": conversation_id,
        "authCode": null,
        "hostReference": null,
        "transId": null,
        "paymentId": payment_id,
        "refundType": "REFUND",
        "currency": CURRENCY,
        "paymentTransactionRefunds": item_refunds,
    })
}
