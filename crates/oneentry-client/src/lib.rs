//! Typed client for OneEntry's content API: Payments, Orders and the user AuthProvider.
//!
//! ```
//! use oneentry_client::{BaseUrl, CallExt, Client, OneEntryConfig, types, wire::SessionType};
//! use serde_json::json;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # // Runs against the embedded sandbox (`payments-sandbox`) as the project.
//! # let sandbox = payments_sandbox::Sandbox::start().await?;
//! # let info = sandbox.info().oneentry.clone();
//! # let (login, password, product_id) = (info.login, info.password, info.product_id);
//! let mut config = OneEntryConfig::new(BaseUrl::parse("https://my-project.oneentry.cloud")?);
//! config.app_token = Some("project token".into());
//! # config.project_url = BaseUrl::parse(&info.url)?;
//! # config.app_token = Some(info.app_token.into());
//! let client = Client::from_config(&config)?;
//!
//! client
//!     .sign_in("email", vec![
//!         types::AuthData { marker: "email_reg".into(), value: login.into() },
//!         types::AuthData { marker: "password_reg".into(), value: password.into() },
//!     ])
//!     .await?;
//!
//! let order = client
//!     .create_order()
//!     .marker("orders")
//!     .body(types::OrderRequest {
//!         form_identifier: "order".into(),
//!         payment_account_identifier: "cash".into(),
//!         form_data: client.form_data(vec![types::FormField::new(
//!             "name", "string", json!("Christina Thomas"),
//!         )]),
//!         products: vec![types::OrderProductRequest {
//!             product_id, quantity: 1, signed_price: None,
//!         }],
//!         coupon_code: None,
//!         additional_discounts_markers: vec![],
//!         bonus_amount: None,
//!     })
//!     .send()
//!     .payload()
//!     .await?;
//! println!("order {} costs {}", order.id, order.total_sum);
//!
//! let session = client
//!     .create_session()
//!     .body_map(|b| b.order_id(order.id).type_(SessionType::Session))
//!     .send()
//!     .payload()
//!     .await?;
//! println!("pay at {:?}", session.payment_url);
//!
//! for s in client.get_session_by_order_id().order_id(order.id).send().payload().await? {
//!     println!("session {} is {}", s.id, s.status);
//! }
//! # sandbox.shutdown().await;
//! # Ok(())
//! # }
//! ```
//!
//! The operations are generated from `specs/oneentry.yaml` (builder style: one method per
//! operation on [`Client`], see the spec for the wire facts and their sources). Around
//! them, small hand-written modules:
//!
//! - [`auth`]: headers (`x-app-token`, `Authorization: Bearer`, `x-device-metadata` on
//!   POSTs), one serialised token refresh and one retry on a 401, and the token callback.
//! - [`Client::sign_in`], [`Client::sign_out`], [`Client::set_tokens`], [`Client::tokens`]:
//!   the signed-in user.
//! - [`wire`]: open enums (unknown values kept), one-or-many, language-keyed values,
//!   boolean-or-object results.
//! - `payload()` (from [`CallExt`]): the bare response body or a typed [`OneEntryError`]
//!   carrying the HTTP status and OneEntry's error body ([`ApiError`]).
//!
//! Money is [`rust_decimal::Decimal`], exact in both directions (`totalSum` arrives as
//! `"300.00"` or `340`; both read exactly). Every call is one `provider_call` tracing span
//! (see `payments-wire`), a token refresh one of its own inside the call it renews;
//! `examples/oneentry_checkout.rs` runs a checkout against the embedded sandbox.

// No panic a wire value or user input can reach: outside tests, no `unwrap`, `expect` or
// indexing (README, "Panics").
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

pub mod auth;
mod config;
mod device;
mod envelope;
mod error;
mod form;
mod hooks;
// Generated from the spec by `cargo xtask codegen`, like `generated`.
#[rustfmt::skip]
mod operations;
// progenitor's `Client::new` (which unwrapped reqwest's builder) is taken out by the
// xtask: `Client::from_config` builds a client.
#[rustfmt::skip]
#[allow(unreachable_patterns, missing_docs, clippy::all)]
mod generated;
mod query;
mod refresh;
mod user;
pub mod wire;

pub use auth::{TokenCallback, TokenPair};
pub use config::{OneEntryConfig, is_test_host};
pub use device::DeviceMetadata;
pub use error::{ApiError, ErrorBody, ErrorMessage, OneEntryApi, OneEntryError, Refusal};
pub use generated::{
    ByteStream, Client, ClientInfo, Error as GeneratedError, ResponseValue, builder, prelude, types,
};
pub use payments_wire::{
    BaseUrl, CallExt, ConfigError, DryRun, ErrorKind, ErrorMetadata, PreparedRequest,
    RequestPolicy, Secret,
};
