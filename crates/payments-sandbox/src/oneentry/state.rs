//! OneEntry's data: users and their sign-in sessions, products, payment accounts, the order
//! storage, orders, payment sessions and refund requests.

use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;

use chrono::{DateTime, Duration, SecondsFormat, TimeZone, Utc};
use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use crate::seed::oneentry as seed;

/// Access tokens live an hour unless expired by a test.
pub(crate) const ACCESS_TOKEN_TTL: Duration = Duration::hours(1);
/// Refresh tokens live 30 days (or until used once).
pub(crate) const REFRESH_TOKEN_TTL: Duration = Duration::days(30);
/// The language the seeded data is written in (the SDK's default `langCode`, notes §3).
pub(crate) const LANG: &str = "en_US";

/// Dates are ISO-8601 UTC with milliseconds, e.g. `2025-06-04T04:38:32.849Z` (notes §7).
pub(crate) fn iso(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// [`iso`] of now.
pub(crate) fn iso_now() -> String {
    iso(Utc::now())
}

/// `localizeInfos` in the language-keyed wire form the vendor docs show (notes §3).
pub(crate) fn localize(title: &str) -> Value {
    json!({ LANG: { "title": title } })
}

/// A registered user.
#[derive(Debug)]
pub(crate) struct User {
    pub(crate) id: i64,
    pub(crate) login: String,
    pub(crate) password: String,
}

/// One sign-in ("device session"): the fingerprint its refresh tokens are bound to.
#[derive(Debug)]
pub(crate) struct Login {
    pub(crate) user_id: i64,
    pub(crate) fingerprint: String,
    pub(crate) device_info: Value,
    pub(crate) active: bool,
}

/// A refresh token: single use, bound to its login (notes §1.2, §1.3 vendor docs).
#[derive(Debug)]
pub(crate) struct RefreshToken {
    pub(crate) login_id: u64,
    pub(crate) used: bool,
    pub(crate) expires_at: DateTime<Utc>,
}

/// An access token.
#[derive(Debug)]
pub(crate) struct AccessToken {
    pub(crate) login_id: u64,
    pub(crate) expires_at: DateTime<Utc>,
}

/// A product that can be ordered.
#[derive(Clone, Debug)]
pub(crate) struct Product {
    pub(crate) id: i64,
    pub(crate) title: String,
    pub(crate) sku: String,
    pub(crate) price: Decimal,
}

/// A payment account (`IAccountsEntity`, notes §4.1).
#[derive(Clone, Debug)]
pub(crate) struct Account {
    pub(crate) id: i64,
    pub(crate) identifier: String,
    pub(crate) title: String,
    pub(crate) kind: &'static str,
    pub(crate) test_mode: bool,
    pub(crate) settings: Value,
    pub(crate) test_settings: Value,
    pub(crate) updated: DateTime<Utc>,
}

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

/// The order storage (`IOrdersEntity`, notes §5.2).
#[derive(Debug)]
pub(crate) struct Storage {
    pub(crate) id: i64,
    pub(crate) marker: String,
    pub(crate) title: String,
    pub(crate) form_identifier: String,
    pub(crate) account_identifiers: Vec<String>,
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

/// An order status of the storage (`IOrderStatus`; the vendor's default seed statuses,
/// notes §5.4).
#[derive(Debug)]
pub(crate) struct OrderStatus {
    pub(crate) id: i64,
    pub(crate) identifier: &'static str,
    pub(crate) title: &'static str,
    pub(crate) is_default: bool,
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

/// One product line of an order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Line {
    pub(crate) product_id: i64,
    pub(crate) quantity: u32,
}

/// An order.
#[derive(Clone, Debug)]
pub(crate) struct Order {
    pub(crate) id: i64,
    pub(crate) storage_id: i64,
    pub(crate) user_id: i64,
    pub(crate) created: DateTime<Utc>,
    pub(crate) status: String,
    pub(crate) form_identifier: String,
    /// `formData` as stored: keyed by language (notes §3, §5.1).
    pub(crate) form_data: Map<String, Value>,
    pub(crate) account_identifier: String,
    pub(crate) lines: Vec<Line>,
    pub(crate) total: Decimal,
    pub(crate) additional_markers: Option<Vec<String>>,
    pub(crate) bonus_amount: Option<Decimal>,
    pub(crate) completed: bool,
}

/// A payment session (`ISessionEntity`, notes §4.1).
#[derive(Clone, Debug)]
pub(crate) struct Session {
    pub(crate) id: i64,
    pub(crate) order_id: i64,
    pub(crate) account_id: i64,
    pub(crate) kind: String,
    pub(crate) status: String,
    pub(crate) created: DateTime<Utc>,
    pub(crate) updated: DateTime<Utc>,
    pub(crate) payment_url: Option<String>,
    pub(crate) client_secret: Option<String>,
    pub(crate) amount: Option<Decimal>,
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

/// A refund request of an order (`IRefundRequest`, notes §5.2).
#[derive(Clone, Debug)]
pub(crate) struct RefundRequest {
    pub(crate) id: i64,
    pub(crate) order_id: i64,
    pub(crate) user_id: i64,
    pub(crate) created: DateTime<Utc>,
    pub(crate) status: &'static str,
    pub(crate) amount: Decimal,
    pub(crate) note: String,
    pub(crate) products: BTreeMap<String, u32>,
}

/// Refund request status for a request waiting for the shop (admins define the values,
/// notes §5.4; the sandbox uses `new` and `canceled`).
pub(crate) const REFUND_OPEN: &str = "new";
/// Refund request status after `cancelRefundRequest`.
pub(crate) const REFUND_CANCELED: &str = "canceled";

/// Everything the fake OneEntry knows.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) users: Vec<User>,
    pub(crate) logins: BTreeMap<u64, Login>,
    pub(crate) refresh_tokens: HashMap<String, RefreshToken>,
    pub(crate) access_tokens: HashMap<String, AccessToken>,
    pub(crate) products: Vec<Product>,
    pub(crate) accounts: Vec<Account>,
    pub(crate) storage: Storage,
    pub(crate) statuses: Vec<OrderStatus>,
    pub(crate) orders: BTreeMap<i64, Order>,
    pub(crate) sessions: BTreeMap<i64, Session>,
    pub(crate) refunds: Vec<RefundRequest>,
    pub(crate) next_login: u64,
    pub(crate) next_order: i64,
    pub(crate) next_session: i64,
    pub(crate) next_refund: i64,
}

/// A fixed decimal from the seed tables.
fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap_or_default()
}

/// A fixed UTC instant from the seed tables.
fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
        .single()
        .unwrap_or_default()
}

