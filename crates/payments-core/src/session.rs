//! Payment sessions (OneEntry): a checkout opened for an order.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use payments_wire::Secret;

use crate::ids::{OrderId, SessionId};
use crate::money::Money;
use crate::status::{PaymentStatus, SessionKind};

/// A payment session: where the customer pays for an order.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    /// The session's identifier.
    pub id: SessionId,
    /// A hosted session or an embedded intent.
    pub kind: SessionKind,
    /// Where the payment stands.
    pub status: PaymentStatus,
    /// The provider's status value as received. A value the client knows is a static
    /// string (nothing is allocated per record); an unknown one is owned.
    pub raw_status: Cow<'static, str>,
    /// The order it pays for (`None` for subscription intents).
    pub order_id: Option<OrderId>,
    /// The payment account (provider configuration) it uses.
    pub payment_account_id: Option<String>,
    /// Where to send the customer, once the provider has made one.
    pub payment_url: Option<String>,
    /// The client secret of an embedded intent. Never printed.
    pub client_secret: Option<Secret>,
    /// The amount, when the provider states it.
    pub amount: Option<Money>,
    /// When the session was created.
    pub created_at: Option<DateTime<Utc>>,
    /// When it last changed.
    pub updated_at: Option<DateTime<Utc>>,
}

/// What to open a session for.
#[derive(Clone, Debug, PartialEq)]
pub struct NewSession {
    /// The order to pay.
    pub order_id: OrderId,
    /// A hosted session or an embedded intent.
    pub kind: SessionKind,
    /// Whether the provider should compute taxes.
    pub automatic_tax: bool,
}

impl NewSession {
    /// A hosted checkout session for `order_id`.
    pub fn checkout(order_id: OrderId) -> Self {
        Self {
            order_id,
            kind: SessionKind::Session,
            automatic_tax: false,
        }
    }
}
