//! Typed client for the [Craftgate](https://craftgate.io) API: payment reporting (above all
//! the per-item breakdown of a payment), payment retrieval, refunds, and verification of
//! webhooks and 3-D Secure callbacks.
//!
//! ```
//! use craftgate_client::{CallExt, Client, CraftgateConfig, CraftgateError};
//! use craftgate_client::wire::PaymentRefundStatus;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # // Runs against the embedded sandbox (`payments-sandbox`) as Craftgate's own sandbox.
//! # let sandbox = payments_sandbox::Sandbox::start().await?;
//! # let info = &sandbox.info().craftgate;
//! # let (api_key, secret_key) = (info.api_key.clone(), info.secret_key.clone());
//! # let sandbox_url = craftgate_client::BaseUrl::parse(&info.base_url)?;
//! # let payment_id = info.payment_id;
//! // Craftgate's sandbox host; `CraftgateConfig::new` is production.
//! let config = CraftgateConfig::sandbox(api_key, secret_key);
//! # let config = config.with_base_url(sandbox_url);
//! let client = Client::from_config(&config)?;
//!
//! // The per-item breakdown of a payment.
//! let breakdown = client
//!     .retrieve_payment_transactions()
//!     .id(payment_id)
//!     .send()
//!     .payload()
//!     .await?;
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
//! # sandbox.shutdown().await;
//! # Ok(())
//! # }
//! ```
//!
//! The operations are generated from `specs/craftgate.yaml` (builder style:
//! `client.search_payments().page(0).send()`); this crate adds request signing
//! ([`auth`]), a validating constructor ([`CraftgateConfig`], [`Client::from_config`]),
//! how Craftgate's envelope reads (`payload()`, from [`CallExt`]), its error answer
//! ([`ApiError`], inside [`CraftgateError`]), open enums ([`wire`]) and [`webhook`]
//! verification. Every call is one `provider_call` tracing span (see `payments-wire`).
//! `examples/craftgate_breakdown.rs` runs the same against the embedded sandbox.

// No panic a wire value or user input can reach: outside tests, no `unwrap`, `expect` or
// indexing (README, "Panics").
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

// progenitor's `Client::new` (which unwrapped reqwest's builder) is taken out by the
// xtask: `Client::from_config` builds a client.
#[rustfmt::skip]
#[allow(unreachable_patterns, missing_docs, clippy::all)]
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
pub use config::{CraftgateConfig, PRODUCTION_URL, SANDBOX_URL, is_test_host};
pub use error::{ApiError, CraftgateApi, CraftgateError};
pub use generated::{
    ByteStream, Client, ClientInfo, Error as GeneratedError, ResponseValue, builder, prelude, types,
};
pub use payments_wire::{
    BaseUrl, CallExt, ConfigError, DryRun, ErrorKind, ErrorMetadata, PreparedRequest,
    RequestPolicy, Secret,
};