impl State {
    /// The demo project: one user, three products, `cash` and `stripe` accounts, the
    /// `orders` storage, and one paid order with a completed Stripe session.
    pub(crate) fn seeded() -> Self {
        let mut products = vec![Product {
            id: seed::PRODUCT_ID,
            title: "Classic Wristwatch".into(),
            sku: "CW-014".into(),
            price: dec(seed::PRODUCT_PRICE),
        }];
        products.extend(
            seed::OTHER_PRODUCTS
                .iter()
                .map(|(id, title, sku, price)| Product {
                    id: *id,
                    title: (*title).into(),
                    sku: (*sku).into(),
                    price: dec(price),
                }),
        );
        let accounts_updated = at(2025, 1, 10, 9, 0, 0);
        let accounts = vec![
            Account {
                id: seed::CASH_ACCOUNT_ID,
                identifier: seed::PAYMENT_ACCOUNT_IDENTIFIER.into(),
                title: "Cash".into(),
                kind: "custom",
                test_mode: false,
                settings: json!({ "status": "connected" }),
                test_settings: json!({ "status": "connected" }),
                updated: accounts_updated,
            },
            Account {
                id: seed::STRIPE_ACCOUNT_ID,
                identifier: seed::STRIPE_ACCOUNT_IDENTIFIER.into(),
                title: "Stripe".into(),
                kind: "stripe",
                test_mode: true,
                settings: json!({ "status": "connected" }),
                test_settings: json!({
                    "status": "connected",
                    "successUrl": "https://shop.example.com/payment/success",
                    "cancelUrl": "https://shop.example.com/payment/cancel",
                    "sessionTimeout": 1800,
                    "stripeAccountId": "acct_1SandboxDemo0001",
                    "stripeOnboardingComplete": true,
                    "stripePublishableKey": "pk_test_sandbox_publishable",
                    "useWebHookValidation": false,
                }),
                updated: accounts_updated,
            },
        ];
        let storage = Storage {
            id: 1,
            marker: seed::ORDER_STORAGE_MARKER.into(),
            title: "Orders".into(),
            form_identifier: seed::FORM_IDENTIFIER.into(),
            account_identifiers: vec![
                seed::PAYMENT_ACCOUNT_IDENTIFIER.into(),
                seed::STRIPE_ACCOUNT_IDENTIFIER.into(),
            ],
        };
        let statuses = vec![
            OrderStatus {
                id: 1,
                identifier: "new",
                title: "New",
                is_default: true,
            },
            OrderStatus {
                id: 2,
                identifier: "processing",
                title: "Processing",
                is_default: false,
            },
            OrderStatus {
                id: 3,
                identifier: "done",
                title: "Done",
                is_default: false,
            },
            OrderStatus {
                id: 4,
                identifier: "cancelled",
                title: "Cancelled",
                is_default: false,
            },
        ];
        let user_id = 16;
        let paid_lines = vec![
            Line {
                product_id: seed::PRODUCT_ID,
                quantity: 1,
            },
            Line {
                product_id: 146,
                quantity: 1,
            },
        ];
        let mut state = Self {
            users: vec![User {
                id: user_id,
                login: seed::LOGIN.into(),
                password: seed::PASSWORD.into(),
            }],
            logins: BTreeMap::new(),
            refresh_tokens: HashMap::new(),
            access_tokens: HashMap::new(),
            products,
            accounts,
            storage,
            statuses,
            orders: BTreeMap::new(),
            sessions: BTreeMap::new(),
            refunds: Vec::new(),
            next_login: 1,
            next_order: seed::FIRST_NEW_ORDER_ID,
            next_session: seed::FIRST_NEW_SESSION_ID,
            next_refund: 1,
        };
        let total = state.total(&paid_lines).unwrap_or_default();
        let mut form_data = Map::new();
        form_data.insert(
            LANG.into(),
            json!([{ "marker": "name", "type": "string", "value": "Christina Thomas" }]),
        );
        let created = at(2025, 4, 30, 20, 10, 0);
        state.orders.insert(
            seed::PAID_ORDER_ID,
            Order {
                id: seed::PAID_ORDER_ID,
                storage_id: state.storage.id,
                user_id,
                created,
                status: "new".into(),
                form_identifier: seed::FORM_IDENTIFIER.into(),
                form_data,
                account_identifier: seed::STRIPE_ACCOUNT_IDENTIFIER.into(),
                lines: paid_lines,
                total,
                additional_markers: None,
                bonus_amount: None,
                completed: true,
            },
        );
        state.sessions.insert(
            seed::PAID_SESSION_ID,
            Session {
                id: seed::PAID_SESSION_ID,
                order_id: seed::PAID_ORDER_ID,
                account_id: seed::STRIPE_ACCOUNT_ID,
                kind: "session".into(),
                status: "completed".into(),
                created: at(2025, 4, 30, 20, 10, 5),
                updated: at(2025, 4, 30, 20, 12, 41),
                payment_url: Some(
                    "https://checkout.stripe.com/c/pay/cs_test_sandboxPaidOrder88".into(),
                ),
                client_secret: None,
                amount: None,
            },
        );
        state
    }

