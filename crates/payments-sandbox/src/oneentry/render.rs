//! The wire forms of OneEntry's data: accounts, the order storage, order statuses, payment
//! sessions, orders and refund requests.

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use super::format::{iso, localize};
use super::model::{Account, Order, OrderStatus, RefundRequest, Session, State, Storage};
use crate::seed::oneentry as seed;

impl Account {
    /// The wire form (language-keyed `localizeInfos`).
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "localizeInfos": localize(&self.title),
            "identifier": self.identifier,
            "type": self.kind,
            "isVisible": true,
            "isUsed": true,
            "testMode": self.test_mode,
            "settings": self.settings,
            "testSettings": self.test_settings,
            "updatedDate": iso(self.updated),
        })
    }
}

impl Storage {
    /// The wire form.
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "localizeInfos": localize(&self.title),
            "position": 1,
            "identifier": self.marker,
            "formIdentifier": self.form_identifier,
            "generalTypeId": 22,
            "paymentAccountIdentifiers": self
                .account_identifiers
                .iter()
                .map(|identifier| json!({ "identifier": identifier }))
                .collect::<Vec<_>>(),
        })
    }
}

impl OrderStatus {
    /// The wire form.
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "localizeInfos": localize(self.title),
            "identifier": self.identifier,
            "position": self.id,
            "isUsed": true,
            "isDefault": self.is_default,
        })
    }
}

impl Session {
    /// The wire form; `amount` and `clientSecret` only for intents (seed 003 shows a
    /// `session` without them).
    pub(crate) fn to_json(&self) -> Value {
        let mut body = json!({
            "id": self.id,
            "createdDate": iso(self.created),
            "updatedDate": iso(self.updated),
            "type": self.kind,
            "status": self.status,
            "paymentAccountId": self.account_id,
            "orderId": self.order_id,
            "paymentUrl": self.payment_url,
        });
        if let Some(map) = body.as_object_mut() {
            if let Some(amount) = self.amount {
                map.insert("amount".into(), json!(amount));
            }
            if let Some(secret) = &self.client_secret {
                map.insert("clientSecret".into(), json!(secret));
            }
        }
        body
    }
}

impl State {
    /// `IBaseOrdersEntity`: the create/update answer, `totalSum` a number
    /// (docs/providers/oneentry.md#type-traps).
    pub(crate) fn base_order_json(&self, order: &Order) -> Value {
        let mut body = json!({
            "id": order.id,
            "formIdentifier": order.form_identifier,
            "paymentAccountIdentifier": order.account_identifier,
            "formData": order.form_data,
            "products": order
                .lines
                .iter()
                .map(|l| json!({ "productId": l.product_id, "quantity": l.quantity }))
                .collect::<Vec<_>>(),
            "currency": seed::CURRENCY,
            "totalSum": order.total,
            "createdDate": iso(order.created),
            "statusIdentifier": order.status,
        });
        if let Some(map) = body.as_object_mut() {
            if let Some(markers) = &order.additional_markers {
                map.insert("additionalDiscountsMarkers".into(), json!(markers));
            }
            map.insert("discountConfig".into(), discount_config(order.total));
            if let Some(bonus) = order.bonus_amount {
                map.insert("bonusAmount".into(), json!(bonus));
            }
            map.insert("bonusApplied".into(), json!(0));
            map.insert("totalDue".into(), json!(order.total));
        }
        body
    }

    /// `IOrderByMarkerEntity`: the read form, `totalSum` a string like `"340.00"`
    /// (docs/providers/oneentry.md#type-traps).
    pub(crate) fn order_json(&self, order: &Order) -> Value {
        let status_title = self
            .statuses
            .iter()
            .find(|s| s.identifier == order.status)
            .map_or(order.status.as_str(), |s| s.title);
        let account = self.account_by_identifier(&order.account_identifier);
        let payment_url = self
            .sessions
            .values()
            .rev()
            .find(|s| s.order_id == order.id)
            .and_then(|s| s.payment_url.clone());
        json!({
            "id": order.id,
            "storageId": order.storage_id,
            "createdDate": iso(order.created),
            "statusIdentifier": order.status,
            "statusLocalizeInfos": localize(status_title),
            "formIdentifier": order.form_identifier,
            "formData": order.form_data,
            "attributeSetIdentifier": "order_form",
            "totalSum": format!("{:.2}", order.total),
            "currency": seed::CURRENCY,
            "paymentAccountIdentifier": order.account_identifier,
            "paymentAccountLocalizeInfos": localize(account.map_or(order.account_identifier.as_str(), |a| a.title.as_str())),
            "paymentUrl": payment_url,
            "products": order
                .lines
                .iter()
                .filter_map(|l| self.product(l.product_id).map(|p| (l, p)))
                .map(|(l, p)| json!({
                    "id": p.id,
                    "quantity": l.quantity,
                    "title": p.title,
                    "sku": p.sku,
                    "previewImage": null,
                    "price": p.price,
                    "isGift": false,
                }))
                .collect::<Vec<_>>(),
            "isCompleted": order.completed,
        })
    }

    /// `IRefundRequest` (docs/providers/oneentry.md#order-schemas).
    pub(crate) fn refund_json(&self, refund: &RefundRequest) -> Value {
        let login = self
            .users
            .iter()
            .find(|u| u.id == refund.user_id)
            .map(|u| u.login.as_str());
        json!({
            "id": refund.id,
            "createdDate": iso(refund.created),
            "status": refund.status,
            "amount": refund.amount,
            "note": refund.note,
            "products": refund
                .products
                .iter()
                .map(|(id, quantity)| (id.clone(), json!({ "quantity": quantity })))
                .collect::<Map<String, Value>>(),
            "orderId": refund.order_id,
            "orderStorageId": self.storage.id,
            "userId": refund.user_id,
            "orderStorage": { "id": self.storage.id, "identifier": self.storage.marker },
            "user": { "id": refund.user_id, "identifier": login },
        })
    }
}

/// `IOrderDiscountConfig` of a project without coupons, discounts or bonuses.
pub(crate) fn discount_config(total: Decimal) -> Value {
    json!({
        "bonus": null,
        "coupon": null,
        "orderDiscounts": [],
        "productDiscounts": [],
        "settings": { "allowGiftStacking": false, "allowStacking": false, "maxDiscountValue": null },
        "bonusApplied": 0,
        "totalDue": total,
        "totalRaw": total,
        "totalSumWithDiscount": total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::dec;

    #[test]
    fn seeded_paid_order_totals_its_products() {
        let state = State::seeded("pw");
        let order = &state.orders[&seed::PAID_ORDER_ID];
        assert_eq!(order.total, dec("415.50"));
        assert_eq!(state.order_json(order)["totalSum"], "415.50");
        let base = state.base_order_json(order);
        assert_eq!(serde_json::to_string(&base["totalSum"]).unwrap(), "415.50");
    }
}
