//! Orders (OneEntry).

use chrono::{DateTime, Utc};

use crate::ids::OrderId;
use crate::money::Money;

/// One product line of an order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderLine {
    /// The product's id.
    pub product_id: i64,
    /// How many.
    pub quantity: u32,
}

/// An order to create.
#[derive(Clone, Debug, PartialEq)]
pub struct NewOrder {
    /// The order storage (OneEntry's marker, e.g. `orders`).
    pub storage: String,
    /// The order form's identifier (e.g. `order`).
    pub form_identifier: String,
    /// The payment account to pay with (e.g. `cash`, `stripe`).
    pub payment_account: String,
    /// Form fields as `(marker, value)` pairs (e.g. `("name", "Christina Thomas")`).
    pub form_fields: Vec<(String, String)>,
    /// The products.
    pub lines: Vec<OrderLine>,
}

/// An order as the provider reports it.
#[derive(Clone, Debug, PartialEq)]
pub struct Order {
    /// The order's id.
    pub id: OrderId,
    /// The order storage it lives in.
    pub storage: String,
    /// The total.
    pub total: Money,
    /// The payment account it is paid with.
    pub payment_account: Option<String>,
    /// The order's status marker (project-defined, e.g. `inProgress`).
    pub status: Option<String>,
    /// The product lines.
    pub lines: Vec<OrderLine>,
    /// When it was created.
    pub created_at: Option<DateTime<Utc>>,
}
