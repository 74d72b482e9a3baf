//! Provider-agnostic payment domain types and async capability traits.
//!
//! ```
//! use payments_core::{Money, PaymentStatus};
//! use rust_decimal_macros::dec;
//!
//! let price = Money::new(dec!(340.00), "USD").unwrap();
//! assert_eq!(price.to_string(), "340.00 USD");
//! assert!(PaymentStatus::Succeeded.is_final());
//! ```
//!
//! `payments-core` knows no provider and no HTTP: it is the vocabulary a service codes
//! against. The `payments` facade implements the [capability traits](crate::capability)
//! for OneEntry, Paywall and Craftgate; tests can use the mockall mocks behind the
//! `mocks` feature.
//!
//! Statuses that a provider reports but that do not map cleanly stay visible: every
//! status enum has an `Unknown` variant carrying the provider's raw value.

// No panic a wire value or user input can reach: outside tests, no `unwrap`, `expect` or
// indexing (README, "Panics").
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

pub mod breakdown;
pub mod capability;
pub mod error;
mod id_text;
pub mod ids;
pub mod money;
pub mod order;
pub mod page;
pub mod payment;
pub mod refund;
pub mod session;
pub mod status;
pub mod user;

pub use breakdown::{Breakdown, PayoutShare, SubMerchantShare};
pub use capability::*;
pub use error::{ErrorKind, PaymentsError, Provider, Result};
pub use ids::{ItemId, OrderId, PaymentId, RefundId, SessionId};
pub use money::{Currency, InvalidCurrency, Money};
pub use order::{NewOrder, Order, OrderLine};
pub use page::{Page, PageRequest, Paged, Paging};
pub use payment::{BulkPage, BulkSummary, Payment, PaymentError, PaymentRef};
pub use payments_wire::Secret;
pub use refund::{Refund, RefundRequest, RefundTarget};
pub use session::{NewSession, Session};
pub use status::{
    PaymentActivity, PaymentStatus, RefundOutcome, RefundStatus, SessionKind, TransactionStatus,
};
pub use user::{Credentials, SignedIn};
