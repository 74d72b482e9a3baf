//! Craftgate's data: members, payments with their items (payment transactions), refunds,
//! and their wire forms (notes §4, §6).

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{Duration, NaiveDate, NaiveDateTime, Utc};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::error::CgError;
use crate::seed::craftgate as seed;

/// Zone-less date-times, `2021-11-15T14:07:18` (notes §8).
pub(crate) fn local(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// The merchant's wall clock: Europe/Istanbul, UTC+3 all year (notes §8 inference).
pub(crate) fn now() -> NaiveDateTime {
    (Utc::now() + Duration::hours(3)).naive_utc()
}

/// Money and rates as JSON numbers with 8 decimals, like `100.00000000` (notes §8).
pub(crate) fn m(value: Decimal) -> Value {
    let mut value = value;
    value.rescale(8);
    json!(value)
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap_or_default()
}

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, mo, d)
        .and_then(|day| day.and_hms_opt(h, mi, s))
        .unwrap_or_default()
}

/// A member (`MemberResponse`, notes §4.2).
#[derive(Clone, Debug)]
pub(crate) struct Member {
    pub(crate) id: i64,
    pub(crate) created: NaiveDateTime,
    pub(crate) external_id: &'static str,
    pub(crate) name: &'static str,
    pub(crate) email: &'static str,
    pub(crate) phone: &'static str,
    pub(crate) contact_name: &'static str,
    pub(crate) contact_surname: &'static str,
    pub(crate) member_type: &'static str,
    pub(crate) legal_company_title: Option<&'static str>,
    pub(crate) tax_office: Option<&'static str>,
    pub(crate) tax_number: Option<&'static str>,
    pub(crate) iban: Option<&'static str>,
    pub(crate) is_buyer: bool,
    pub(crate) is_sub_merchant: bool,
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

/// One item of a payment (a payment transaction).
#[derive(Clone, Debug)]
pub(crate) struct Transaction {
    pub(crate) id: i64,
    pub(crate) payment_id: i64,
    pub(crate) name: &'static str,
    pub(crate) external_id: String,
    pub(crate) price: Decimal,
    pub(crate) paid_price: Decimal,
    pub(crate) sub_merchant_member_id: i64,
    /// Share of the price that goes to the sub-merchant, in percent.
    pub(crate) sub_merchant_rate: Decimal,
    pub(crate) bank_commission_rate: Decimal,
    pub(crate) transaction_status: &'static str,
    pub(crate) transaction_status_date: NaiveDateTime,
    pub(crate) payout_status: &'static str,
    pub(crate) refunded: Decimal,
}

impl Transaction {
    fn bank_commission_amount(&self) -> Decimal {
        (self.paid_price * self.bank_commission_rate / Decimal::ONE_HUNDRED).round_dp(2)
    }

    fn sub_merchant_price(&self) -> Decimal {
        (self.price * self.sub_merchant_rate / Decimal::ONE_HUNDRED).round_dp(2)
    }

