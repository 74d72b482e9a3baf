//! The demo project the fake OneEntry starts with (the values of [`crate::seed::oneentry`]).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{Map, json};

use super::format::LANG;
use super::model::{Account, Line, Order, OrderStatus, Product, Session, State, Storage, User};
use crate::seed::oneentry as seed;
use crate::util::dec;

/// A fixed UTC instant from the seed tables.
fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
        .single()
        .unwrap_or_default()
}

impl State {
    /// The demo project: one user, three products, `cash` and `stripe` accounts, the
    /// `orders` storage, and one paid order with a completed Stripe session. The user signs
    /// in with [`seed::LOGIN`] and `password`.
    pub(crate) fn seeded(password: &str) -> Self {
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
                password: password.into(),
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
}
