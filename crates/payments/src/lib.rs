//! One typed API over OneEntry, Paywall and Craftgate.
//!
//! ```
//! # #[cfg(all(feature = "oneentry", feature = "paywall", feature = "craftgate"))]
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::num::NonZeroU32;
//!
//! use futures::TryStreamExt;
//! use payments::{BulkPaymentsExt, PaymentId, PaymentRef, Payments, Provider, RefundStatus};
//!
//! # // Runs against the embedded sandbox (`payments-sandbox`) as the three providers.
//! # let sandbox = payments_sandbox::Sandbox::start().await?;
//! # let info = sandbox.info().clone();
//! # let config = {
//! #     use payments::{BaseUrl, CraftgateConfig, PaywallConfig, PaymentsConfig};
//! #     let (p, c) = (&info.paywall, &info.craftgate);
//! #     PaymentsConfig {
//! #         paywall: Some(
//! #             PaywallConfig::with_urls(
//! #                 BaseUrl::parse(&p.payment_api_url)?,
//! #                 BaseUrl::parse(&p.private_api_url)?,
//! #             )
//! #             .with_public_keys(p.api_key_public.clone(), p.api_client_public.clone())
//! #             .with_private_keys(p.api_key_private.clone(), p.api_client_private.clone()),
//! #         ),
//! #         craftgate: Some(
//! #             CraftgateConfig::new(c.api_key.clone(), c.secret_key.clone())
//! #                 .with_base_url(BaseUrl::parse(&c.base_url)?),
//! #         ),
//! #         ..PaymentsConfig::default()
//! #     }
//! # };
//! # let payment_id = info.craftgate.payment_id.to_string();
//! # let batch = info.paywall.bulk_merchant_unique_code.clone();
//! // Built by hand here; `Payments::from_env()` reads CRAFTGATE_API_KEY, PAYWALL_... .
//! let payments = Payments::new(config)?;
//!
//! // Craftgate: a payment and the per-item breakdown with refund statuses.
//! let id = PaymentId::new(payment_id);
//! let payment = payments.lookup(Provider::Craftgate)?.payment(&PaymentRef::Id(id.clone())).await?;
//! println!("{} is {:?}", payment.amount, payment.status);
//! for item in payments.breakdowns()?.breakdown(&id).await? {
//!     if item.refund_status == Some(RefundStatus::PartiallyRefunded) {
//!         println!("{} is partly refunded; {:?} left", item.id, item.refundable_price);
//!     }
//! }
//!
//! // Paywall: every payment of a bulk batch, page after page, fetched ahead.
//! let size = NonZeroU32::new(500).ok_or("page size must be above 0")?;
//! let all: Vec<_> = payments.bulk()?.all_bulk_payments(&batch, size).try_collect().await?;
//! assert!(!all.is_empty());
//! # sandbox.shutdown().await;
//! # Ok(())
//! # }
//! # #[cfg(not(all(feature = "oneentry", feature = "paywall", feature = "craftgate")))]
//! # fn main() {}
//! ```
//!
//! Re-exports [`payments_core`] and implements its capability traits for each provider
//! enabled by a cargo feature (`oneentry`, `paywall`, `craftgate`; all on by default).
//! [`Payments`] is the one entry point: build it from a [`PaymentsConfig`] (by hand or from
//! environment variables) and ask it for capabilities. Each provider is configured with
//! its own client's settings type, re-exported here. Every provider call is one
//! `provider_call` tracing span (provider, operation, method, path template, status,
//! attempts, elapsed time; see `payments-wire` and the README); `examples/facade_tour.rs`
//! shows them.

// No panic a wire value or user input can reach: outside tests, no `unwrap`, `expect` or
// indexing (README, "Panics").
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

#[cfg(any(feature = "oneentry", feature = "paywall", feature = "craftgate"))]
mod client_error;
pub mod config;
#[cfg(any(feature = "oneentry", feature = "paywall", feature = "craftgate"))]
mod convert;
#[cfg(feature = "craftgate")]
pub mod craftgate;
mod entry;
#[cfg(any(feature = "oneentry", feature = "paywall", feature = "craftgate"))]
mod input;
pub mod mapping;
#[cfg(feature = "oneentry")]
pub mod oneentry;
#[cfg(feature = "paywall")]
pub mod paywall;

#[cfg(any(feature = "oneentry", feature = "paywall", feature = "craftgate"))]
pub use client_error::from_client;
#[cfg(feature = "oneentry")]
pub use config::OneEntrySettings;
pub use config::{ConfigError, PaymentsConfig, PaymentsConfigBuilder};
#[cfg(feature = "craftgate")]
pub use craftgate_client::CraftgateConfig;
pub use entry::Payments;
#[cfg(feature = "oneentry")]
pub use oneentry_client::{OneEntryConfig, TokenPair};
pub use payments_core::*;
pub use payments_wire::{BaseUrl, BaseUrlError, DryRun, PreparedRequest, REDACTED, RequestPolicy};
#[cfg(feature = "paywall")]
pub use paywall_client::{ApiKeys, PaywallConfig};

/// The README's code blocks, compiled as doc tests.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
