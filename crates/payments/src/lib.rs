//! One typed API over OneEntry, Paywall and Craftgate.
//!
//! Re-exports [`payments_core`] and implements its capability traits for each provider
//! enabled by a cargo feature (`oneentry`, `paywall`, `craftgate`; all on by default).
//! [`Payments`] is the one entry point: build it from a [`PaymentsConfig`] (by hand or from
//! environment variables) and ask it for capabilities.

pub mod config;
pub mod mapping;
pub mod policy;

pub use config::{
    ConfigError, CraftgateConfig, OneEntryConfig, OneEntrySignIn, PaymentsConfig, PaywallConfig,
    PaywallKeys,
};
pub use payments_core::*;
