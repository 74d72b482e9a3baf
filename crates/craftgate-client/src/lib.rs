//! Typed client for the [Craftgate](https://craftgate.io) API: payment reporting (above all
//! the per-item breakdown of a payment), payment retrieval, refunds, and verification of
//! webhooks and 3-D Secure callbacks.
//!
//! The operations are generated from `specs/craftgate.yaml` (builder style:
//! `client.search_payments().page(0).send()`); this crate adds request signing
//! ([`auth`]), a validating constructor ([`CraftgateConfig`], [`Client::from_config`]),
//! how Craftgate's envelope reads (`payload()`, from [`CallExt`]), its error answer
//! ([`ApiError`], inside [`CraftgateError`]), open enums ([`wire`]) and [`webhook`]
//! verification.
//!
//! ```no_run
//! use craftgate_client::{CallExt, Client, CraftgateConfig, CraftgateError};
//! use craftgate_client::wire::PaymentRefundStatus;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::from_config(&CraftgateConfig::sandbox("api-key", "secret-key"))?;
//!
//! // The per-item breakdown of payment 1.
//! let breakdown = client.retrieve_payment_transactions().id(1).send().payload().await?;
//! for item in &breakdown.items {
//!     if item.refund_status == Some(PaymentRefundStatus::PartialRefunded) {
//!         println!("{:?}: {:?} still refundable", item.name, item.refundable_price);
//!     }
//! }
//!
//! // Refund 10.50 of one item; retry safely with the same idempotency key.
//! let item_id = breakdown.items.first().and_then(|i| i.id).ok_or("no item")?;
//! let refund = client
//!     .refund_payment_transaction()
//!     .x_idempotency_key("refund-order-42-item-1")
//!     .body_map(|body| {
//!         body.payment_transaction_id(item_id)
//!             .refund_price(Some(rust_decimal::Decimal::new(1050, 2)))
//!     })
//!     .send()
//!     .payload()
//!     .await;
//! match refund {
//!     Ok(r) => println!("refund {:?}: {:?}", r.id, r.status),
//!     Err(e @ CraftgateError::Api(_)) => println!("refused: {e}"),
//!     Err(e) => return Err(e.into()),
//! }
//! # Ok(())
//! # }
//! ```

// No panic a wire value or user input can reach: outside tests, no `unwrap`, `expect` or
// indexing (README, "Panics").
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

// progenitor's `Client::new` unwraps reqwest's builder; `Client::from_config` does not
// call it.
#[rustfmt::skip]
#[allow(unreachable_patterns, missing_docs, clippy::all, clippy::unwrap_used)]
mod generated;

pub mod auth;
mod config;
mod envelope;
mod error;
mod hooks;
// Generated from the spec by `cargo xtask codegen`, like `generated`.
#[rustfmt::skip]
mod operations;
mod reporting;
pub mod webhook;
pub mod wire;

pub use auth::{Auth, signature};
pub use config::{CraftgateConfig, PRODUCTION_URL, SANDBOX_URL};
pub use error::{ApiError, CraftgateApi, CraftgateError};
pub use generated::{
    ByteStream, Client, ClientInfo, Error as GeneratedError, ResponseValue, builder, prelude, types,
};
pub use payments_wire::{
    BaseUrl, CallExt, ConfigError, ErrorKind, ErrorMetadata, RequestPolicy, Secret,
};