    fn merchant_payout(&self) -> Decimal {
        self.paid_price - self.bank_commission_amount() - self.sub_merchant_price()
    }
}

/// A payment.
#[derive(Clone, Debug)]
pub(crate) struct Payment {
    pub(crate) id: i64,
    pub(crate) created: NaiveDateTime,
    pub(crate) buyer_member_id: i64,
    pub(crate) conversation_id: &'static str,
    pub(crate) status: &'static str,
    pub(crate) card_holder: &'static str,
    pub(crate) bin: &'static str,
    pub(crate) last_four: &'static str,
    pub(crate) association: &'static str,
    pub(crate) error: Option<(&'static str, &'static str, &'static str)>,
    pub(crate) transaction_ids: Vec<i64>,
}

const CURRENCY: &str = "TRY";
const PAYMENT_TYPE: &str = "CARD_PAYMENT";
const BLOCKAGE_DAYS: i64 = 7;

/// A payment-level refund (a `CANCEL`, notes §6: only those have an id).
#[derive(Clone, Debug)]
pub(crate) struct PaymentRefund {
    pub(crate) id: i64,
    pub(crate) payment_id: i64,
    pub(crate) created: NaiveDateTime,
    pub(crate) destination: String,
    pub(crate) price: Decimal,
    pub(crate) conversation_id: Option<String>,
}

/// A refund of one item.
#[derive(Clone, Debug)]
pub(crate) struct TxRefund {
    pub(crate) id: i64,
    pub(crate) transaction_id: i64,
    pub(crate) payment_id: i64,
    pub(crate) created: NaiveDateTime,
    pub(crate) destination: String,
    pub(crate) price: Decimal,
    pub(crate) conversation_id: Option<String>,
    pub(crate) after_settlement: bool,
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

/// Everything the fake Craftgate knows.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) members: BTreeMap<i64, Member>,
    pub(crate) payments: BTreeMap<i64, Payment>,
    pub(crate) transactions: BTreeMap<i64, Transaction>,
    pub(crate) refunds: BTreeMap<i64, PaymentRefund>,
    pub(crate) tx_refunds: BTreeMap<i64, TxRefund>,
    next_refund: i64,
    next_tx_refund: i64,
}

impl State {
    /// Three payments: the demo one (three items, one partially refunded), one of today, one
    /// failed; two sub-merchants and a buyer.
    pub(crate) fn seeded() -> Self {
        let members = [
            Member {
                id: 5001,
                created: at(2021, 6, 1, 10, 0, 0),
                external_id: "seller-5001",
                name: "Demo Seller Ltd",
                email: "seller@example.com",
                phone: "905551111111",
                contact_name: "Ayse",
                contact_surname: "Yilmaz",
                member_type: "LIMITED_OR_JOINT_STOCK_COMPANY",
                legal_company_title: Some("Demo Seller Limited Sirketi"),
                tax_office: Some("Uskudar"),
                tax_number: Some("1111111114"),
                iban: Some("TR180006200119000006672315"),
                is_buyer: false,
                is_sub_merchant: true,
            },
            Member {
                id: 5002,
                created: at(2021, 7, 12, 16, 30, 0),
                external_id: "0ac49f08-f2a9-4326-a4d8-f6c1b01596fb",
                name: "Haluk Demir",
                email: "haluk.demir@example.com",
                phone: "905551111112",
                contact_name: "Haluk",
                contact_surname: "Demir",
                member_type: "PERSONAL",
                legal_company_title: None,
                tax_office: None,
                tax_number: None,
                iban: Some("TR330006100519786457841326"),
                is_buyer: false,
                is_sub_merchant: true,
            },
            Member {
                id: 7001,
                created: at(2021, 11, 1, 9, 0, 0),
                external_id: "buyer-7001",
                name: "Christina Thomas",
                email: "christina@example.com",
                phone: "905552222222",
                contact_name: "Christina",
                contact_surname: "Thomas",
                member_type: "PERSONAL",
                legal_company_title: None,
                tax_office: None,
                tax_number: None,
                iban: None,
                is_buyer: true,
                is_sub_merchant: false,
            },
        ];
        let item = |id: i64,
                    payment_id: i64,
                    name: &'static str,
                    price: &str,
                    seller: i64,
                    status: &'static str,
                    status_date: NaiveDateTime,
                    payout: &'static str| Transaction {
            id,
            payment_id,
            name,
            external_id: format!("item-{id}"),
            price: dec(price),
            paid_price: dec(price),
            sub_merchant_member_id: seller,
            sub_merchant_rate: dec("90"),
            bank_commission_rate: dec("1.8"),
            transaction_status: status,
            transaction_status_date: status_date,
            payout_status: payout,
            refunded: Decimal::ZERO,
        };
        let demo_day = at(2021, 11, 15, 14, 7, 18);
        let approved = at(2021, 11, 16, 10, 0, 0);
        let started = now();
        let [t1, t2, t3] = seed::PAYMENT_TRANSACTION_IDS;
        let mut transactions = vec![
            item(
                t1,
                seed::PAYMENT_ID,
                "Wireless Mouse",
                "40.00",
                5001,
                "APPROVED",
                approved,
                "WAITING_FOR_PAYOUT",
            ),
            item(
                t2,
                seed::PAYMENT_ID,
                "Mechanical Keyboard",
                "35.00",
                5001,
                "WAITING_FOR_APPROVAL",
                demo_day,
                "WAITING_FOR_PAYOUT",
            ),
            item(
                t3,
                seed::PAYMENT_ID,
                "USB-C Cable",
                "25.00",
                5002,
                "APPROVED",
                approved,
                "WAITING_FOR_PAYOUT",
            ),
            item(
                2004,
                seed::SAME_DAY_PAYMENT_ID,
                "Gift Card",
                "50.00",
                5001,
                "WAITING_FOR_APPROVAL",
                started,
                "WAITING_FOR_PAYOUT",
            ),
            item(
                2005,
                seed::SAME_DAY_PAYMENT_ID,
                "Gift Wrapping",
                "9.90",
                5002,
                "WAITING_FOR_APPROVAL",
                started,
                "WAITING_FOR_PAYOUT",
            ),
            item(
                2006,
                seed::FAILED_PAYMENT_ID,
                "Wireless Mouse",
                "40.00",
                5001,
                "WAITING_FOR_APPROVAL",
                at(2021, 11, 16, 9, 12, 44),
                "NO_PAYOUT",
            ),
        ];
        let partial = dec("10.00");
        for t in transactions
            .iter_mut()
            .filter(|t| t.id == seed::PARTIALLY_REFUNDED_TRANSACTION_ID)
        {
            t.refunded = partial;
        }
        let payments = [
            Payment {
                id: seed::PAYMENT_ID,
                created: demo_day,
                buyer_member_id: 7001,
                conversation_id: "456d1297-908e-4bd6-a13b-4be31a6e47d5",
                status: "SUCCESS",
                card_holder: "Christina Thomas",
                bin: "552608",
                last_four: "0006",
                association: "MASTER_CARD",
                error: None,
                transaction_ids: vec![t1, t2, t3],
            },
            Payment {
                id: seed::SAME_DAY_PAYMENT_ID,
                created: started,
                buyer_member_id: 7001,
                conversation_id: "c0a5d8e2-7d1e-4a8e-9a57-1b0f3c2d4e5f",
                status: "SUCCESS",
                card_holder: "Christina Thomas",
                bin: "454671",
                last_four: "7894",
                association: "VISA",
                error: None,
                transaction_ids: vec![2004, 2005],
            },
            Payment {
                id: seed::FAILED_PAYMENT_ID,
                created: at(2021, 11, 16, 9, 12, 44),
                buyer_member_id: 7001,
                conversation_id: "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",
                status: "FAILURE",
                card_holder: "Christina Thomas",
                bin: "552608",
                last_four: "0006",
                association: "MASTER_CARD",
                error: Some((
                    "10051",
                    "Kart limiti yetersiz, yetersiz bakiye",
                    "NOT_SUFFICIENT_FUNDS",
                )),
                transaction_ids: vec![2006],
            },
        ];
        let seeded_refund = TxRefund {
            id: 4001,
            transaction_id: seed::PARTIALLY_REFUNDED_TRANSACTION_ID,
            payment_id: seed::PAYMENT_ID,
            created: approved,
            destination: "PROVIDER".into(),
            price: partial,
            conversation_id: Some("refund-2002-1".into()),
            after_settlement: false,
        };
        Self {
            members: members.into_iter().map(|m| (m.id, m)).collect(),
            payments: payments.into_iter().map(|p| (p.id, p)).collect(),
            transactions: transactions.into_iter().map(|t| (t.id, t)).collect(),
            refunds: BTreeMap::new(),
            tx_refunds: BTreeMap::from([(seeded_refund.id, seeded_refund)]),
            next_refund: 3001,
            next_tx_refund: 4002,
        }
    }

