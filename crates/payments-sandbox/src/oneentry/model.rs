//! OneEntry's data: users and their sign-in sessions, products, payment accounts, the order
//! storage, orders, payment sessions and refund requests.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use serde_json::{Map, Value};

/// Access tokens live an hour unless expired by a test.
pub(crate) const ACCESS_TOKEN_TTL: Duration = Duration::hours(1);
/// Refresh tokens live 30 days (or until used once).
pub(crate) const REFRESH_TOKEN_TTL: Duration = Duration::days(30);

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

/// A refresh token: single use, bound to its login (vendor docs;
/// docs/providers/oneentry.md#token-refresh).
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

/// A payment account (`IAccountsEntity`, docs/providers/oneentry.md#payment-accounts).
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

/// The order storage (`IOrdersEntity`, docs/providers/oneentry.md#order-schemas).
#[derive(Debug)]
pub(crate) struct Storage {
    pub(crate) id: i64,
    pub(crate) marker: String,
    pub(crate) title: String,
    pub(crate) form_identifier: String,
    pub(crate) account_identifiers: Vec<String>,
}

/// An order status of the storage (`IOrderStatus`; the vendor's default seed statuses,
/// docs/providers/oneentry.md#order-statuses).
#[derive(Debug)]
pub(crate) struct OrderStatus {
    pub(crate) id: i64,
    pub(crate) identifier: &'static str,
    pub(crate) title: &'static str,
    pub(crate) is_default: bool,
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
    /// `formData` as stored: keyed by language (docs/providers/oneentry.md#order-body).
    pub(crate) form_data: Map<String, Value>,
    pub(crate) account_identifier: String,
    pub(crate) lines: Vec<Line>,
    pub(crate) total: Decimal,
    pub(crate) additional_markers: Option<Vec<String>>,
    pub(crate) bonus_amount: Option<Decimal>,
    pub(crate) completed: bool,
}

/// A payment session (`ISessionEntity`, docs/providers/oneentry.md#payment-sessions).
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

/// A refund request of an order (`IRefundRequest`, docs/providers/oneentry.md#refund-requests).
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
/// docs/providers/oneentry.md#order-statuses; the sandbox uses `new` and `canceled`).
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

impl State {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::oneentry as seed;
    use crate::util::dec;

    #[test]
    fn unknown_products_have_no_total() {
        let state = State::seeded("pw");
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
