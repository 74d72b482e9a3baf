//! One typed API over OneEntry, Paywall and Craftgate.
//!
//! Re-exports [`payments_core`] and implements its capability traits for each provider
//! enabled by a cargo feature (`oneentry`, `paywall`, `craftgate`; all on by default).
//! [`Payments`] is the one entry point: build it from a [`PaymentsConfig`] (by hand or from
//! environment variables) and ask it for capabilities. Each provider is configured with
//! its own client's settings type, re-exported here.

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
