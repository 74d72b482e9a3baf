//! The demo data the fake Craftgate starts with (the ids of [`crate::seed::craftgate`]).

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

use super::model::{Member, Payment, State, Transaction, TxRefund};
use crate::clock::ProviderClock;
use crate::seed::craftgate as seed;
use crate::util::dec;

/// A fixed wall-clock time from the seed tables.
fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, mo, d)
        .and_then(|day| day.and_hms_opt(h, mi, s))
        .unwrap_or_default()
}

impl State {
    /// Three payments: the demo one (three items, one partially refunded), one made now by
    /// `clock`, one failed; two sub-merchants and a buyer.
    pub(crate) fn seeded(clock: ProviderClock) -> Self {
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
        let started = clock.now();
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
            clock,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SandboxClock;

    #[test]
    fn demo_payment_is_partially_refunded() {
        let state = State::seeded(SandboxClock::system().istanbul());
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
}