    /// The product with `id`.
    pub(crate) fn product(&self, id: i64) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }

    /// The sum of price × quantity; `None` when a product is unknown.
    pub(crate) fn total(&self, lines: &[Line]) -> Option<Decimal> {
        lines.iter().try_fold(Decimal::ZERO, |sum, line| {
            self.product(line.product_id)
                .map(|p| sum + p.price * Decimal::from(line.quantity))
        })
    }

    /// The account with `identifier`.
    pub(crate) fn account_by_identifier(&self, identifier: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.identifier == identifier)
    }

    /// The order `id` if it belongs to `user_id`.
    pub(crate) fn user_order(&self, user_id: i64, id: i64) -> Option<&Order> {
        self.orders.get(&id).filter(|o| o.user_id == user_id)
    }

    /// The sessions of `user_id`'s orders, newest first.
    pub(crate) fn user_sessions(&self, user_id: i64) -> Vec<Session> {
        self.sessions
            .values()
            .rev()
            .filter(|s| self.user_order(user_id, s.order_id).is_some())
            .cloned()
            .collect()
    }

    /// `IBaseOrdersEntity`: the create/update answer, `totalSum` a number (notes §5.2, §5.3).
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

    /// `IOrderByMarkerEntity`: the read form, `totalSum` a string like `"340.00"` (notes §5.3).
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

    /// `IRefundRequest` (notes §5.2).
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

    #[test]
    fn seeded_paid_order_totals_its_products() {
        let state = State::seeded();
        let order = &state.orders[&seed::PAID_ORDER_ID];
        assert_eq!(order.total, dec("415.50"));
        assert_eq!(state.order_json(order)["totalSum"], "415.50");
        let base = state.base_order_json(order);
        assert_eq!(serde_json::to_string(&base["totalSum"]).unwrap(), "415.50");
    }

    #[test]
    fn unknown_products_have_no_total() {
        let state = State::seeded();
        assert_eq!(
            state.total(&[Line {
                product_id: 999,
                quantity: 1
            }]),
            None
        );
        assert_eq!(
            state.total(&[Line {
                product_id: seed::PRODUCT_ID,
                quantity: 2
            }]),
            Some(dec("680.00"))
        );
    }
}
