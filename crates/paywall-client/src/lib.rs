//! Typed client for Paywall (paywall.one), a payment-orchestration API: bulk (batch)
//! payment query, cancel, refund, retry and callback re-send; single-payment private
//! queries, cancel, full and partial refunds and revert; the 2D payment start; callback
//! hash verification.
//!
//! ```
//! use paywall_client::{CallExt, Client, PaywallConfig, PaywallError};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # // Runs against the embedded sandbox (`payments-sandbox`) as Paywall's test hosts.
//! # let sandbox = payments_sandbox::Sandbox::start().await?;
//! # let info = sandbox.info().paywall.clone();
//! # let (public_key, public_client) = (info.api_key_public, info.api_client_public);
//! # let (private_key, private_client) = (info.api_key_private, info.api_client_private);
//! # let batch = info.bulk_merchant_unique_code;
//! // Paywall's test hosts, one key pair for each.
//! let config = PaywallConfig::test()
//!     .with_public_keys(public_key, public_client)
//!     .with_private_keys(private_key, private_client);
//! # let mut config = config;
//! # config.payment_api_url = paywall_client::BaseUrl::parse(&info.payment_api_url)?;
//! # config.private_api_url = paywall_client::BaseUrl::parse(&info.private_api_url)?;
//! let client = Client::from_config(&config)?;
//!
//! // A page of a bulk order (PaymentAPI, public keys).
//! let page = client
//!     .bulk_payment_query()
//!     .merchantuniquecode(batch)
//!     .page_size(500u32) // 1..=1000; 0 fails with PaywallError::InvalidRequest, unsent
//!     .page_number(1)
//!     .send()
//!     .payload()
//!     .await?;
//! for payment in &page.payments {
//!     println!("{:?} {:?} {:?}", payment.payment_id, payment.amount, payment.status);
//! }
//!
//! // One payment (PaymentPrivateAPI, private keys).
//! let id = page.payments.first().and_then(|p| p.payment_id).ok_or("an empty batch")?;
//! match client.private_query_by_payment_id().paymentid(id).send().payload().await {
//!     Ok(record) => println!("{:?}", record.status_id),
//!     Err(e @ PaywallError::Api(_)) => println!("Paywall refused: {e}"),
//!     Err(e) => return Err(e.into()),
//! }
//! # sandbox.shutdown().await;
//! # Ok(())
//! # }
//! ```
//!
//! The operations are generated from `specs/paywall.yaml` (progenitor, builder style). The
//! hand-written modules route every operation to its host with its key pair
//! ([`auth`]), configure the client ([`PaywallConfig`]), say how Paywall's envelope reads
//! ([`envelope`]; `payload()` comes from [`CallExt`]), type its errors ([`ApiError`],
//! [`Refusal`], inside [`PaywallError`]) and hold the wire types the spec cannot express
//! ([`wire`], [`callback`]). Every call is one `provider_call` tracing span (see
//! `payments-wire`); `examples/paywall_bulk_query.rs` reads a whole batch from the
//! embedded sandbox.
//!
//! Paywall runs two services on two hosts: PaymentAPI (bulk operations, payment start;
//! public key pair) and PaymentPrivateAPI (every `private/*` operation; private key pair).
//! One [`Client`] talks to both. Inputs of GET operations are HTTP headers, which the
//! builders' method names mirror (`merchantuniquecode`, `paymentid`, ...).

// No panic a wire value or user input can reach: outside tests, no `unwrap`, `expect` or
// indexing (README, "Panics").
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

// progenitor's `Client::new` (which unwrapped reqwest's builder) is taken out by the
// xtask: `Client::from_config` builds a client.
#[rustfmt::skip]
#[allow(unreachable_patterns, missing_docs, clippy::all, rustdoc::broken_intra_doc_links)]
mod generated;

pub mod auth;
pub mod callback;
mod config;
pub mod envelope;
mod error;
mod hooks;
// Generated from the spec by `cargo xtask codegen`, like `generated`.
#[rustfmt::skip]
mod operations;
mod keys;
mod presized;
pub mod reply;
pub mod wire;

pub use config::{
    DEV_PAYMENT_API, DEV_PRIVATE_API, GLOBAL_PAYMENT_API, GLOBAL_PRIVATE_API, PaywallConfig,
    TEST_PAYMENT_API, TEST_PRIVATE_API, TURKEY_PAYMENT_API, TURKEY_PRIVATE_API, is_test_host,
};
pub use envelope::Acknowledgement;
pub use error::{ApiError, PaywallApi, PaywallError, Refusal};
pub use generated::{
    ByteStream, Client, ClientInfo, Error as GeneratedError, ResponseValue, builder, prelude, types,
};
pub use keys::{ApiKeys, KeyPair};
pub use payments_wire::{
    BaseUrl, CallExt, ConfigError, DryRun, ErrorKind, ErrorMetadata, PreparedRequest,
    RequestPolicy, Secret,
};