    /// The items of `payment`.
    pub(crate) fn items(&self, payment: &Payment) -> Vec<&Transaction> {
        payment
            .transaction_ids
            .iter()
            .filter_map(|id| self.transactions.get(id))
            .collect()
    }

    fn payment_of(&self, tx: &Transaction) -> Option<&Payment> {
        self.payments.get(&tx.payment_id)
    }

    /// What can still be refunded of an item (nothing for a failed payment).
    pub(crate) fn tx_refundable(&self, tx: &Transaction) -> Decimal {
        match self.payment_of(tx) {
            Some(p) if p.status == "SUCCESS" => tx.paid_price - tx.refunded,
            _ => Decimal::ZERO,
        }
    }

    fn refund_status(paid: Decimal, refunded: Decimal, successful: bool) -> &'static str {
        if !successful {
            "NO_REFUND"
        } else if refunded.is_zero() {
            "NOT_REFUNDED"
        } else if refunded < paid {
            "PARTIAL_REFUNDED"
        } else {
            "FULLY_REFUNDED"
        }
    }

    /// An item's `PaymentRefundStatus` (notes §5).
    pub(crate) fn tx_refund_status(&self, tx: &Transaction) -> &'static str {
        let successful = self.payment_of(tx).is_some_and(|p| p.status == "SUCCESS");
        Self::refund_status(tx.paid_price, tx.refunded, successful)
    }

    /// `(paid, refunded, refundable)` of a payment, summed over its items.
    pub(crate) fn payment_sums(&self, payment: &Payment) -> (Decimal, Decimal, Decimal) {
        self.items(payment).iter().fold(
            (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO),
            |(paid, refunded, refundable), t| {
                (
                    paid + t.paid_price,
                    refunded + t.refunded,
                    refundable + self.tx_refundable(t),
                )
            },
        )
    }

    /// The payment's `PaymentRefundStatus`.
    pub(crate) fn payment_refund_status(&self, payment: &Payment) -> &'static str {
        let (paid, refunded, _) = self.payment_sums(payment);
        Self::refund_status(paid, refunded, payment.status == "SUCCESS")
    }

    /// A `PaymentTransaction` (notes §4.2, the fields from `id` to `payout`); with
    /// `reporting`, the `ReportingPaymentTransaction` fields too.
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

    /// `BasePaymentResponse` (notes §4.3), shared by reporting and `card-payments`.
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

    /// `ReportingPaymentResponse` (notes §4.3, with the reporting-only group).
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

    /// `PaymentResponse` of `GET /payment/v1/card-payments/{id}` (notes §6).
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

    /// `PaymentRefundResponse` of a `CANCEL` (notes §6).
    pub(crate) fn refund_json(&self, r: &PaymentRefund) -> Value {
        let mut map =
            Self::refund_common(r.id, r.created, &r.destination, r.price, &r.conversation_id);
        map.insert("paymentId".into(), json!(r.payment_id));
        map.insert("refundType".into(), json!("CANCEL"));
        map.insert("currency".into(), json!(CURRENCY));
        map.insert("paymentTransactionRefunds".into(), json!([]));
        Value::Object(map)
    }

    /// `ReportingPaymentRefundResponse` (notes §4.4).
    pub(crate) fn reporting_refund_json(&self, r: &PaymentRefund) -> Value {
        let mut map =
            Self::refund_common(r.id, r.created, &r.destination, r.price, &r.conversation_id);
        map.insert("paymentId".into(), json!(r.payment_id));
        map.insert("paymentType".into(), json!(PAYMENT_TYPE));
        map.insert("error".into(), Value::Null);
        Value::Object(map)
    }

    /// `PaymentTransactionRefundResponse` (notes §6).
    pub(crate) fn tx_refund_json(&self, r: &TxRefund) -> Value {
        let mut map =
            Self::refund_common(r.id, r.created, &r.destination, r.price, &r.conversation_id);
        map.insert("isAfterSettlement".into(), json!(r.after_settlement));
        map.insert("paymentTransactionId".into(), json!(r.transaction_id));
        map.insert("currency".into(), json!(CURRENCY));
        map.insert("paymentId".into(), json!(r.payment_id));
        Value::Object(map)
    }

    /// `ReportingPaymentTransactionRefundResponse` (notes §4.4).
    pub(crate) fn reporting_tx_refund_json(&self, r: &TxRefund) -> Value {
        let mut map =
            Self::refund_common(r.id, r.created, &r.destination, r.price, &r.conversation_id);
        map.insert("isAfterSettlement".into(), json!(r.after_settlement));
        map.insert("paymentTransactionId".into(), json!(r.transaction_id));
        map.insert("paymentType".into(), json!(PAYMENT_TYPE));
        map.insert("error".into(), Value::Null);
        Value::Object(map)
    }

    /// `POST /payment/v1/refunds`: refunds everything left of a payment. On the payment day
    /// with nothing refunded yet it is a `CANCEL` (an id, no item refunds); otherwise a
    /// `REFUND` of each item's rest (no id, the item refunds listed) — notes §6.
    pub(crate) fn refund_payment(
        &mut self,
        payment_id: i64,
        destination: &str,
        conversation_id: Option<String>,
    ) -> Result<Value, CgError> {
        let payment = self
            .payments
            .get(&payment_id)
            .cloned()
            .ok_or_else(|| CgError::not_found(format!("Payment {payment_id} not found")))?;
        if payment.status != "SUCCESS" {
            return Err(CgError::invalid(format!(
                "Payment {payment_id} did not succeed; there is nothing to refund"
            )));
        }
        let (_, refunded, refundable) = self.payment_sums(&payment);
        if refundable.is_zero() {
            return Err(CgError::invalid(format!(
                "Payment {payment_id} is already fully refunded"
            )));
        }
        let now = now();
        if refunded.is_zero() && payment.created.date() == now.date() {
            let refund = PaymentRefund {
                id: self.next_refund,
                payment_id,
                created: now,
                destination: destination.to_string(),
                price: refundable,
                conversation_id,
            };
            self.next_refund += 1;
            for id in &payment.transaction_ids {
                if let Some(t) = self.transactions.get_mut(id) {
                    t.refunded = t.paid_price;
                }
            }
            let answer = self.refund_json(&refund);
            self.refunds.insert(refund.id, refund);
            return Ok(answer);
        }
        let mut item_refunds = Vec::new();
        for id in &payment.transaction_ids {
            let rest = self
                .transactions
                .get(id)
                .map_or(Decimal::ZERO, |t| self.tx_refundable(t));
            if rest > Decimal::ZERO {
                item_refunds.push(self.refund_item(
                    *id,
                    rest,
                    destination,
                    conversation_id.clone(),
                ));
            }
        }
        let (bank, wallet) = split(destination, refundable);
        Ok(json!({
            "createdDate": local(now),
            "status": "SUCCESS",
            "refundDestinationType": destination,
            "refundPrice": m(refundable),
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
        }))
    }

    /// `POST /payment/v1/refund-transactions`: refunds `price` (`None` = the rest) of one
    /// item, at most its refundable price.
    pub(crate) fn refund_transaction(
        &mut self,
        tx_id: i64,
        price: Option<Decimal>,
        destination: &str,
        conversation_id: Option<String>,
    ) -> Result<Value, CgError> {
        let tx = self
            .transactions
            .get(&tx_id)
            .ok_or_else(|| CgError::not_found(format!("Payment transaction {tx_id} not found")))?;
        if self.payment_of(tx).is_none_or(|p| p.status != "SUCCESS") {
            return Err(CgError::invalid(format!(
                "The payment of transaction {tx_id} did not succeed; there is nothing to refund"
            )));
        }
        let refundable = self.tx_refundable(tx);
        if refundable.is_zero() {
            return Err(CgError::invalid(format!(
                "Payment transaction {tx_id} is already fully refunded"
            )));
        }
        let price = price.unwrap_or(refundable);
        if price <= Decimal::ZERO || price.normalize().scale() > 8 {
            return Err(CgError::invalid(
                "refundPrice must be positive with at most 8 decimals",
            ));
        }
        if price > refundable {
            return Err(CgError::invalid(format!(
                "refundPrice {} exceeds the refundable price {} of payment transaction {tx_id}",
                price.normalize(),
                refundable.normalize()
            )));
        }
        Ok(self.refund_item(tx_id, price, destination, conversation_id))
    }

    /// Books an item refund (already checked) and answers its JSON.
    fn refund_item(
        &mut self,
        tx_id: i64,
        price: Decimal,
        destination: &str,
        conversation_id: Option<String>,
    ) -> Value {
        let Some(tx) = self.transactions.get_mut(&tx_id) else {
            return Value::Null;
        };
        tx.refunded += price;
        let refund = TxRefund {
            id: self.next_tx_refund,
            transaction_id: tx_id,
            payment_id: tx.payment_id,
            created: now(),
            destination: destination.to_string(),
            price,
            conversation_id,
            after_settlement: tx.payout_status == "PAYOUT_COMPLETED",
        };
        self.next_tx_refund += 1;
        let answer = self.tx_refund_json(&refund);
        self.tx_refunds.insert(refund.id, refund);
        answer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_payment_is_partially_refunded() {
        let state = State::seeded();
        let p = &state.payments[&seed::PAYMENT_ID];
        assert_eq!(state.payment_refund_status(p), "PARTIAL_REFUNDED");
        let (paid, refunded, refundable) = state.payment_sums(p);
        assert_eq!(
            (paid, refunded, refundable),
            (dec("100.00"), dec("10.00"), dec("90.00"))
        );
        let statuses: Vec<&str> = state
            .items(p)
            .iter()
            .map(|t| state.tx_refund_status(t))
            .collect();
        assert_eq!(
            statuses,
            ["NOT_REFUNDED", "PARTIAL_REFUNDED", "NOT_REFUNDED"]
        );
        let item = state.tx_json(&state.transactions[&2001], true);
        assert_eq!(
            serde_json::to_string(&item["price"]).unwrap(),
            "40.00000000"
        );
        assert_eq!(
            serde_json::to_string(&item["merchantPayoutAmount"]).unwrap(),
            "3.28000000"
        );
        assert_eq!(item["createdDate"], "2021-11-15T14:07:18");
    }

    #[test]
    fn item_refunds_move_the_refund_status() {
        let mut state = State::seeded();
        assert!(
            state
                .refund_transaction(2002, Some(dec("25.01")), "PROVIDER", None)
                .is_err()
        );
        state
            .refund_transaction(2002, Some(dec("25.00")), "PROVIDER", None)
            .unwrap();
        assert_eq!(
            state.tx_refund_status(&state.transactions[&2002]),
            "FULLY_REFUNDED"
        );
        let p = state.payments[&seed::PAYMENT_ID].clone();
        assert_eq!(state.payment_refund_status(&p), "PARTIAL_REFUNDED");
        let full = state
            .refund_payment(seed::PAYMENT_ID, "PROVIDER", None)
            .unwrap();
        assert_eq!(full["refundType"], "REFUND");
        assert!(full.get("id").is_none());
        assert_eq!(
            full["paymentTransactionRefunds"].as_array().unwrap().len(),
            2
        );
        assert_eq!(state.payment_refund_status(&p), "FULLY_REFUNDED");
        assert!(
            state
                .refund_payment(seed::PAYMENT_ID, "PROVIDER", None)
                .is_err()
        );
    }

    #[test]
    fn same_day_full_refund_is_a_cancel() {
        let mut state = State::seeded();
        let answer = state
            .refund_payment(seed::SAME_DAY_PAYMENT_ID, "PROVIDER", None)
            .unwrap();
        assert_eq!(answer["refundType"], "CANCEL");
        assert_eq!(answer["id"], 3001);
        assert_eq!(
            serde_json::to_string(&answer["refundPrice"]).unwrap(),
            "59.90000000"
        );
        assert!(
            state
                .refund_payment(seed::FAILED_PAYMENT_ID, "PROVIDER", None)
                .is_err()
        );
    }
}
