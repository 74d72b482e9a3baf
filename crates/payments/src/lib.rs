//! One typed API over OneEntry, Paywall and Craftgate.
//!
//! Re-exports [`payments_core`] and implements its capability traits for each provider
//! enabled by a cargo feature (`oneentry`, `paywall`, `craftgate`; all on by default).
//! [`Payments`] is the one entry point: build it from a [`PaymentsConfig`] (by hand or from
//! environment variables) and ask it for capabilities.

pub mod config;
mod convert;
#[cfg(feature = "craftgate")]
pub mod craftgate;
mod entry;
mod errors;
pub mod mapping;
#[cfg(feature = "oneentry")]
pub mod oneentry;
#[cfg(feature = "paywall")]
pub mod paywall;
pub mod policy;

pub use config::{
    ConfigError, CraftgateConfig, OneEntryConfig, OneEntrySignIn, PaymentsConfig,
    PaymentsConfigBuilder, PaywallConfig, PaywallKeys,
};
pub use entry::Payments;
pub use payments_core::*;

/// The README's code blocks, compiled as doc tests.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
